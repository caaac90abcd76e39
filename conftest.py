"""Shared personas and a small region tree for every Django test.

Region tree (real Kota Bekasi codes): kecamatan Medansatria (32.75.06) with kelurahan
Medansatria (…1001, posyandu A and A2) and Kalibaru (…1004, posyandu B); kecamatan Bekasi Timur
(32.75.01) with kelurahan Bekasijaya (…1001, posyandu C).
`other_kota` adds Kota Bogor (32.71) with one posyandu.
Personas: kader (A), kader_b (B), admin_kelurahan (Medansatria), admin_other (Kalibaru),
kecamatan (Medansatria), kecamatan_other (Bekasi Timur), dinas (Kota Bekasi), superadmin.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

# Headless-browser fixtures (browser, page, new_page, sign_in, sign_in_new) for any test.
pytest_plugins = ["ranting.testing.browser"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# themselves (fixtures, assertions on rows) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "rahasia-uji-123"

# Fixtures through which a test reaches the test database (pytest-django's names).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (scripts/test: the second, PostgreSQL "
        "run; everything else already ran on SQLite and does not depend on the database)",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("database_tests_only"):
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _fast_hasher(request):
    # The growth engine's tests also run without Django (`-p no:django`).
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def regions(db):
    from ranting.regions.models import Posyandu, Region

    kota = Region.objects.create(code="32.75", name="Kota Bekasi", level="kota", kota_code="32.75")
    rows = [
        ("32.75.06", "Medansatria", "kecamatan", kota),
        ("32.75.01", "Bekasi Timur", "kecamatan", kota),
    ]
    made = {"kota": kota}
    for code, name, level, parent in rows:
        made[code] = Region.objects.create(
            code=code, name=name, level=level, parent=parent, kota_code="32.75"
        )
    for code, name, parent in [
        ("32.75.06.1001", "Medansatria", "32.75.06"),
        ("32.75.06.1004", "Kalibaru", "32.75.06"),
        ("32.75.01.1001", "Bekasijaya", "32.75.01"),
    ]:
        made[code] = Region.objects.create(
            code=code, name=name, level="kelurahan", parent=made[parent], kota_code="32.75"
        )
    made["posyandu_a"] = Posyandu.objects.create(
        code="32.75.06.1001.01", name="Mawar", kelurahan=made["32.75.06.1001"], rw="01"
    )
    made["posyandu_a2"] = Posyandu.objects.create(
        code="32.75.06.1001.02", name="Melati", kelurahan=made["32.75.06.1001"], rw="02"
    )
    made["posyandu_b"] = Posyandu.objects.create(
        code="32.75.06.1004.01", name="Teratai", kelurahan=made["32.75.06.1004"], rw="01"
    )
    made["posyandu_c"] = Posyandu.objects.create(
        code="32.75.01.1001.01", name="Anggrek", kelurahan=made["32.75.01.1001"], rw="03"
    )
    return made


@pytest.fixture
def other_kota(regions):
    """A second kota, Kota Bogor (32.71), with one kecamatan, kelurahan and posyandu."""
    from ranting.regions.models import Posyandu, Region

    kota = Region.objects.create(code="32.71", name="Kota Bogor", level="kota", kota_code="32.71")
    kecamatan = Region.objects.create(
        code="32.71.01", name="Bogor Selatan", level="kecamatan", parent=kota, kota_code="32.71"
    )
    kelurahan = Region.objects.create(
        code="32.71.01.1001",
        name="Batutulis",
        level="kelurahan",
        parent=kecamatan,
        kota_code="32.71",
    )
    posyandu = Posyandu.objects.create(code="32.71.01.1001.01", name="Kenanga", kelurahan=kelurahan)
    return {"kota": kota, "kecamatan": kecamatan, "kelurahan": kelurahan, "posyandu": posyandu}


def _user(username, role, region=None, posyandus=()):
    from ranting.accounts.models import User

    user = User.objects.create_user(username=username, password=PASSWORD, role=role, region=region)
    if posyandus:
        user.posyandus.set(posyandus)
    return user


@pytest.fixture
def people(regions):
    """Every persona, keyed by name."""
    return {
        "kader": _user("kader", "kader", posyandus=[regions["posyandu_a"]]),
        "kader_b": _user("kader_b", "kader", posyandus=[regions["posyandu_b"]]),
        "admin_kelurahan": _user("admin_kel", "admin_kelurahan", regions["32.75.06.1001"]),
        "admin_other": _user("admin_lain", "admin_kelurahan", regions["32.75.06.1004"]),
        "kecamatan": _user("camat", "kecamatan", regions["32.75.06"]),
        "kecamatan_other": _user("camat_lain", "kecamatan", regions["32.75.01"]),
        "dinas": _user("dinas", "dinas", regions["kota"]),
        "superadmin": _user("super", "superadmin"),
    }


@pytest.fixture
def login(client):
    """login(user) → the Django test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def make_child(regions):
    from ranting.children.models import Child

    def _make(posyandu=None, **fields):
        values = {
            "posyandu": posyandu or regions["posyandu_a"],
            "name": "Anak Uji",
            "sex": "L",
            "birth_date": dt.date(2024, 3, 15),
            "mother_name": "Ibu Uji",
        }
        values.update(fields)
        return Child.objects.create(**values)

    return _make


@pytest.fixture
def password():
    """The password every persona signs in with."""
    return PASSWORD
