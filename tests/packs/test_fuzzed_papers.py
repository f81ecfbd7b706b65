"""Papers laid out at random by the layout fuzzer (``packs.writing.fuzz``), written as PDFs
and read back by the real parser: no wrong meeting, whatever the layout, and the score
printed. ``benchmarks.fuzz_packs`` runs the same at 2,000 papers."""

import hashlib
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from packs.reading import parse_pdf
from packs.writing.fuzz import fuzzed_paper, fuzzed_papers, judge

ROOT = Path(__file__).resolve().parents[2]
SEED = 20
COUNT = 200


def test_200_fuzzed_papers_read_back_with_no_wrong_meeting(capsys):
    scores, wrong, by_kind = [], [], defaultdict(list)
    for paper in fuzzed_papers(COUNT, seed=SEED):
        parsed = parse_pdf(paper.pdf, filename=f"fuzzed-{paper.seed}.pdf").to_json()
        judgement = judge(parsed, paper.truth)
        scores.append(judgement.score)
        by_kind[paper.truth.kind].append(judgement.score)
        if judgement.wrong_meeting:
            wrong.append((paper.seed, parsed["meeting"], paper.truth.varied))
    score = sum(scores) / len(scores)
    with capsys.disabled():
        kinds = ", ".join(
            f"{k} {sum(v) / len(v):.3f} ({len(v)})" for k, v in sorted(by_kind.items())
        )
        print(
            f"\nfuzzed papers, seed {SEED}: score {score:.3f} over {COUNT} ({kinds}); "
            f"wrong meetings {len(wrong)}"
        )
    assert not wrong, wrong
    assert score >= 0.9


def test_the_same_seed_makes_the_same_paper_in_any_process():
    first, again = fuzzed_paper(7), fuzzed_paper(7)
    assert first.pdf == again.pdf and first.truth == again.truth
    assert fuzzed_paper(8).pdf != first.pdf
    elsewhere = subprocess.run(
        [
            sys.executable,
            "-c",
            "import hashlib, sys; from packs.writing.fuzz import fuzzed_paper; "
            "sys.stdout.write(hashlib.sha256(fuzzed_paper(7).pdf).hexdigest())",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert elsewhere.stdout == hashlib.sha256(first.pdf).hexdigest()


def test_a_draw_can_be_fixed_and_an_unknown_one_is_refused():
    paper = fuzzed_paper(3, kind="minutes", local=True, heading="three-lines", attendance="table")
    assert paper.truth.varied["heading"] == "three-lines"
    assert paper.truth.varied["attendance"] == "table"
    try:
        fuzzed_paper(3, kind="report", heading="three-lines")
    except ValueError as error:
        assert "heading" in str(error)
    else:
        raise AssertionError("a draw a report does not make was accepted")
