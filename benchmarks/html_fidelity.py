"""How much of what a paper's PDF says its HTML view says (issue 22).

``python -m benchmarks.html_fidelity [folder]`` reads every PDF under the shared corpus
(``../shared/corpus`` by default) and, page by page, compares the words Debian's
``pdftotext`` (poppler-utils) finds with the words of the blocks the HTML view shows: the
headings, paragraphs, lists, fields and tables the worker stores for each page
(``packs.reading.blocks``), or, for a page with no layout to read, its text as extracted,
as the view shows them. Words are compared
case-insensitively as multisets of tokens; a word ``pdftotext`` splits where a narrow
cell wrapped it ("Revenu" "e") counts as held when the view holds the two joined. Prints
the share held per file and overall, and the time the reading takes beside raw pypdfium2
extraction. Running headers and footers, banners and page numbers are left out of the
view on purpose (found by repetition across pages); their words are not expected, and
the figure counting them too is printed beside.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

from packs.reading.blocks import pdf_blocks, shown_text, text_blocks

_WORD_RE = re.compile(r"\w+(?:[’'.,-]\w+)*")


def words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD_RE.findall(text)]


def without(expected: list[str], dropped: list[str]) -> list[str]:
    """``expected`` less one of each word in ``dropped`` (the lines the view leaves out
    as running headers and footers on purpose)."""
    left = Counter(dropped)
    out = []
    for word in expected:
        if left[word] > 0:
            left[word] -= 1
        else:
            out.append(word)
    return out


def held(expected: list[str], shown: Counter) -> int:
    """How many of ``expected`` (in order) ``shown`` holds, joining a word broken in two
    when the view holds it whole."""
    shown = shown.copy()
    count, skip = 0, False
    for index, word in enumerate(expected):
        if skip:
            skip = False
            continue
        if shown[word] > 0:
            shown[word] -= 1
            count += 1
            continue
        joined = word + expected[index + 1] if index + 1 < len(expected) else None
        if joined and shown[joined] > 0:
            shown[joined] -= 1
            count += 2
            skip = True
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    parser.add_argument("folder", nargs="?", type=Path, default=root)
    args = parser.parse_args(argv)
    total_expected = total_held = total_furniture = 0
    raw_seconds = blocks_seconds = 0.0
    for path in sorted(args.folder.rglob("*.pdf")):
        started = time.perf_counter()
        document = pdfium.PdfDocument(path)
        texts = [page.get_textpage().get_text_range() for page in document]
        document.close()
        raw_seconds += time.perf_counter() - started
        started = time.perf_counter()
        furniture: list[list[str]] = []
        blocks = pdf_blocks(path, furniture)
        blocks_seconds += time.perf_counter() - started
        poppler = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
        expected_count = held_count = 0
        for number, theirs in enumerate(poppler.split("\f")[: len(texts)]):
            stored = blocks[number]
            ours = text_blocks(texts[number]) if stored is None else stored
            everything = words(theirs)
            expected = without(everything, words(" ".join(furniture[number])))
            total_furniture += len(everything) - len(expected)
            expected_count += len(expected)
            held_count += held(expected, Counter(words(shown_text(ours))))
        total_expected += expected_count
        total_held += held_count
        share = held_count / expected_count if expected_count else 1.0
        print(f"{share:7.2%}  {held_count:6}/{expected_count:<6}  {path.relative_to(args.folder)}")
    share = total_held / total_expected if total_expected else 1.0
    print(f"\nOverall: {share:.2%} of {total_expected} words held")
    everything = total_expected + total_furniture
    print(
        f"Left out on purpose as running headers, footers and page numbers: "
        f"{total_furniture} words; counting them too, {total_held / everything:.2%} of "
        f"{everything}"
    )
    print(
        f"Reading every page (the worker): {blocks_seconds:.1f} s; raw pypdfium2 text: "
        f"{raw_seconds:.1f} s ({blocks_seconds / raw_seconds:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
