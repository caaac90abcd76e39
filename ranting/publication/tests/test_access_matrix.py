"""Role × region matrix of every publication view (404 invisible, 403 visible but not allowed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.publication import services
from ranting.publication.models import PublicationSnapshot
from ranting.publication.rounds import Round
from ranting.regions.models import Region
from ranting.testing.access import matrix_cases

AUG = Round(2025, 8)

# view → (method, expected status per persona in PERSONAS order).
# Round pages: dinas and superadmin for the kota, kecamatan read-only for their own kecamatan.
# Snapshots of Kota Bekasi: every other user working inside the kota knows the publication
# (public page) but not the internal version: 403; a snapshot of another kota is invisible: 404.
MATRIX = {
    "start": ("get", [302, 302, 302, 302, 302, 302, 302, 302]),
    "rounds": ("get", [403, 403, 403, 403, 302, 302, 302, 200]),
    "round_kota": ("get", [404, 404, 404, 404, 404, 404, 200, 200]),
    "round_medansatria": ("get", [404, 404, 404, 404, 200, 404, 200, 200]),
    "round_bekasi_timur": ("get", [404, 404, 404, 404, 404, 200, 200, 200]),
    "round_kelurahan": ("get", [404, 404, 404, 404, 404, 404, 404, 404]),
    "freeze_kota": ("post", [404, 404, 404, 404, 404, 404, 302, 302]),
    "freeze_medansatria": ("post", [404, 404, 404, 404, 403, 404, 403, 403]),
    "version": ("get", [403, 403, 403, 403, 403, 403, 200, 200]),
    "version_pdf": ("get", [403, 403, 403, 403, 403, 403, 200, 200]),
    "publish": ("post", [403, 403, 403, 403, 403, 403, 302, 302]),
    "withdraw": ("post", [403, 403, 403, 403, 403, 403, 302, 302]),
    "version_other_kota": ("get", [404, 404, 404, 404, 404, 404, 404, 200]),
    "publish_other_kota": ("post", [404, 404, 404, 404, 404, 404, 404, 302]),
    "public": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    "public_pdf": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
}
LOGIN_REQUIRED = [v for v in MATRIX if not v.startswith("public") and v != "start"]


@pytest.fixture
def snapshots(regions, people, make_child, measure, report):
    """A published and a draft version of Kota Bekasi, and a draft of another kota.

    One verified measurement is enough to freeze: the matrix is about access, not figures."""
    report(regions["posyandu_a"], "approved")
    measure(make_child(), AUG.period)
    kota = Region.objects.get(code="32.75")
    published = services.freeze(people["dinas"], kota, AUG)
    draft = services.freeze(people["dinas"], kota, AUG, publish=False)
    other = Region.objects.create(
        code="32.16", name="Kabupaten Bekasi", level="kota", kota_code="32.16"
    )
    foreign = PublicationSnapshot.objects.create(
        kota_code=other.code,
        year=2025,
        month=8,
        version=1,
        payload=published.payload,
        checksum=published.checksum,
    )
    return {"published": published, "draft": draft, "foreign": foreign}


def _request(view, snapshots):
    """(url, data) of a view."""
    round_query = {"tahun": "2025", "ronde": "8"}
    freeze = {**round_query, "aksi": "terbitkan"}
    pk = snapshots["published"].pk
    return {
        "start": (reverse("publication:start"), {}),
        "rounds": (reverse("publication:rounds"), {}),
        "round_kota": (reverse("publication:round", args=["32.75"]), round_query),
        "round_medansatria": (reverse("publication:round", args=["32.75.06"]), round_query),
        "round_bekasi_timur": (reverse("publication:round", args=["32.75.01"]), round_query),
        "round_kelurahan": (reverse("publication:round", args=["32.75.06.1001"]), round_query),
        "freeze_kota": (reverse("publication:freeze", args=["32.75"]), freeze),
        "freeze_medansatria": (reverse("publication:freeze", args=["32.75.06"]), freeze),
        "version": (reverse("publication:version", args=[pk]), {}),
        "version_pdf": (reverse("publication:version_pdf", args=[pk]), {}),
        "publish": (reverse("publication:publish", args=[snapshots["draft"].pk]), {}),
        "withdraw": (reverse("publication:withdraw", args=[pk]), {"alasan": "Uji penarikan."}),
        "version_other_kota": (reverse("publication:version", args=[snapshots["foreign"].pk]), {}),
        "publish_other_kota": (reverse("publication:publish", args=[snapshots["foreign"].pk]), {}),
        "public": ("/publikasi/publik/32.75/2025-08/", {}),
        "public_pdf": ("/publikasi/publik/32.75/2025-08/pdf/", {}),
    }[view]


@pytest.mark.parametrize(
    ("view", "persona", "expected"),
    matrix_cases(MATRIX),
)
def test_it_applies_the_role_region_matrix(snapshots, people, login, view, persona, expected):
    method, _statuses = MATRIX[view]
    url, data = _request(view, snapshots)
    client = login(people[persona])
    response = getattr(client, method)(url, data)
    assert response.status_code == expected


@pytest.mark.parametrize("view", LOGIN_REQUIRED)
def test_it_sends_anonymous_users_to_login(snapshots, client, view):
    method, _statuses = MATRIX[view]
    url, data = _request(view, snapshots)
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_refused_requests_change_nothing(snapshots, people, login):
    for persona in ("kecamatan", "admin_kelurahan", "kader"):
        client = login(people[persona])
        for view in ("freeze_kota", "publish", "withdraw"):
            client.post(*_request(view, snapshots))
    assert PublicationSnapshot.objects.filter(kota_code="32.75").count() == 2
    snapshots["draft"].refresh_from_db()
    snapshots["published"].refresh_from_db()
    assert snapshots["draft"].status == "draft"
    assert snapshots["published"].status == "published"


@pytest.mark.parametrize("view", ["rounds", "round_kota", "version", "public"])
def test_page_views_refuse_post(snapshots, people, login, view):
    url, _data = _request(view, snapshots)
    assert login(people["dinas"]).post(url).status_code == 405


@pytest.mark.parametrize("view", ["freeze_kota", "publish", "withdraw"])
def test_actions_refuse_get(snapshots, people, login, view):
    url, _data = _request(view, snapshots)
    assert login(people["dinas"]).get(url).status_code == 405


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("kader", False),
        ("admin_kelurahan", False),
        ("kecamatan", True),
        ("dinas", True),
        ("superadmin", True),
    ],
)
def test_the_menu_links_publication_for_monitoring_roles(regions, people, login, persona, shown):
    html = login(people[persona]).get(reverse("guide:index")).content.decode()
    assert (f'href="{reverse("publication:rounds")}"' in html) is shown


def test_kecamatan_reads_without_freezing(snapshots, people, login):
    html = (
        login(people["kecamatan"])
        .get(reverse("publication:round", args=["32.75.06"]), {"tahun": "2025", "ronde": "8"})
        .content.decode()
    )
    assert "/bekukan/" not in html
    assert "Bekukan & terbitkan" not in html
    # Published versions are linked to their public page, not the internal one.
    assert 'href="/publikasi/publik/32.75/2025-08/v1/"' in html
    assert reverse("publication:version", args=[snapshots["published"].pk]) not in html


def test_the_kota_page_offers_freezing_to_dinas(snapshots, people, login):
    html = (
        login(people["dinas"])
        .get(reverse("publication:round", args=["32.75"]), {"tahun": "2025", "ronde": "8"})
        .content.decode()
    )
    assert 'action="/publikasi/ronde/32.75/bekukan/"' in html
    assert "Bekukan & terbitkan" in html
    assert reverse("publication:version", args=[snapshots["draft"].pk]) in html
