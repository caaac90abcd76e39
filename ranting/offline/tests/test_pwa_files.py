"""Manifest, service worker and reference document as served (Django test client)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

import ranting.growth
from ranting.offline import assets

DATA = Path(ranting.growth.__file__).parent / "data"


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def reference(client):
    return client.get(assets.reference_url()).json()


def test_it_serves_a_manifest_limited_to_the_offline_page(client):
    response = client.get(reverse("offline:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == manifest["scope"] == "/luring/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "id"
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        served = client.get(icon["src"])  # a local file, no CDN
        assert served.status_code == 200
        assert icon["src"].startswith("/static/offline/icons/")
        assert b"<svg" in b"".join(served.streaming_content)


def test_it_serves_the_worker_with_every_file_the_page_needs(client):
    response = client.get(reverse("offline:sw"))
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert f'const VERSION = "{assets.version()}";' in body
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    for url in precache:
        assert client.get(url).status_code == 200, url
    for module in ("app", "store", "sync", "ui", "checks", "growth", "status"):
        assert f"/static/offline/js/{module}.js" in precache


def test_it_caches_every_module_the_page_imports(client):
    """A module missing from the precache list would break the page without signal."""
    static_dir = Path(__file__).resolve().parents[1] / "static" / "offline" / "js"
    imported = set()
    for path in static_dir.glob("*.js"):
        imported |= set(re.findall(r'from "\./(\w+\.js)"', path.read_text()))
    cached = {Path(p).name for p in assets.STATIC_ASSETS if p.startswith("offline/js/")}
    assert imported <= cached
    assert {p.name for p in static_dir.glob("*.js")} == cached


def test_it_lists_the_module_script_in_the_shell(regions, people, login):
    page = login(people["kader"]).get(reverse("offline:shell")).content.decode()
    assert '<script type="module" src="/static/offline/js/app.js"></script>' in page
    assert '<link rel="manifest" href="/luring/manifest.webmanifest">' in page
    # CSP: no inline script, no inline handler, no style attribute on the page.
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None
    assert re.search(r"\son[a-z]+=", page) is None
    assert " style=" not in page


def test_it_caches_a_versioned_reference_for_a_year(client):
    url = assets.reference_url()
    response = client.get(url)
    version = url.split("v=")[1]
    assert response["ETag"] == f'"{version}"'
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.json()["version"] == version
    unversioned = client.get(reverse("offline:reference"))
    assert unversioned["Cache-Control"] == "no-cache"


def test_it_compresses_the_reference(client):
    response = client.get(assets.reference_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    plain = client.get(assets.reference_url()).content
    assert gzip.decompress(response.content) == plain
    assert len(response.content) < len(plain) / 2


def test_it_serves_the_who_tables_as_packaged(reference):
    weight = _csv_rows("weianthro.csv")
    boys_day_0 = weight[0]
    girls_day_1826 = weight[-1]
    wei = reference["growth"]["age_tables"]["wei"]
    assert [wei["sexes"]["1"][k][0] for k in "LMS"] == [float(boys_day_0[k]) for k in "LMS"]
    assert (girls_day_1826["sex"], girls_day_1826["age"]) == ("2", "1826")
    assert [wei["sexes"]["2"][k][-1] for k in "LMS"] == [float(girls_day_1826[k]) for k in "LMS"]
    arm = reference["growth"]["age_tables"]["ac"]
    assert arm["first_day"] == 91
    assert len(arm["sexes"]["1"]["M"]) == 1826 - 91 + 1
    length = _csv_rows("wflanthro.csv")
    girls_45 = next(r for r in length if r["sex"] == "2" and float(r["length"]) == 45.0)
    wfl = reference["growth"]["length_tables"]["l"]
    assert (wfl["min_cm"], wfl["max_cm"]) == (45.0, 110.0)
    assert wfl["sexes"]["2"]["M"][0] == float(girls_45["M"])
    assert len(wfl["sexes"]["2"]["M"]) == 651  # 45.0 .. 110.0 cm in 0.1 cm steps
    assert reference["growth"]["length_tables"]["h"]["min_cm"] == 65.0


def test_it_serves_the_packaged_kbm_table(reference):
    rows = _csv_rows("kbm.csv")
    expected = [
        [int(r["age_months_from"]), int(r["age_months_to"]), float(r["kbm_grams"])] for r in rows
    ]
    assert reference["kms"]["kbm"] == expected


def test_it_follows_a_configured_kbm_table(client, settings, tmp_path):
    before_reference = assets.reference_url()
    before_worker = assets.version()
    table = tmp_path / "kbm.csv"
    table.write_text("age_months_from,age_months_to,kbm_grams,source\n1,60,250,uji\n")
    settings.KBM_TABLE_PATH = str(table)
    assert client.get(assets.reference_url()).json()["kms"]["kbm"] == [[1, 60, 250.0]]
    assert assets.reference_url() != before_reference
    assert assets.version() != before_worker  # phones fetch the new table
    sw = client.get(reverse("offline:sw")).content.decode()
    assert assets.reference_url() in sw


def test_it_words_the_errors_like_the_online_form(reference):
    texts = reference["texts"]
    assert texts["required"] == "Bidang ini tidak boleh kosong."
    assert texts["fields"]["weight_kg"] == "Berat badan (kg)"
    assert texts["positions"] == {
        "l": "Terlentang (panjang badan)",
        "h": "Berdiri (tinggi badan)",
    }
    assert reference["pmk"]["labels"]["sangat_pendek"] == "Sangat pendek"
    assert reference["checks"]["decimal_places"] == {
        "weight_kg": 2,
        "lenhei_cm": 1,
        "armc_cm": 1,
        "headc_cm": 1,
    }


def test_it_links_the_offline_form_for_kader_only(regions, people, login):
    link = '<a href="/luring/">Mode luring</a>'
    assert link in login(people["kader"]).get(reverse("children:list")).content.decode()
    page = login(people["admin_kelurahan"]).get(reverse("recaps:index")).content.decode()
    assert link not in page
