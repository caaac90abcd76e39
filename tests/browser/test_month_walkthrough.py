"""One whole reporting month through the real UI, in headless Debian Chromium at 360 px.

Kader registers three children and weighs them (one stunted, one implausible then confirmed),
submits the posyandu report; the admin kelurahan returns it with a comment; the kader corrects
the implausible measurement (with a reason) and resubmits; the admin approves; the kecamatan
dashboard's "approved only" stunting numbers for the kelurahan change from nothing to 1 of 3.

Every step goes through forms and buttons; the ORM is only read, to check the rows at the end
and to know which z-score the result page must show. Screenshots of the key pages land in
pytest's tmp_path (run with --basetemp=DIR to keep them somewhere known).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

import ranting.growth
from ranting.children.models import Child
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.recaps.models import MonthlyReport, ReportEvent

pytestmark = pytest.mark.browser

WHO_DATA = Path(ranting.growth.__file__).parent / "data"
STUNTED_Z = -2.5  # −3 SD ≤ z < −2 SD: "Pendek" (PMK 2/2020)
IMPLAUSIBLE_Z = -7.0  # WHO flags PB/U below −6 SD (biologically implausible)
RETURN_COMMENT = "Panjang badan Siti tidak wajar untuk umur 1 tahun. Ukur ulang."
CORRECTION_REASON = "Salah baca meteran, sudah diukur ulang."


def _who_lms(table: str, sex: int, key: float) -> tuple[float, float, float]:
    """L, M, S of a WHO 2006 table (ranting/growth/data, from WHO anthro) at age/length `key`."""
    with (WHO_DATA / table).open(newline="") as handle:
        reader = csv.DictReader(handle)
        key_column = reader.fieldnames[1]  # "age" (days) or "length"/"height" (cm)
        for row in reader:
            if int(row["sex"]) == sex and abs(float(row[key_column]) - key) < 1e-6:
                return float(row["L"]), float(row["M"]), float(row["S"])
    raise LookupError(f"{table}: no row for sex {sex} at {key}")


def _at_z(lms: tuple[float, float, float], z: float, places: int = 1) -> Decimal:
    """The measurement value at z-score `z` (inverse Box-Cox), rounded as the form stores it."""
    box_l, median, coef = lms
    value = median * (1 + box_l * coef * z) ** (1 / box_l)
    return Decimal(str(round(value, places)))


def _comma(value: Decimal) -> str:
    """How a kader types a decimal on an Indonesian phone: "75,3"."""
    return f"{value:f}".replace(".", ",")


@dataclass(frozen=True)
class Visit:
    """A child to register and the values typed into the measurement form."""

    name: str
    sex: str  # "L" / "P"
    age_days: int
    mother: str
    weight_kg: Decimal
    lenhei_cm: Decimal

    def birth_date(self, today: dt.date) -> dt.date:
        return today - dt.timedelta(days=self.age_days)


def _visits() -> tuple[Visit, Visit, Visit]:
    # A boy of 540 days whose length is 2.5 SD below the WHO median: stunted ("Pendek"), with
    # the median weight for that length so only PB/U is abnormal.
    budi_len = _at_z(_who_lms("lenanthro.csv", 1, 540), STUNTED_Z)
    budi = Visit(
        "Budi Santoso",
        "L",
        540,
        "Ani Rahmawati",
        _at_z(_who_lms("wflanthro.csv", 1, float(budi_len)), 0),
        budi_len,
    )
    # A one-year-old girl "measured" 7 SD short (a misread tape): WHO flags it; the kader must
    # confirm before it is saved. Her weight is the WHO median weight for age.
    siti = Visit(
        "Siti Aminah",
        "P",
        365,
        "Dewi Lestari",
        _at_z(_who_lms("weianthro.csv", 2, 365), 0),
        _at_z(_who_lms("lenanthro.csv", 2, 365), IMPLAUSIBLE_Z),
    )
    # A boy of 912 days (standing height) on the WHO medians: normal on every index.
    andi_height = _at_z(_who_lms("lenanthro.csv", 1, 912), 0)
    andi = Visit(
        "Andi Pratama",
        "L",
        912,
        "Sri Wahyuni",
        _at_z(_who_lms("wfhanthro.csv", 1, float(andi_height)), 0),
        andi_height,
    )
    return budi, siti, andi


class Shots:
    """Numbered full-page screenshots, plus a record of pages wider than the phone."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.count = 0
        self.too_wide: list[str] = []

    def __call__(self, page: Page, name: str) -> None:
        self.count += 1
        page.screenshot(path=self.directory / f"{self.count:02d}-{name}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            self.too_wide.append(f"{name} ({page.url}): {width} px")


def _zfmt(value: float) -> str:
    """The result page's z-score format (growth_tags.zfmt): "−2,49"."""
    return f"{value:+.2f}".replace(".", ",").replace("-", "−")


def _click_and_wait(page: Page, locator, url_glob: str) -> None:
    with page.expect_navigation(url=url_glob):
        locator.click()


def _register(page: Page, base_url: str, child: Visit, today: dt.date) -> int:
    page.goto(f"{base_url}/anak/")
    _click_and_wait(page, page.get_by_role("link", name="+ Daftarkan anak baru"), "**/anak/baru/**")
    page.fill("#id_name", child.name)
    page.check(f"input[name=sex][value={child.sex}]")
    page.fill("#id_birth_date", child.birth_date(today).isoformat())
    page.fill("#id_mother_name", child.mother)
    _click_and_wait(page, page.get_by_role("button", name="Simpan", exact=True), "**/anak/*/")
    expect(page.locator(".messages")).to_contain_text(f"{child.name} sudah terdaftar")
    return int(re.search(r"/anak/(\d+)/$", page.url).group(1))


def _fill_measurement(page: Page, child: Visit) -> None:
    page.fill("#id_weight_kg", _comma(child.weight_kg))
    page.fill("#id_lenhei_cm", _comma(child.lenhei_cm))


def _measure(page: Page, base_url: str, child_pk: int, child: Visit, shot=None) -> int:
    """Weigh `child` from its page; with `shot`, expect the implausibility warning first.

    With `shot` the first save must be refused with the WHO warning (nothing saved, values kept);
    the kader then ticks "Ya, nilai ini benar" and saves again.
    """
    page.goto(f"{base_url}/anak/{child_pk}/")
    _click_and_wait(page, page.get_by_role("link", name="Catat penimbangan"), "**/ukur/anak/*/")
    _fill_measurement(page, child)
    save = page.get_by_role("button", name="Simpan", exact=True)
    if shot is not None:
        _click_and_wait(page, save, f"**/ukur/anak/{child_pk}/")
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("Nilai ini tidak biasa")
        expect(alert).to_contain_text("PB/U atau TB/U")
        expect(alert).to_contain_text("di luar batas wajar WHO")
        expect(page.locator("#id_lenhei_cm")).to_have_value(_comma(child.lenhei_cm))
        shot(page, "kader-konfirmasi-nilai-tidak-wajar")
        assert not Measurement.objects.filter(child_id=child_pk).exists()
        page.check("#id_confirm")
    _click_and_wait(page, save, re.compile(r"/ukur/\d+/$"))
    return int(re.search(r"/ukur/(\d+)/$", page.url).group(1))


def _open_report(page: Page, base_url: str) -> None:
    """From any page: the menu's recap link, then posyandu Mawar's report of this month."""
    page.goto(f"{base_url}/")
    page.locator("nav.mainnav").get_by_role("link", name=re.compile("^(Laporan|Rekap)$")).click()
    page.wait_for_url("**/rekap/**")
    _click_and_wait(
        page, page.get_by_role("link", name="Mawar", exact=True), "**/rekap/posyandu/**"
    )


def _stunting_cell(page: Page, kelurahan: str) -> tuple[str, str]:
    """(children measured, stunting cell text) of a kelurahan row on the kecamatan dashboard."""
    row = page.locator("table.indicators tbody tr").filter(
        has=page.get_by_role("link", name=kelurahan, exact=True)
    )
    cells = row.locator("td")
    return cells.nth(1).inner_text().strip(), cells.nth(2).inner_text().strip()


@pytest.mark.django_db(transaction=True)
def test_it_walks_a_whole_month_from_weighing_to_the_kecamatan_dashboard(
    people, live_server, sign_in_new, tmp_path
):
    base = live_server.url
    shot = Shots(tmp_path)
    today = timezone.localdate()
    budi, siti, andi = _visits()

    # --- Kader: sign in, register three children, weigh them ---------------------------------
    kader = sign_in_new("kader")
    kader.wait_for_url("**/anak/**")
    shot(kader, "kader-daftar-anak-kosong")

    pks = {}
    for child in (budi, siti, andi):
        pks[child.name] = _register(kader, base, child, today)
    shot(kader, "kader-anak-terdaftar")
    assert Child.objects.filter(posyandu__name="Mawar").count() == 3

    budi_m = _measure(kader, base, pks[budi.name], budi)
    zlen = Measurement.objects.get(pk=budi_m).zlen
    assert STUNTED_Z - 0.1 < zlen < STUNTED_Z + 0.1
    result = kader.locator("main")
    expect(result).to_contain_text(_zfmt(zlen))
    expect(result).to_contain_text("Pendek")
    expect(result.locator(".badge", has_text=re.compile("^B$"))).to_be_visible()
    expect(result).to_contain_text("Status gizi (PMK 2/2020)")
    shot(kader, "kader-hasil-pendek")

    # The implausible one: refused until the kader ticks "Ya, nilai ini benar".
    siti_m = _measure(kader, base, pks[siti.name], siti, shot=shot)
    assert Measurement.objects.get(pk=siti_m).confirmed_implausible
    expect(kader.locator("main")).to_contain_text("sudah dikonfirmasi kader")
    shot(kader, "kader-hasil-dikonfirmasi")

    andi_m = _measure(kader, base, pks[andi.name], andi)
    expect(kader.locator("main")).to_contain_text("TB/U")
    expect(kader.locator("main")).to_contain_text("Normal")

    _open_report(kader, base)
    expect(kader.locator("main")).to_contain_text("Diisi kader")
    _click_and_wait(
        kader, kader.get_by_role("button", name="Kirim ke kelurahan"), "**/rekap/posyandu/**"
    )
    expect(kader.locator(".messages")).to_contain_text("dikirim ke kelurahan")
    shot(kader, "kader-laporan-dikirim")

    # --- Admin kelurahan (own phone): return the report with a comment -----------------------
    admin = sign_in_new("admin_kel")
    admin.wait_for_url("**/rekap/**")
    shot(admin, "admin-rekap")
    _open_report(admin, base)
    main = admin.locator("main")
    expect(main).to_contain_text("Dikirim ke kelurahan")
    expect(main.locator("table").filter(has_text="Siti Aminah")).to_contain_text(
        "dikonfirmasi kader"
    )
    admin.fill("#id_comment", RETURN_COMMENT)
    _click_and_wait(
        admin, admin.get_by_role("button", name="Kembalikan dengan catatan"), "**/rekap/posyandu/**"
    )
    expect(admin.locator(".messages")).to_contain_text("dikembalikan ke kader")
    shot(admin, "admin-dikembalikan")

    # --- Kader: reads the comment, corrects Siti's length with a reason, resubmits -----------
    _open_report(kader, base)
    expect(kader.locator(".recap-returned")).to_contain_text(RETURN_COMMENT)
    shot(kader, "kader-catatan-kelurahan")
    kader.goto(f"{base}/anak/")
    _click_and_wait(kader, kader.get_by_role("link", name=siti.name), "**/anak/*/")
    _click_and_wait(
        kader, kader.get_by_role("link", name="Koreksi", exact=True), f"**/ukur/{siti_m}/koreksi/"
    )
    expect(kader.locator("#id_lenhei_cm")).to_have_value(_comma(siti.lenhei_cm))
    corrected = _at_z(_who_lms("lenanthro.csv", 2, 365), 0)
    kader.fill("#id_lenhei_cm", _comma(corrected))
    kader.fill("#id_reason", CORRECTION_REASON)
    shot(kader, "kader-koreksi")
    _click_and_wait(kader, kader.get_by_role("button", name="Simpan koreksi"), f"**/ukur/{siti_m}/")
    expect(kader.locator(".messages")).to_contain_text("Koreksi tersimpan")
    _open_report(kader, base)
    _click_and_wait(
        kader, kader.get_by_role("button", name="Kirim ke kelurahan"), "**/rekap/posyandu/**"
    )
    expect(kader.locator(".messages")).to_contain_text("dikirim ke kelurahan")

    # --- Kecamatan (own phone): verified-only numbers before approval ------------------------
    camat = sign_in_new("camat")
    camat.wait_for_url("**/pantau/wilayah/32.75.06/**")
    expect(camat.locator(".datasource")).to_contain_text("hanya data terverifikasi")
    measured_before, stunting_before = _stunting_cell(camat, "Medansatria")
    assert (measured_before, stunting_before) == ("0", "–")
    shot(camat, "kecamatan-sebelum-disetujui")

    # --- Admin kelurahan approves ------------------------------------------------------------
    admin.reload()
    expect(admin.locator("main")).to_contain_text("Dikirim ke kelurahan")
    _click_and_wait(
        admin, admin.get_by_role("button", name="Setujui dan kunci"), "**/rekap/posyandu/**"
    )
    expect(admin.locator(".messages")).to_contain_text("disetujui dan dikunci")
    shot(admin, "admin-disetujui")

    # --- Kecamatan: the stunted child is now counted -----------------------------------------
    camat.reload()
    measured_after, stunting_after = _stunting_cell(camat, "Medansatria")
    assert measured_after == "3"
    assert re.search(r"33[,.]3\s*%", stunting_after), stunting_after
    assert "1/3" in stunting_after
    shot(camat, "kecamatan-sesudah-disetujui")

    # --- The rows the walk left behind -------------------------------------------------------
    rows = Measurement.objects.filter(posyandu__name="Mawar")
    assert rows.count() == 3
    assert set(rows.values_list("pk", flat=True)) == {budi_m, siti_m, andi_m}
    assert Measurement.objects.get(pk=budi_m).status_tbu == "pendek"
    siti_row = Measurement.objects.get(pk=siti_m)
    assert siti_row.lenhei_cm == corrected
    assert siti_row.flags == ""
    revision = MeasurementRevision.objects.get(measurement_id=siti_m)
    assert revision.reason == CORRECTION_REASON
    assert Decimal(revision.previous["lenhei_cm"]) == siti.lenhei_cm
    report = MonthlyReport.objects.get(posyandu__name="Mawar", period=today.replace(day=1))
    assert report.status == MonthlyReport.Status.APPROVED
    kinds = list(ReportEvent.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "submitted", "approved"]
    assert ReportEvent.objects.get(report=report, kind="returned").note == RETURN_COMMENT
    assert shot.too_wide == [], "pages wider than 360 px: " + "; ".join(shot.too_wide)
