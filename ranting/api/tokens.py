"""Making, checking and revoking API tokens (the only writer of ApiToken)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone

from ranting.accounts.models import User
from ranting.api.models import ApiToken

# A recognisable prefix lets secret scanners and users tell a RANTING token from other strings.
TOKEN_PREFIX = "rnt_"
TOKEN_BYTES = 32
# Writing last_used_at on every request would turn each read into a write; once a minute is
# precise enough to tell a user which token is still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the raw token (shown once, never stored)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(user=user, name=name.strip(), token_sha256=digest(raw))
    return token, raw


def revoke_token(token: ApiToken) -> ApiToken:
    """Revoke at once; repeating it keeps the first revocation time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(raw: str) -> User | None:
    """The active user owning the unrevoked token `raw`, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_sha256=digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
