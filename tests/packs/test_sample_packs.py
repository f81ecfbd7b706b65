"""The project's own sample packs, through the real parser, against what they were made to hold.

The generator writes a PDF and, beside it, a plain description of what the PDF shows;
the parser reads only the PDF. Any difference is a parser (or generator) bug.
"""

import datetime

import pytest

from packs.reading import parse_pdf
from packs.writing import demo_packs, sample_pack, supplementary_pack


def keyed(part: str, rows: list[dict]) -> list:
    if part == "documents":
        return [(d["type"], d["start_page"], d["end_page"], d["agenda_item"]) for d in rows]
    if part == "agenda":
        return [(d["number"], d["title"].casefold(), d["pages"], d["exempt"]) for d in rows]
    if part == "minutes":
        return [(m["body"], m["date"], sorted(m["present"]), m["items"]) for m in rows]
    return rows


def assert_parsed_as_described(pack):
    expected = pack.to_dict()
    parsed = parse_pdf(pack.pdf, filename=pack.filename).to_json()
    assert parsed["source"]["page_count"] == pack.page_count
    assert parsed["council"] == expected["council"]
    assert parsed["meeting"] == expected["meeting"]
    for part in ("agenda", "documents", "minutes", "decisions"):
        assert keyed(part, parsed[part]) == keyed(part, expected[part]), part


@pytest.mark.parametrize("pack", demo_packs(), ids=lambda pack: pack.filename)
def test_each_demo_pack_parses_as_made(pack):
    assert_parsed_as_described(pack)


def test_a_600_page_pack_parses_as_made():
    pack = sample_pack(
        committee="Cabinet", meeting_date=datetime.date(2026, 6, 15), target_pages=600, seed=3
    )
    assert 580 <= pack.page_count <= 620
    assert_parsed_as_described(pack)


@pytest.mark.parametrize("committee", ["Regulatory Committee", "County Council"])
def test_other_committees_packs_parse_as_made(committee):
    pack = sample_pack(
        committee=committee, meeting_date=datetime.date(2026, 7, 1), target_pages=120, seed=5
    )
    assert_parsed_as_described(pack)


def test_a_supplementary_pack_parses_as_made():
    pack = supplementary_pack(committee="Cabinet", meeting_date=datetime.date(2026, 9, 14), seed=8)
    assert pack.documents[0].type == "letter"
    assert_parsed_as_described(pack)


def test_the_same_arguments_make_the_same_bytes():
    first = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 5, 1), seed=9)
    again = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 5, 1), seed=9)
    assert first.pdf == again.pdf and first.sha256 == again.sha256
    other = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 5, 1), seed=10)
    assert other.pdf != first.pdf


def test_every_demo_pack_has_an_exempt_item_and_supplements_are_all_or_none_exempt():
    for pack in demo_packs():
        exempt = [item for item in pack.agenda if item.exempt]
        if pack.documents[0].type == "letter":
            assert exempt in ([], pack.agenda)
        else:
            assert exempt and all(1 <= int(item.exempt_paragraph) <= 7 for item in exempt)


def test_a_covering_letters_sign_off_is_not_its_last_items_description():
    pack = supplementary_pack(
        committee="Cabinet", meeting_date=datetime.date(2026, 3, 16), exempt_text="In confidence."
    )
    agenda = parse_pdf(pack.pdf, filename=pack.filename).agenda
    assert [item.number for item in agenda] == [item.number for item in pack.agenda]
    assert agenda[-1].description is None
