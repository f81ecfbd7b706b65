"""Issue 19, point 7: the smaller defects, each shown through the portal as people use it
(Django's test client, real sample packs and real council PDFs through the real parser)."""

import datetime
import re

import pytest

D = datetime.date


def shown(html: str) -> str:
    """Text as rendered: tags dropped without adding space, runs of white space one space."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# h. "10.00 a.m. , Council Chamber"


def test_a_meetings_time_and_venue_read_without_a_space_before_the_comma(client, meeting):
    meeting.publish()
    home = shown(client.get("/").text)
    assert "10.00 a.m., Council Chamber, Shire Hall, Borchester" in home
    assert "a.m. ," not in home
    page = shown(client.get(meeting.get_absolute_url()).text)
    assert "Wednesday 4 March 2026, 10.00 a.m. Venue" in page
    assert " ," not in page
