"""The installable offline kader form (PWA)."""
