"""Usage rows created directly with chosen times, users and reports (see usage_rows)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

WIB = ZoneInfo("Asia/Jakarta")


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def bogor(other_kota, password):
    """Kota Bogor (32.71) with one posyandu and its dinas user."""
    from ranting.accounts.models import User

    dinas = User.objects.create_user(
        username="dinas_bogor", password=password, role="dinas", region=other_kota["kota"]
    )
    return {**other_kota, "dinas": dinas}


@pytest.fixture
def usage_rows(regions, people, bogor):
    """May 2025 (WIB) unless said otherwise.

    R1–R3 dinas views of analysis:skdn_region 32.75.06; R4 dinas xlsx download of
    analysis:prevalence_region 32.75; R5 dinas view of recaps:index (no region in the URL) at
    1 May 00:30 WIB (still 30 April in UTC); R6–R7 kecamatan views of dashboards:region
    32.75.06.1001; R8 kader view of analysis:skdn_posyandu (posyandu B, Kalibaru); R9 kader csv
    download of the same page for posyandu A; R10 dinas view on 30 April 23:30 WIB (April);
    R11–R12 Kota Bogor dinas views; R13 a Bogor kader view of the Bogor posyandu.
    """
    from ranting.usage.models import ReportUsage

    dinas, camat, kader = people["dinas"], people["kecamatan"], people["kader"]

    def row(when, user, report, kind="lihat", fmt="html", region="", posyandu=None, kota=""):
        return ReportUsage.objects.create(
            created_at=when,
            user=user,
            role=user.role,
            user_region_code=user.region_id or "",
            kota_code=kota,
            report=report,
            region_code=region,
            posyandu=posyandu,
            kind=kind,
            format=fmt,
        )

    for _ in range(3):
        row(wib(2025, 5, 10, 9), dinas, "analysis:skdn_region", region="32.75.06", kota="32.75")
    row(
        wib(2025, 5, 11, 9),
        dinas,
        "analysis:prevalence_region",
        "unduh",
        "xlsx",
        region="32.75",
        kota="32.75",
    )
    row(wib(2025, 5, 1, 0, 30), dinas, "recaps:index", kota="32.75")
    for _ in range(2):
        row(wib(2025, 5, 12, 9), camat, "dashboards:region", region="32.75.06.1001", kota="32.75")
    row(wib(2025, 5, 13, 9), kader, "analysis:skdn_posyandu", posyandu=regions["posyandu_b"])
    row(
        wib(2025, 5, 13, 10),
        kader,
        "analysis:skdn_posyandu",
        "unduh",
        "csv",
        posyandu=regions["posyandu_a"],
    )
    row(wib(2025, 4, 30, 23, 30), dinas, "analysis:skdn_region", region="32.75", kota="32.75")
    for _ in range(2):
        row(
            wib(2025, 5, 10, 9),
            bogor["dinas"],
            "analysis:skdn_region",
            region="32.71",
            kota="32.71",
        )
    bogor_kader = bogor["dinas"].__class__.objects.create_user(username="kader_bogor", role="kader")
    row(wib(2025, 5, 14, 9), bogor_kader, "analysis:skdn_posyandu", posyandu=bogor["posyandu"])
    return regions
