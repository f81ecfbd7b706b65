"""Header blocks of reports and decision records, and the sections of a decision."""

from __future__ import annotations

import re

from .layout import field_lines
from .model import DecisionRecord, Meeting, ReportDetails
from .names import body_name
from .text import DATE_RE, parse_date, smart_title, squash

# Labels of header blocks, in both layouts: "Label:<tab>value" and "LABEL:" over its value.
_LABELS: dict[str, str] = {
    "decision_maker": r"decision (?:to be )?(?:taken )?by|decision maker|committee/panel|"
    r"committee|meeting",
    "date": r"date(?: of (?:meeting|decision))?",
    "title": r"(?:subject matter\s*/\s*)?title(?: of (?:the )?decision)?|subject",
    "reference": r"decision (?:no\.?|number|ref(?:erence)?)|reference|ref\.?",
    "report_from": r"report from|from|report of|report by",
    "report_to": r"report to|to",
    "key_decision": r"key decision",
    "contact_name": r"contact name|contact officer|report author|contact",
    "email": r"e-?mail",
    "classification": r"classification|for publication|electoral divisions?|tel(?:ephone)?|"
    r"past pathway of report|future pathway of report|is the decision eligible for call-in\?|"
    r"summary|direct dial/ext|decision",
}
_LABEL_RE = re.compile(
    r"^(?P<label>"
    + "|".join(f"(?:{v})" for v in _LABELS.values())
    + r")\s*(?::|\t)\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_LABEL_ONLY_RE = re.compile(
    r"^(?P<label>decision to be taken by|decision no\.?|decision number|"
    r"subject matter\s*/\s*title of decision|title of decision)\s*:?\s*$",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SECTION_NAMES = {
    "decision": r"(?:\d\.\s*)?(?:the )?decision\s*:",
    "reasons": r"(?:\d\.\s*)?reasons?(?:\s*\(s\))? for (?:the )?decision\s*:?",
    "alternatives": r"(?:\d\.\s*)?(?:any )?(?:other options|alternatives) considered"
    r" and rejected\s*:?",
    "conflicts": r"(?:\d\.\s*)?(?:conflicts? of interes\s*t|any interest declared[^:]*)\s*:?",
    "dispensation": r"(?:\d\.\s*)?dispensation granted[^:]*:",
    "urgency": r"(?:\d\.\s*)?reasons?(?:\s*\(s\))? for the matter being dealt with if urgent\s*:?",
    "statement": r"(?:\d\.\s*)?statement from the decision maker\s*:?",
    "approved": r"approved by\s*:?|\bsigned\b",
    "consultation": r"cabinet committee recommendations and other consultation\s*:?",
}
_SECTION_RE = {
    name: re.compile(r"(?:^|\n)[-\s]*" + pattern, re.IGNORECASE)
    for name, pattern in _SECTION_NAMES.items()
}
_ORDER = [
    "decision",
    "reasons",
    "consultation",
    "alternatives",
    "conflicts",
    "dispensation",
    "urgency",
    "statement",
    "approved",
]


def header_fields(lines: list[str], limit: int = 45) -> dict[str, str]:
    """Read a header block's labelled fields; a value may sit on the lines below its label."""
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in field_lines(lines[:limit]):
        match = _LABEL_RE.match(line) or _LABEL_ONLY_RE.match(line)
        if match:
            current = _field_name(match["label"])
            value = match.groupdict().get("value") or ""
            if current in found:
                current = None
                continue
            found[current] = [value] if value else []
            continue
        if current and len(found[current]) < 4 and not re.match(r"^\d+(?:\.\d+)*\.?\s", line):
            found[current].append(line)
        else:
            current = None
    return {name: squash(" ".join(values)) for name, values in found.items() if values}


def _field_name(label: str) -> str:
    label = squash(label).lower()
    for name, pattern in _LABELS.items():
        if re.fullmatch(pattern, label, re.IGNORECASE):
            return name
    return "other"


def parse_report(lines: list[str]) -> ReportDetails:
    """Read a report's header block, contact and recommendations."""
    fields = header_fields(lines)
    details = ReportDetails(
        title=_clean_title(fields.get("title")),
        report_from=fields.get("report_from"),
        reference=_reference(fields.get("reference")),
        key_decision=_yes_no(fields.get("key_decision")),
    )
    report_to = fields.get("report_to") or fields.get("decision_maker")
    if report_to:
        details.report_to = _body_of(report_to)
        details.date = parse_date(report_to)
    details.date = parse_date(fields.get("date") or "") or details.date
    if not (details.report_to or details.date or details.title):
        details.report_to, details.date, details.title = _plain_header(lines)
    details.contact_name = _contact_name(fields.get("contact_name"))
    email = fields.get("email") or ""
    found = _EMAIL_RE.search(email) or _EMAIL_RE.search(" ".join(lines[:40]))
    details.contact_email = found[0] if found else None
    details.recommendations = _recommendations(lines)
    return details


def _plain_header(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """A header without labels: the body, the date and the title as plain lines above
    "Report by ..." ("Cabinet / 12 March 2025 / Highways Plan / Report by the Director")."""
    by = next(
        (
            i
            for i, line in enumerate(lines[:10])
            if re.match(r"^report (?:by|of|from)\b", line, re.I)
        ),
        None,
    )
    if by is None:
        return None, None, None
    above = lines[:by]
    dated = next((i for i, line in enumerate(above) if DATE_RE.fullmatch(squash(line))), None)
    if dated is None or dated == 0 or not body_name(above[dated - 1]):
        return None, None, None
    title = squash(" ".join(above[dated + 1 :])) or None
    return smart_title(squash(above[dated - 1])), parse_date(above[dated]), title


def report_meeting(details: ReportDetails) -> Meeting | None:
    """The meeting a report's header names ("To: Cabinet - 30 January 2025")."""
    if not (details.report_to and details.date):
        return None
    return Meeting(body=details.report_to, date=details.date)


def _body_of(value: str) -> str | None:
    """ "Cabinet - 30 January 2025" -> "Cabinet"."""
    match = DATE_RE.search(value)
    body = value[: match.start()] if match else value
    body = re.sub(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b,?", "", body)
    body = squash(body).strip(" -–—,:")
    return smart_title(body) or None


def _contact_name(value: str | None) -> str | None:
    if not value:
        return None
    value = _EMAIL_RE.sub("", value)
    value = re.split(r"\s+(?:Tel|Telephone|Email)\b", value)[0]
    return squash(value).strip(" ,") or None


def _recommendations(lines: list[str]) -> str | None:
    start = None
    for index, line in enumerate(lines[:200]):
        if re.match(
            r"^(?:\d+\.\s*)?Recommendations?(?:\s*\(s\))?\s*:?\s*$", line, re.I
        ) or re.match(r"^Recommendations?(?:\s*\(s\))?\s*:", line, re.I):
            start = index
            break
    if start is None:
        return None
    first = re.sub(
        r"^(?:\d+\.\s*)?Recommendations?(?:\s*\(s\))?\s*:?\s*", "", lines[start], flags=re.I
    )
    body = [first] if first else []
    for line in lines[start + 1 : start + 60]:
        if re.match(r"^\d+\.\s+[A-Z][a-z]", line) and not re.match(r"^\d+\.\s+(?:That|To)\b", line):
            break
        body.append(line)
    return "\n".join(body).strip() or None


# A decision notice or decision recording form, one record per agenda item:
# "Decision determined at X meeting on 12 September 2024", "(a) Subject: ... (agenda item 7)".
_DETERMINED_RE = re.compile(
    r"\bdecisions? (?:determined|taken|made) (?:at|by) (?:the |a )?(?P<body>.{3,100}?)"
    r"(?: meeting)? (?:on|held on) "
    r"(?P<when>(?:\w+day,? )?\d{1,2}(?:st|nd|rd|th)? [A-Za-z]+,? \d{4})",
    re.IGNORECASE,
)
_SUBJECT_RE = re.compile(
    r"\((?:a|1)\)\s*subject\s*:\s*(?P<title>.{3,300}?)\s*\(agenda item (?P<item>\d{1,3}[a-z]?)\)",
    re.IGNORECASE,
)


def notice_fields(lines: list[str]) -> dict[str, str]:
    """The body, date, title and agenda item a decision notice's record prints."""
    text = squash(" ".join(lines[:60]))
    found = {}
    determined = _DETERMINED_RE.search(text)
    if determined and parse_date(determined["when"]):
        found["decision_maker"] = smart_title(determined["body"].strip(" ,"))
        found["date"] = parse_date(determined["when"])
    subject = _SUBJECT_RE.search(text)
    if subject:
        found["title"] = subject["title"].strip(" ,")
        found["agenda_item"] = subject["item"]
    return found


def parse_decision(lines: list[str]) -> DecisionRecord:
    """Read a record of decision (proposed or made) and its numbered sections."""
    head = " ".join(lines[:6]).lower()
    fields = header_fields(lines)
    record = DecisionRecord(
        reference=_reference(fields.get("reference")),
        title=_clean_title(fields.get("title")),
        decision_maker=_body_of(fields["decision_maker"]) if "decision_maker" in fields else None,
        report_from=fields.get("report_from"),
        key_decision=_yes_no(fields.get("key_decision")),
    )
    proposed = "proposed" in head or "to be taken" in head
    record.status = "proposed" if proposed else "made"
    record.date = None if proposed else parse_date(fields.get("date") or "")
    text = "\n".join(lines)
    sections = _sections(text)
    record.decision = sections.get("decision")
    record.reasons = sections.get("reasons")
    record.alternatives = sections.get("alternatives")
    record.conflicts_of_interest = sections.get("conflicts")
    record.dispensation = sections.get("dispensation")
    if (
        record.dispensation is None
        and record.conflicts_of_interest
        and "dispensation" in (_SECTION_RE["conflicts"].search(text)[0].lower())
    ):
        record.dispensation = record.conflicts_of_interest
    record.urgency = sections.get("urgency")
    approved = sections.get("approved")
    if approved:
        record.approved_date = parse_date(approved)
        name = DATE_RE.sub("", approved)
        name = re.sub(r"\bDate\s*:?|[-|.]{2,}|\bsigned\b|\bdate\b", " ", name, flags=re.I)
        record.approved_by = squash(name).strip(" -|:") or None
    if record.status == "made" and record.date is None:
        record.date = record.approved_date
    notice = notice_fields(lines)
    if "title" in notice:
        record.title = record.title or notice["title"]
        record.agenda_item = notice["agenda_item"]
    if "decision_maker" in notice:
        record.decision_maker = record.decision_maker or notice["decision_maker"]
        record.date = record.date or notice["date"]
    return record


def _sections(text: str) -> dict[str, str]:
    """Split a decision record into its sections, each up to the next section heading."""
    found = []
    for name in _ORDER:
        match = _SECTION_RE[name].search(text)
        if match:
            found.append((match.start(), match.end(), name))
    found.sort()
    out = {}
    for position, (_, end, name) in enumerate(found):
        stop = found[position + 1][0] if position + 1 < len(found) else min(len(text), end + 800)
        # Line ends are kept (each line's spaces squashed): where a numbered clause
        # starts a line is where the public page starts a paragraph.
        lines = (squash(line) for line in text[end:stop].splitlines())
        value = "\n".join(line for line in lines if line).strip(" :.-\n")
        if value:
            out[name] = value
    return out


def _reference(value: str | None) -> str | None:
    if not value:
        return None
    match = re.search(r"\d{2,4}/\d{2,6}|[A-Z]{0,4}\d{3,}[\w/-]*", value)
    return match[0] if match else squash(value).split(" ")[0]


def _yes_no(value: str | None) -> bool | None:
    if not value:
        return None
    word = value.strip().split(" ")[0].strip(" .,-").lower()
    return {"yes": True, "no": False}.get(word)


def _clean_title(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"\s+Decision\s*:.*$", "", value)
    return squash(value).strip(" :") or None
