"""One result per paper: a paper whose pages match is shown once, by its best page, with how
many more of its pages match; pages of results count papers. On both databases."""

import datetime

import pytest

from meetings.models import Committee
from search.index import PER_PAGE, Filters, search

from .test_search import FILLER, add_meeting

DRAINAGE = [
    f"Drainage was mentioned once. {FILLER}",
    f"Nothing to see on this page. {FILLER}",
    f"Drainage, drainage and more drainage: the drainage survey of Ambridge. {FILLER}",
    f"The drainage budget is set. {FILLER}",
]


@pytest.fixture
def drainage(db):
    cabinet = Committee.objects.create(name="Cabinet", slug="cabinet")
    add_meeting(
        cabinet,
        datetime.date(2026, 3, 2),
        [
            ("Flood Resilience", "Flood Resilience Plan", DRAINAGE, False, None),
            ("Highways", "Highways Maintenance", [f"Gully drainage. {FILLER}"], False, None),
        ],
    )
    return cabinet


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_it_shows_a_paper_once_by_its_best_page(drainage, sort):
    results = search("drainage", Filters(kinds=["report"]), sort=sort)
    assert sorted(hit.entry.title for hit in results.hits) == [
        "Flood Resilience Plan",
        "Highways Maintenance",
    ]
    plan = next(hit for hit in results.hits if hit.entry.title == "Flood Resilience Plan")
    assert plan.entry.page_label == "Page 13"  # the third page, printed 13, says it most
    assert "survey of Ambridge" in plan.snippet
    assert plan.more_pages == 2
    assert results.total == 2 and results.count_label == "2 results"


def test_the_search_page_says_how_many_more_pages_match(client, drainage):
    response = client.get("/search/", {"q": "drainage", "kind": "report"})
    assert response.text.count("Flood Resilience Plan</a></h3>") == 1
    assert response.text.count('class="result"') == 2
    assert "2 more pages<span" in response.text and "</span> match</a>" in response.text
    plan = response.context["results"].hits[0]
    assert f'<a href="{plan.paper_url}">' in response.text and "#" not in plan.paper_url


def test_pages_of_results_count_papers_not_pages(db):
    cabinet = Committee.objects.create(name="Cabinet", slug="cabinet")
    papers = [
        (f"Item {n}", f"Culvert Report {n}", [f"Culvert {n}. {FILLER}"] * 3, False, None)
        for n in range(PER_PAGE + 5)
    ]
    add_meeting(cabinet, datetime.date(2026, 4, 6), papers)
    first = search("culvert", Filters(kinds=["report"]))
    assert first.total == PER_PAGE + 5 and first.pages == 2
    assert len(first.hits) == PER_PAGE and all(hit.more_pages == 2 for hit in first.hits)
    second = search("culvert", Filters(kinds=["report"]), page=2)
    assert len(second.hits) == 5
    shown = [hit.entry.source_id for hit in first.hits + second.hits]
    assert len(set(shown)) == PER_PAGE + 5
