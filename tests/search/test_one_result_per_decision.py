"""One result per decision: when a decision's proposed record and its made record are both
public, search shows the made one alone (issue 19). On both databases."""

import datetime

import pytest

from decisions.models import DecisionRecord
from meetings.models import Committee
from publishing.services import public_content_changed
from search.index import Filters, index_meeting, search

from .test_search import FILLER, add_meeting

D = datetime.date


@pytest.fixture
def decided(db) -> tuple[DecisionRecord, DecisionRecord]:
    """A Cabinet decision proposed in February and made in March, both published."""
    cabinet = Committee.objects.create(name="Cabinet", slug="cabinet")
    paper = ("Libraries", "Library Service Strategy", [f"Mobile libraries. {FILLER}"], False)
    february = add_meeting(cabinet, D(2026, 2, 2), [(*paper, "Approve the library strategy.")])
    proposal = DecisionRecord.objects.get(meeting=february)
    proposal.status = DecisionRecord.Status.PROPOSED
    proposal.save(update_fields=["status"])
    march = add_meeting(cabinet, D(2026, 3, 2), [(*paper, "Approve the library strategy.")])
    made = DecisionRecord.objects.get(meeting=march)
    assert made.status == "made" and made.reference == proposal.reference
    assert DecisionRecord.objects.filter(status="made").link_proposals() == 1
    public_content_changed()
    return proposal, made


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_a_decision_made_is_found_once_by_its_made_record(decided, sort):
    proposal, made = decided
    results = search("library strategy", Filters(kinds=["decision"]), sort=sort)
    assert [hit.entry.url for hit in results.hits] == [made.get_absolute_url()]
    assert results.total == 1


def test_the_search_page_lists_the_decision_once(client, decided):
    proposal, made = decided
    page = client.get("/search/", {"q": "approve library strategy"}).text
    assert page.count(f'<a href="{made.get_absolute_url()}">') == 1
    assert f'<a href="{proposal.get_absolute_url()}">' not in page


def test_a_proposal_whose_made_record_is_not_public_is_still_found(decided):
    proposal, made = decided
    made.is_exempt = True
    made.save(update_fields=["is_exempt"])
    public_content_changed()
    index_meeting(made.meeting)
    results = search("library strategy", Filters(kinds=["decision"]))
    assert [hit.entry.url for hit in results.hits] == [proposal.get_absolute_url()]


def test_a_proposal_is_found_when_a_filter_leaves_its_made_record_out(decided):
    proposal, made = decided
    results = search("library strategy", Filters(kinds=["decision"], date_to=D(2026, 2, 28)))
    assert [hit.entry.url for hit in results.hits] == [proposal.get_absolute_url()]
