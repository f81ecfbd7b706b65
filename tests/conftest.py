"""Shared fixtures: a few personas and small builders for council data."""

import datetime

import pytest

from meetings.models import Committee, Meeting


@pytest.fixture
def cabinet(db) -> Committee:
    return Committee.objects.create(name="Cabinet", kind=Committee.Kind.EXECUTIVE)


@pytest.fixture
def meeting(cabinet) -> Meeting:
    return Meeting.objects.create(
        committee=cabinet,
        date=datetime.date(2026, 3, 4),
        start_time=datetime.time(10, 0),
        venue="Council Chamber, Shire Hall, Borchester",
    )
