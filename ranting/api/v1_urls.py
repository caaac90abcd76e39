"""/api/v1/: the JSON API (included from ranting/urls.py)."""

from ranting.api.api import urlpatterns as _api_urlpatterns

# Must equal the NinjaAPI's urls_namespace: the docs page reverses "api_v1:openapi-json".
app_name = "api_v1"
urlpatterns = _api_urlpatterns()
