"""Full-text search over public papers, decision records and agenda items.

One query layer: ``entries_matching(text)`` is the only way to ask which entries hold some
words; ``search(...)`` ranks, filters, pages and highlights them for the search page, and
the decisions register narrows records with the same function.

Indexing (``index_meeting``) writes ``SearchEntry`` rows for what the *public* may read,
and nothing else: exempt papers and drafts are never indexed, so no search can leak them.

PostgreSQL: a weighted ``tsvector`` per entry (title A, decision text B, page text D),
GIN-indexed, queried with ``websearch_to_tsquery('english', ...)``. Ranking every match
of a common word is slow (about 5 µs a page), so only the newest ``CANDIDATES`` matches
are ranked. How they are found depends on the share of entries the words may match
(``_at_most``, from the planner's estimate of each word): at least ``DENSE``, by walking
the date index until they are met; fewer, from the GIN index's bitmap; either within
the newest entries that should hold them (``_within_windows``), so that neither a walk
reads thousands of entries that do not match nor the bitmap's every match is fetched and
sorted. An entry's words are kept in its row (``STORAGE MAIN``), not fetched apart.
Snippets (``ts_headline``, slow on long text) are made for the rows shown only.

SQLite: an FTS5 table with Porter stemming; the same query syntax is translated by
``fts5_query``; ``bm25`` ranks and ``snippet`` highlights.
"""

from __future__ import annotations

import datetime
import queue
import re
import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_tasks import task

from decisions.models import DecisionRecord
from meetings.models import AgendaItem, Committee, Meeting
from reports.models import Appendix, Document, Minutes, Page, Report

from .models import SearchEntry

CANDIDATES = 2_000
# Above this many estimated matches, a word is common: the page says about how many.
COMMON = 50_000
# Walking the date index finds the newest matches quickly when at least this share of the
# entries may match (its entries are read whole, about 1 µs each); for rarer words taking
# them from the GIN index's bitmap reads fewer.
DENSE = 0.1
# How many times more of the newest entries than the words' share asks a window holds.
WINDOW = 2.0
MAX_TERMS = 24
PER_PAGE = 20
MAX_QUERY = 300  # characters; a longer query is cut, and the page says so
MARK_START, MARK_END = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


# ---------------------------------------------------------------- indexing


def index_meeting(meeting: Meeting) -> int:
    """Bring the search entries of a meeting's documents and agenda to what the public may
    read now; returns how many it has. Only what changed is written: an entry whose every
    field (its title, text and page among them) is as it should be keeps its words, so a
    correction that changes nothing of what is searched computes none."""
    document_ids = list(meeting.documents.values_list("pk", flat=True))
    held = SearchEntry.objects.filter(
        Q(document_id__in=document_ids) | Q(meeting=meeting, document__isnull=True)
    )
    wanted = {_fields(entry): entry for entry in meetings_entries([meeting])}
    kept, stale = set(), []
    for pk, *values in held.values_list("pk", *LOADED):
        fields = tuple(values)
        if fields in wanted and fields not in kept:
            kept.add(fields)
        else:
            stale.append(pk)
    _drop(SearchEntry.objects.filter(pk__in=stale))
    fresh = [entry for fields, entry in wanted.items() if fields not in kept]
    _written_with_words(fresh)
    if fresh and connection.vendor == "postgresql":
        transaction.on_commit(merge_pending_words.enqueue)
    return len(wanted)


@task()
def store_page_words(document_id: int) -> int:
    """Give a newly imported document's pages their words (the worker's, after the
    import): ``to_tsvector`` of a 1,000-page pack is half a second of one core that staff
    would otherwise wait for. A meeting published before it has run makes its pages'
    words as it writes its entries (``PAGE_WORDS``). Returns the pages given words."""
    return Page.objects.filter(document_id=document_id).words_stored()


@task()
def merge_pending_words() -> int:
    """Merge the words publishing wrote into the GIN index's pending list (the worker's).

    PostgreSQL adds new entries' words to a list kept beside the index, which every
    search reads whole, until a ``VACUUM`` or the list's 4 MB limit merges it, in
    whichever publication crosses the limit. At 20 years, 20 publications' list took
    3-8 ms of each search of two common words. Returns the list's pages merged."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('searchentry_vector_gin'::regclass)")
        return cursor.fetchone()[0]


def _fields(entry: SearchEntry) -> tuple:
    return tuple(getattr(entry, name) for name in LOADED)


def meetings_entries(meetings: list[Meeting]) -> list[SearchEntry]:
    """The search entries (not yet saved, words not yet computed) of what the public may
    read of these meetings: the pages of their public papers, their public decision
    records and their open agenda items. A few queries, however many the meetings."""
    public = {meeting.pk: meeting for meeting in meetings if meeting.is_public}
    documents = dict(Document.objects.filter(meeting__in=public).values_list("pk", "meeting_id"))
    pages = defaultdict(list)
    for document, *page in (
        Page.objects.filter(document_id__in=documents)
        .order_by("number")
        .values_list("document_id", "pk", "number", "printed_number")
    ):
        pages[document].append(page)
    entries: list[SearchEntry] = []
    papers = [
        (SearchEntry.Kind.REPORT, Report.objects.public()),
        (SearchEntry.Kind.APPENDIX, Appendix.objects.public()),
        (SearchEntry.Kind.MINUTES, Minutes.objects.public().select_related("meeting__committee")),
    ]
    # Unordered: the entries' order means nothing, and ordering by the papers' Meta
    # cost each statement's compiling more than its running.
    for kind, queryset in papers:
        for paper in queryset.filter(document_id__in=documents).order_by():
            meeting = public[documents[paper.document_id]]
            entries.extend(_page_entries(kind, paper, meeting, pages[paper.document_id]))
    records = (
        DecisionRecord.objects.public()
        .filter(document_id__in=documents)
        .select_related("meeting__committee")
        .order_by()
    )
    for record in records:
        decided = record.meeting or public[documents[record.document_id]]
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.DECISION,
                source_id=record.pk,
                title=f"{record.reference}: {record.title}" if record.reference else record.title,
                url=record.get_absolute_url(),
                document_id=record.document_id,
                body="\n".join(
                    part
                    for part in (record.decision, record.reasons, record.alternatives_rejected)
                    if part
                ),
                meeting=decided,
                committee_slug=decided.committee.slug,
                decision_maker=record.decision_maker,
                date=record.date or decided.date,
            )
        )
    items = AgendaItem.objects.published().filter(meeting__in=public, is_exempt=False)
    for item in items.select_related("meeting__committee").order_by():
        meeting = item.meeting
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.AGENDA_ITEM,
                source_id=item.pk,
                title=f"Item {item.number}: {item.title}",
                url=item.get_absolute_url(),
                body=item.description,
                meeting=meeting,
                committee_slug=meeting.committee.slug,
                decision_maker=meeting.committee.name,
                date=meeting.date,
            )
        )
    return entries


def _page_entries(kind: str, paper, meeting: Meeting, pages: list[tuple[int, int, str]]):
    """One entry per page of a paper (``pages``: its document's pages in order, as primary
    key, number and printed number); its title counts on its first page only."""
    minuted = getattr(paper, "meeting", None)
    about = minuted or meeting
    title = str(paper) if kind != SearchEntry.Kind.REPORT else paper.title
    url = paper.get_absolute_url()
    first = bisect_left(pages, paper.first_page, key=itemgetter(1))
    last = bisect_right(pages, paper.last_page, key=itemgetter(1))
    for pk, number, printed in pages[first:last]:
        anchor = f"page-{printed}" if printed else f"page-p{number}"
        yield SearchEntry(
            kind=kind,
            source_id=paper.pk,
            title=title[:500],
            weighted_title=number == paper.first_page,
            url=f"{url}#{anchor}",
            page_id=pk,
            page_label=f"Page {printed or number}",
            document_id=paper.document_id,
            meeting=about,
            committee_slug=about.committee.slug,
            decision_maker=about.committee.name,
            date=about.date,
        )


# The columns an entry is loaded with, in bulk: all but its key and its words.
LOADED = [
    field.attname
    for field in SearchEntry._meta.concrete_fields
    if field.attname not in ("id", "vector")
]


def index_all(progress=lambda meetings, total: meetings) -> int:
    """Rebuild every entry from what the public may read now; returns how many were
    written. ``progress`` wraps the meetings' iteration (a progress bar). On PostgreSQL in
    bulk, in one transaction (searches wait for it): the table emptied and its indexes
    dropped, the entries copied in (``COPY``) while ``PageWords`` gives words to any page
    without them, the entries moved into the table with their pages' words by one
    statement, then the indexes built again and the words' statistics refreshed. On
    SQLite, meeting by meeting."""
    meetings = Meeting.objects.public().select_related("committee").order_by("date")
    total = meetings.count()
    if connection.vendor != "postgresql":
        clear_index()
        written = sum(index_meeting(meeting) for meeting in progress(meetings.iterator(), total))
        analyse_index()
        return written
    columns = ", ".join(LOADED)
    with PageWords() as page_words, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'reports_searchentry'"
            " AND indexdef NOT LIKE 'CREATE UNIQUE%%'"
        )
        indexes = cursor.fetchall()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no check left pending on the table
        cursor.execute("TRUNCATE reports_searchentry")
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(
            f"CREATE TEMPORARY TABLE searchentry_load ON COMMIT DROP AS "
            f"SELECT {columns} FROM reports_searchentry WITH NO DATA"
        )
        batch: list[Meeting] = []
        for number, meeting in enumerate(progress(meetings.iterator(), total), 1):
            batch.append(meeting)
            if len(batch) == 200 or number == total:
                # Read before the COPY starts: the entries' queries need the connection.
                rows = "".join(
                    "\t".join(_copied(getattr(entry, name)) for name in LOADED) + "\n"
                    for entry in meetings_entries(batch)
                )
                with cursor.copy(f"COPY searchentry_load ({columns}) FROM STDIN") as copy:
                    copy.write(rows)
                batch = []
        page_words.wait()
        # A page the readers did not reach (not committed when they began) is read here.
        written = _inserted_with_words(cursor, "searchentry_load AS e")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")  # GIN builds in 52 s, not minutes
        for _, definition in indexes:
            cursor.execute(definition)
    analyse_index()
    return written


class PageWords:
    """Words for every page without them (``Page.words``: an archive from before they
    were stored at import), made beside a bulk rebuild by ``READERS`` connections of
    their own (``to_tsvector`` of a million pages is minutes of one core, and one
    statement uses one core) and kept, so a rebuild makes them once.

    Used as a context manager around the rebuild's transaction; ``wait()`` returns once
    every page has words. Inside a transaction already (a test's), other connections
    cannot see its pages, so none is started and the rebuild reads what is missing."""

    READERS = 2
    CHUNK = 20_000  # pages a statement

    def __enter__(self) -> PageWords:
        self.stopping = threading.Event()
        self.failed: list[BaseException] = []
        self.chunks: queue.SimpleQueue = queue.SimpleQueue()
        readers = 0
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SELECT min(id), max(id) FROM reports_page WHERE words IS NULL")
                first, last = cursor.fetchone()
            if first is not None:
                readers = self.READERS
                for start in range(first, last + 1, self.CHUNK):
                    self.chunks.put(start)
        self.readers = [threading.Thread(target=self._read, daemon=True) for _ in range(readers)]
        for reader in self.readers:
            reader.start()
        return self

    def _read(self) -> None:
        from django.db import connections

        try:
            while not self.stopping.is_set():
                try:
                    start = self.chunks.get_nowait()
                except queue.Empty:
                    return
                Page.objects.filter(id__gte=start, id__lt=start + self.CHUNK).words_stored()
        except BaseException as error:  # reported by wait(), in the rebuild's thread
            self.failed.append(error)
        finally:
            connections.close_all()

    def wait(self) -> None:
        for reader in self.readers:
            reader.join()
        if self.failed:
            raise self.failed[0]

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for reader in self.readers:
            reader.join()


def _copied(value) -> str:
    """A value as ``COPY``'s text format writes it."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\r", "").replace("\n", "\\n")


def clear_index() -> None:
    """Remove every search entry (and, on SQLite, its words)."""
    _drop(SearchEntry.objects.all())


def analyse_index() -> None:
    """Refresh the planner's statistics of the words, which the search's plans rely on;
    outside a transaction also VACUUM, which a table freshly filled in bulk needs before
    its rows count as visible to every search (else each checks them again)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            cursor.execute(f"{vacuum}ANALYZE reports_searchentry")


def unindex_meeting(meeting: Meeting) -> None:
    """Take a meeting's content out of search (when it is withdrawn)."""
    document_ids = list(meeting.documents.values_list("pk", flat=True))
    _drop(
        SearchEntry.objects.filter(
            Q(document_id__in=document_ids) | Q(meeting=meeting, document__isnull=True)
        )
    )


def _drop(entries) -> None:
    if connection.vendor == "sqlite":
        ids = list(entries.values_list("pk", flat=True))
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("%s" for _ in chunk)
                cursor.execute(
                    f"DELETE FROM reports_searchentry_fts WHERE rowid IN ({marks})", chunk
                )
    entries.delete()


# An entry's words on PostgreSQL, from the entry ``e`` and its ``page``'s words.
VECTOR = """
    setweight(to_tsvector('english', CASE WHEN e.weighted_title THEN e.title ELSE '' END), 'A')
    || setweight(to_tsvector('english', e.body), 'B')
    || setweight({page}, 'D')
"""
# The words of a page ``p``: stored after its import (``store_page_words``), or made now.
PAGE_WORDS = "coalesce(p.words, to_tsvector('english', coalesce(p.text, '')))"


def _inserted_with_words(cursor, source: str, params: list | None = None) -> int:
    """Insert the entries of ``source`` (rows of the ``LOADED`` columns, named ``e``) with
    their words, their pages' taken from each page (PostgreSQL); returns how many."""
    cursor.execute(
        f"INSERT INTO reports_searchentry ({', '.join(LOADED)}, vector) "
        f"SELECT {', '.join('e.' + name for name in LOADED)}, {VECTOR.format(page=PAGE_WORDS)} "
        f"FROM {source} LEFT JOIN reports_page AS p ON p.id = e.page_id",
        params,
    )
    return cursor.rowcount


def _written_with_words(entries: list[SearchEntry]) -> None:
    """Write new entries with their words. On PostgreSQL one ``INSERT`` computes the words
    as it writes the rows (an insert then an update wrote each row, and its eleven index
    entries, twice); on SQLite the rows are written, then their words into FTS5."""
    if not entries:
        return
    if connection.vendor == "postgresql":
        fields = [SearchEntry._meta.get_field(name) for name in LOADED]
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        with connection.cursor() as cursor:
            _inserted_with_words(
                cursor,
                f"unnest({arrays}) AS e({', '.join(LOADED)})",
                [[getattr(entry, name) for entry in entries] for name in LOADED],
            )
        return
    ids = [entry.pk for entry in SearchEntry.objects.bulk_create(entries, batch_size=1000)]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(
                f"""
                INSERT INTO reports_searchentry_fts (rowid, title, body)
                SELECT e.id, CASE WHEN e.weighted_title THEN e.title ELSE '' END,
                       e.body || ' ' || coalesce(p.text, '')
                FROM reports_searchentry e LEFT JOIN reports_page p ON p.id = e.page_id
                WHERE e.id IN ({marks})
                """,
                chunk,
            )


# ---------------------------------------------------------------- the query language

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)
# PostgreSQL's English stop words (tsearch_data/english.stop), which its full-text search
# leaves out; the parser leaves them out too, so that SQLite answers the same.
_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
"""
STOP_WORDS = frozenset(_ENGLISH_STOP.split())
NOTHING_TO_SEARCH = (
    'Add a word to search for: words like "the" and words after "-" are not searched on their own.'
)


@dataclass
class ParsedQuery:
    """A web-search query: words and "phrases" all required, ``or`` between alternatives,
    ``-word`` excluded (the syntax of PostgreSQL's ``websearch_to_tsquery``). A word or
    phrase of stop words alone is left out, as PostgreSQL leaves it out."""

    clauses: list[list[list[str]]] = field(default_factory=list)  # AND of ORs of phrases
    excluded: list[list[str]] = field(default_factory=list)


def parse_query(text: str) -> ParsedQuery:
    query = ParsedQuery()
    pending_or = False
    for match in _TOKEN.finditer(text):
        negative, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare.lower() == "or":
                pending_or = bool(query.clauses)
                continue
            negative = "-" if bare.startswith("-") else ""
            words = _WORD.findall(bare)
        else:
            words = _WORD.findall(quoted)
        if all(word.lower() in STOP_WORDS for word in words):
            continue
        if negative:
            query.excluded.append(words)
        elif pending_or:
            query.clauses[-1].append(words)
        else:
            query.clauses.append([words])
        pending_or = False
    return query


def has_words(text: str) -> bool:
    """Whether a query asks for some word: not only stop words, or words to leave out."""
    return bool(parse_query(text).clauses)


def tidy_query(text: str) -> str:
    """A query cut to ``MAX_QUERY`` characters and ``MAX_TERMS`` terms, each term once."""
    terms = [match.group(0) for match in _TOKEN.finditer(" ".join(text.split())[:MAX_QUERY])]
    return " ".join(list(dict.fromkeys(terms))[:MAX_TERMS])


def fts5_query(text: str) -> str | None:
    """The FTS5 MATCH expression for a web-search query, every word quoted so that no
    input is read as FTS5 syntax; None when nothing is left to look for."""
    parsed = parse_query(text)

    def phrase(words: list[str]) -> str:
        return '"' + " ".join(word.replace('"', '""') for word in words) + '"'

    if not parsed.clauses:
        return None
    expression = " AND ".join(
        "(" + " OR ".join(phrase(words) for words in clause) + ")" for clause in parsed.clauses
    )
    for words in parsed.excluded:
        expression = f"({expression}) NOT {phrase(words)}"
    return expression


def entries_matching(text: str):
    """The search entries holding the words of a web-search query (unranked); none when
    it asks for no word (``has_words``)."""
    if not has_words(text):
        return SearchEntry.objects.none()
    if connection.vendor == "postgresql":
        words = SearchQuery(text, search_type="websearch", config="english")
        return SearchEntry.objects.filter(vector=words)
    expression = fts5_query(text)
    if expression is None:
        return SearchEntry.objects.none()
    return SearchEntry.objects.filter(
        id__in=RawSQL(
            "SELECT rowid FROM reports_searchentry_fts WHERE reports_searchentry_fts MATCH %s",
            [expression],
        )
    )


# ---------------------------------------------------------------- searching


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    committee: str | None = None
    decision_maker: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def sql(self, alias: str = "e") -> tuple[str, list]:
        """ " AND …" clauses on the entries named ``alias``, and their parameters."""
        where, params = [], []
        if self.kinds:
            where.append(f"{alias}.kind IN (" + ",".join("%s" for _ in self.kinds) + ")")
            params.extend(self.kinds)
        if self.committee:
            where.append(f"{alias}.committee_slug = %s")
            params.append(self.committee)
        if self.decision_maker:
            where.append(f"{alias}.decision_maker = %s")
            params.append(self.decision_maker)
        if self.date_from:
            where.append(f"{alias}.date >= %s")
            params.append(self.date_from)
        if self.date_to:
            where.append(f"{alias}.date <= %s")
            params.append(self.date_to)
        return "".join(f" AND {clause}" for clause in where), params

    def narrow(self, entries):
        """The same filters on a queryset of ``SearchEntry`` (as ``entries_matching``
        returns): for callers that go on with the ORM, like the alert digest."""
        if self.kinds:
            entries = entries.filter(kind__in=self.kinds)
        if self.committee:
            entries = entries.filter(committee_slug=self.committee)
        if self.decision_maker:
            entries = entries.filter(decision_maker=self.decision_maker)
        if self.date_from:
            entries = entries.filter(date__gte=self.date_from)
        if self.date_to:
            entries = entries.filter(date__lte=self.date_to)
        return entries


@dataclass
class Hit:
    """A paper (or record, or item) found, shown by its best-matching page."""

    entry: SearchEntry
    snippet: SafeString
    committee_name: str
    more_pages: int = 0  # other pages of the same paper that match too

    @property
    def paper_url(self) -> str:
        return self.entry.url.partition("#")[0]


@dataclass
class Results:
    hits: list[Hit]
    page: int
    pages: int
    total: int  # papers found (or, for common words, about how many pages match)
    more_than: bool  # total is a floor: more entries matched than were counted
    message: str = ""

    # Read like a Django ``Page``, so the one pagination template serves both.
    @property
    def number(self) -> int:
        return self.page

    @property
    def paginator(self) -> Results:
        return self

    @property
    def num_pages(self) -> int:
        return self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_other_pages(self) -> bool:
        return self.pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.page - 1

    @property
    def next_page_number(self) -> int:
        return self.page + 1

    @property
    def start(self) -> int:
        return (self.page - 1) * PER_PAGE + 1

    @property
    def count_label(self) -> str:
        if self.total > COMMON:
            return f"About {self.total:,} matches; the newest {CANDIDATES:,} are ranked"
        if self.more_than:
            return f"More than {CANDIDATES:,} matches; the newest {CANDIDATES:,} are ranked"
        return f"{self.total:,} result{'s' if self.total != 1 else ''}"


SORTS = {"relevance", "newest", "oldest"}


def search(text: str, filters: Filters, *, sort: str = "relevance", page: int = 1) -> Results:
    """A page of results for a web-search query, best (or newest, or oldest) first: one
    per paper, and one per decision (its made record, when that matches too)."""
    text = tidy_query(text)
    sort = sort if sort in SORTS else "relevance"
    if not text:
        return Results([], 1, 0, 0, False, "Enter some words to search for.")
    run = _postgres if connection.vendor == "postgresql" else _sqlite
    found = run(text, filters, sort, max(1, page)) if has_words(text) else None
    if found is None:
        return Results([], 1, 0, 0, False, NOTHING_TO_SEARCH)
    shown, papers, total, more_than, page = found
    entries = SearchEntry.objects.in_bulk([pk for pk, _, _ in shown])
    names = dict(Committee.objects.values_list("slug", "name"))
    hits = [
        Hit(
            entries[pk],
            _highlight(snippet),
            names.get(entries[pk].committee_slug, ""),
            more_pages=matches - 1,
        )
        for pk, matches, snippet in shown
        if pk in entries
    ]
    return Results(hits, page, _last_page(papers), total, more_than)


def _highlight(snippet: str) -> SafeString:
    """Escape the text, then mark the matched words (the markers cannot be typed in HTML)."""
    safe = escape(" ".join((snippet or "").split()))
    return mark_safe(safe.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _last_page(papers: int) -> int:
    return max(1, -(-min(papers, CANDIDATES) // PER_PAGE))


# One result per paper: of the matching entries of one paper (its pages: same kind and
# source), the best ranked stands for it, with how many matched. A decision record or an
# agenda item is one entry, so it is its own group.
_ONE_PER_PAPER = """
    SELECT id, date, rank,
           row_number() OVER (PARTITION BY kind, source_id ORDER BY {best}, id) AS nth,
           count(*) OVER (PARTITION BY kind, source_id) AS matches
    FROM {source}
"""


def _made_stands_for_proposal(filters: Filters, words: str, words_params: list):
    """A clause leaving out a proposed record's entry when the entry of its made record
    matches too (``words``, on the entries named ``m``, and the same filters): the made
    record stands for the decision, as in the register (``DecisionRecordQuerySet.current``).
    A proposal whose made record is not public has no such entry, and stays.

    On PostgreSQL ``OFFSET 0`` keeps the check to the entry at hand: without it the planner
    may hash the check of every record in the archive first, whichever few entries a search
    reads (84 ms a search on 20 years)."""
    where, params = filters.sql(alias="m")
    records = DecisionRecord._meta.db_table
    one_by_one = "OFFSET 0" if connection.vendor == "postgresql" else ""
    clause = f"""
        AND NOT (e.kind = %s AND EXISTS (
            SELECT 1 FROM {records} p
            JOIN reports_searchentry m ON m.kind = %s AND m.source_id = p.made_as_id
            WHERE p.id = e.source_id AND {words}{where}
            {one_by_one}
        ))"""
    decision = SearchEntry.Kind.DECISION.value
    return clause, [decision, decision, *words_params, *params]


def _postgres(text: str, filters: Filters, sort: str, page: int):
    where, params = filters.sql()
    query = "websearch_to_tsquery('english', %s)"
    made, made_params = _made_stands_for_proposal(filters, f"m.vector @@ {query}", [text])
    order = _ORDER[sort]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT numnode({query})", [text])
        if cursor.fetchone()[0] == 0:
            return None
        # Never read the whole table: every plan below reads an index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL jit = off")  # compiling costs more than these plans save
        cursor.execute("SET LOCAL work_mem = '32MB'")  # the candidates' words, sorted
        # Statements psycopg has prepared are still planned for these words and settings,
        # never from a plan kept for others.
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        words = _rows(cursor, f"e.vector @@ {query}", [text])
        entries = max(_rows(cursor, "TRUE", []), 1)
        share = _at_most(cursor, text) / entries
        filtered = _rows(cursor, f"TRUE{where}", params) if where else entries
        ask = partial(_candidates, cursor, text, where, params, made, made_params, sort)
        found = _within_windows(cursor, ask, where, params, order, share, filtered)
        more_than = bool(found) and found[0][2] > CANDIDATES
        # Beyond the candidates, the planner's estimate of a common word (it cannot count
        # rarer ones well, and multiplies the shares of words that must all be there)
        # says about how many.
        known = not where and words > COMMON
        total = words if more_than and known else len(found)
        page = min(page, _last_page(len(found)))
        shown = found[(page - 1) * PER_PAGE : page * PER_PAGE]
        ids = [pk for pk, _, _ in shown]
        snippets = {}
        if ids:
            cursor.execute(
                f"""
                SELECT e.id, ts_headline('english', coalesce(p.text, e.body), {query}, %s)
                FROM reports_searchentry e LEFT JOIN reports_page p ON p.id = e.page_id
                WHERE e.id = ANY(%s)
                """,
                [text, HEADLINE_OPTIONS, ids],
            )
            snippets = dict(cursor.fetchall())
    shown = [(pk, matches, snippets.get(pk, "")) for pk, matches, _ in shown]
    return shown, len(found), total, more_than, page


_ORDER = {"relevance": "date DESC, id", "newest": "date DESC, id", "oldest": "date ASC, id DESC"}


def _candidates(cursor, text, where, params, made, made_params, sort, window):
    """The newest (or oldest) ``CANDIDATES`` matches, ranked, one per paper (its best
    page), in the order shown: (entry, matches of its paper, matches among the newest
    ``CANDIDATES + 1``). ``window``: the date the newest entries reach back to (or the
    oldest forward to), within which the candidates are sought."""
    query = "websearch_to_tsquery('english', %s)"
    order = _ORDER[sort]
    walk = ", ".join(f"e.{key}" for key in order.split(", "))
    shown_first = "rank DESC, date DESC, id" if sort == "relevance" else order
    within, within_params = "", []
    if window is not None:
        within = " AND e.date <= %s" if sort == "oldest" else " AND e.date >= %s"
        within_params = [window]
    papers = _ONE_PER_PAPER.format(best="rank DESC", source="kept")
    cursor.execute(
        f"""
        WITH candidates AS MATERIALIZED (
            SELECT e.id, e.date, e.kind, e.source_id, e.vector
            FROM reports_searchentry e WHERE e.vector @@ {query}{where}{within}{made}
            ORDER BY {walk} LIMIT %s
        ), kept AS (
            SELECT id, date, kind, source_id, ts_rank(vector, {query}) AS rank
            FROM candidates ORDER BY {order} LIMIT %s
        )
        SELECT id, matches, (SELECT count(*) FROM candidates)
        FROM ({papers}) AS papers WHERE nth = 1
        ORDER BY {shown_first}
        """,
        [text, *params, *within_params, *made_params, CANDIDATES + 1, text, CANDIDATES],
    )
    return cursor.fetchall()


def _within_windows(cursor, ask, where, params, order, share: float, filtered: float):
    """The candidates (``ask(window)``), sought among the newest entries (in ``order``)
    that should hold them by the words' ``share``, then among as many more as the matches
    found there say, then among all the ``filtered`` entries. Dense words walk the date
    index until the candidates are met (a few entries a match); rarer ones, or words
    found rarer than their share said, take the GIN index's bitmap and sort it (a walk
    would read mostly entries that do not match). However wrong the estimate, no walk
    reads much more than its window."""
    walk = share >= DENSE
    entries = WINDOW * (CANDIDATES + 1) / share
    for _ in range(2):
        window = _window(cursor, where, params, order, entries) if entries < filtered / 2 else None
        if window is None:
            break
        found = _asked(cursor, ask, window, walk)
        among = found[0][2] if found else 0
        if among > CANDIDATES:
            return found
        walk = False
        if not among:
            break
        entries *= max(2.0, WINDOW * (CANDIDATES + 1) / among)  # as the words were rarer
    return _asked(cursor, ask, None, walk)


def _asked(cursor, ask, window, walk: bool):
    """``ask(window)`` with the plan kept to a walk of the date index, or to the bitmap."""
    cursor.execute(f"SET LOCAL {'enable_bitmapscan' if walk else 'enable_indexscan'} = off")
    try:
        return ask(window)
    finally:
        cursor.execute("SET LOCAL enable_bitmapscan = on")
        cursor.execute("SET LOCAL enable_indexscan = on")


def _rows(cursor, condition: str, params: list) -> float:
    """The planner's estimate of how many entries meet ``condition`` (on entries ``e``)."""
    cursor.execute(
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM reports_searchentry e WHERE {condition}", params
    )
    return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]


def _at_most(cursor, text: str) -> float:
    """At most how many entries match the query. The planner's estimate of each word alone
    is good, but it multiplies the shares of words that must all be there, as if unrelated,
    and related words (a phrase, most of all) are then far commoner than it says. Here,
    words that must all be there match at most as often as the rarest of them, and
    alternatives at most as often as all of them together."""
    estimates: dict[str, float] = {}

    def rows(word: str) -> float:
        if word not in estimates:
            estimates[word] = _rows(cursor, "e.vector @@ plainto_tsquery('english', %s)", [word])
        return estimates[word]

    clauses = [
        sum(
            min(rows(word.lower()) for word in phrase if word.lower() not in STOP_WORDS)
            for phrase in clause
        )
        for clause in parse_query(text).clauses
    ]
    return min(clauses)


def _window(cursor, where: str, params: list, order: str, entries: float):
    """The date the newest ``entries`` filtered entries reach back to (in ``order``), read
    off a date index; None when there are fewer."""
    by_date = order.split(", ")[0]  # ties do not move the date: one index serves each filter
    cursor.execute(
        f"SELECT e.date FROM reports_searchentry e WHERE TRUE{where} ORDER BY e.{by_date} "
        "OFFSET %s LIMIT 1",
        [*params, int(entries)],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def _sqlite(text: str, filters: Filters, sort: str, page: int):
    expression = fts5_query(text)
    if expression is None:
        return None
    where, params = filters.sql()
    made, made_params = _made_stands_for_proposal(
        filters,
        "m.id IN (SELECT rowid FROM reports_searchentry_fts WHERE reports_searchentry_fts "
        "MATCH %s)",
        [expression],
    )
    match = (
        "FROM reports_searchentry_fts f JOIN reports_searchentry e ON e.id = f.rowid "
        f"WHERE reports_searchentry_fts MATCH %s{where}{made}"
    )
    params = [*params, *made_params]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT e.kind, e.source_id {match} LIMIT %s)",
            [expression, *params, CANDIDATES + 1],
        )
        total = cursor.fetchone()[0]
        page = min(page, _last_page(total))
        offset = (page - 1) * PER_PAGE
        shown = min(PER_PAGE, CANDIDATES - offset)  # no further than the ranked matches
        order = {
            "relevance": "rank, date DESC, id DESC",
            "newest": "date DESC, id DESC",
            "oldest": "date ASC, id ASC",
        }[sort]
        hits = (
            "(SELECT e.id, e.date, e.kind, e.source_id, "
            f"bm25(reports_searchentry_fts, 10.0, 1.0) AS rank {match})"
        )
        papers = _ONE_PER_PAPER.format(best="rank", source=hits)
        cursor.execute(
            f"""
            SELECT id, matches FROM ({papers}) WHERE nth = 1
            ORDER BY {order} LIMIT %s OFFSET %s
            """,
            [expression, *params, shown, offset],
        )
        found = cursor.fetchall()
        snippets = {}
        if found:
            marks = ",".join("%s" for _ in found)
            cursor.execute(
                f"""
                SELECT rowid, snippet(reports_searchentry_fts, 1, %s, %s, ' … ', 30)
                FROM reports_searchentry_fts
                WHERE reports_searchentry_fts MATCH %s AND rowid IN ({marks})
                """,
                [MARK_START, MARK_END, expression, *(pk for pk, _ in found)],
            )
            snippets = dict(cursor.fetchall())
    shown = [(pk, matches, snippets.get(pk, "")) for pk, matches in found]
    return shown, total, total, total > CANDIDATES, page
