"""The JSON API /api/v1/ (django-ninja)."""
