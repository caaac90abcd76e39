"""The /penggunaan/ tables on crafted rows (usage_rows), expected values counted by hand."""

from __future__ import annotations

import datetime as dt

from ranting.usage import summary

MAY = dt.date(2025, 5, 1)


def _table(lines):
    return [(line.key, line.views, line.downloads, line.users) for line in lines]


def test_dinas_sees_their_kota_including_kader_posyandu_pages(usage_rows, people):
    usage = summary.build_summary(summary.scoped(people["dinas"]), MAY)
    assert (usage.views, usage.downloads, usage.users) == (7, 2, 3)
    assert _table(usage.by_report) == [
        ("analysis:skdn_region", 3, 0, 1),
        ("analysis:skdn_posyandu", 1, 1, 1),
        ("dashboards:region", 2, 0, 1),
        ("analysis:prevalence_region", 0, 1, 1),
        ("recaps:index", 1, 0, 1),
    ]
    assert usage.by_report[0].label == "F1/SKDN wilayah"
    assert _table(usage.by_role) == [
        ("dinas", 4, 1, 1),
        ("kader", 1, 1, 1),
        ("kecamatan", 2, 0, 1),
    ]
    assert usage.by_role[0].label == "Dinas (DPPKB/Dinkes)"
    # Region: the URL's, else the posyandu's kelurahan, else the user's; at kecamatan level.
    assert _table(usage.by_region) == [("32.75", 1, 1, 1), ("32.75.06", 6, 1, 3)]
    assert usage.by_region[1].label == "Medansatria (32.75.06)"
    assert [(line.label, line.total) for line in usage.top_users] == [
        ("dinas (Dinas (DPPKB/Dinkes))", 5),
        ("camat (Petugas kecamatan)", 2),
        ("kader (Kader posyandu)", 2),
    ]
    assert usage.downloads_by_format == [
        ("Prevalensi wilayah", "xlsx", 1),
        ("F1/SKDN posyandu", "csv", 1),
    ]


def test_the_trend_covers_twelve_months_in_local_time(usage_rows, people):
    usage = summary.build_summary(summary.scoped(people["dinas"]), MAY)
    months = [(line.key, line.views, line.downloads) for line in usage.by_month]
    assert len(months) == 12
    assert months[0] == ("2024-06", 0, 0)
    # 30 April 23:30 WIB is April; 1 May 00:30 WIB (30 April in UTC) is May.
    assert months[-2] == ("2025-04", 1, 0)
    assert months[-1] == ("2025-05", 7, 2)


def test_another_kota_and_superadmin(usage_rows, people, bogor):
    bogor_usage = summary.build_summary(summary.scoped(bogor["dinas"]), MAY)
    # Two dinas views plus the Bogor kader's posyandu page.
    assert (bogor_usage.views, bogor_usage.downloads, bogor_usage.users) == (3, 0, 2)
    everything = summary.build_summary(summary.scoped(people["superadmin"]), MAY)
    assert (everything.views, everything.downloads, everything.users) == (10, 2, 5)


def test_other_roles_read_nothing(usage_rows, people):
    for persona in ("kader", "admin_kelurahan", "kecamatan"):
        assert not summary.scoped(people[persona]).exists()


def test_april_alone(usage_rows, people):
    usage = summary.build_summary(summary.scoped(people["dinas"]), dt.date(2025, 4, 1))
    assert (usage.views, usage.downloads, usage.users) == (1, 0, 1)
