"""Freezing a round into numbered versions; published numbers never follow later edits."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.urls import reverse

from ranting.measurements.models import Measurement
from ranting.publication import services
from ranting.publication.models import PublicationSnapshot
from ranting.publication.rounds import Round
from ranting.publication.tests.conftest import AUGUST, ROUND
from ranting.publication.tests.helpers import cell_text
from ranting.regions.models import Region

AUG = Round(2025, 8)
PUBLIC = "/publikasi/publik/32.75/2025-08/"


def freeze(login, people, aksi="terbitkan", catatan="Data bulan penimbangan Agustus."):
    client = login(people["dinas"])
    return client.post(
        reverse("publication:freeze", args=["32.75"]), {**ROUND, "aksi": aksi, "catatan": catatan}
    )


def test_it_freezes_a_published_version(round_data, people, login):
    response = freeze(login, people)
    snapshot = PublicationSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publication:version", args=[snapshot.pk])
    assert (snapshot.kota_code, snapshot.year, snapshot.month) == ("32.75", 2025, 8)
    assert (snapshot.version, snapshot.status) == (1, "published")
    assert snapshot.created_by == people["dinas"]
    assert snapshot.published_by == people["dinas"]
    assert snapshot.note == "Data bulan penimbangan Agustus."
    assert snapshot.payload["total"]["figures"]["stunting"]["n"] == 9
    # The checksum is SHA-256 of the payload as sorted, compact JSON.
    canonical = json.dumps(
        snapshot.payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert snapshot.checksum == hashlib.sha256(canonical.encode()).hexdigest()
    assert services.is_intact(snapshot)


def test_published_numbers_do_not_follow_later_corrections(round_data, people, login, client):
    freeze(login, people)
    v1 = PublicationSnapshot.objects.get()
    # A correction after publishing: two more stunted children in Kalibaru (6 → 8 of 20).
    kalibaru = Measurement.objects.filter(
        posyandu=round_data["posyandu_b"], period=AUGUST, zlen=0.0
    ).order_by("pk")[:2]
    Measurement.objects.filter(pk__in=[m.pk for m in kalibaru]).update(zlen=-2.4)

    dinas = login(people["dinas"])
    live = dinas.get(reverse("publication:round", args=["32.75"]), ROUND).content.decode()
    assert "26,2%" in cell_text(live, "32.75", "stunting")  # live: 11 / 42 = 26.19 %
    assert "11/42" in cell_text(live, "32.75", "stunting")

    frozen = dinas.get(reverse("publication:version", args=[v1.pk])).content.decode()
    assert "21,4%" in cell_text(frozen, "32.75", "stunting")  # as published: 9 / 42
    assert "9/42" in cell_text(frozen, "32.75", "stunting")
    assert "30,0%" in cell_text(frozen, "32.75.06.1004", "stunting")  # 6 / 20, not 8 / 20
    dinas.logout()
    public = client.get(PUBLIC).content.decode()
    assert "21,4%" in cell_text(public, "32.75", "stunting")
    v1.refresh_from_db()
    assert services.is_intact(v1)

    # The correction is published as version 2, which supersedes version 1.
    freeze(login, people, catatan="Koreksi Kalibaru.")
    v2 = PublicationSnapshot.objects.get(version=2)
    assert v2.payload["total"]["figures"]["stunting"]["n"] == 11
    login(people["dinas"]).logout()
    public = client.get(PUBLIC).content.decode()
    assert "26,2%" in cell_text(public, "32.75", "stunting")
    old = client.get(PUBLIC + "v1/").content.decode()
    assert "21,4%" in cell_text(old, "32.75", "stunting")
    assert "digantikan versi 2" in old


def test_versions_count_up_per_round(round_data, people):
    kota = Region.objects.get(code="32.75")
    first = services.freeze(people["dinas"], kota, AUG)
    second = services.freeze(people["dinas"], kota, AUG, publish=False)
    february = services.freeze(people["dinas"], kota, Round(2025, 2))
    assert (first.version, second.version, february.version) == (1, 2, 1)
    assert second.status == "draft"
    assert second.published_at is None
    versions = list(services.versions("32.75", AUG))
    assert [v.version for v in versions] == [2, 1]
    # A draft does not supersede; only a newer published version does.
    assert services.superseded_by(first, versions) is None
    services.publish(people["dinas"], second)
    assert services.superseded_by(first, list(services.versions("32.75", AUG))) == 2


def test_a_draft_is_not_public_until_published(round_data, people, login, client):
    freeze(login, people, aksi="draf")
    draft = PublicationSnapshot.objects.get()
    assert draft.status == "draft"
    assert client.get(PUBLIC).status_code == 404
    response = login(people["dinas"]).post(reverse("publication:publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.published_by == people["dinas"]
    client.logout()
    assert client.get(PUBLIC).status_code == 200


def test_withdrawing_needs_a_reason_and_falls_back_to_the_older_version(
    round_data, people, login, client
):
    kota = Region.objects.get(code="32.75")
    v1 = services.freeze(people["dinas"], kota, AUG)
    v2 = services.freeze(people["dinas"], kota, AUG)
    dinas = login(people["dinas"])
    url = reverse("publication:withdraw", args=[v2.pk])
    response = dinas.post(url, {"alasan": "  "})
    assert response.status_code == 400
    assert "Alasan penarikan: alasan penarikan wajib diisi." in response.content.decode()
    v2.refresh_from_db()
    assert v2.status == "published"

    assert dinas.post(url, {"alasan": "Salah input posyandu C."}).status_code == 302
    v2.refresh_from_db()
    assert (v2.status, v2.withdraw_reason) == ("withdrawn", "Salah input posyandu C.")
    dinas.logout()
    page = client.get(PUBLIC)
    assert page.status_code == 200
    assert page.context["snapshot"] == v1
    assert client.get(PUBLIC + "v2/").status_code == 404
    # Older versions stay viewable inside, marked.
    inside = login(people["dinas"]).get(reverse("publication:version", args=[v2.pk]))
    assert "Salah input posyandu C." in inside.content.decode()


def test_it_refuses_a_round_without_verified_measurements(round_data, people, login):
    dinas = login(people["dinas"])
    response = dinas.post(
        reverse("publication:freeze", args=["32.75"]),
        {"tahun": "2024", "ronde": "8", "aksi": "terbitkan", "catatan": "Catatan yang diketik."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Belum ada pengukuran terverifikasi pada ronde Agustus 2024" in html
    assert "Catatan yang diketik." in html  # what the user typed is kept
    assert not PublicationSnapshot.objects.exists()


def test_it_refuses_a_round_that_has_not_started(round_data, people):
    with pytest.raises(services.PublicationError, match="Ronde Februari 2099 belum dimulai"):
        services.freeze(people["dinas"], Region.objects.get(code="32.75"), Round(2099, 2))


def test_it_flags_a_payload_changed_after_freezing(round_data, people, login):
    snapshot = services.freeze(people["dinas"], Region.objects.get(code="32.75"), AUG)
    payload = snapshot.payload
    payload["total"]["figures"]["stunting"]["pct"] = 5.0
    PublicationSnapshot.objects.filter(pk=snapshot.pk).update(payload=payload)
    page = login(people["dinas"]).get(reverse("publication:version", args=[snapshot.pk]))
    assert "tidak cocok: data mungkin telah diubah" in page.content.decode()
