"""django-tasks-db's worker, with the PDF reader's process started before the first import
and a watchdog: while it runs, it looks every ``IMPORT_HEARTBEAT_SECONDS`` for imports
whose worker died (``imports_recover``), so a killed worker's import is started again
within ``IMPORT_STALLED_SECONDS`` or so even when nobody is watching, by any worker still
alive or by the one started in its place.

``publishing`` comes before ``django_tasks_db`` in ``INSTALLED_APPS`` so that this
command is the one ``manage.py db_worker`` runs.
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from publishing import isolation
from publishing.imports import imports_recover

logger = logging.getLogger("django_tasks_db")


class Command(db_worker.Command):
    help = db_worker.Command.help + " Notices imports whose worker died and starts them again."

    def handle(self, *args, **options):
        isolation.reader_start()
        stopped = threading.Event()
        watchdog = threading.Thread(target=_watch, args=(stopped,), name="watchdog", daemon=True)
        watchdog.start()
        try:
            return super().handle(*args, **options)
        finally:
            stopped.set()


def _watch(stopped: threading.Event) -> None:
    try:
        while not stopped.wait(settings.IMPORT_HEARTBEAT_SECONDS):
            try:
                recovery = imports_recover(now=timezone.now(), files=False)
            except DatabaseError:
                logger.exception("The watchdog could not look for stalled imports.")
                continue
            for upload in recovery.restarted:
                logger.warning("%s: its worker stopped; started again.", upload.original_name)
            for upload in recovery.failed:
                logger.warning("%s: its worker stopped twice; marked failed.", upload.original_name)
    finally:
        connection.close()
