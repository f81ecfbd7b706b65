"""The fixed set of packs the demo site is loaded with."""

import datetime as dt

from .council import committee as find_committee
from .generator import sample_pack, supplementary_pack
from .model import SamplePack
from .plan import plan_meeting

CABINET_DATES = (
    dt.date(2025, 12, 15),
    dt.date(2026, 1, 19),
    dt.date(2026, 2, 16),
    dt.date(2026, 3, 16),
)


# What the councillors-only papers of the demo's exempt items say (fictional).
EXEMPT_TEXT = (
    "Confidential to members: the district valuer puts the site at £4.2m and the preferred "
    "bidder, Loxley Barrett Holdings Ltd, has offered £3.9m subject to planning."
)


def demo_packs() -> list[SamplePack]:
    """Cabinet in January, February and March 2026 (each carrying the previous meeting's
    minutes and decision records, and sent with the councillors-only papers of its exempt
    item), a February supplementary pack for the Cabinet report left to follow, the County
    Council budget meeting and a select committee."""
    packs = []
    for previous, date in zip(CABINET_DATES, CABINET_DATES[1:], strict=False):
        follow = _last_report("Cabinet", date, previous) if date.month == 2 else ()
        packs.append(
            sample_pack(
                committee="Cabinet",
                meeting_date=date,
                start_time="10:00",
                previous_date=previous,
                to_follow=follow,
            )
        )
        packs.append(
            supplementary_pack(
                committee="Cabinet",
                meeting_date=date,
                previous_date=previous,
                exempt_text=EXEMPT_TEXT,
            )
        )
        if follow:
            packs.append(
                supplementary_pack(
                    committee="Cabinet", meeting_date=date, items=follow, previous_date=previous
                )
            )
    packs.append(
        sample_pack(
            committee="County Council",
            meeting_date=dt.date(2026, 2, 26),
            start_time="10:30",
            seed=1,
            previous_date=dt.date(2025, 12, 11),
        )
    )
    packs.append(
        sample_pack(
            committee="Children and Young People Select Committee",
            meeting_date=dt.date(2026, 3, 4),
            start_time="14:00",
            seed=2,
            previous_date=dt.date(2026, 1, 21),
        )
    )
    return packs


def _last_report(committee: str, date: dt.date, previous: dt.date) -> tuple[str, ...]:
    plan = plan_meeting(find_committee(committee), date, 0, previous=previous)
    return tuple(i.number for i in plan if i.kind == "report")[-1:]


def forthcoming_packs(today: dt.date) -> list[SamplePack]:
    """Packs for meetings a few weeks after ``today``, so the demo has meetings to come:
    the next Cabinet (a Monday) and a Regulatory Committee (a Wednesday)."""
    monday = today + dt.timedelta(days=14 + (0 - today.weekday()) % 7)
    wednesday = monday + dt.timedelta(days=9)
    return [
        sample_pack(committee="Cabinet", meeting_date=monday, start_time="10:00", seed=7),
        sample_pack(
            committee="Regulatory Committee", meeting_date=wednesday, start_time="10:30", seed=8
        ),
    ]
