"""Print the parsed-pack JSON of one PDF:
``python -m packs.reading FILE [--committee NAME] [--council NAME]``."""

import argparse
import json
import sys

from . import PackError, parse_pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m packs read", description=__doc__)
    parser.add_argument("file", help="the PDF to parse")
    parser.add_argument("--committee", help="the committee, where the PDF does not name it")
    parser.add_argument("--council", help="the portal's council, for 'the above Council'")
    args = parser.parse_args(argv)
    try:
        pack = parse_pdf(args.file, committee=args.committee, council=args.council)
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(json.dumps(pack.to_json(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
