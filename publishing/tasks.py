"""Background work, through the Django Tasks API (django-tasks, as built into Django 6).

Run a worker with ``python manage.py db_worker``; tests use the immediate backend.
"""

from django_tasks import task

from meetings.models import Meeting

from .services import meeting_pdfs_cut, upload_import


@task()
def import_upload(upload_id: int) -> str:
    """Import an uploaded pack; progress and outcome are kept on the ``Upload``."""
    return upload_import(upload_id)


@task()
def cut_meeting_pdfs(meeting_id: int) -> int:
    """Cut a meeting's PDFs again after a correction or publication."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    return meeting_pdfs_cut(meeting) if meeting else 0
