"""How long drawing the pictures of a pack's pages takes, and how much room they take.

``python -m benchmarks.pictures [--pages 600]`` generates a pack of about that many pages
(``sample_pack(..., seed=3)``), then with ``reports.pictures.pictures_draw``, into a
temporary media folder:

- ``draw``: every page, small and large, as WebP (what the worker does after an import);
- ``again``: the same document once more, every picture already there (nothing drawn);
- ``draw as PNG``: every page again in a fresh folder, encoded as PNG, for comparison.

Prints one Markdown table; the project's database and ``media/`` are never touched.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=600, help="target size of the pack")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MEDIA_ROOT"] = str(Path(tmp) / "media")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings")
        import django

        django.setup()
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from packs.writing import sample_pack
        from reports import pictures

        pack = sample_pack(
            committee="Cabinet",
            meeting_date=datetime.date(2026, 6, 15),
            target_pages=args.pages,
            seed=3,
        )
        stored = default_storage.save(pack.filename, ContentFile(pack.pdf))
        document = SimpleNamespace(
            sha256=hashlib.sha256(pack.pdf).hexdigest(),
            page_count=pack.page_count,
            file=SimpleNamespace(name=stored, storage=default_storage),
            pictures=0,
            save=lambda **kwargs: None,
        )
        rows = [_timed("draw, WebP", pictures.pictures_draw, document)]
        rows.append(_timed("again, all drawn", pictures.pictures_draw, document))
        document.sha256 = "png" + document.sha256[3:]  # a fresh folder
        pictures.ENCODING = {"format": "PNG"}
        rows.append(_timed("draw, PNG (for comparison)", pictures.pictures_draw, document))
        sizes = {
            (key, size): _kilobytes(Path(tmp) / "media" / "pictures", key, size)
            for key in (hashlib.sha256(pack.pdf).hexdigest(), document.sha256)
            for size in pictures.SIZES
        }
    print(f"Pack: {pack.page_count} pages; peak RSS {_peak_mb():.0f} MB\n")
    print("| Step | Pages drawn | Seconds | ms/page | Small KB/page | Large KB/page |")
    print("| --- | --- | --- | --- | --- | --- |")
    keys = [hashlib.sha256(pack.pdf).hexdigest()] * 2 + [document.sha256]
    for (step, drawn, seconds), key in zip(rows, keys, strict=True):
        per_page = f"{seconds / pack.page_count * 1000:.1f}"
        small = sizes[(key, "small")] / pack.page_count
        large = sizes[(key, "large")] / pack.page_count
        print(f"| {step} | {drawn} | {seconds:.2f} | {per_page} | {small:.1f} | {large:.1f} |")
    return 0


def _timed(step: str, draw, document) -> tuple[str, int, float]:
    start = time.perf_counter()
    drawn = draw(document)
    return step, drawn, time.perf_counter() - start


def _kilobytes(root: Path, key: str, size: str) -> float:
    folder = root / key[:2] / key
    return sum(path.stat().st_size for path in folder.glob(f"*-{size}.webp")) / 1024


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
