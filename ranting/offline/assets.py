"""What the service worker keeps on the phone, and the version that tells phones to update.

The version is a hash of the cached files' contents and of the reference document, so any
change to the JS, CSS, icons, WHO tables, KBM table or texts changes /luring/sw.js itself,
which is how browsers notice an update (they compare the worker script byte for byte).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from ranting.offline.reference import reference_version

# Static files of the shell page, cached on install (the ES modules import each other).
STATIC_ASSETS = (
    "css/ranting.css",
    "offline/offline.css",
    "offline/js/app.js",
    "offline/js/store.js",
    "offline/js/sync.js",
    "offline/js/ui.js",
    "offline/js/checks.js",
    "offline/js/growth.js",
    "offline/js/status.js",
    "offline/icons/icon.svg",
    "offline/icons/icon-maskable.svg",
)
VERSION_DIGITS = 16
# Colours of ranting.css (--primary, --bg): the installed app's title bar and splash screen.
THEME_COLOR = "#0b6e4f"
BACKGROUND_COLOR = "#f6f7f9"


def reference_url() -> str:
    """URL of the reference document, versioned so a cached copy is never stale."""
    return f"{reverse('offline:reference')}?v={reference_version()}"


def precache_urls() -> list[str]:
    """URLs the service worker caches on install (the shell page is cached separately)."""
    return [
        *(static(path) for path in STATIC_ASSETS),
        reverse("offline:manifest"),
        reference_url(),
    ]


def manifest() -> dict[str, Any]:
    """The web app manifest: installable, opens the offline form, limited to /luring/."""
    shell = reverse("offline:shell")
    return {
        "id": shell,
        "name": _("RANTING – Mode luring kader"),
        "short_name": "RANTING",
        "description": _("Catat penimbangan posyandu tanpa sinyal; dikirim saat ada sinyal."),
        "lang": "id",
        "start_url": shell,
        "scope": shell,
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {
                "src": static("offline/icons/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            },
            {
                "src": static("offline/icons/icon-maskable.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "maskable",
            },
        ],
    }


def _asset_bytes(path: str) -> bytes:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"offline asset {path} is missing from the static files")
    return Path(str(found)).read_bytes()


def version() -> str:
    """Hash of every cached asset, the manifest and the reference document."""
    digest = hashlib.sha256(reference_version().encode())
    digest.update(json.dumps(manifest(), sort_keys=True).encode())
    for path in STATIC_ASSETS:
        digest.update(path.encode())
        digest.update(_asset_bytes(path))
    return digest.hexdigest()[:VERSION_DIGITS]
