"""FHIR R4 bundles of a child and of a posyandu, validated with fhir.resources (R4B)."""

import datetime as dt
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from ranting.audit.models import LogEntry
from ranting.cli import main
from ranting.interop.fhir import FhirExportError, child_bundle, posyandu_bundle, validate
from ranting.measurements.models import Measurement

NIK = "https://fhir.kemkes.go.id/id/nik"
LOINC = "http://loinc.org"


def _resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _loinc(observation):
    codings = observation["code"]["coding"]
    return codings[0]["code"] if codings[0]["system"] == LOINC else None


def _vitals(bundle):
    """(date, LOINC, value, unit, status) of each LOINC observation, in bundle order."""
    return [
        (
            o["effectiveDateTime"],
            _loinc(o),
            o["valueQuantity"]["value"],
            o["valueQuantity"]["code"],
            o["status"],
        )
        for o in _resources(bundle, "Observation")
        if _loinc(o)
    ]


def test_it_exports_a_child_with_every_measured_value(history):
    child, _april = history
    bundle = child_bundle(child)
    Bundle.model_validate(bundle)  # the output itself is a valid R4(B) Bundle
    assert bundle["type"] == "collection"
    assert _vitals(bundle) == [
        ("2025-04-09", "29463-7", 8.1, "kg", "final"),
        ("2025-04-09", "8306-3", 74.2, "cm", "final"),  # lying: body length
        ("2025-04-09", "9843-4", 44.3, "cm", "final"),
        ("2025-04-09", "56072-2", 14.1, "cm", "final"),
        ("2025-05-12", "29463-7", 8.4, "kg", "amended"),  # corrected from 8.3
        ("2025-05-12", "8306-3", 75.0, "cm", "amended"),
        ("2025-06-10", "29463-7", 8.6, "kg", "final"),
        ("2025-06-10", "8302-2", 76.4, "cm", "final"),  # standing: body height
    ]


def test_it_identifies_the_child_by_nik_with_the_satusehat_system(history):
    child, _april = history
    [patient] = _resources(child_bundle(child), "Patient")
    assert {"use": "official", "system": NIK, "value": "3275065503240002"} in patient["identifier"]
    assert {"use": "secondary", "system": "https://fhir.kemkes.go.id/id/kk",
            "value": "3275060101200003"} in patient["identifier"]  # fmt: skip
    assert patient["gender"] == "female"
    assert patient["birthDate"] == "2024-03-15"
    assert patient["name"] == [{"use": "official", "text": "Siti Aminah"}]
    village = patient["address"][0]["extension"][0]["extension"]
    assert {"url": "village", "valueCode": "3275061001"} in village
    assert {"url": "rt", "valueCode": "002"} in village


def test_it_names_the_mother_and_father_as_related_persons(history):
    child, _april = history
    bundle = child_bundle(child)
    [patient] = _resources(bundle, "Patient")
    people = {
        p["relationship"][0]["coding"][0]["code"]: p for p in _resources(bundle, "RelatedPerson")
    }
    assert set(people) == {"MTH", "FTH"}
    mother = people["MTH"]
    assert mother["name"] == [{"text": "Rina Wati"}]
    assert mother["identifier"] == [{"use": "official", "system": NIK, "value": "3275064101950002"}]
    assert mother["telecom"][0]["value"] == "081234567890"
    assert mother["patient"]["reference"] == f"urn:uuid:{patient['id']}"


def test_it_uses_the_mothers_nik_for_a_child_without_nik(make_child):
    child = make_child(nik="", mother_nik="3275064101950002")
    [patient] = _resources(child_bundle(child), "Patient")
    assert patient["identifier"][0] == {
        "use": "official",
        "system": "https://fhir.kemkes.go.id/id/nik-ibu",
        "value": "3275064101950002",
    }


def test_it_describes_the_posyandu_with_its_kemendagri_codes(history, regions):
    child, _april = history
    bundle = child_bundle(child)
    [organization] = _resources(bundle, "Organization")
    [location] = _resources(bundle, "Location")
    assert organization["name"] == "Posyandu Mawar (RW 01)"
    assert organization["identifier"][0]["value"] == "32.75.06.1001.01"
    codes = {e["url"]: e["valueCode"] for e in location["address"]["extension"][0]["extension"]}
    assert codes == {
        "province": "32",
        "city": "3275",
        "district": "327506",
        "village": "3275061001",
        "rw": "01",
    }
    assert location["managingOrganization"]["reference"] == f"urn:uuid:{organization['id']}"
    observation = _resources(bundle, "Observation")[0]
    assert observation["performer"][0]["reference"] == f"urn:uuid:{organization['id']}"
    assert observation["extension"][0]["valueReference"]["reference"] == (
        f"urn:uuid:{location['id']}"
    )


def test_it_adds_z_scores_in_its_own_code_system(history):
    child, april = history
    bundle = child_bundle(child, dt.date(2025, 4, 1))
    april = Measurement.objects.get(pk=april.pk)
    scores = {
        o["code"]["coding"][0]["code"]: o
        for o in _resources(bundle, "Observation")
        if o["code"]["coding"][0]["system"] == "urn:ranting:who-zscore"
    }
    assert scores["zwei"]["valueQuantity"]["value"] == round(april.zwei, 2)
    assert scores["zwei"]["interpretation"] == [{"text": april.status_bbu}]
    weight = next(o for o in _resources(bundle, "Observation") if _loinc(o) == "29463-7")
    assert {"reference": f"urn:uuid:{weight['id']}"} in scores["zwei"]["derivedFrom"]


def test_it_exports_one_month_only(history):
    child, _april = history
    bundle = child_bundle(child, dt.date(2025, 6, 1))
    assert {d for d, *_rest in _vitals(bundle)} == {"2025-06-10"}


def test_it_gives_the_same_record_the_same_id_every_time(history):
    child, _april = history
    first, second = child_bundle(child), child_bundle(child)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert first["id"] != second["id"]  # each bundle itself is a new document


def test_it_exports_a_posyandu(history, make_child, regions, people):
    from ranting.interop.tests.conftest import weighing
    from ranting.measurements.services import record_measurement

    other = make_child(name="Budi")
    make_child(posyandu=regions["posyandu_b"], name="Di posyandu lain")
    record_measurement(other, people["kader"], weighing(dt.date(2025, 5, 20), 9.1), True)
    bundle = posyandu_bundle(regions["posyandu_a"])
    assert sorted(p["name"][0]["text"] for p in _resources(bundle, "Patient")) == [
        "Budi",
        "Siti Aminah",
    ]
    assert len(_vitals(bundle)) == 9
    may = posyandu_bundle(regions["posyandu_a"], dt.date(2025, 5, 1))
    assert sorted(p["name"][0]["text"] for p in _resources(may, "Patient")) == [
        "Budi",
        "Siti Aminah",
    ]
    assert {d for d, *_rest in _vitals(may)} == {"2025-05-12", "2025-05-20"}


def test_it_refuses_an_invalid_bundle_naming_the_element():
    patient = {"resourceType": "Patient", "birthDate": "15-03-2024"}
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": "urn:uuid:1", "resource": patient}],
    }
    with pytest.raises(FhirExportError, match=r"tidak valid pada entry\.0\.resource\.birthDate"):
        validate(bundle)


def test_it_refuses_a_reference_outside_the_bundle():
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"fullUrl": "urn:uuid:1", "resource": {
                  "resourceType": "Observation", "status": "final", "code": {"text": "x"},
                  "subject": {"reference": "urn:uuid:2"}}}]}  # fmt: skip
    with pytest.raises(FhirExportError, match="urn:uuid:2"):
        validate(bundle)


def test_the_command_writes_a_valid_bundle_and_records_the_export(history, tmp_path, capsys):
    child, _april = history
    target = tmp_path / "anak.json"
    assert main(["fhir", "export", "--child", str(child.pk), "--month", "2025-04",
                 "-o", str(target)]) == 0  # fmt: skip
    assert "Bundle FHIR R4 valid tersimpan" in capsys.readouterr().out
    written = json.loads(target.read_text())
    Bundle.model_validate(written)
    assert {d for d, *_rest in _vitals(written)} == {"2025-04-09"}
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(child.pk), content_type__model="child"
    ).exists()


def test_the_command_explains_bad_input(regions, tmp_path, capsys):
    assert main(["fhir", "export", "--child", "999", "-o", str(tmp_path / "x.json")]) == 1
    assert "Anak dengan id 999 tidak ada." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["fhir", "export", "--posyandu", "1", "--month", "Juni", "-o", "x.json"])
    assert "bulan harus ditulis TTTT-BB" in capsys.readouterr().err
