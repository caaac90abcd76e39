"""Request and response shapes of /api/v1/ (the contract the offline kader form is built on)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, model_validator

# Largest value of a 64-bit primary key: bigger ids cannot exist and would overflow the database.
MAX_ID = 2**63 - 1


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL characters, and UTF-8 cannot encode lone surrogates.
    if "\x00" in value:
        raise ValueError(_("tidak boleh berisi karakter NUL."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ValueError(_("berisi karakter yang tidak sah.")) from err
    return value


Text = Annotated[str, AfterValidator(_storable)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
Month = Annotated[str, Field(pattern=MONTH_PATTERN, examples=["2025-05"])]


def short_text(max_length: int, default: str = "") -> Any:
    return Field(default, max_length=max_length)


# --- common ------------------------------------------------------------------------------------


class Input(Schema):
    """A request body: must be a JSON object. (ninja's Schema reads attributes of any object,
    so a list or a number would otherwise pass as an empty body.)"""

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, data: Any) -> Any:
        # ninja has already wrapped the parsed body in a DjangoGetter; look at what it holds.
        if not isinstance(getattr(data, "_obj", data), dict):
            raise ValueError(_("isi permintaan harus berupa objek JSON."))
        return data


class CodeLabel(Schema):
    code: str
    label: str


# --- regions -----------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str
    name: str
    label: str
    level: str
    level_label: str
    parent_code: str | None


class RegionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RegionOut]


class PosyanduOut(Schema):
    id: int
    code: str
    name: str
    label: str
    kelurahan_code: str
    kelurahan_name: str
    rw: str
    address: str
    is_active: bool
    can_record: bool


class PosyanduPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PosyanduOut]


# --- children ----------------------------------------------------------------------------------


class LastMeasurementOut(Schema):
    id: int
    period: dt.date
    measured_on: dt.date
    weight_kg: float
    lenhei_cm: float | None
    position: str


class ChildOut(Schema):
    id: int
    client_id: UUID | None
    posyandu_id: int
    posyandu_name: str
    kelurahan_code: str
    name: str
    nik: str
    nik_masked: bool
    no_kk: str
    sex: str
    sex_label: str
    birth_date: dt.date
    birth_weight_kg: float | None
    birth_length_cm: float | None
    mother_name: str
    mother_nik: str
    father_name: str
    phone: str
    address: str
    rt: str
    rw: str
    has_kia_book: bool
    is_active: bool
    inactive_reason: str
    age_months: int | None
    last_measurement: LastMeasurementOut | None
    can_record: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    duplicate: bool = False


class ChildPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ChildOut]


class _ChildFields(Input):
    name: Text = short_text(100)
    nik: Text = short_text(20)
    no_kk: Text = short_text(20)
    sex: Literal["L", "P"] = "L"
    birth_date: dt.date | None = None
    birth_weight_kg: Decimal | None = None
    birth_length_cm: Decimal | None = None
    mother_name: Text = short_text(100)
    mother_nik: Text = short_text(20)
    father_name: Text = short_text(100)
    phone: Text = short_text(20)
    address: Text = short_text(200)
    rt: Text = short_text(3)
    rw: Text = short_text(3)
    has_kia_book: bool = True
    confirm: bool = Field(
        False, description="true: the warnings (NIK, possible duplicate) were checked"
    )


class ChildIn(_ChildFields):
    client_id: UUID
    posyandu_id: Id
    name: Text = Field(..., max_length=100)
    sex: Literal["L", "P"]
    birth_date: dt.date
    mother_name: Text = Field(..., max_length=100)


class ChildPatch(Input):
    """Only the fields sent are changed."""

    client_id: UUID | None = None
    name: Text | None = Field(None, max_length=100)
    nik: Text | None = Field(None, max_length=20)
    no_kk: Text | None = Field(None, max_length=20)
    sex: Literal["L", "P"] | None = None
    birth_date: dt.date | None = None
    birth_weight_kg: Decimal | None = None
    birth_length_cm: Decimal | None = None
    mother_name: Text | None = Field(None, max_length=100)
    mother_nik: Text | None = Field(None, max_length=20)
    father_name: Text | None = Field(None, max_length=100)
    phone: Text | None = Field(None, max_length=20)
    address: Text | None = Field(None, max_length=200)
    rt: Text | None = Field(None, max_length=3)
    rw: Text | None = Field(None, max_length=3)
    has_kia_book: bool | None = None
    is_active: bool | None = None
    inactive_reason: Text | None = Field(None, max_length=200)
    posyandu_id: Id | None = None
    move_reason: Text | None = Field(None, max_length=200)
    confirm: bool = False


# --- measurements ------------------------------------------------------------------------------


class ZScores(Schema):
    zwei: float | None = Field(None, description="BB/U (weight-for-age)")
    zlen: float | None = Field(None, description="PB/U or TB/U (length/height-for-age)")
    zwfl: float | None = Field(None, description="BB/PB or BB/TB (weight-for-length/height)")
    zbmi: float | None = Field(None, description="IMT/U (BMI-for-age)")
    zac: float | None = Field(None, description="LiLA/U (arm circumference-for-age)")
    zhc: float | None = Field(None, description="LK/U (head circumference-for-age)")


class Statuses(Schema):
    bbu: CodeLabel | None
    tbu: CodeLabel | None
    bbtb: CodeLabel | None
    imtu: CodeLabel | None


class WarningOut(Schema):
    code: str
    label: str
    needs_confirmation: bool


class FlagOut(Schema):
    index: str
    label: str


class MeasurementOut(Schema):
    id: int | None
    client_id: UUID | None
    child_id: int
    posyandu_id: int
    period: dt.date
    measured_on: dt.date
    weight_kg: float
    lenhei_cm: float | None
    position: str
    position_label: str
    oedema: bool
    armc_cm: float | None
    headc_cm: float | None
    vitamin_a: bool
    exclusive_breastfeeding: bool
    notes: str
    age_days: int | None
    age_months: int | None
    clenhei_cm: float | None
    zscores: ZScores
    status: Statuses
    growth: CodeLabel | None
    two_t: bool
    bgm: bool
    referral: list[CodeLabel]
    warnings: list[WarningOut]
    flags: list[FlagOut]
    confirmed_implausible: bool
    locked: bool
    revisions: int
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    duplicate: bool = False


class MeasurementPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeasurementOut]


class MeasurementIn(Input):
    client_id: UUID = Field(..., description="made by the client; a retry sends the same id")
    child_id: Id
    measured_on: dt.date
    weight_kg: Decimal
    lenhei_cm: Decimal | None = None
    position: Literal["l", "h", ""] = Field("", description="l terlentang, h berdiri")
    oedema: bool = False
    armc_cm: Decimal | None = None
    headc_cm: Decimal | None = None
    vitamin_a: bool = False
    exclusive_breastfeeding: bool = False
    notes: Text = short_text(300)
    confirm: bool = Field(False, description="true: implausible values were checked")


class MeasurementPatch(Input):
    """A correction: the fields sent replace the saved ones; `reason` is required."""

    client_id: UUID = Field(..., description="id of this correction, for safe retries")
    reason: Text = Field(..., min_length=1, max_length=200)
    measured_on: dt.date | None = None
    weight_kg: Decimal | None = None
    lenhei_cm: Decimal | None = None
    position: Literal["l", "h", ""] | None = None
    oedema: bool | None = None
    armc_cm: Decimal | None = None
    headc_cm: Decimal | None = None
    vitamin_a: bool | None = None
    exclusive_breastfeeding: bool | None = None
    notes: Text | None = Field(None, max_length=300)
    confirm: bool = False


# Items of one POST /measurements/batch: a posyandu day's queue fits (a kader weighs 20 to 80
# children), and a request stays well under the server's timeout.
MAX_BATCH_ITEMS = 100


class MeasurementBatchIn(Input):
    items: list[Any] = Field(
        ...,
        min_length=1,
        max_length=MAX_BATCH_ITEMS,
        description="each item a POST /measurements body; checked one by one",
    )


class BatchResultOut(Schema):
    status: int = Field(..., description="what POST /measurements would answer for the item")
    body: dict[str, Any] = Field(..., description="a MeasurementOut, or an error")


class MeasurementBatchOut(Schema):
    accepted: int = Field(..., description="items answered 201 (new rows)")
    results: list[BatchResultOut]


# --- recaps ------------------------------------------------------------------------------------


class RecapSummaryOut(Schema):
    s: int
    d: int
    n: int
    t: int
    o: int
    b: int
    bgm: int
    two_t: int
    flagged: int
    completeness_pct: float | None


class RecapEventOut(Schema):
    kind: str
    kind_label: str
    actor: str | None
    created_at: dt.datetime
    note: str
    from_status: str
    to_status: str


class RecapOut(Schema):
    id: int
    posyandu_id: int
    posyandu_name: str
    kelurahan_code: str
    period: dt.date
    status: str
    status_label: str
    locked: bool
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    approved_by: str | None
    return_comment: str
    available_actions: list[str]
    summary: RecapSummaryOut | None = None
    events: list[RecapEventOut] | None = None
    changed: bool | None = None


class RecapPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RecapOut]


class RecapIn(Input):
    posyandu_id: Id
    period: Month


class ReturnIn(Input):
    comment: Text = Field(..., max_length=2000)


class ApproveIn(Input):
    note: Text = Field("", max_length=2000)


class ReopenIn(Input):
    reason: Text = Field(..., max_length=2000)


# --- aggregates --------------------------------------------------------------------------------


class EstimateOut(Schema):
    indicator: str
    label: str
    cutoff: str
    count: int
    n: int
    pct: float | None
    ci_low: float | None
    ci_high: float | None


class IndicatorSummaryOut(EstimateOut):
    previous_pct: float | None
    last_year_pct: float | None
    city_pct: float | None
    target_pct: float | None
    above_city: bool


class PrevalenceUnitOut(Schema):
    code: str
    name: str
    measured: int
    hotspot: bool
    estimates: list[EstimateOut]


class PrevalenceOut(Schema):
    region_code: str
    region_name: str
    period: dt.date
    approved_only: bool
    measured: int
    indicators: list[IndicatorSummaryOut]
    units: list[PrevalenceUnitOut]


class SkdnRowOut(Schema):
    number: str
    code: str
    label: str
    total_l: int
    total_p: int
    total: int


class RatioOut(Schema):
    code: str
    label: str
    numerator: int
    denominator: int
    pct: float | None


class SkdnUnitOut(Schema):
    code: str
    name: str
    totals: dict[str, int]
    ratios: list[RatioOut]


class SkdnOut(Schema):
    subject: str
    code: str
    period: dt.date
    approved_only: bool
    totals: dict[str, int]
    identity_ok: bool
    rows: list[SkdnRowOut]
    ratios: list[RatioOut]
    warnings: list[str]
    units: list[SkdnUnitOut]
