"""API tokens and the record of client-generated ids that makes every API write idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal access token. Only the SHA-256 of the token is stored: a leaked database
    cannot be replayed against the API, and the user sees the token once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nama token"), max_length=60)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ClientWrite(models.Model):
    """One accepted API write, keyed by the client's UUID.

    A retry with the same id and the same content gets the stored result again instead of a
    second row; the same id with other content is a client bug (409). The fingerprint is the
    SHA-256 of the normalised request, so a late retry still matches after the row was corrected.
    """

    class Kind(models.TextChoices):
        CHILD_CREATE = "child_create", _("pendaftaran anak")
        CHILD_UPDATE = "child_update", _("perubahan data anak")
        MEASUREMENT_CREATE = "measurement_create", _("pengukuran")
        MEASUREMENT_CORRECT = "measurement_correct", _("koreksi pengukuran")

    client_id = models.UUIDField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    kota_code = models.CharField(max_length=5, db_index=True)  # the kota of the object written
    fingerprint = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.client_id}"
