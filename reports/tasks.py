"""Background work, through the Django Tasks API (django-tasks, as built into Django 6).

Run a worker with ``python manage.py db_worker``; tests use the immediate backend.
"""

from django_tasks import task

from .services import upload_import


@task()
def import_upload(upload_id: int) -> str:
    """Import an uploaded pack; progress and outcome are kept on the ``Upload``."""
    return upload_import(upload_id)
