"""The layout fuzzer at scale (issue 20): papers of invented councils laid out at random
(``packs.writing.fuzz``), written as PDFs and read back by the parser.

``python -m benchmarks.fuzz_packs [--count 2000] [--seed 0]`` prints, as Markdown: the
score (as the shared scoring tool counts it) and the wrong meetings, overall and for each
kind of paper; the ten layouts (one draw, one value) that read worst; and the time taken
to write the papers and to read them. Nothing is written to disk. A wrong meeting is
listed with its seed, so that ``fuzzed_paper(seed)`` draws it again.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

from packs.reading import PackError, parse_pdf
from packs.writing.fuzz import fuzzed_paper, judge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz_packs", description=__doc__)
    parser.add_argument("--count", type=int, default=2000, help="papers to draw")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    by_kind: dict[str, list[float]] = defaultdict(list)
    by_draw: dict[tuple[str, object], list[float]] = defaultdict(list)
    wrong: list[tuple[int, dict, dict | None]] = []
    failed: list[tuple[int, str]] = []
    writing = reading = 0.0
    pages = 0
    for n in range(args.count):
        seed = args.seed * 1_000_003 + n
        started = time.perf_counter()
        paper = fuzzed_paper(seed)
        written = time.perf_counter()
        try:
            pack = parse_pdf(paper.pdf, filename=f"fuzzed-{seed}.pdf")
            parsed = pack.to_json()
            pages += pack.page_count
        except PackError as exc:
            parsed = {}
            failed.append((seed, str(exc)))
        reading += time.perf_counter() - written
        writing += written - started
        judgement = judge(parsed, paper.truth)
        by_kind[paper.truth.kind].append(judgement.score)
        for draw in paper.truth.varied.items():
            by_draw[draw].append(judgement.score)
        if judgement.wrong_meeting:
            wrong.append((seed, paper.truth.varied, parsed.get("meeting")))

    scores = [score for values in by_kind.values() for score in values]
    print(f"## Fuzzed papers: {args.count:,} drawn from seed {args.seed}\n")
    print("| Papers | Kind | Score | Wrong meetings |")
    print("| --- | --- | --- | --- |")
    for kind, values in sorted(by_kind.items()):
        wrong_here = sum(1 for _, varied, _ in wrong if varied.get("kind") == kind)
        print(f"| {len(values):,} | {kind} | {_mean(values):.3f} | {wrong_here} |")
    print(f"| {len(scores):,} | all | {_mean(scores):.3f} | {len(wrong)} |\n")
    print("Layouts that read worst (one draw at a time, at least 20 papers):\n")
    print("| Draw | Value | Papers | Score |")
    print("| --- | --- | --- | --- |")
    worst = sorted(
        ((draw, values) for draw, values in by_draw.items() if len(values) >= 20),
        key=lambda pair: _mean(pair[1]),
    )
    for (name, value), values in worst[:10]:
        print(f"| {name} | {value} | {len(values):,} | {_mean(values):.3f} |")
    print(
        f"\nWriting the papers took {writing:.1f} s; reading them back {reading:.1f} s "
        f"({pages:,} pages, {pages / reading:,.0f} pages/s)."
    )
    for seed, varied, meeting in wrong:
        print(f"wrong meeting: seed {seed}: read {meeting}; drawn {varied}")
    for seed, message in failed:
        print(f"not read: seed {seed}: {message}")
    return 1 if wrong else 0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


if __name__ == "__main__":
    sys.exit(main())
