"""An import started from the web page: the uploaded file, the column choice and the outcome.

The job row is written only outside the import's own transaction (before checking, and after
saving), so on SQLite it never waits for the import's write lock. Live progress goes to a small
JSON file beside the upload instead (see jobs.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah, pilih kolom")
        CHECKING = "checking", _("Sedang diperiksa")
        CHECKED = "checked", _("Sudah diperiksa")
        SAVING = "saving", _("Sedang disimpan")
        DONE = "done", _("Selesai disimpan")
        REFUSED = "refused", _("Tidak disimpan: ada baris ditolak")
        FAILED = "failed", _("Gagal")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    kelurahan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="import_jobs"
    )
    original_name = models.CharField(_("nama file"), max_length=200)
    stored_name = models.CharField(max_length=100)  # file name under VAR_DIR/imports
    headers = models.JSONField(default=list)
    preview = models.JSONField(default=list)  # first raw rows, for the column step
    mapping = models.JSONField(default=list)  # a field key or "" per column
    valid_only = models.BooleanField(_("impor baris yang valid saja"), default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    summary = models.JSONField(default=dict)
    checked_rows = models.JSONField(default=list)  # preview rows with outcome and reasons
    problems = models.JSONField(default=list)  # the first refused/conflicting rows and why
    message = models.TextField(blank=True)  # why it failed, in Indonesian
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor register")
        verbose_name_plural = _("impor register")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.SAVING)
