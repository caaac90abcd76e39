"""The audit page: entries of the reader's region only, filters, old → new, NIK masked."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from ranting.audit.models import LogEntry
from ranting.audit.tests.conftest import entries_for
from ranting.children import services as children

URL = reverse("audit:list")
NIK = "3275061503240001"
NIK_MASKED = "3275••••••••0001"


def _objects(response):
    return sorted(row.entry.object_repr for row in response.context["rows"])


@pytest.fixture
def two_children(make_child, regions):
    a = make_child(name="Anak Mawar")
    b = make_child(posyandu=regions["posyandu_b"], name="Anak Teratai")
    c = make_child(posyandu=regions["posyandu_c"], name="Anak Anggrek")
    return a, b, c


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_kelurahan", ["Anak Mawar"]),
        ("admin_other", ["Anak Teratai"]),
        ("kecamatan", ["Anak Mawar", "Anak Teratai"]),
        ("kecamatan_other", ["Anak Anggrek"]),
        ("dinas", ["Anak Anggrek", "Anak Mawar", "Anak Teratai"]),
    ],
)
def test_it_shows_only_entries_of_the_readers_region(
    people, login, two_children, persona, expected
):
    response = login(people[persona]).get(URL, {"jenis": "children.child"})
    assert _objects(response) == expected


def test_it_shows_superadmin_everything_including_entries_without_region(
    people, login, two_children
):
    response = login(people["superadmin"]).get(URL, {"jenis": "accounts.user"})
    # Eight persona accounts were created; the superadmin account belongs to no region.
    assert "super" in _objects(response)
    assert (
        response.context["page"].paginator.count
        == LogEntry.objects.filter(content_type__model="user").count()
    )


def test_it_filters_by_actor_action_object_and_dates(people, login, make_child):
    with time_machine.travel(dt.datetime(2025, 6, 1, 3, 0, tzinfo=dt.UTC), tick=False):
        child = make_child(name="Siti")
    client = login(people["kader"])
    edit = {"name": "Siti Rahma", "sex": "P", "birth_date": "2024-03-15", "mother_name": "Ibu"}
    client.post(reverse("children:edit", args=[child.pk]), edit)
    admin = login(people["admin_kelurahan"])

    def objects(**query):
        rows = admin.get(URL, {"jenis": "children.child", **query}).context["rows"]
        return [(r.entry.action, r.entry.object_repr) for r in rows]

    created = (LogEntry.Action.CREATE, "Siti")
    changed = (LogEntry.Action.UPDATE, "Siti Rahma")
    assert objects() == [changed, created]
    assert objects(pelaku="kader") == [changed]
    assert objects(aksi="0") == [created]
    assert objects(sampai="2025-06-01") == [created]
    assert objects(dari="2025-06-02") == [changed]
    assert objects(objek="rahma") == [changed]
    assert objects(objek=str(child.pk)) == [changed, created]


def test_it_explains_an_invalid_filter_and_shows_everything(people, login, make_child):
    make_child()
    response = login(people["admin_kelurahan"]).get(
        URL, {"dari": "kemarin", "jenis": "children.child"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dari tanggal: tulis tanggal dengan format TTTT-BB-HH" in body
    assert response.context["page"].paginator.count == 1


def test_it_refuses_an_end_date_before_the_start(people, login, make_child):
    make_child()
    response = login(people["admin_kelurahan"]).get(
        URL, {"dari": "2025-06-10", "sampai": "2025-06-01"}
    )
    assert "Sampai tanggal: tanggal akhir tidak boleh sebelum tanggal awal." in (
        response.content.decode()
    )


def test_it_shows_old_and_new_values_in_words(people, login, make_child, regions):
    child = make_child(name="Budi")
    children.move_child(child, people["kader"], regions["posyandu_a2"], "dekat rumah")
    children.deactivate_child(child, people["kader"], "pindah kota")
    response = login(people["admin_kelurahan"]).get(URL, {"jenis": "children.child"})
    rows = {row.entry.pk: row for row in response.context["rows"]}
    moved, deactivated = entries_for(child)[1:]
    assert [(c.label, c.old, c.new) for c in rows[moved.pk].changes] == [
        ("posyandu", "Posyandu Mawar (RW 01)", "Posyandu Melati (RW 02)"),
    ]
    assert [(c.label, c.old, c.new) for c in rows[deactivated.pk].changes] == [
        ("alasan nonaktif", "–", "pindah kota"),
        ("aktif", "Ya", "Tidak"),
    ]
    created = rows[entries_for(child)[0].pk]
    assert ("jenis kelamin", "–", "Laki-laki") in [(c.label, c.old, c.new) for c in created.changes]


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("admin_kelurahan", NIK, None),
        ("superadmin", NIK, None),
        ("kecamatan", NIK_MASKED, NIK),
        ("dinas", NIK_MASKED, NIK),
    ],
)
def test_it_masks_nik_except_for_admin_kelurahan_and_superadmin(
    people, login, make_child, persona, shown, hidden
):
    child = make_child(nik=NIK, mother_nik="3275064101950002", no_kk="3275060101200003")
    response = login(people[persona]).get(reverse("audit:detail", args=[entries_for(child)[0].pk]))
    body = response.content.decode()
    assert shown in body
    if hidden:
        assert hidden not in body
        assert "3275064101950002" not in body
        assert "3275060101200003" not in body
        assert "3275••••••••0003" in body


def test_it_masks_a_nik_of_the_wrong_length_entirely(people, login, make_child):
    child = make_child(nik="32750615")
    response = login(people["kecamatan"]).get(
        reverse("audit:detail", args=[entries_for(child)[0].pk])
    )
    assert "32750615" not in response.content.decode()
    assert "••••••••" in response.content.decode()


def test_it_costs_the_same_queries_for_one_entry_as_for_many(
    people, login, make_child, django_assert_num_queries
):
    client = login(people["admin_kelurahan"])
    make_child(name="Satu")
    with django_assert_num_queries(_count(client)) as one:
        client.get(URL)
    for number in range(12):
        child = make_child(name=f"Anak {number}")
        children.deactivate_child(child, people["kader"], "uji")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(URL)


def _count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(URL)
    return len(ctx.captured_queries)


def test_it_pages_fifty_entries_at_a_time(people, login, make_child):
    for number in range(51):
        make_child(name=f"Anak {number:02d}")
    client = login(people["admin_kelurahan"])
    first = client.get(URL, {"jenis": "children.child"})
    assert len(first.context["rows"]) == 50
    assert "halaman=2" in first.content.decode()
    second = client.get(URL, {"jenis": "children.child", "halaman": "2"})
    assert _objects(second) == ["Anak 00"]
