"""Publishing or correcting a meeting touches that meeting's decision records (and those
of the meetings shown with it), not the whole register: its cost does not grow with the
archive (issue 24)."""

import datetime

from decisions.models import DecisionRecord
from packs.writing import sample_pack
from publishing.imports import pack_import
from publishing.services import meeting_corrected, meeting_publish


def imported(committee: str, day: datetime.date, seed: int, *, publish: bool):
    pack = sample_pack(committee=committee, meeting_date=day, seed=seed)
    return pack_import(source=pack.pdf, filename=pack.filename, publish=publish).meeting


def test_publishing_a_meeting_sets_the_flags_of_its_own_records_only(media):
    other = imported("Cabinet", datetime.date(2025, 10, 13), 6, publish=True)
    meeting = imported("Cabinet", datetime.date(2026, 2, 9), 4, publish=False)
    theirs = DecisionRecord.objects.filter(meeting=other, is_public=True)
    mine = DecisionRecord.objects.filter(document__meeting=meeting)
    assert theirs.exists() and mine.exists() and not mine.filter(is_public=True).exists()
    # A flag of the other meeting put wrong behind the services' back stays wrong: the
    # publication never looked at that meeting's records.
    stray = theirs.first()
    DecisionRecord.objects.filter(pk=stray.pk).update(is_public=False)

    meeting_publish(meeting)

    assert mine.filter(is_public=True).exists()
    assert set(mine.filter(is_public=True)) == set(mine.published().not_exempt())
    assert not DecisionRecord.objects.get(pk=stray.pk).is_public
    # A correction of the other meeting puts its own records right.
    meeting_corrected(other, ["checked"])
    assert DecisionRecord.objects.get(pk=stray.pk).is_public


def test_the_public_register_flag_follows_publication_and_withdrawal(media):
    """``in_register``: public, and not a proposal whose made record is public. A
    meeting's own proposals leave the register when the made records are published."""
    from publishing.services import meeting_withdraw

    meeting = imported("Cabinet", datetime.date(2026, 2, 9), 4, publish=True)
    public = DecisionRecord.objects.public()

    def register():
        return set(DecisionRecord.objects.filter(in_register=True))

    assert register() == set(public.current(public))
    assert DecisionRecord.objects.filter(made_as__in=public, in_register=True).count() == 0
    meeting_withdraw(meeting, reason="Wrong pack")
    assert register() == set(public.current(public))
    meeting_publish(meeting)
    assert register() == set(public.current(public)) != set()
