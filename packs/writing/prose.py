"""A modest vocabulary of council report prose, filled in from a seeded random generator."""

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache
from string import Formatter

from .council import PLACES


@dataclass(frozen=True)
class Topic:
    director: str
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    recommendations: tuple[str, ...]
    appendices: tuple[str, ...]
    columns: tuple[str, ...]  # appendix table heading; first column names rows
    rows: tuple[str, ...]


TOPICS: dict[str, Topic] = {
    "budget": Topic(
        "Director of Corporate Resources",
        (
            "Revenue and Capital Budget Monitoring {year}",
            "Medium Term Financial Strategy {year} to {later}",
            "Treasury Management Outturn {year}",
            "Council Tax Base and Collection Fund {next}",
        ),
        (
            "The forecast revenue position for {year} is an overspend of {amount}, after the "
            "use of {small} from the corporate contingency.",
            "Pressures in children's social care placements and home to school transport "
            "account for most of the variance against the approved budget.",
            "The capital programme for {year} totals {big}, of which {pct} is funded from "
            "government grants and developer contributions.",
            "General balances are forecast to stand at {amount} at 31 March, which is within "
            "the range recommended by the Section 151 Officer.",
            "Departments have identified further in-year savings of {small} to offset the "
            "forecast pressures, and these are reflected in the figures in Appendix A.",
            "The assumed increase in council tax for {next} is {pct_small}, the maximum "
            "permitted without a referendum.",
            "Interest earned on cash balances has exceeded the budget by {small} as a result of "
            "higher short-term rates.",
            "Reserves held for specific purposes total {big} and their planned use is "
            "summarised in the table below.",
        ),
        (
            "notes the forecast revenue position for {year}",
            "approves the changes to the capital programme set out in Appendix A",
            "approves the transfer of {small} to the Budget Equalisation Reserve",
            "notes the position on reserves and balances",
        ),
        ("Revenue Budget Monitoring by Directorate", "Capital Programme Changes"),
        ("Directorate", "Budget £000", "Forecast £000", "Variance £000"),
        (
            "Adult Social Care",
            "Children's Services",
            "Economy, Transport and Environment",
            "Culture and Communities",
            "Corporate Resources",
            "Public Health",
        ),
    ),
    "highways": Topic(
        "Director of Economy, Transport and Environment",
        (
            "Highways Maintenance Programme {next}",
            "{place} Relief Road: Approval to Spend",
            "Local Transport Plan Implementation {year}",
            "Winter Service Plan {year}",
        ),
        (
            "The county highway network comprises {num} kilometres of road, of which {pct} is "
            "classified as in need of structural maintenance.",
            "Government funding for highway maintenance in {next} is {amount}, a reduction in "
            "real terms compared with {year}.",
            "The programme includes resurfacing schemes in {place}, {place2} and the villages "
            "around {place3}.",
            "A total of {num} potholes were repaired in the last twelve months, with {pct} "
            "completed within the target time.",
            "The scheme at {place} will improve journey times on the A{road} and provide a safe "
            "crossing for pedestrians and cyclists.",
            "Traffic modelling indicates that congestion at the {place} junction will be "
            "reduced at peak times once the works are complete.",
            "Gritting routes cover {pct} of the network and every primary route is treated "
            "when road surface temperatures are forecast to fall below freezing.",
            "The contract with the term maintenance contractor expires in {month} and a "
            "procurement strategy is set out in section 6.",
        ),
        (
            "approves the highways maintenance programme for {next} set out in Appendix A",
            "approves capital expenditure of {amount} on the {place} scheme",
            "delegates authority to the Director of Economy, Transport and Environment to "
            "award the contract",
            "notes the performance of the winter service during {year}",
        ),
        ("Schedule of Resurfacing Schemes", "Scheme Costs and Funding"),
        ("Scheme", "Length (m)", "Estimate £000", "Start"),
        (
            "A{road} {place} bypass",
            "B3{road} {place2} Road",
            "{place3} High Street",
            "C{road} Church Lane",
            "A{road} {place} Road",
            "Station Road, {place2}",
        ),
    ),
    "schools": Topic(
        "Director of Children's Services",
        (
            "School Places Plan {year} to {later}",
            "Expansion of {place} Primary School",
            "Schools Capital Programme {next}",
            "Home to School Transport Policy",
        ),
        (
            "Pupil numbers in primary schools are forecast to fall by {pct_small} over the "
            "next five years, while secondary numbers continue to rise.",
            "An additional {num} secondary school places are required in the {place} planning "
            "area by September {later_year}.",
            "The proposed expansion of {place} Primary School from two to three forms of entry "
            "will be funded from basic need grant and developer contributions.",
            "Consultation with parents, staff and governors ran for six weeks and {num} "
            "responses were received.",
            "The condition of the school estate remains a concern, with {amount} of priority "
            "repairs identified in the latest surveys.",
            "Home to school transport costs have risen by {pct} since {year} because of the "
            "number of pupils eligible for specialist transport.",
            "Ofsted judged {pct} of Borsetshire schools to be good or outstanding at their "
            "most recent inspection.",
        ),
        (
            "approves the School Places Plan {year} to {later}",
            "approves the expansion of {place} Primary School at a cost of {amount}",
            "approves the schools capital programme for {next}",
            "notes the outcome of the consultation summarised in section 5",
        ),
        ("Forecast Pupil Numbers by Planning Area", "Schools Capital Programme"),
        ("Planning area", "Capacity", "Forecast roll", "Surplus / deficit"),
        ("{place}", "{place2}", "{place3}", "Rural West", "Rural East", "{place} Town"),
    ),
    "adults": Topic(
        "Director of Adults' Health and Care",
        (
            "Adult Social Care Charging Policy",
            "Extra Care Housing Programme: {place}",
            "Market Sustainability and Fees for Care Providers {next}",
            "Better Care Fund Plan {year}",
        ),
        (
            "The number of people receiving long-term support has increased by {pct_small} "
            "over the last year, with the greatest growth among people aged over 85.",
            "Fees paid to residential and nursing care providers will rise by {pct_small} from "
            "April, reflecting the increase in the National Living Wage.",
            "The extra care scheme at {place} will provide {num_small} self-contained "
            "apartments for older people with care needs.",
            "Delayed transfers of care from hospital have fallen, helped by the expansion of "
            "the reablement service in {place} and {place2}.",
            "Carers told us that information about respite and short breaks was hard to find, "
            "and the new website addresses this.",
            "The Better Care Fund for {year} totals {amount} and is pooled with the Borsetshire "
            "Integrated Care Board.",
            "The recruitment and retention of care workers remains the most significant risk "
            "to the sustainability of the care market.",
        ),
        (
            "approves the fee uplifts for care providers set out in Appendix A",
            "approves capital expenditure of {amount} on the {place} extra care scheme",
            "notes the Better Care Fund plan for {year}",
            "agrees the revised charging policy to take effect from 1 April {next_year}",
        ),
        ("Care Fee Rates", "Demand and Activity Data"),
        ("Service", "Current rate £", "Proposed rate £", "Change"),
        (
            "Residential care",
            "Nursing care",
            "Home care (per hour)",
            "Supported living",
            "Day opportunities",
            "Respite care",
        ),
    ),
    "libraries": Topic(
        "Director of Culture, Communities and Business Services",
        (
            "Library Service Strategy {year} to {later}",
            "Community Managed Libraries: {place}",
            "Country Parks and Heritage Investment",
        ),
        (
            "Borsetshire's {num_small} libraries received {num} visits last year, and loans of "
            "e-books rose by {pct}.",
            "The proposal would transfer {place} library to a community group with a grant of "
            "{small} a year for three years.",
            "Opening hours at {place2} library would be extended through self-service "
            "technology, with staff present at the busiest times.",
            "The mobile library will continue to serve villages around {place3}, although "
            "some stops with fewer than three users will be withdrawn.",
            "Visitor numbers at the country parks have recovered to {pct} of the levels "
            "recorded before the pandemic.",
        ),
        (
            "approves the Library Service Strategy {year} to {later}",
            "agrees the transfer of {place} library to community management",
            "approves capital expenditure of {small} on self-service technology",
        ),
        ("Library Usage by Branch", "Consultation Responses"),
        ("Library", "Visits", "Loans", "Opening hours"),
        ("{place}", "{place2}", "{place3}", "Mobile Library", "{place} Road", "Online"),
    ),
    "waste": Topic(
        "Director of Economy, Transport and Environment",
        (
            "Household Waste Recycling Centres Review",
            "Waste Disposal Contract Extension",
            "Borsetshire Joint Municipal Waste Strategy",
        ),
        (
            "The county's recycling rate was {pct_big} last year, below the national target "
            "of 55 per cent.",
            "Residual waste tonnages fell by {pct_small}, and the cost of disposal at the energy "
            "recovery facility is {small} lower than budgeted.",
            "The household waste recycling centre at {place} handles {num} visits a year and "
            "the site is nearing the end of its operational life.",
            "Introducing a booking system at the busiest sites would reduce queues on the "
            "{place2} road at weekends.",
            "The collection authorities have agreed to consult jointly on food waste "
            "collections ahead of the national requirement.",
        ),
        (
            "approves the extension of the waste disposal contract to {month}",
            "agrees to consult on changes to the household waste recycling centres",
            "approves capital expenditure of {amount} on a replacement site at {place}",
        ),
        ("Tonnages by Site", "Options Appraisal"),
        ("Site", "Tonnes", "Recycled", "Cost £000"),
        ("{place}", "{place2}", "{place3}", "Stowford", "Kingsmere", "Ashcombe"),
    ),
    "climate": Topic(
        "Director of Economy, Transport and Environment",
        (
            "Climate Change Strategy: Annual Progress Report",
            "Decarbonisation of the Corporate Estate",
            "Local Nature Recovery Strategy",
        ),
        (
            "The council's own carbon emissions have fallen by {pct} since the {baseline} "
            "baseline.",
            "Solar panels have been installed on {num_small} council buildings, generating "
            "{num} megawatt hours a year.",
            "The replacement of street lights with LED units is complete in {place} and "
            "{place2}, reducing energy use by {pct}.",
            "Grant funding of {amount} from the Public Sector Decarbonisation Scheme will "
            "replace gas boilers at {num_small} sites.",
            "Tree planting along the {place3} valley will contribute to the county's target of "
            "twenty per cent canopy cover.",
        ),
        (
            "notes the progress made against the Climate Change Strategy",
            "approves capital expenditure of {amount} on decarbonisation projects",
            "endorses the draft Local Nature Recovery Strategy for consultation",
        ),
        ("Emissions by Source", "Decarbonisation Projects"),
        ("Source", "Baseline tCO2e", "Current tCO2e", "Reduction"),
        ("Buildings", "Street lighting", "Fleet", "Business travel", "Schools", "Waste"),
    ),
    "governance": Topic(
        "Director of Law and Governance",
        (
            "Changes to the Constitution",
            "Members' Allowances Scheme {next}",
            "Annual Report of the Audit Committee",
            "Pay Policy Statement {next}",
        ),
        (
            "The Independent Remuneration Panel met in {month} and recommends an increase of "
            "{pct_small} in the basic allowance.",
            "The proposed changes to the Constitution clarify the arrangements for urgent "
            "decisions and the call-in of executive decisions.",
            "The Audit Committee received {num_small} internal audit reports during the year, "
            "of which two gave limited assurance.",
            "The ratio between the pay of the Chief Executive and the median earnings of the "
            "workforce is 1 to {num_small}.",
            "Members are reminded that the Code of Conduct applies whenever they act as a "
            "councillor, including online.",
        ),
        (
            "approves the changes to the Constitution set out in Appendix A",
            "approves the Members' Allowances Scheme for {next}",
            "approves the Pay Policy Statement for {next}",
        ),
        ("Schedule of Amendments", "Allowances Payable"),
        ("Part", "Current provision", "Proposed change", "Reason"),
        ("Part 2", "Part 3", "Part 4", "Part 5", "Part 6", "Part 7"),
    ),
    "children": Topic(
        "Director of Children's Services",
        (
            "Children's Social Care Performance Update",
            "Sufficiency Strategy for Children Looked After",
            "Early Help and Family Hubs",
        ),
        (
            "The number of children looked after has risen to {num_small0}, an increase of "
            "{pct_small} compared with last year.",
            "Family hubs in {place} and {place2} offer support to parents from pregnancy "
            "through to the child's nineteenth birthday.",
            "Caseloads for social workers average {num_small} children, which is within the "
            "target range.",
            "The council has opened a new children's home in {place3} so that more children "
            "can live close to their schools and families.",
            "Ofsted's most recent focused visit found that practice had improved since the "
            "last inspection.",
        ),
        (
            "notes the performance of children's social care services",
            "endorses the Sufficiency Strategy for Children Looked After",
            "requests a further update at its meeting in {month}",
        ),
        ("Performance Scorecard", "Placement Sufficiency Data"),
        ("Measure", "Target", "Borsetshire", "England"),
        (
            "Referrals within 12 months",
            "Assessments in 45 days",
            "Children looked after",
            "Care leavers in education",
            "Placement stability",
            "Visits in timescale",
        ),
    ),
    "send": Topic(
        "Director of Children's Services",
        (
            "Special Educational Needs and Disabilities Strategy",
            "High Needs Block Recovery Plan",
        ),
        (
            "The number of children with an education, health and care plan has grown to "
            "{num}, and {pct} of new plans were issued within twenty weeks.",
            "The high needs block of the Dedicated Schools Grant is forecast to overspend by "
            "{amount} in {year}.",
            "A new special school for {num_small} pupils will open in {place} in September "
            "{later_year}.",
            "Parents and carers told the council that communication during the assessment "
            "process needed to improve.",
        ),
        (
            "notes the progress made on the SEND Strategy",
            "supports the High Needs Block Recovery Plan",
        ),
        ("EHCP Timeliness", "High Needs Block Forecast"),
        ("Quarter", "Plans issued", "Within 20 weeks", "Percentage"),
        ("Q1", "Q2", "Q3", "Q4"),
    ),
    "planning": Topic(
        "Head of Strategic Planning",
        (
            "Application BC/{app}: Extension of {place} Quarry",
            "Application BC/{app}: New Primary School at {place}",
            "Application BC/{app}: Waste Transfer Station, {place} Industrial Estate",
        ),
        (
            "The application site lies to the north of {place} and extends to {num_small} "
            "hectares.",
            "{num_small} letters of objection and {num_small0} letters of support have been "
            "received from local residents.",
            "The Highway Authority raises no objection subject to conditions on the routing of "
            "heavy goods vehicles through {place2}.",
            "The proposal accords with the Borsetshire Minerals and Waste Plan and there are no "
            "material considerations that indicate otherwise.",
            "Noise from the site would be controlled by conditions limiting working hours to "
            "07.00 to 18.00 on weekdays.",
            "The site is not within a flood zone and the drainage strategy is acceptable to the "
            "Lead Local Flood Authority.",
        ),
        (
            "grants planning permission subject to the conditions in Appendix A",
            "delegates authority to the Head of Strategic Planning to issue the decision",
        ),
        ("Schedule of Conditions", "Consultation Responses"),
        ("Condition", "Subject", "Reason", "Trigger"),
        ("1", "2", "3", "4", "5", "6"),
    ),
    "health": Topic(
        "Director of Public Health",
        (
            "Public Health Annual Report {year}",
            "Integrated Care Strategy Update",
            "Health Visiting and School Nursing Services",
        ),
        (
            "Life expectancy in the most deprived wards of {place} is {num_small} years lower "
            "than in the least deprived.",
            "Uptake of the NHS Health Check programme reached {pct} of the eligible population.",
            "The Public Health Grant for {year} is {amount}, an increase of {pct_small}.",
            "Smoking prevalence among adults has fallen to {pct_small}, below the England average.",
        ),
        (
            "notes the Public Health Annual Report {year}",
            "requests an update on the Integrated Care Strategy at a future meeting",
        ),
        ("Health Indicators", "Grant Allocation"),
        ("Indicator", "Borsetshire", "South West", "England"),
        (
            "Life expectancy (male)",
            "Life expectancy (female)",
            "Smoking prevalence",
            "Physical activity",
            "Childhood obesity",
            "Hospital admissions",
        ),
    ),
}

GENERAL = (
    "The report has been prepared in consultation with the relevant Cabinet Member and the "
    "chairman of the appropriate select committee.",
    "Officers will continue to monitor the position closely and a further update will be "
    "provided later in the year.",
    "The proposals support the council's strategic priorities of a thriving economy, "
    "resilient communities and a sustainable environment.",
    "An equality impact assessment has been completed and no adverse impacts on groups with "
    "protected characteristics have been identified.",
    "The financial implications are contained within the approved budget for {year}.",
    "Members of the public were invited to comment through the council's website and at "
    "drop-in sessions in {place} and {place2}.",
    "The legal implications have been considered by the Director of Law and Governance and "
    "are set out in section 8.",
    "A risk register is maintained for the programme and the principal risks are summarised below.",
    "The district and borough councils have been consulted and their comments are "
    "reflected in the proposals.",
    "Benchmarking against comparable county councils shows that Borsetshire's costs are "
    "below the median.",
    "Progress will be reported to the relevant select committee in {month}.",
    "There are no data protection implications arising from this report.",
)

CONNECTORS = (
    "In addition,",
    "However,",
    "As a result,",
    "Members will wish to note that",
    "At the same time,",
    "It should be noted that",
    "Overall,",
    "In the meantime,",
)
SECTIONS = (
    "Background",
    "Current Position",
    "Proposals",
    "Financial Implications",
    "Consultation and Engagement",
    "Performance",
    "Risk Management",
    "Legal Implications",
    "Options Considered",
    "Next Steps",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def financial_year(date: dt.date) -> int:
    """The year the council's financial year containing `date` starts (April)."""
    return date.year if date.month >= 4 else date.year - 1


_PLACE_SLOTS = frozenset({"place", "place2", "place3"})


@cache
def _slots(template: str) -> tuple[str, ...]:
    """The template's slot names, once each, in order (so random draws are reproducible)."""
    names = (name for _, name, _, _ in Formatter().parse(template) if name)
    return tuple(dict.fromkeys(names))


class Writer:
    """Fills the prose templates for one meeting year from a seeded random generator."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.year = year
        self._decks: dict[tuple[str, ...], list[str]] = {}

    def _draw(self, pool: tuple[str, ...]) -> str:
        """The next template from a shuffled deck of `pool`: no repeats until it is used up."""
        deck = self._decks.get(pool)
        if not deck:
            deck = self._decks[pool] = list(pool)
            self.rng.shuffle(deck)
        return deck.pop()

    def fill(self, template: str) -> str:
        """`template` with each {slot} given a plausible random value."""
        names = _slots(template)
        if not names:
            return template
        places = self.rng.sample(PLACES, 3) if _PLACE_SLOTS.intersection(names) else ()
        values = {name: self._value(name, places) for name in names}
        return template.format(**values)

    def _value(self, name: str, places: list[str]) -> str:
        r, y = self.rng, self.year
        match name:
            case "place" | "place2" | "place3":
                return places[int(name[-1]) - 1 if name[-1].isdigit() else 0]
            case "year" | "next" | "later":
                start = y + {"year": 0, "next": 1, "later": 3}[name]
                return f"{start}/{(start + 1) % 100:02d}"
            case "next_year" | "later_year":
                return str(y + (1 if name == "next_year" else 2))
            case "baseline":
                return str(y - 7 - r.randrange(4))
            case "month":
                return f"{r.choice(MONTHS)} {y + 1}"
            case "amount":
                return f"£{r.randrange(12, 240) / 10:.1f}m"
            case "big":
                return f"£{r.randrange(40, 900)}m"
            case "small":
                return f"£{r.randrange(50, 990) * 1000:,}"
            case "pct":
                return f"{r.randrange(8, 96)}%"
            case "pct_small":
                return f"{r.randrange(10, 60) / 10:.1f}%"
            case "pct_big":
                return f"{r.randrange(380, 540) / 10:.1f}%"
            case "num":
                return f"{r.randrange(1200, 48000):,}"
            case "num_small":
                return str(r.randrange(3, 60))
            case "num_small0":
                return str(r.randrange(40, 900))
            case "road":
                return str(r.randrange(30, 499))
            case "app":
                return f"{y % 100:02d}/{r.randrange(1, 400):04d}"
        raise KeyError(name)

    def sentence(self, topic: Topic) -> str:
        pool = topic.sentences if self.rng.random() < 0.7 else GENERAL
        text = self.fill(self._draw(pool))
        first, rest = text.split(" ", 1)
        if first in ("The", "A", "An", "There", "This") and self.rng.random() < 0.3:
            return f"{self.rng.choice(CONNECTORS)} {first.lower()} {rest}"
        return text

    def paragraph(self, topic: Topic, sentences: int | None = None) -> str:
        n = sentences or self.rng.randint(2, 4)
        return " ".join(self.sentence(topic) for _ in range(n))

    def recommendations(self, topic: Topic) -> list[str]:
        n = min(len(topic.recommendations), self.rng.randint(2, 4))
        return [self.fill(t) for t in self.rng.sample(topic.recommendations, n)]

    def table(self, topic: Topic) -> list[list[str]]:
        """One row per row label of the topic, with figures in the remaining columns."""
        out = []
        for label in topic.rows:
            cells = [f"{self.rng.randrange(100, 99000):,}" for _ in topic.columns[1:]]
            out.append([self.fill(label), *cells])
        return out
