"""What publishing keeps of its own: each upload and how its import went, and the audit
trail of who uploaded, corrected, published and withdrew what."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from meetings.models import Meeting
from reports.models import Document


class UploadQuerySet(models.QuerySet):
    def stalled(self, now: datetime.datetime):
        """Imports whose worker has died: started (or claimed from the queue) and silent for
        ``IMPORT_STALLED_SECONDS``. A live import beats every ``IMPORT_HEARTBEAT_SECONDS``
        from a thread of its own (``imports.Heartbeat``), whatever it is doing."""
        waiting = DBTaskResult.objects.filter(id=OuterRef("task_id"), status=TaskResultStatus.READY)
        silent = datetime.timedelta(seconds=settings.IMPORT_STALLED_SECONDS)
        return (
            self.alias(last_seen=Coalesce("heartbeat_at", "created_at"))
            .filter(
                status__in=[Upload.Status.QUEUED, Upload.Status.RUNNING],
                last_seen__lt=now - silent,
            )
            .exclude(Exists(waiting))
        )


class Upload(models.Model):
    """A PDF a member of staff uploaded, and how its import in the background went."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be imported"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    file = models.FileField(upload_to="uploads/%Y/%m/", max_length=300)
    original_name = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField()
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploads",
        help_text="The meeting it is for, when staff chose one.",
    )
    committee = models.CharField(max_length=200, blank=True, help_text="Body, if not printed.")
    replaces = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="The import's summary, or what was wrong.")
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The import's last sign of life: queued, started, or its heartbeat.",
    )
    task_id = models.UUIDField(
        null=True, blank=True, help_text="The django-tasks-db task importing it."
    )
    restarts = models.PositiveSmallIntegerField(
        default=0,
        help_text="How often its import was started again by itself after its worker died; "
        "after one, a second death asks staff to try again.",
    )

    objects = UploadQuerySet.as_manager()

    class Meta:
        db_table = "reports_upload"  # the table it had when it lived in reports/
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("staff:upload", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.pages_done / self.pages_total) if self.pages_total else 0


class AuditEntry(models.Model):
    """Who did what to the published record, and when: uploads, corrections, publication
    and withdrawal. Written by the services that do those things, shown to staff."""

    class Action(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        IMPORT = "import", "Imported"
        CORRECT = "correct", "Corrected"
        PUBLISH = "publish", "Published"
        WITHDRAW = "withdraw", "Withdrew"
        REPLACE = "replace", "Replaced"
        MAKE_PUBLIC = "make_public", "Made public"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    description = models.TextField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "meetings_auditentry"  # the table it had when it lived in meetings/
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or 'system'} {self.get_action_display()}"

    @classmethod
    def record(cls, action: str, description: str, *, actor=None, meeting=None) -> AuditEntry:
        return cls.objects.create(
            action=action, description=description, actor=actor, meeting=meeting
        )
