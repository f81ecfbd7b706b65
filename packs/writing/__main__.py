"""Write sample packs as PDFs: `python -m packs.writing OUTDIR [--pages N]`."""

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import demo_packs, sample_pack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m packs write", description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--pages", type=int, help="write one pack of about N pages instead")
    parser.add_argument("--committee", default="Cabinet")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2026, 2, 16))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.pages:
        packs = [
            sample_pack(
                committee=args.committee,
                meeting_date=args.date,
                seed=args.seed,
                target_pages=args.pages,
            )
        ]
    else:
        packs = demo_packs()
    args.outdir.mkdir(parents=True, exist_ok=True)
    for pack in packs:
        path = args.outdir / pack.filename
        path.write_bytes(pack.pdf)
        print(f"{path}\t{pack.page_count} pages\t{pack.sha256[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
