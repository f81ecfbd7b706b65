"""A throwaway portal for a benchmark: its own database (SQLite in a temporary folder, or
a PostgreSQL database made afresh and dropped after), media and cache folders."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_portal(database: str, *, postgres: bool, **settings: str) -> Iterator[None]:
    """Point Django's settings, through the environment, at a throwaway database named
    ``database`` and temporary folders, with ``settings`` on top, until the block ends."""
    with tempfile.TemporaryDirectory() as tmp:
        if postgres:
            _psql(f"DROP DATABASE IF EXISTS {database}")
            _psql(f"CREATE DATABASE {database}")
            url = f"postgres://postgres@127.0.0.1:5432/{database}"
        else:
            url = f"sqlite:///{tmp}/{database}.sqlite3"
        os.environ.update(
            DATABASE_URL=url,
            MEDIA_ROOT=str(Path(tmp) / "media"),
            CACHE_LOCATION=str(Path(tmp) / "cache"),
            DEBUG="false",
            DJANGO_SETTINGS_MODULE="council_portal.settings",
            **settings,
        )
        try:
            yield
        finally:
            if postgres:
                from django.db import connections

                connections.close_all()
                _psql(f"DROP DATABASE IF EXISTS {database}")


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
        check=True,
        capture_output=True,
    )
