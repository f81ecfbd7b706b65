"""``python -m packs read FILE.pdf`` prints the parsed-pack JSON (as the dry run does);
``python -m packs write OUTDIR`` writes the sample council's packs as PDFs."""

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ("read", "write"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "read":
        from .reading.__main__ import main as read
    else:
        from .writing.__main__ import main as read
    return read(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
