"""State changes of publication snapshots: freeze a round, publish a draft, withdraw.

Version numbers increase per (kota, round) and are never reused; a withdrawn version keeps its
number and stays viewable. Only the status fields ever change after a snapshot is created.
"""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _g

from ranting.accounts.models import User
from ranting.publication import figures
from ranting.publication.models import PublicationSnapshot
from ranting.publication.rounds import Round
from ranting.regions.models import Region

Status = PublicationSnapshot.Status
# Two dinas users freezing the same round at the same instant: the loser retries.
VERSION_ATTEMPTS = 3


class PublicationError(Exception):
    """A state change that is not allowed; the message is Indonesian, for the user."""


def checksum(payload: dict) -> str:
    """SHA-256 (hex) of the payload as canonical JSON: sorted keys, no spaces, UTF-8.

    Independent of the database's JSON storage (PostgreSQL jsonb reorders keys; SQLite keeps
    text), so the value recomputed from a loaded payload equals the one stored at freezing.
    """
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_intact(snapshot: PublicationSnapshot) -> bool:
    """True when the stored payload still has the checksum computed when it was frozen."""
    return checksum(snapshot.payload) == snapshot.checksum


def freeze(
    user: User, kota: Region, rnd: Round, note: str = "", publish: bool = True
) -> PublicationSnapshot:
    """Compute the round's figures now and store them as the next version (published, or a
    draft when `publish` is False). Raises PublicationError when nothing verified was measured
    in the round or the round has not started."""
    if kota.level != Region.Level.KOTA:
        raise PublicationError(_g("Publikasi dibuat untuk satu kota/kabupaten."))
    if not rnd.has_started(timezone.localdate()):
        raise PublicationError(_g("Ronde %(round)s belum dimulai.") % {"round": rnd.label})
    payload = figures.build_payload(kota, rnd)
    if payload["total"]["measured"] == 0:
        raise PublicationError(
            _g(
                "Belum ada pengukuran terverifikasi pada ronde %(round)s: tidak ada angka "
                "untuk diterbitkan."
            )
            % {"round": rnd.label}
        )
    digest = checksum(payload)
    now = timezone.now()
    for attempt in range(VERSION_ATTEMPTS):
        try:
            with transaction.atomic():
                latest = PublicationSnapshot.objects.filter(
                    kota_code=kota.code, year=rnd.year, month=rnd.month
                ).aggregate(v=Max("version"))["v"]
                return PublicationSnapshot.objects.create(
                    kota_code=kota.code,
                    year=rnd.year,
                    month=rnd.month,
                    version=(latest or 0) + 1,
                    status=Status.PUBLISHED if publish else Status.DRAFT,
                    note=note.strip(),
                    payload=payload,
                    checksum=digest,
                    created_by=user,
                    published_at=now if publish else None,
                    published_by=user if publish else None,
                )
        except IntegrityError:
            if attempt == VERSION_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def publish(user: User, snapshot: PublicationSnapshot) -> PublicationSnapshot:
    """Publish a draft. Only the status fields change; the payload stays as frozen."""
    if snapshot.status != Status.DRAFT:
        raise PublicationError(_g("Hanya draf yang dapat diterbitkan."))
    snapshot.status = Status.PUBLISHED
    snapshot.published_at = timezone.now()
    snapshot.published_by = user
    snapshot.save(update_fields=["status", "published_at", "published_by"])
    return snapshot


def withdraw(user: User, snapshot: PublicationSnapshot, reason: str) -> PublicationSnapshot:
    """Withdraw a published version or discard a draft; the reason is required and kept."""
    reason = reason.strip()
    if snapshot.status == Status.WITHDRAWN:
        raise PublicationError(_g("Versi ini sudah ditarik."))
    if not reason:
        raise PublicationError(_g("Alasan penarikan wajib diisi."))
    snapshot.status = Status.WITHDRAWN
    snapshot.withdrawn_at = timezone.now()
    snapshot.withdrawn_by = user
    snapshot.withdraw_reason = reason
    snapshot.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    return snapshot


def versions(kota_code: str, rnd: Round):
    """Every version of the round, newest first."""
    return PublicationSnapshot.objects.filter(
        kota_code=kota_code, year=rnd.year, month=rnd.month
    ).order_by("-version")


def latest_published(kota_code: str, rnd: Round) -> PublicationSnapshot | None:
    """The version the public sees: the highest-numbered published (not withdrawn) one."""
    return versions(kota_code, rnd).filter(status=Status.PUBLISHED).first()


def superseded_by(snapshot: PublicationSnapshot, all_versions) -> int | None:
    """The newest published version number above `snapshot`'s, from a list of the round's
    versions; None when `snapshot` is the current publication (or none replaces it)."""
    newer = [
        v.version
        for v in all_versions
        if v.status == Status.PUBLISHED and v.version > snapshot.version
    ]
    return max(newer) if newer else None
