"""Search on both databases: ranking, phrases, exclusions, filters, snippets, hostile input,
and that nothing exempt is ever indexed."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from decisions.models import DecisionRecord
from meetings.models import AgendaItem, Committee, Meeting
from packs.writing import sample_pack
from publishing.imports import pack_import
from publishing.services import meeting_publish
from reports.models import Document, Page, Report
from search.index import (
    MARK_END,
    MARK_START,
    Filters,
    _highlight,
    analyse_index,
    fts5_query,
    index_meeting,
    parse_query,
    search,
    store_page_words,
)
from search.models import SearchEntry

FILLER = "The committee noted the update and agreed the next steps. " * 8


def add_meeting(committee: Committee, date: datetime.date, papers: list[tuple]) -> Meeting:
    """A meeting whose pack holds ``papers``: (item title, report title, [page texts],
    exempt, decision text or None). Published, so it is indexed."""
    meeting = Meeting.objects.create(committee=committee, date=date)
    pages = [text for _, _, texts, _, _ in papers for text in texts]
    document = Document.objects.create(
        meeting=meeting,
        sha256=f"{committee.pk}{date:%Y%m%d}".ljust(64, "0"),
        original_name="pack.pdf",
        file="pack.pdf",
        page_count=len(pages),
    )
    Page.objects.bulk_create(
        Page(document=document, number=n, printed_number=n + 10, text=text)
        for n, text in enumerate(pages, start=1)
    )
    first = 1
    for order, (item_title, title, texts, exempt, decision) in enumerate(papers, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=str(order),
            order=order,
            title=item_title,
            is_exempt=exempt,
            exempt_paragraph=3 if exempt else None,
        )
        report = Report.objects.create(
            document=document,
            agenda_item=item,
            title=title,
            first_page=first,
            last_page=first + len(texts) - 1,
            is_exempt=exempt,
            exempt_paragraph=3 if exempt else None,
        )
        if decision:
            DecisionRecord.objects.create(
                reference=f"{date:%y}/{order:05d}",
                title=title,
                decision_maker=committee.name,
                date=date,
                status="made",
                meeting=meeting,
                agenda_item=item,
                report=report,
                decision=decision,
                document=document,
                first_page=first,
                last_page=first,
            )
        first += len(texts)
    meeting_publish(meeting)
    return meeting


@pytest.fixture
def archive(db):
    cabinet = Committee.objects.create(name="Cabinet", slug="cabinet")
    scrutiny = Committee.objects.create(name="Corporate Scrutiny Committee", slug="scrutiny")
    add_meeting(
        cabinet,
        datetime.date(2024, 3, 11),
        [
            (
                "Home to School Transport Policy",
                "Home to School Transport Policy",
                [
                    f"The home to school transport policy sets eligibility. {FILLER}",
                    f"Appendix: routes for buses. {FILLER}",
                ],
                False,
                "Approves the revised home to school transport policy.",
            ),
            (
                "Library Opening Hours",
                "Library Opening Hours",
                [f"Libraries in Borchester will open later. School holidays matter. {FILLER}"],
                False,
                "Approves the library opening hours.",
            ),
            (
                "Sale of Land at Ambridge",
                "Sale of Land at Ambridge",
                [f"Confidential valuation: zebracrossing-marker-7731 bids. {FILLER}"],
                True,
                "Agrees the sale of land zebracrossing-marker-7731.",
            ),
        ],
    )
    add_meeting(
        scrutiny,
        datetime.date(2025, 6, 2),
        [
            (
                "Transport Review",
                "Scrutiny of Transport",
                [
                    "Members asked about school buses and rail. "
                    f"Transport to school was discussed. {FILLER}",
                    f"<script>alert('x')</script> transport costs rose. {FILLER}",
                ],
                False,
                None,
            ),
        ],
    )
    return cabinet, scrutiny


def titles(results) -> list[str]:
    return [hit.entry.title for hit in results.hits]


def test_title_matches_rank_above_body_matches(archive):
    results = search("school", Filters())
    in_title = [h.entry.weighted_title and "school" in h.entry.title.lower() for h in results.hits]
    assert results.total >= 5 and in_title[0] and not all(in_title)
    assert in_title == sorted(in_title, reverse=True)


def test_a_quoted_phrase_needs_its_words_together(archive):
    hits = titles(search('"home to school transport"', Filters()))
    assert hits and all("Home to School Transport Policy" in title for title in hits)
    scattered = search('"transport to school"', Filters())
    assert all("Scrutiny" in hit.entry.title for hit in scattered.hits)


def test_a_minus_sign_leaves_a_word_out(archive):
    with_rail = titles(search("buses", Filters()))
    without = titles(search("buses -rail", Filters()))
    assert "Scrutiny of Transport" in with_rail and "Scrutiny of Transport" not in without
    assert without


def test_or_between_alternatives(archive):
    either = {hit.entry.title for hit in search("libraries or eligibility", Filters()).hits}
    assert "Library Opening Hours" in either and "Home to School Transport Policy" in either


def test_filters_by_committee_kind_and_dates(archive):
    only_scrutiny = search("transport", Filters(committee="scrutiny"))
    assert only_scrutiny.hits and {h.entry.committee_slug for h in only_scrutiny.hits} == {
        "scrutiny"
    }
    decisions = search("transport", Filters(kinds=["decision"]))
    assert [h.entry.kind for h in decisions.hits] == ["decision"]
    after = search("transport", Filters(date_from=datetime.date(2025, 1, 1)))
    assert all(h.entry.date >= datetime.date(2025, 1, 1) for h in after.hits) and after.hits
    maker = search("library", Filters(decision_maker="Cabinet", kinds=["decision"]))
    assert titles(maker) == ["24/00002: Library Opening Hours"]


def test_sort_by_date(archive):
    newest = search("transport", Filters(), sort="newest")
    dates = [hit.entry.date for hit in newest.hits]
    assert dates == sorted(dates, reverse=True)
    oldest = search("transport", Filters(), sort="oldest")
    assert [hit.entry.date for hit in oldest.hits] == sorted(dates)


def test_snippets_mark_the_words_and_escape_the_text(archive):
    hits = search("costs", Filters()).hits
    assert hits
    snippet = str(hits[0].snippet)
    assert "<mark>costs</mark>" in snippet
    assert "<script" not in snippet


def test_highlighting_escapes_before_it_marks():
    marked = _highlight(f"a <b>bold</b> & {MARK_START}word{MARK_END}")
    assert str(marked) == "a &lt;b&gt;bold&lt;/b&gt; &amp; <mark>word</mark>"


def test_a_hit_links_to_the_page_of_the_paper(archive):
    hit = search("routes", Filters()).hits[0]
    page = Page.objects.get(text__startswith="Appendix: routes")
    assert hit.entry.url.endswith(f"#page-{page.printed_number}")
    assert hit.entry.page_label == f"Page {page.printed_number}"


def test_exempt_content_is_never_indexed(archive):
    assert not search("zebracrossing-marker-7731", Filters()).hits
    assert not search('"Sale of Land at Ambridge"', Filters()).hits
    assert not SearchEntry.objects.filter(page__text__contains="zebracrossing").exists()
    assert not SearchEntry.objects.filter(body__contains="zebracrossing").exists()


def test_drafts_are_not_indexed_until_published(media):
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 4, 20), seed=4)
    meeting = pack_import(source=pack.pdf, filename=pack.filename).meeting
    assert not SearchEntry.objects.exists()
    meeting_publish(meeting)
    assert SearchEntry.objects.filter(kind="report").exists()
    exempt = meeting.agenda_items.get(is_exempt=True)
    assert not SearchEntry.objects.filter(url__startswith=exempt.get_absolute_url()).exists()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "transport " * 1500,
        '"unbalanced quote transport',
        "the of and",
        "'; DROP TABLE reports_page; --",
        "<b>transport</b> <img src=x onerror=alert(1)>",
        "-transport",
        'or or "" - -- OR',
        "NEAR(transport school) AND * ^ :",
    ],
)
def test_hostile_queries_get_a_sensible_page(client, archive, text):
    response = client.get("/search/", {"q": text, "page": "abc"})
    assert response.status_code == 200
    assert "<img src=x" not in response.text and "<b>transport</b>" not in response.text
    assert Page.objects.exists()


def test_pages_out_of_range_show_the_last_page(client, archive):
    response = client.get("/search/", {"q": "transport", "page": "999999"})
    assert response.status_code == 200
    assert "Home to School Transport" in response.text or "Transport" in response.text
    assert client.get("/search/", {"q": "transport", "page": "-3"}).status_code == 200


def test_a_very_long_query_is_cut_and_says_so(client, archive):
    response = client.get("/search/", {"q": "transport " * 1500})
    assert "only its first 300 characters were used" in response.text


def test_the_search_page_shows_title_meeting_date_and_snippet(client, archive):
    response = client.get("/search/", {"q": "eligibility"})
    assert "Home to School Transport Policy" in response.text
    assert "Cabinet" in response.text and "11 March 2024" in response.text
    assert "<mark>eligibility</mark>" in response.text


def test_the_register_narrows_decisions_with_the_same_words(client, archive):
    response = client.get("/decisions/", {"q": "library"})
    assert "Library Opening Hours" in response.text
    assert "Home to School Transport Policy" not in response.text
    assert "1 decision record" in response.text


def test_the_query_language_is_read_the_same_on_sqlite():
    parsed = parse_query('"home to school" or buses -rail transport')
    assert parsed.clauses == [[["home", "to", "school"], ["buses"]], [["transport"]]]
    assert parsed.excluded == [["rail"]]
    assert fts5_query('say "hi') == '("say") AND ("hi")'
    assert fts5_query("-rail") is None
    assert fts5_query('a"b') == '("a b")'


def entry_indexes() -> set[tuple]:
    """The search table's indexes: name, columns and kind."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, SearchEntry._meta.db_table)
    return {
        (name, tuple(index["columns"] or ()), index.get("type"))
        for name, index in found.items()
        if index["index"]
    }


def rebuilt_from_scratch(manage):
    """Rebuild the index as a clerk would; check it holds the same entries, with the same
    words, as publishing wrote, and the same indexes."""
    entries = SearchEntry.objects.order_by("kind", "source_id", "url")
    before = [
        (*entry, str(words))
        for *entry, words in entries.values_list("kind", "source_id", "url", "vector")
    ]
    indexes = entry_indexes()
    SearchEntry.objects.all().delete()
    code, out, _ = manage("search_index")
    assert code == 0 and f"{len(before)} search entries written." in out
    after = [
        (*entry, str(words))
        for *entry, words in entries.values_list("kind", "source_id", "url", "vector")
    ]
    assert after == before
    assert entry_indexes() == indexes


def test_the_index_can_be_rebuilt_from_scratch(archive, manage):
    """In bulk on PostgreSQL: inside a transaction, the rebuild reads every page itself."""
    rebuilt_from_scratch(manage)
    assert search("eligibility", Filters()).hits
    assert search('"eligibility"', Filters()).hits


def pages_with_other_words() -> int:
    """Pages whose stored words are not those of their text, or missing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM reports_page "
            "WHERE words IS DISTINCT FROM to_tsvector('english', coalesce(text, ''))"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's search reads the text")
def test_an_import_stores_the_words_of_every_page(media):
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 4, 20), seed=4)
    pack_import(source=pack.pdf, filename=pack.filename)
    assert Page.objects.count() > 20
    assert pages_with_other_words() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's search reads the text")
def test_the_worker_gives_an_import_s_pages_their_words_and_publishing_need_not_wait(
    media, settings
):
    """Staff do not wait for the words: the import queues them for the worker. A meeting
    published before the worker has run is found by its words all the same."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 4, 20), seed=4)
    result = pack_import(source=pack.pdf, filename=pack.filename)
    assert not Page.objects.filter(words__isnull=False).exists()
    [queued] = DBTaskResult.objects.filter(task_path=store_page_words.module_path)
    assert queued.args_kwargs["args"] == [result.document.pk]
    meeting_publish(result.meeting)
    report = Report.objects.filter(document=result.document, is_exempt=False).last()
    text = Page.objects.get(document=result.document, number=report.last_page).text
    words = " ".join(text.split()[-8:-2])  # from its last page, far from its title
    assert report.get_absolute_url() in {
        hit.paper_url for hit in search(f'"{words}"', Filters()).hits
    }
    assert store_page_words.call(result.document.pk) == Page.objects.count() > 20
    assert pages_with_other_words() == 0


def test_the_index_rebuilt_from_committed_pages_reads_them_in_parallel(
    transactional_db, archive, manage
):
    """Outside a transaction, ``PageWords``' own connections give words to the pages
    without them (an archive from before they were stored at import) beside the
    rebuild: the entries' words are the same as publishing wrote, and the pages keep
    theirs for the next publication."""
    Page.objects.update(words=None)
    rebuilt_from_scratch(manage)
    assert search('"home to school transport"', Filters()).hits
    if connection.vendor == "postgresql":
        assert pages_with_other_words() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index's pending list")
def test_once_a_publication_commits_the_worker_merges_its_words_into_the_index(
    transactional_db, archive
):
    """A new entry's words wait in the GIN index's pending list, which every search reads
    whole; the worker merges them once the publication commits."""
    cabinet, _ = archive
    meeting = Meeting.objects.get(committee=cabinet)
    SearchEntry.objects.filter(meeting=meeting).delete()
    meeting_publish(meeting)
    assert SearchEntry.objects.filter(meeting=meeting).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('searchentry_vector_gin'::regclass)")
        assert cursor.fetchone()[0] == 0  # pages merged now: none were left


def test_publishing_keeps_the_index_current(archive):
    cabinet, _ = archive
    meeting = Meeting.objects.get(committee=cabinet)
    before = SearchEntry.objects.count()
    meeting_publish(meeting)
    assert SearchEntry.objects.count() == before
    assert meeting.published_at <= timezone.now()


def test_past_the_ranked_candidates_the_page_says_more_than(archive, monkeypatch):
    """Only the newest ``CANDIDATES`` matches are ranked and shown; the count says there
    are more, for words and phrases alike."""
    from search import index as searching

    monkeypatch.setattr(searching, "CANDIDATES", 2)
    for text in ("transport school", '"school transport"', "transport"):
        results = search(text, Filters())
        # On PostgreSQL the two newest pages may be one paper's, shown once.
        assert results.more_than and 1 <= len(results.hits) <= 2 and results.pages == 1
        assert results.count_label.startswith("More than 2 matches")


@pytest.mark.parametrize("text", ["-transport", "the", "and of", '"the" -library', "- the"])
def test_a_query_asking_for_no_word_finds_nothing_and_says_why(client, archive, text):
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    assert "Add a word to search for" in response.text
    assert 'class="result"' not in response.text
    assert not search(text, Filters()).hits


@pytest.mark.parametrize("text", ["-transport", "the", "and of"])
def test_the_register_finds_no_decision_for_a_query_asking_for_no_word(client, archive, text):
    response = client.get("/decisions/", {"q": text})
    assert "Add a word to search for" in response.text
    assert "0 decision records" in response.text
    assert "Library Opening Hours" not in response.text


def test_stop_words_beside_a_word_are_left_out_on_both_databases(archive):
    assert titles(search("the library", Filters())) == titles(search("library", Filters()))
    assert fts5_query("the library -of") == '("library")'


PLANS = {
    # Walk the date index newest first, stopping at the candidates.
    "walk": {"DENSE": 0, "WINDOW": 10**9},
    # The same within the newest entries that should hold them.
    "walk in a window": {"DENSE": 0, "WINDOW": 1.5},
    # Every match from the GIN bitmap, sorted.
    "bitmap": {"DENSE": 2, "WINDOW": 10**9},
    # The GIN bitmap within the newest entries that should hold the candidates.
    "bitmap in a window": {"DENSE": 2, "WINDOW": 1.5},
    # Windows too narrow to hold them, so the bitmap is asked again without one.
    "walk in a narrow window": {"DENSE": 0, "WINDOW": 0.01},
    "bitmap in a narrow window": {"DENSE": 2, "WINDOW": 0.01},
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one plan on SQLite")
def test_every_plan_finds_the_same_candidates(archive, monkeypatch):
    """PostgreSQL picks a plan by how common the words are; whichever it takes, a page of
    results is the same (with few candidates, so that the plans have to stop early)."""
    from search import index as searching

    monkeypatch.setattr(searching, "CANDIDATES", 3)
    analyse_index()  # the words' statistics, which the choice of plan reads
    queries = [
        ("transport", Filters()),
        ("school transport", Filters()),
        ('"home to school"', Filters()),
        ("transport -rail", Filters()),
        ("libraries or transport", Filters()),
        ("transport", Filters(committee="cabinet")),
        ("noted", Filters(date_to=datetime.date(2025, 1, 1))),
    ]
    for text, filters in queries:
        for sort in ("relevance", "newest", "oldest"):
            pages = {}
            for plan, settings in PLANS.items():
                for name, value in settings.items():
                    monkeypatch.setattr(searching, name, value)
                results = search(text, filters, sort=sort)
                pages[plan] = ([h.entry.pk for h in results.hits], results.count_label)
            assert pages["walk"][0], (text, sort)
            assert len(set(map(repr, pages.values()))) == 1, (text, sort, pages)


@contextmanager
def candidate_plans():
    """The plans PostgreSQL makes of the searches' candidate queries run within."""
    plans = []

    def explained(execute, sql, params, many, context):
        if "WITH candidates" in sql and not sql.startswith("EXPLAIN"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explained):
        yield plans


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_search_checks_superseded_proposals_entry_by_entry(archive):
    """Whether a proposal's made record matches too is asked of the few entries a search
    reads, never of every decision record first (a hashed subplan, 84 ms on 20 years)."""
    with candidate_plans() as plans:
        for text in ("transport", "school transport", '"home to school"'):
            search(text, Filters())
    assert plans and all("SubPlan" in plan for plan in plans)
    assert not any("hashed SubPlan" in plan for plan in plans), plans[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_search_within_a_window_reads_only_the_window_of_the_words_index(archive, monkeypatch):
    """Sought among the newest entries, the words' bitmap is built from the window's part
    of the GIN index (its date column), not over the whole archive and then cut."""
    from search import index as searching

    for name, value in PLANS["bitmap in a narrow window"].items():
        monkeypatch.setattr(searching, name, value)
    monkeypatch.setattr(searching, "CANDIDATES", 3)
    analyse_index()
    with connection.cursor() as cursor:  # undone with the test: on a few entries, any
        cursor.execute(  # other index on the date is cheapest
            "SELECT indexname FROM pg_indexes WHERE tablename = 'reports_searchentry'"
            " AND indexdef LIKE '%%date%%' AND indexname <> 'searchentry_vector_gin'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
    with candidate_plans() as plans:
        assert search("transport", Filters()).hits
    conditions = [line for plan in plans for line in plan.splitlines() if "Index Cond" in line]
    assert any("vector @@" in line and "date >=" in line for line in conditions), plans[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_a_search_asked_again_is_planned_for_its_words_though_its_statements_are_prepared(
    archive,
):
    """psycopg prepares what a connection runs often; a prepared statement may then run a
    generic plan kept for any words, undoing the search's own choice of plan. The search
    asks for a plan of its own every time (``plan_cache_mode``), even on a server set to
    prefer kept plans."""
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")  # undone with the test
    for _ in range(8):
        search("school transport", Filters())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, custom_plans, generic_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%WITH candidates%"],
        )
        prepared = cursor.fetchall()
    assert prepared
    assert all(generic == 0 and custom >= 3 for _, custom, generic in prepared), prepared


def test_indexing_a_meeting_again_rewrites_only_what_changed(archive):
    """A correction that changes nothing searched keeps every entry and its words; a
    retitled report's pages are written again, and nothing else."""
    cabinet, _ = archive
    meeting = Meeting.objects.get(committee=cabinet)
    before = dict(SearchEntry.objects.values_list("pk", "title"))
    assert index_meeting(meeting) == SearchEntry.objects.filter(meeting=meeting).count()
    assert dict(SearchEntry.objects.values_list("pk", "title")) == before
    report = Report.objects.get(document__meeting=meeting, title="Library Opening Hours")
    Report.objects.filter(pk=report.pk).update(title="Library Hours Revised")
    index_meeting(meeting)
    after = dict(SearchEntry.objects.values_list("pk", "title"))
    written = {pk: title for pk, title in after.items() if pk not in before}
    assert written and set(written.values()) == {"Library Hours Revised"}
    assert {pk for pk in before if pk not in after} == {
        pk for pk, title in before.items() if title == "Library Opening Hours"
    }
    assert titles(search('"hours revised"', Filters())) == ["Library Hours Revised"]
