"""Every API error is JSON {"code", "field", "message", "details"} with an Indonesian message.

Endpoints raise ApiError (or Django's Http404/PermissionDenied); ninja's own errors (validation,
unparsable body, authentication, CSRF, throttling) and unexpected exceptions are converted here,
so a client never has to parse HTML or an English framework message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

# Indonesian names of the request fields, used in the messages ("Berat badan: wajib diisi.").
FIELD_LABELS = {
    "client_id": "client_id",
    "child_id": "Anak (child_id)",
    "posyandu_id": "Posyandu (posyandu_id)",
    "measured_on": "Tanggal ukur",
    "weight_kg": "Berat badan (kg)",
    "lenhei_cm": "Panjang/tinggi badan (cm)",
    "position": "Cara ukur",
    "oedema": "Edema",
    "armc_cm": "LiLA (cm)",
    "headc_cm": "Lingkar kepala (cm)",
    "vitamin_a": "Vitamin A",
    "exclusive_breastfeeding": "ASI eksklusif",
    "notes": "Catatan",
    "reason": "Alasan",
    "confirm": "Konfirmasi",
    "name": "Nama anak",
    "nik": "NIK anak",
    "no_kk": "Nomor KK",
    "sex": "Jenis kelamin",
    "birth_date": "Tanggal lahir",
    "birth_weight_kg": "Berat lahir (kg)",
    "birth_length_cm": "Panjang lahir (cm)",
    "mother_name": "Nama ibu/wali",
    "mother_nik": "NIK ibu",
    "father_name": "Nama ayah",
    "phone": "Nomor HP",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "has_kia_book": "Punya KMS/Buku KIA",
    "is_active": "Aktif",
    "inactive_reason": "Alasan nonaktif",
    "move_reason": "Alasan pindah",
    "comment": "Catatan",
    "note": "Catatan",
    "period": "Bulan laporan",
    "month": "Bulan",
    "region": "Wilayah",
    "posyandu": "Posyandu",
    "kelurahan": "Kelurahan",
    "child": "Anak",
    "status": "Status",
    "limit": "limit",
    "offset": "offset",
}


class ErrorOut(Schema):
    code: str
    field: str | None = None
    message: str
    details: Any = None


class ApiError(Exception):
    """An error answer: HTTP status, a stable machine code, the field it concerns, a message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        details: Any = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = details

    def body(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "field": self.field,
            "message": self.message,
            "details": self.details,
        }


def label(field: str | None) -> str:
    return FIELD_LABELS.get(field or "", field or "")


def not_found(field: str | None = None) -> ApiError:
    return ApiError(404, "not_found", _("Data tidak ditemukan."), field)


def forbidden(message: str = "", field: str | None = None) -> ApiError:
    return ApiError(
        403, "forbidden", message or _("Anda tidak berhak melakukan tindakan ini."), field
    )


def invalid(errors: Mapping[str, Iterable[str]], code: str = "invalid") -> ApiError:
    """422 from form-style errors {field or "__all__": [reasons]}; the first names the field."""
    items: list[dict[str, Any]] = []
    for field, reasons in errors.items():
        name = None if field == "__all__" else field
        for reason in reasons:
            text = str(reason)
            items.append({"field": name, "message": f"{label(name)}: {text}" if name else text})
    first = items[0] if items else {"field": None, "message": _("Data tidak sah.")}
    return ApiError(422, code, str(first["message"]), first["field"], {"errors": items})


# --- pydantic / ninja validation ---------------------------------------------------------------


def _reason(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("wajib diisi.")
    if kind.startswith("int_"):
        return _("harus bilangan bulat.")
    if kind.startswith(("decimal_", "float_")):
        if kind in {"decimal_max_digits", "decimal_max_places", "decimal_whole_digits"}:
            return _("terlalu banyak angka.")
        return _("harus berupa angka dengan titik desimal, misalnya 8.5.")
    if kind.startswith("date"):
        return _("harus tanggal dengan format TTTT-BB-HH, misalnya 2025-05-17.")
    if kind.startswith("uuid"):
        return _("harus UUID, misalnya 3f2b8c1e-6a4d-4c53-9d0e-2b7f1a9c5e41.")
    if kind.startswith("bool"):
        return _("harus true atau false.")
    if kind in {"literal_error", "enum"}:
        return _("harus salah satu dari: %(values)s.") % {"values": ctx.get("expected", "")}
    if kind == "string_too_long":
        return _("paling banyak %(n)s karakter.") % {"n": ctx.get("max_length", "")}
    if kind == "string_too_short":
        return _("tidak boleh kosong.")
    if kind == "string_pattern_mismatch":
        return _("formatnya tidak sesuai.")
    if kind.startswith("string"):
        return _("harus berupa teks.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("paling kecil %(n)s.") % {"n": ctx.get("ge", ctx.get("gt", ""))}
    if kind in {"less_than_equal", "less_than"}:
        return _("paling besar %(n)s.") % {"n": ctx.get("le", ctx.get("lt", ""))}
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return _("harus berupa objek JSON.")
    if kind == "value_error":
        return str(ctx.get("error", "")) or _("nilai tidak sah.")
    return _("nilai tidak sah.")


def _field_of(loc: Iterable[Any]) -> str | None:
    # loc is ("body", "payload", "weight_kg") or ("query", "limit"): drop the source and the
    # name of the body parameter, keep the client's field path.
    parts = [str(p) for p in list(loc)[1:]]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or None


def validation_error(exc: ValidationError) -> ApiError:
    return _invalid_from(exc.errors, _field_of)


def item_validation_error(errors: Iterable[Mapping[str, Any]]) -> ApiError:
    """422 for one item of a batch, from pydantic's `errors()`: loc is the item's own field."""
    return _invalid_from(errors, lambda loc: ".".join(str(p) for p in loc) or None)


def _invalid_from(errors: Iterable[Mapping[str, Any]], field_of) -> ApiError:
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(field_of(error.get("loc", ())) or "__all__", []).append(_reason(error))
    return invalid(by_field)


# --- handlers ----------------------------------------------------------------------------------


def respond(error: ApiError) -> HttpResponse:
    response = JsonResponse(error.body(), status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="RANTING"'
    return response


def _http_error(exc: HttpError) -> ApiError:
    if isinstance(exc, Throttled):
        error = ApiError(
            429,
            "rate_limited",
            _("Terlalu banyak permintaan. Coba lagi sebentar lagi."),
            details={"retry_after": None if exc.wait is None else round(exc.wait)},
        )
        return error
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        return ApiError(
            401,
            "not_authenticated",
            _("Masuk dulu: kirim header Authorization: Bearer <token> atau sesi login."),
        )
    if exc.status_code == 403 and "CSRF" in exc.message:
        return ApiError(
            403,
            "csrf_failed",
            _("Pemeriksaan CSRF gagal: kirim header X-CSRFToken dari cookie csrftoken."),
        )
    if exc.status_code == 400:
        return ApiError(400, "invalid_json", _("Isi permintaan bukan JSON yang sah."))
    if exc.status_code == 404:
        return not_found()
    if exc.status_code == 403:
        return forbidden()
    return ApiError(exc.status_code, "error", _("Permintaan tidak dapat diproses."))


def install_handlers(api: NinjaAPI) -> None:
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(exc)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(validation_error(exc))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        response = respond(_http_error(exc))
        if isinstance(exc, Throttled) and exc.wait is not None:
            response["Retry-After"] = str(max(1, round(exc.wait)))
        return response

    def on_404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(not_found())

    def on_403(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(forbidden())

    def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(ApiError(500, "server_error", _("Terjadi kesalahan di server.")))

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_403)
    api.add_exception_handler(Exception, on_exception)


# Error answers every authenticated endpoint can give (documented in the OpenAPI spec).
COMMON = (400, 401, 403, 404, 422, 429)


def responses(ok: dict[int, Any], *extra: int) -> dict[int, Any]:
    """The `response=` mapping of an operation: its success schemas plus the error schema."""
    out: dict[int, Any] = dict(ok)
    for status in (*COMMON, *extra):
        out[status] = ErrorOut
    return out
