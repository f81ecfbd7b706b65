"""Exempt stays exempt, whatever staff do: a property-based test (Hypothesis).

A published meeting holds every kind of exempt paper, each with a marker phrase of its
own: an exempt item's report, its appendix and its proposed record of decision, the
previous meeting's exempt minutes, a report a clerk marked exempt on its own, the
councillors-only pack of the exempt item, and a made record exempt on its own. An
unpublished supplementary pack carries a draft marker. Random sequences of the staff's
corrections follow, each through the staff pages as a clerk makes it (delete, add,
renumber, mark exempt and try to unmark, merge, split, retype, move a report, change the
meeting, later packs that print items exempt or open, a re-import, publish, withdraw, make
public). After every step every public URL is fetched signed out, and each marker is
searched for: none appears unless a "make public" step named the paper holding it (or,
for draft text, its pack was published).

The example budget is fixed (``EXEMPT_PROPERTY_EXAMPLES``, default 12, each of up to 8
steps), shared by ``PARTS`` tests of fixed seeds, so CI runs the same sequences every time
on both databases and the parts run side by side; raise the budget to search harder.
"""

import datetime
import os

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from decisions.models import DecisionRecord
from meetings.access import PUBLIC, Access
from meetings.models import AgendaItem, Meeting
from packs.writing import sample_pack, supplementary_pack
from publishing.exemption import PAPERS, exempt_targets
from publishing.imports import pack_import
from publishing.services import public_content_changed
from reports.models import Appendix, Document, Page, Report

from .review import make_public, record_data, review_data
from .walk import public_text

MEETING_DATE = datetime.date(2026, 9, 14)
EXEMPT = {
    "report": "Quillfeather valuation",
    "appendix": "Brackenmoor figures",
    "decision": "Tamberlake resolution",
    "minutes": "Oddingley settlement",
}
OWN = "Wrenhallow forecast"  # a report marked exempt on its own by the clerk
MEMBERS_ONLY = "Sallowmere tender"  # the councillors-only pack of the exempt item
MADE = "Corriebeck disposal"  # a made record exempt on its own, of a public proposal
LATER_EXEMPT = "Ravensworth lease"  # a later pack printing item 9 as exempt
DRAFT = "Pellingham bypass"  # an unpublished supplementary pack, public once published
LATER_OPEN = "Thistlebrook grant"  # a later pack printing an exempt item as open
SECRETS = [*EXEMPT.values(), OWN, MEMBERS_ONLY, MADE, LATER_EXEMPT]
WORDS = [marker.split()[0] for marker in [*SECRETS, DRAFT, LATER_OPEN]]
EXAMPLES = int(os.environ.get("EXEMPT_PROPERTY_EXAMPLES", "12"))
PARTS = 4
# Each correction a step may make, by how often it is tried.
CORRECTIONS = {
    "delete_an_item": 3,
    "add_an_item": 1,
    "renumber_an_item": 1,
    "mark_an_item_exempt": 1,
    "try_to_unmark_an_exempt_item": 1,
    "merge_a_report_with_the_next_paper": 3,
    "split_a_report": 3,
    "retype_a_report_as_an_appendix": 3,
    "retype_an_appendix_as_a_report": 3,
    "move_a_report_to_another_item": 3,
    "try_to_unmark_an_exempt_report": 1,
    "change_the_meeting": 1,
    "import_a_later_pack": 2,
    "publish": 2,
    "withdraw": 1,
    "make_something_public": 2,
    "leave_a_paper_out": 2,
    "make_a_paper_of_pages_in_none": 2,
}
WEIGHTED = [name for name, weight in CORRECTIONS.items() for _ in range(weight)]


@pytest.fixture(scope="module")
def later_packs():
    """The packs a step may import later, made once: (name, PDF, filename)."""
    exempt = supplementary_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        number_from=9,
        exempt_text=f"The {LATER_EXEMPT} is commercially confidential.",
    )
    reopened = supplementary_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        number_from=11,
        report_text={"11": f"The {LATER_OPEN} may be published."},
    )
    return {"exempt": exempt, "reopened": reopened}


@pytest.fixture
def published(media, clerk):
    """The published meeting with every kind of exempt paper, and the draft pack."""
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        exempt_text=EXEMPT,
        report_text={"6": f"The {OWN} was agreed in confidence."},
    )
    meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
    members_only = supplementary_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        number_from=11,
        exempt_text=f"The {MEMBERS_ONLY} is sent to members only.",
    )
    pack_import(source=members_only.pdf, filename=members_only.filename, publish=True)
    staff = Client()
    staff.force_login(clerk)
    own = Report.objects.get(document__meeting=meeting, agenda_item__number="6")
    data = record_data(staff, meeting, "reports", own)
    data.update(is_exempt="on", publish_correction="1")
    assert staff.post(f"/staff/meetings/{meeting.pk}/reports/{own.pk}/", data).status_code == 302
    proposal = DecisionRecord.objects.filter(
        meeting=meeting, status="proposed", agenda_item__number="7"
    ).get()
    proposal.made_as = DecisionRecord.objects.create(
        title="A decision taken in confidence",
        decision=f"The {MADE} is agreed.",
        decision_maker="Cabinet",
        date=MEETING_DATE,
        meeting=meeting,
        is_exempt=True,
    )
    proposal.save()
    draft = supplementary_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=3,
        number_from=12,
        report_text={"12": f"The {DRAFT} is proposed."},
    )
    pack_import(source=draft.pdf, filename=draft.filename)
    public_content_changed()
    return meeting, staff, pack


@pytest.mark.parametrize("part", range(PARTS))
def test_staff_corrections_never_make_exempt_text_public(
    transactional_db, published, later_packs, client, part
):
    """Each example is a transaction of its own, rolled back at its end: on PostgreSQL one
    transaction holding every example's savepoints slows every statement down as they
    pile up (past 64 subtransactions a snapshot overflows). Each part draws its share of
    the examples from a seed of its own."""
    meeting, staff, pack = published
    assert not leaks(client, allowed=set()), "the fixture itself leaks"
    Corrections.meeting, Corrections.staff, Corrections.public = meeting, staff, client
    Corrections.packs = {**later_packs, "again": pack}
    run_state_machine_as_test(
        seed(part)(lambda: Corrections()),
        settings=settings(
            max_examples=-(-EXAMPLES // PARTS),
            stateful_step_count=8,
            deadline=None,
            derandomize=False,
            database=None,
            # No shrinking: a failure says its steps itself, and shrinking takes minutes.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )


def leaks(client, *, allowed: set[str]) -> list[tuple[str, str]]:
    # Councillors' pages carry names, not papers' text: the leak test walks them.
    pages = public_text(client, words=WORDS, skip=("meetings:councillor",))
    return [
        (url, marker)
        for url, text in pages.items()
        for marker in [*SECRETS, DRAFT, LATER_OPEN]
        if marker in text and marker not in allowed
    ]


class Corrections(RuleBasedStateMachine):
    """One example: staff's corrections to the published meeting, from its state in the
    fixture, all undone afterwards (its transaction rolled back)."""

    meeting: Meeting
    staff: Client
    public: Client
    packs: dict

    def __init__(self):
        super().__init__()
        self.transaction = transaction.atomic()
        self.transaction.__enter__()
        self.allowed: set[str] = set()
        self.drafts = {DRAFT}  # the markers of open papers in packs not yet published
        self.steps: list[str] = []
        self.walked = 0  # the steps taken when the public pages were last walked

    def teardown(self):
        transaction.set_rollback(True)
        self.transaction.__exit__(None, None, None)

    # ------------------------------------------------------------ what a clerk does

    @rule(data=st.data())
    def correct(self, data):
        """One correction, drawn by weight: those that move papers or their labels, which
        could reveal something, are tried most."""
        getattr(self, data.draw(st.sampled_from(WEIGHTED)))(data)

    def post(self, data: dict, url: str | None = None):
        data = {**data, "publish_correction": "1"}
        return self.staff.post(url or f"/staff/meetings/{self.meeting.pk}/", data)

    @staticmethod
    def pick(data, things: list, *, rather: list | None = None):
        """One of ``things``, as often one of ``rather`` (the exempt ones) when there are
        any: the corrections that could reveal something are the ones worth trying."""
        if rather and data.draw(st.booleans()):
            return data.draw(st.sampled_from(rather))
        return data.draw(st.sampled_from(things))

    def items(self, **filters) -> list[AgendaItem]:
        return list(self.meeting.agenda_items.filter(**filters).order_by("order"))

    def agenda(self, change) -> None:
        data = review_data(self.staff, self.meeting)
        change(data["post"], data["items"])
        self.post(data["post"])

    def delete_an_item(self, data):
        item = self.pick(data, self.items(), rather=self.items(is_exempt=True))
        self.steps.append(f"delete item {item.number}")
        self.agenda(lambda post, rows: post.update({f"items-{rows.index(item.pk)}-DELETE": "on"}))

    def add_an_item(self, data):
        number = data.draw(st.integers(20, 40))
        self.steps.append(f"add item {number}")
        self.post({"form": "add_item", "add_item-number": str(number), "add_item-title": "Added"})

    def renumber_an_item(self, data):
        item = self.pick(data, self.items(), rather=self.items(is_exempt=True))
        self.steps.append(f"renumber item {item.number}")
        self.agenda(
            lambda post, rows: post.update({f"items-{rows.index(item.pk)}-number": f"{item.pk}r"})
        )

    def mark_an_item_exempt(self, data):
        open_items = self.items(is_exempt=False)
        if not open_items:
            return
        item = data.draw(st.sampled_from(open_items))
        self.steps.append(f"mark item {item.number} exempt")

        def tick(post, rows):
            index = rows.index(item.pk)
            post.update({f"items-{index}-is_exempt": "on", f"items-{index}-exempt_paragraph": "3"})

        self.agenda(tick)

    def try_to_unmark_an_exempt_item(self, data):
        exempt = self.items(is_exempt=True)
        if not exempt:
            return
        item = data.draw(st.sampled_from(exempt))
        self.steps.append(f"untick item {item.number}")

        def untick(post, rows):
            index = rows.index(item.pk)
            post.pop(f"items-{index}-is_exempt", None)
            post.pop(f"items-{index}-exempt_paragraph", None)

        self.agenda(untick)

    def reports(self) -> list[Report]:
        return list(Report.objects.filter(document__meeting=self.meeting).order_by("pk"))

    def merge_a_report_with_the_next_paper(self, data):
        reports = [report for report in self.reports() if report.next_paper()]
        if reports:
            before_exempt = [r for r in reports if r.next_paper().is_exempt_here]
            report = self.pick(data, reports, rather=before_exempt)
            self.steps.append(f"merge report {report.pk}")
            self.post({"form": "merge", "merge-paper": report.pk})

    def split_a_report(self, data):
        reports = [report for report in self.reports() if report.last_page > report.first_page]
        if reports:
            report = self.pick(data, reports, rather=[r for r in reports if r.is_exempt_here])
            at = data.draw(st.integers(report.first_page + 1, report.last_page))
            kind = data.draw(st.sampled_from(["appendix", "report"]))
            self.steps.append(f"split report {report.pk} at {at} ({kind})")
            self.post(
                {"form": "split", "split-paper": report.pk, "split-at": at, "split-kind": kind}
            )

    def retype_a_report_as_an_appendix(self, data):
        reports = [report for report in self.reports() if report.report_before()]
        if reports:
            report = self.pick(data, reports, rather=[r for r in reports if r.is_exempt_here])
            self.steps.append(f"report {report.pk} → appendix")
            self.post({"form": "retype", "retype-paper": report.pk})

    def retype_an_appendix_as_a_report(self, data):
        appendices = list(Appendix.objects.filter(document__meeting=self.meeting).order_by("pk"))
        if appendices:
            exempt = [a for a in appendices if a.is_exempt_here]
            appendix = self.pick(data, appendices, rather=exempt)
            self.steps.append(f"appendix {appendix.pk} → report")
            self.post({"form": "as_report", "as_report-appendix": appendix.pk})

    def move_a_report_to_another_item(self, data):
        reports = self.reports()
        if reports:
            report = self.pick(data, reports, rather=[r for r in reports if r.is_exempt_here])
            item = self.pick(data, [None, *self.items()], rather=self.items(is_exempt=False))
            self.steps.append(f"move report {report.pk} to {item and item.number}")
            post = record_data(self.staff, self.meeting, "reports", report)
            post["agenda_item"] = str(item.pk) if item else ""
            self.post(post, url=f"/staff/meetings/{self.meeting.pk}/reports/{report.pk}/")

    def change_the_meeting(self, data):
        venue = data.draw(st.sampled_from(["Shire Hall, Room 2", "Council Chamber"]))
        hour = data.draw(st.integers(9, 18))
        self.steps.append(f"meeting at {hour}:00 in {venue}")
        self.post(
            {
                "form": "details",
                "meeting-committee": str(self.meeting.committee_id),
                "meeting-date": self.meeting.date.isoformat(),
                "meeting-start_time": f"{hour:02d}:00",
                "meeting-venue": venue,
            }
        )

    def import_a_later_pack(self, data):
        name = data.draw(st.sampled_from(["exempt", "reopened", "again"]))
        self.steps.append(f"import the {name} pack")
        if name == "reopened" and not self.items(number="11", is_exempt=True):
            self.drafts.add(LATER_OPEN)  # its item 11 is a new, open item: a draft paper
        pack = self.packs[name]
        pack_import(source=pack.pdf, filename=pack.filename)

    def publish(self, data):
        self.steps.append("publish")
        self.staff.post(f"/staff/meetings/{self.meeting.pk}/publish/")
        self.allowed |= self.drafts

    def withdraw(self, data):
        self.steps.append("withdraw")
        self.staff.post(f"/staff/meetings/{self.meeting.pk}/withdraw/", {"reason": "Checking."})

    def make_something_public(self, data):
        targets = [target for target in exempt_targets(self.meeting) if not target.blocked]
        if not targets:
            return
        target = data.draw(st.sampled_from(targets))
        named = markers_in(target.key)
        self.steps.append(f"make public {target.label}")
        response = make_public(self.staff, self.meeting, target.key, reason="It may be public.")
        if response.status_code == 302:
            self.allowed |= named

    def leave_a_paper_out(self, data):
        papers = [
            (kind, paper)
            for kind, model in PAPERS.items()
            for paper in model.objects.filter(document__meeting=self.meeting, first_page__gt=0)
        ]
        exempt = [(kind, paper) for kind, paper in papers if paper.is_exempt_here]
        kind, paper = self.pick(data, papers, rather=exempt)
        self.steps.append(f"leave out {kind} {paper.pk}")
        self.post({"form": "leave_out", "leave_out-paper": f"{kind}:{paper.pk}"})

    def make_a_paper_of_pages_in_none(self, data):
        spare = [
            (document, group.numbers)
            for document in self.meeting.documents.all()
            for group in document.page_groups()
            if not group.paper
        ]
        if not spare:
            return
        document, numbers = data.draw(st.sampled_from(spare))
        first = data.draw(st.sampled_from(numbers))
        kind = data.draw(st.sampled_from(["report", "minutes", "decision"]))
        self.steps.append(f"make pages from {first} of {document.pk} {kind}")
        self.post(
            {
                "form": "make_paper",
                "make_paper-document": document.pk,
                "make_paper-first_page": first,
                "make_paper-last_page": first,
                "make_paper-kind": kind,
            }
        )

    def try_to_unmark_an_exempt_report(self, data):
        exempt = [report for report in self.reports() if report.is_exempt]
        if exempt:
            report = data.draw(st.sampled_from(exempt))
            self.steps.append(f"untick report {report.pk}")
            post = record_data(self.staff, self.meeting, "reports", report)
            post.pop("is_exempt", None)
            self.post(post, url=f"/staff/meetings/{self.meeting.pk}/reports/{report.pk}/")
            assert Report.objects.get(pk=report.pk).is_exempt

    # ------------------------------------------------------------ what the public see

    @invariant()
    def nothing_exempt_or_draft_is_public(self):
        """Walked after every step that did something (the fixture's own state is walked
        once, before the examples)."""
        if len(self.steps) == self.walked:
            return
        self.walked = len(self.steps)
        self.meeting.refresh_from_db()
        found = leaks(self.public, allowed=self.allowed)
        assert not found, f"after {self.steps}: {found}"
        for model in PAPERS.values():
            flagged = set(model.objects.public().values_list("pk", flat=True))
            ruled = set(model.objects.published().not_exempt().values_list("pk", flat=True))
            assert flagged == ruled, f"after {self.steps}: {model.__name__} flags {flagged ^ ruled}"
        flagged = set(PUBLIC.documents().values_list("pk", flat=True))
        ruled = set(STAFF.documents().published().values_list("pk", flat=True))
        assert flagged == ruled, f"after {self.steps}: Document flags {flagged ^ ruled}"
        listed = set(PUBLIC.current_decisions().values_list("pk", flat=True))
        public = DecisionRecord.objects.public()
        current = set(public.current(public).values_list("pk", flat=True))
        assert listed == current, f"after {self.steps}: register flags {listed ^ current}"


# Staff who may not read exempt papers: shown a document by the rule, not by a flag.
STAFF = Access(sees_drafts=True)


def markers_in(key: str) -> set[str]:
    """The markers in the text of what a "make public" names: the paper's pages and its own
    fields; for an item, those of every paper on it, the pages of its printed range in the
    agenda pack, and any paper printed within those pages; for pages, their text."""
    kind, _, rest = key.partition(":")
    texts: list[str] = []
    if kind == "pages":
        document, _, span = rest.partition(":")
        first, _, last = span.partition("-")
        texts += Page.objects.filter(
            document_id=document, number__gte=first, number__lte=last
        ).values_list("text", flat=True)
    elif kind == "item":
        item = AgendaItem.objects.get(pk=rest)
        reports = Report.objects.filter(agenda_item=item)
        papers = [
            *reports,
            *Appendix.objects.filter(report__in=reports),
            *item.minutes_presented.all(),
            *DecisionRecord.objects.filter(agenda_item=item),
            *DecisionRecord.objects.filter(report__in=reports),
        ]
        pages = {(p.document_id, n) for p in papers for n in p.page_numbers}
        if item.first_page is not None:
            pages |= set(
                Page.objects.filter(
                    document__meeting=item.meeting,
                    document__kind=Document.Kind.MAIN_PACK,
                    printed_number__gte=item.first_page,
                    printed_number__lte=item.last_page or item.first_page,
                ).values_list("document_id", "number")
            )
        for model in PAPERS.values():
            papers += [
                p
                for p in model.objects.filter(document__in={d for d, _ in pages})
                if p.page_numbers and {(p.document_id, n) for n in p.page_numbers} <= pages
            ]
        texts += [_fields(paper) for paper in papers]
        texts += [
            Page.objects.get(document_id=document, number=number).text for document, number in pages
        ]
    else:
        paper = PAPERS[kind].objects.get(pk=rest)
        texts.append(_fields(paper))
        texts += Page.objects.filter(
            document_id=paper.document_id, number__in=list(paper.page_numbers)
        ).values_list("text", flat=True)
    text = "\n".join(texts)
    return {marker for marker in [*SECRETS, DRAFT, LATER_OPEN] if marker in text}


def _fields(paper) -> str:
    """A paper's own words, copied from its pages at import."""
    fields = ["title", "recommendations", "decision", "reasons", "alternatives_rejected"]
    words = [str(getattr(paper, name, "") or "") for name in fields]
    if hasattr(paper, "items") and hasattr(paper.items, "values_list"):
        words += paper.items.values_list("text", flat=True)
    return "\n".join(words)
