"""Borsetshire County Council: a fictional authority, its committees, people and places."""

from dataclasses import dataclass

COUNCIL = "Borsetshire County Council"
COUNCIL_CAPS = "BORSETSHIRE COUNTY COUNCIL"
VENUE = "Council Chamber, Shire Hall, Borchester"
ADDRESS = "Shire Hall, Borchester BC1 1SH"
DOMAIN = "borsetshire.gov.uk"
ENQUIRIES = f"members.services@{DOMAIN}"
CHIEF_EXECUTIVE = "Helen Marchbank"
MONITORING_OFFICER = ("Owen Treharne", "Director of Law and Governance")
CLERK = ("Priya Lakhani", "01632 960412")

PLACES = (
    "Borchester",
    "Felpersham",
    "Hollerton",
    "Penny Hassett",
    "Edgeley",
    "Darrington",
    "Little Croxley",
    "Waterley Cross",
    "Loxley Barrett",
    "Netherbourne",
    "Ashcombe",
    "Kingsmere",
    "Stowford",
    "Upper Wyle",
    "Fenwick Green",
)

OFFICERS = (
    "Alison Penrose",
    "Gareth Ellwood",
    "Nadia Qureshi",
    "Tom Hargreaves",
    "Fiona Castell",
    "Rhys Morgan",
    "Joanne Whitlock",
    "Daniel Okafor",
    "Sarah Lindqvist",
    "Martin Bellamy",
    "Kirsty Douglas",
    "Imran Sadiq",
    "Claire Ashdown",
    "Peter Fairclough",
    "Ruth Oyelaran",
)


@dataclass(frozen=True)
class Committee:
    """A decision-making body of the council and how its papers are laid out."""

    name: str
    members: tuple[str, ...]  # "Councillor First Last", chairman first
    executive: bool  # takes executive decisions (decision records)
    grid_minutes: bool  # Hampshire-style attendance grid with "*", else a PRESENT line
    topics: tuple[str, ...]
    caps_minutes: bool = True


def _cllrs(*names: str) -> tuple[str, ...]:
    return tuple(f"Councillor {n}" for n in names)


CABINET = Committee(
    "Cabinet",
    _cllrs(
        "Margaret Ashworth",
        "Robert Kenning",
        "Sunita Bhatt",
        "Edward Carlisle",
        "Jennifer Holloway",
        "Declan Murray",
        "Patricia Wenlock",
        "Seán Gallagher",
        "Andrew Pryce",
    ),
    executive=True,
    grid_minutes=True,
    topics=("budget", "highways", "schools", "adults", "libraries", "waste", "climate"),
)
COUNTY_COUNCIL = Committee(
    "County Council",
    _cllrs(
        "Geoffrey Tallis",
        "Margaret Ashworth",
        "Robert Kenning",
        "Sunita Bhatt",
        "Edward Carlisle",
        "Jennifer Holloway",
        "Declan Murray",
        "Patricia Wenlock",
        "Seán Gallagher",
        "Andrew Pryce",
        "Lucy Farrant",
        "Colin Abbott",
        "Harriet Vane",
        "Marcus Oduya",
        "Beverley Stokes",
        "Ian Thornbury",
        "Rachel Quilter",
        "Nigel Ambler",
        "Zara Hussain",
        "Keith Pennington",
        "Olivia Dunmore",
        "Frank Liddell",
    ),
    executive=False,
    grid_minutes=True,
    topics=("budget", "governance", "climate", "highways"),
)
CHILDREN_SELECT = Committee(
    "Children and Young People Select Committee",
    _cllrs(
        "Lucy Farrant",
        "Colin Abbott",
        "Harriet Vane",
        "Marcus Oduya",
        "Beverley Stokes",
        "Ian Thornbury",
        "Rachel Quilter",
        "Zara Hussain",
        "Keith Pennington",
    ),
    executive=False,
    grid_minutes=False,
    topics=("children", "schools", "send"),
    caps_minutes=False,
)
REGULATORY = Committee(
    "Regulatory Committee",
    _cllrs(
        "Nigel Ambler",
        "Olivia Dunmore",
        "Frank Liddell",
        "Colin Abbott",
        "Rachel Quilter",
        "Ian Thornbury",
        "Beverley Stokes",
        "Keith Pennington",
    ),
    executive=False,
    grid_minutes=False,
    topics=("planning",),
    caps_minutes=False,
)
HEALTH_SELECT = Committee(
    "Health and Adult Social Care Select Committee",
    _cllrs(
        "Harriet Vane",
        "Marcus Oduya",
        "Zara Hussain",
        "Frank Liddell",
        "Olivia Dunmore",
        "Lucy Farrant",
        "Nigel Ambler",
    ),
    executive=False,
    grid_minutes=False,
    topics=("adults", "health"),
    caps_minutes=False,
)

COMMITTEES = {
    c.name: c for c in (CABINET, COUNTY_COUNCIL, CHILDREN_SELECT, REGULATORY, HEALTH_SELECT)
}


def committee(name: str) -> Committee:
    """The committee called `name` (case-insensitive)."""
    for key, value in COMMITTEES.items():
        if key.lower() == name.lower():
            return value
    raise ValueError(f"unknown committee {name!r}; one of: {', '.join(COMMITTEES)}")
