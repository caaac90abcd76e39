"""/regions and /posyandu: what each persona may browse."""

from __future__ import annotations

import pytest

REGIONS = {
    "kader": {"32.75.06.1001"},
    "admin_kelurahan": {"32.75.06.1001"},
    "kecamatan": {"32.75.06", "32.75.06.1001", "32.75.06.1004"},
    "kecamatan_other": {"32.75.01", "32.75.01.1001"},
    "dinas": {"32.75", "32.75.06", "32.75.01", "32.75.06.1001", "32.75.06.1004", "32.75.01.1001"},
}


@pytest.mark.parametrize("persona", list(REGIONS))
def test_it_lists_the_regions_a_persona_may_browse(api, persona):
    body = api(persona).get("/regions").json()

    assert {r["code"] for r in body["items"]} == REGIONS[persona]
    assert body["count"] == len(REGIONS[persona])


def test_it_filters_by_level_and_parent(api):
    kelurahan = api("dinas").get("/regions", {"level": "kelurahan", "parent": "32.75.06"}).json()

    assert [r["code"] for r in kelurahan["items"]] == ["32.75.06.1001", "32.75.06.1004"]
    assert kelurahan["items"][0]["level_label"] == "Kelurahan/Desa"
    assert kelurahan["items"][0]["parent_code"] == "32.75.06"


def test_a_region_above_the_callers_is_404(api):
    assert api("kecamatan").get("/regions/32.75").status_code == 404
    assert api("kecamatan").get("/regions/32.75.06").json()["name"] == "Medansatria"


def test_a_malformed_code_is_refused(api):
    response = api("dinas").get("/regions/32.75;drop")

    assert response.status_code == 422
    assert response.json()["field"] == "code"


def test_posyandu_say_where_the_caller_records(api, regions):
    kader = api("kader").get("/posyandu").json()["items"]
    admin = api("admin_kelurahan").get("/posyandu").json()["items"]

    assert [(p["code"], p["can_record"]) for p in kader] == [("32.75.06.1001.01", True)]
    assert [(p["code"], p["can_record"]) for p in admin] == [
        ("32.75.06.1001.01", False),
        ("32.75.06.1001.02", False),
    ]
    assert admin[0]["kelurahan_name"] == "Medansatria"
