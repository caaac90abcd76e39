"""FHIR R4 export: a child (or a posyandu's children) and their measurements as a Bundle.

Resources: Patient (NIK with SATUSEHAT's identifier system, else the mother's NIK the way SATUSEHAT
records a baby without NIK), RelatedPerson for mother and father, Observation per measured value
(LOINC, UCUM units), WHO z-scores as Observations in RANTING's own code system (FHIR has no
standard code for them; see docs/interop.md), and Organization + Location for each posyandu with
the Kemendagri code of its kelurahan in SATUSEHAT's `administrativeCode` address extension.

fhir.resources 8 ships R5 as its default and R4B as a subpackage, no plain R4. R4B equals R4 for
every element used here, so bundles are validated with `fhir.resources.R4B` and are valid R4.
Each bundle is checked with it, plus one rule it does not know: every reference resolves inside
the bundle.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from ranting.children.models import Child
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.regions.models import Posyandu, Region

# SATUSEHAT identifier systems (Kemenkes FHIR, https://fhir.kemkes.go.id).
NIK_SYSTEM = "https://fhir.kemkes.go.id/id/nik"
NIK_MOTHER_SYSTEM = "https://fhir.kemkes.go.id/id/nik-ibu"
KK_SYSTEM = "https://fhir.kemkes.go.id/id/kk"
ADMINISTRATIVE_CODE = "https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
LOCATION_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type"
# R4 Observation has no `location` element; this core extension carries it.
EVENT_LOCATION = "http://hl7.org/fhir/StructureDefinition/event-location"
# Fixed namespace: the same record always gets the same resource id (uuid5), across exports.
ID_NAMESPACE = uuid.UUID("6f0f5c2e-61f4-4e0f-9a53-3c0c1d6b2a41")
GENDER: dict[str, str] = {Child.Sex.LAKI_LAKI: "male", Child.Sex.PEREMPUAN: "female"}


@dataclass(frozen=True)
class Vital:
    """A measured value of Measurement as a LOINC-coded Observation."""

    attribute: str
    loinc: str
    display: str
    label: str  # Indonesian text of the code
    unit: str  # UCUM
    category: str


WEIGHT = Vital("weight_kg", "29463-7", "Body weight", "Berat badan", "kg", "vital-signs")
HEIGHT = Vital("lenhei_cm", "8302-2", "Body height", "Tinggi badan (berdiri)", "cm", "vital-signs")
LENGTH = Vital(
    "lenhei_cm", "8306-3", "Body height --lying", "Panjang badan (terlentang)", "cm", "vital-signs"
)
HEAD = Vital(
    "headc_cm", "9843-4", "Head Occipital-frontal circumference", "Lingkar kepala", "cm",
    "vital-signs",
)  # fmt: skip
MUAC = Vital("armc_cm", "56072-2", "Mid upper arm circumference", "LiLA", "cm", "exam")

# WHO 2006 z-scores: RANTING's code system (code = Measurement field), PMK 2/2020 status beside.
Z_SCORES = {
    "zwei": ("Z-score berat badan menurut umur (BB/U)", "status_bbu"),
    "zlen": ("Z-score panjang/tinggi badan menurut umur (PB/U, TB/U)", "status_tbu"),
    "zwfl": ("Z-score berat badan menurut panjang/tinggi badan (BB/PB, BB/TB)", "status_bbtb"),
    "zbmi": ("Z-score indeks massa tubuh menurut umur (IMT/U)", "status_imtu"),
    "zhc": ("Z-score lingkar kepala menurut umur", ""),
    "zac": ("Z-score LiLA menurut umur", ""),
}
Z_DIGITS = 2  # WHO anthro reports z-scores to two decimals


class FhirExportError(Exception):
    """The bundle failed validation; `message` is Indonesian, naming the element and reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def system(name: str) -> str:
    """An identifier or code system of RANTING's own ids (configurable base, see settings)."""
    return f"{settings.FHIR_SYSTEM_BASE.rstrip('/:')}{':' if _is_urn() else '/'}{name}"


def _is_urn() -> bool:
    return settings.FHIR_SYSTEM_BASE.startswith("urn:")


def _uid(kind: str, key: object) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}/{key}"))


def _url(uid: str) -> str:
    return f"urn:uuid:{uid}"


def _ref(uid: str, display: str = "") -> dict:
    return {"reference": _url(uid), **({"display": display} if display else {})}


def _digits(code: str) -> str:
    return code.replace(".", "")


def _administrative_code(kelurahan: Region, rt: str = "", rw: str = "") -> dict:
    """SATUSEHAT address extension: Kemendagri codes of province, city, district and village."""
    digits = _digits(kelurahan.code)  # e.g. 3275061001: PP KK CC DDDD
    parts = [("province", digits[:2]), ("city", digits[:4]), ("district", digits[:6])]
    parts += [("village", digits), ("rt", rt), ("rw", rw)]
    return {
        "url": ADMINISTRATIVE_CODE,
        "extension": [{"url": name, "valueCode": value} for name, value in parts if value],
    }


def _address(kelurahan: Region, line: str, rt: str, rw: str, use: str) -> dict:
    kecamatan = kelurahan.parent
    kota = kecamatan.parent if kecamatan else None
    text = ", ".join(
        p
        for p in [
            line,
            f"RT {rt}" if rt else "",
            f"RW {rw}" if rw else "",
            f"Kel. {kelurahan.label}",
            f"Kec. {kecamatan.label}" if kecamatan else "",
            kota.label if kota else "",
        ]
        if p
    )
    address: dict[str, object] = {"use": use, "text": text, "country": "ID"}
    if line:
        address["line"] = [line]
    if kota:
        address["city"] = kota.label
    if kecamatan:
        address["district"] = kecamatan.label
    address["extension"] = [_administrative_code(kelurahan, rt, rw)]
    return address


# --- posyandu --------------------------------------------------------------------------------


def posyandu_resources(posyandu: Posyandu) -> list[dict]:
    """Organization (who measures) and Location (where) of a posyandu."""
    org, loc = _uid("posyandu-organization", posyandu.pk), _uid("posyandu-location", posyandu.pk)
    identifier = [{"use": "official", "system": system("posyandu"), "value": posyandu.code}]
    address = _address(posyandu.kelurahan, posyandu.address, "", posyandu.rw, "work")
    organization = {
        "resourceType": "Organization",
        "id": org,
        "identifier": identifier,
        "active": posyandu.is_active,
        "type": [
            {
                "coding": [
                    {"system": ORGANIZATION_TYPE, "code": "prov", "display": "Healthcare Provider"}
                ],
                "text": "Posyandu",
            }
        ],
        "name": str(posyandu),
        "address": [address],
    }
    location = {
        "resourceType": "Location",
        "id": loc,
        "identifier": identifier,
        "status": "active" if posyandu.is_active else "inactive",
        "name": str(posyandu),
        "mode": "instance",
        "physicalType": {
            "coding": [{"system": LOCATION_TYPE, "code": "bu", "display": "Building"}]
        },
        "address": address,
        "managingOrganization": _ref(org, str(posyandu)),
    }
    return [organization, location]


# --- child -----------------------------------------------------------------------------------


def _patient(child: Child) -> dict:
    identifiers = []
    if child.nik:
        identifiers.append({"use": "official", "system": NIK_SYSTEM, "value": child.nik})
    elif child.mother_nik:
        # SATUSEHAT finds a baby without NIK by the mother's NIK (and birth date).
        identifiers.append(
            {"use": "official", "system": NIK_MOTHER_SYSTEM, "value": child.mother_nik}
        )
    if child.no_kk:
        identifiers.append({"use": "secondary", "system": KK_SYSTEM, "value": child.no_kk})
    identifiers.append({"use": "usual", "system": system("anak"), "value": str(child.pk)})
    patient = {
        "resourceType": "Patient",
        "id": _uid("child", child.pk),
        "identifier": identifiers,
        "active": child.is_active,
        "name": [{"use": "official", "text": child.name}],
        "gender": GENDER[child.sex],
        "birthDate": child.birth_date.isoformat(),
        "managingOrganization": _ref(_uid("posyandu-organization", child.posyandu_id)),
    }
    if child.address or child.rt or child.rw:
        kelurahan = child.posyandu.kelurahan
        patient["address"] = [_address(kelurahan, child.address, child.rt, child.rw, "home")]
    return patient


def _related_people(child: Child) -> list[dict]:
    patient = _uid("child", child.pk)
    people = []
    for role, code, display, name, nik, gender in [
        ("mother", "MTH", "mother", child.mother_name, child.mother_nik, "female"),
        ("father", "FTH", "father", child.father_name, "", "male"),
    ]:
        if not name:
            continue
        person = {
            "resourceType": "RelatedPerson",
            "id": _uid(f"child-{role}", child.pk),
            "patient": _ref(patient),
            "relationship": [{"coding": [{"system": ROLE_CODE, "code": code, "display": display}]}],
            "name": [{"text": name}],
            "gender": gender,
        }
        if nik:
            person["identifier"] = [{"use": "official", "system": NIK_SYSTEM, "value": nik}]
        if child.phone and role == "mother":
            person["telecom"] = [{"system": "phone", "value": child.phone, "use": "mobile"}]
        people.append(person)
    return people


def _vitals(m: Measurement) -> list[Vital]:
    length = LENGTH if m.position == Measurement.Position.LENGTH else HEIGHT
    return [v for v in (WEIGHT, length, HEAD, MUAC) if getattr(m, v.attribute) is not None]


def _observation(m: Measurement, uid: str, code: dict, category: str, value: dict) -> dict:
    return {
        "resourceType": "Observation",
        "id": uid,
        "extension": [
            {
                "url": EVENT_LOCATION,
                "valueReference": _ref(_uid("posyandu-location", m.posyandu_id)),
            }
        ],
        # A corrected measurement keeps its old values in RANTING's revision history.
        "status": "amended" if getattr(m, "was_corrected", False) else "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": category}]}],
        "code": code,
        "subject": _ref(_uid("child", m.child_id)),
        "effectiveDateTime": m.measured_on.isoformat(),
        "performer": [_ref(_uid("posyandu-organization", m.posyandu_id))],
        **value,
    }


def _measurement_observations(m: Measurement) -> list[dict]:
    observations = []
    for vital in _vitals(m):
        uid = _uid(f"measurement-{vital.loinc}", m.pk)
        code = {
            "coding": [{"system": LOINC, "code": vital.loinc, "display": vital.display}],
            "text": vital.label,
        }
        quantity = {"value": getattr(m, vital.attribute), "unit": vital.unit, "system": UCUM,
                    "code": vital.unit}  # fmt: skip
        obs = _observation(m, uid, code, vital.category, {"valueQuantity": quantity})
        obs["identifier"] = [{"system": system("pengukuran"), "value": f"{m.pk}-{vital.loinc}"}]
        if vital is WEIGHT and m.oedema:
            obs["note"] = [{"text": "Edema bilateral (berat badan tidak dipakai untuk BB/U)."}]
        observations.append(obs)
    sources = [_ref(o["id"]) for o in observations]
    for field, (label, status_field) in Z_SCORES.items():
        z = getattr(m, field)
        if z is None:
            continue
        code = {"coding": [{"system": system("who-zscore"), "code": field, "display": label}],
                "text": label}  # fmt: skip
        value = {
            "valueQuantity": {
                "value": round(Decimal(repr(z)), Z_DIGITS),
                "unit": "SD",
                "system": UCUM,
                "code": "{SD}",
            },  # fmt: skip
            "method": {"text": "WHO Child Growth Standards 2006 (PMK No. 2 Tahun 2020)"},
            "derivedFrom": sources,
        }
        status = getattr(m, status_field) if status_field else ""
        if status:
            value["interpretation"] = [{"text": status}]
        obs = _observation(m, _uid(f"measurement-{field}", m.pk), code, "exam", value)
        observations.append(obs)
    return observations


# --- bundles ---------------------------------------------------------------------------------


def _with_revision_flag(measurements):
    return measurements.annotate(
        was_corrected=Exists(MeasurementRevision.objects.filter(measurement=OuterRef("pk")))
    ).order_by("child_id", "period")


def build_bundle(children: Iterable[Child], measurements: Iterable[Measurement]) -> dict:
    """A validated collection Bundle of these children, their measurements and posyandu."""
    children, measurements = list(children), list(measurements)
    posyandu_ids = {c.posyandu_id for c in children} | {m.posyandu_id for m in measurements}
    posyandus = Posyandu.objects.filter(pk__in=posyandu_ids).select_related(
        "kelurahan__parent__parent"
    )
    resources = [r for p in posyandus.order_by("code") for r in posyandu_resources(p)]
    for child in children:
        resources += [_patient(child), *_related_people(child)]
    for m in measurements:
        resources += _measurement_observations(m)
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": timezone.now().isoformat(timespec="seconds")},
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": [{"fullUrl": _url(r["id"]), "resource": r} for r in resources],
    }
    return validate(bundle)


def child_bundle(child: Child, period: dt.date | None = None) -> dict:
    """One child with every measurement (or only those of the month of `period`)."""
    measurements = Measurement.objects.filter(child=child)
    if period is not None:
        measurements = measurements.filter(period=period.replace(day=1))
    child = Child.objects.select_related("posyandu__kelurahan").get(pk=child.pk)
    return build_bundle([child], _with_revision_flag(measurements))


def posyandu_bundle(posyandu: Posyandu, period: dt.date | None = None) -> dict:
    """The posyandu's children with their measurements there; with `period`, that month's only.

    Without a month: every child registered at the posyandu and its measurements taken there.
    With a month: the children measured there that month, and those measurements.
    """
    measurements = Measurement.objects.filter(posyandu=posyandu)
    if period is not None:
        measurements = measurements.filter(period=period.replace(day=1))
        children = Child.objects.filter(pk__in=measurements.values("child_id"))
    else:
        children = Child.objects.filter(posyandu=posyandu)
        measurements = measurements.filter(child__posyandu=posyandu)
    children = children.select_related("posyandu__kelurahan").order_by("pk")
    return build_bundle(children, _with_revision_flag(measurements))


def _references(value: object) -> Iterable[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def validate(bundle: dict) -> dict:
    """The bundle as FHIR JSON after validation with fhir.resources (R4B = R4 here).

    Raises FhirExportError naming the first invalid element, or a reference that does not
    resolve to an entry of the bundle.
    """
    try:
        model = Bundle.model_validate(bundle)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FhirExportError(f"Bundle FHIR tidak valid pada {where}: {first['msg']}") from err
    full_urls = {entry["fullUrl"] for entry in bundle.get("entry", [])}
    missing = sorted(set(_references(bundle)) - full_urls)
    if missing:
        raise FhirExportError(
            f"Bundle FHIR merujuk sumber yang tidak ada di dalamnya: {missing[0]}"
        )
    return model.model_dump(mode="json", exclude_none=True)


def to_json(bundle: dict) -> str:
    return json.dumps(bundle, ensure_ascii=False, indent=1)
