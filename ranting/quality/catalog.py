"""What each data-quality metric means, in the words shown to users (Bahasa Indonesia).

One `MetricSpec` per metric code of `metrics.py`: label, dimension, definition, threshold and
source. The page's definitions section, the panel on the recap page and both exports read this
registry, so a metric is described in one place. docs/quality.md is the English counterpart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ranting.quality.metrics import MIN_N_DPS, MIN_N_HEAPING, MIN_N_SD, Grade, Result

WHO_UNICEF_2019 = _(
    "WHO/UNICEF 2019, Recommendations for data collection, analysis and reporting on "
    "anthropometric indicators in children under 5 years old, bab 3 (penilaian kualitas data)"
)
DESIGN = _("pilihan desain RANTING (belum ada ambang resmi untuk data rutin posyandu)")


SD_THRESHOLD = format_lazy(
    _(
        "Baik 0,8–1,2; perlu perhatian 0,7 sampai < 0,8 atau > 1,2 sampai 1,3; buruk di "
        "luar itu. Dinilai mulai {n} nilai."
    ),
    n=MIN_N_SD,
)
SD_SOURCE = format_lazy(
    _(
        "Rentang 0,8–1,2: {who} (belum diverifikasi dari naskahnya; survei DHS sering "
        "mendapat SD PB/U 1,35–1,95 menurut Mei & Grummer-Strawn 2007); batas 0,1 di luar "
        "rentang: {design}."
    ),
    who=WHO_UNICEF_2019,
    design=DESIGN,
)
DPS_THRESHOLD = format_lazy(
    _(
        "Baik < 12; perlu perhatian 12 sampai < 20; buruk ≥ 20. Dinilai mulai {n} nilai "
        "(harapan minimal 5 per angka)."
    ),
    n=MIN_N_DPS,
)


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise


COMPLETENESS = Dimension("kelengkapan", _("Kelengkapan"))
TIMELINESS = Dimension("ketepatan", _("Ketepatan waktu"))
VALIDITY = Dimension("validitas", _("Validitas"))
RELIABILITY = Dimension("reliabilitas", _("Reliabilitas"))
DIMENSIONS = [COMPLETENESS, TIMELINESS, VALIDITY, RELIABILITY]


@dataclass(frozen=True)
class MetricSpec:
    code: str
    dimension: Dimension
    label: Promise
    short: Promise  # column heading
    unit: str  # "%" or "" (SD, DPS and the heaping index have no unit)
    decimals: int
    definition: Promise
    threshold: Promise
    source: Promise
    min_n: int = 1
    for_kader: bool = True  # False: the metric needs the register or the report (not per kader)

    @property
    def anchor(self) -> str:
        return f"def-{self.code}"


METRICS: list[MetricSpec] = [
    MetricSpec(
        "completeness",
        COMPLETENESS,
        _("Anak sasaran yang diukur"),
        _("Diukur/S"),
        "%",
        1,
        _(
            "Persentase anak sasaran (terdaftar aktif, umur 0–59 bulan penuh: S) yang diukur "
            "bulan ini, di posyandu mana pun. Anak sasaran yang belum diukur didaftar per "
            "posyandu. Tidak dihitung per kader: kader tidak memegang register sendiri."
        ),
        _("Baik ≥ 90%; perlu perhatian 80% sampai < 90%; buruk < 80%."),
        format_lazy(
            _("Target program D/S 80% (Renstra Kemenkes, belum diverifikasi); {design}."),
            design=DESIGN,
        ),
        for_kader=False,
    ),
    MetricSpec(
        "report_timeliness",
        TIMELINESS,
        _("Laporan dikirim tepat waktu"),
        _("Laporan tepat waktu"),
        "%",
        1,
        _(
            "Persentase laporan bulanan posyandu yang dikirim kader paling lambat tanggal batas "
            "kirim bulan itu (pengiriman pertama). Laporan yang belum dikirim dihitung terlambat "
            "setelah batas kirim lewat; sebelum itu belum jatuh tempo dan tidak dihitung."
        ),
        _("Baik ≥ 90%; perlu perhatian 75% sampai < 90%; buruk < 75%."),
        format_lazy(
            _("SOP RANTING Digital (batas kirim kader, RANTING_SUBMIT_DEADLINE_DAY); {design}."),
            design=DESIGN,
        ),
        for_kader=False,
    ),
    MetricSpec(
        "entry_timeliness",
        TIMELINESS,
        _("Hasil ukur dimasukkan tepat waktu"),
        _("Entri tepat waktu"),
        "%",
        1,
        _(
            "Persentase hasil ukur bulan ini yang pertama kali disimpan di RANTING paling "
            "lambat tanggal batas kirim bulan itu."
        ),
        _("Baik ≥ 90%; perlu perhatian 75% sampai < 90%; buruk < 75%."),
        format_lazy(_("SOP RANTING Digital (batas kirim kader); {design}."), design=DESIGN),
    ),
    MetricSpec(
        "who_flags",
        VALIDITY,
        _("Nilai z di luar batas wajar WHO"),
        _("Ditandai WHO"),
        "%",
        1,
        _(
            "Persentase hasil ukur dengan sedikitnya satu nilai z yang ditandai tidak wajar "
            "oleh WHO: PB/U atau TB/U di bawah −6 atau di atas +6; BB/U di bawah −6 atau di "
            "atas +5; BB/PB atau BB/TB dan IMT/U di bawah −5 atau di atas +5 (juga LK/U dan "
            "LiLA/U). Setiap hasil ukur yang ditandai perlu dicek ulang, berapa pun jumlah "
            "hasil ukurnya."
        ),
        _("Baik ≤ 1%; perlu perhatian > 1% sampai 5%; buruk > 5%."),
        format_lazy(
            _(
                "Batas tanda dari paket WHO anthro; ambang 1%: {who} (belum diverifikasi dari "
                "naskahnya); ambang 5%: {design}."
            ),
            who=WHO_UNICEF_2019,
            design=DESIGN,
        ),
    ),
    MetricSpec(
        "implausible_change",
        VALIDITY,
        _("Perubahan tidak wajar dari bulan lalu"),
        _("Perubahan tak wajar"),
        "%",
        1,
        _(
            "Persentase anak yang juga diukur bulan sebelumnya dengan perubahan yang hampir "
            "tidak mungkin: berat badan turun lebih dari 1 kg, naik lebih dari 2 kg, atau "
            "panjang/tinggi badan (sesudah koreksi ±0,7 cm cara ukur) berkurang lebih dari 1 cm."
        ),
        _("Baik ≤ 1%; perlu perhatian > 1% sampai 5%; buruk > 5%."),
        format_lazy(
            _(
                "Batas turun 1 kg dan menyusut 1 cm sama dengan peringatan formulir ukur; naik "
                "2 kg di atas persentil 99 kenaikan berat 1 bulan standar kecepatan "
                "pertumbuhan WHO 2009; {design}."
            ),
            design=DESIGN,
        ),
    ),
    MetricSpec(
        "sd_haz",
        RELIABILITY,
        _("Sebaran z-score PB/U atau TB/U (SD)"),
        _("SD PB/U"),
        "",
        2,
        _(
            "Simpangan baku (SD, pembagi n − 1) z-score panjang/tinggi badan menurut umur, tanpa "
            "nilai yang ditandai WHO. Pada data yang baik SD mendekati 1: SD lebar menandakan "
            "kesalahan ukur atau umur, SD sempit bisa menandakan angka yang disalin atau "
            "dikira-kira."
        ),
        SD_THRESHOLD,
        SD_SOURCE,
        min_n=MIN_N_SD,
    ),
    MetricSpec(
        "sd_waz",
        RELIABILITY,
        _("Sebaran z-score BB/U (SD)"),
        _("SD BB/U"),
        "",
        2,
        _(
            "Simpangan baku (SD, pembagi n − 1) z-score berat badan menurut umur, tanpa nilai "
            "yang ditandai WHO. Pada data yang baik SD mendekati 1."
        ),
        SD_THRESHOLD,
        SD_SOURCE,
        min_n=MIN_N_SD,
    ),
    MetricSpec(
        "sd_whz",
        RELIABILITY,
        _("Sebaran z-score BB/PB atau BB/TB (SD)"),
        _("SD BB/TB"),
        "",
        2,
        _(
            "Simpangan baku (SD, pembagi n − 1) z-score berat badan menurut panjang/tinggi "
            "badan, tanpa nilai yang ditandai WHO. Pada data yang baik SD mendekati 1."
        ),
        SD_THRESHOLD,
        SD_SOURCE,
        min_n=MIN_N_SD,
    ),
    MetricSpec(
        "dps_weight",
        RELIABILITY,
        _("Preferensi angka akhir berat badan (DPS)"),
        _("DPS BB"),
        "",
        1,
        _(
            "Skor preferensi angka (digit preference score, DPS) dari angka di tempat 0,1 kg "
            "(8,7 kg → 7). Tanpa pembulatan, angka 0 sampai 9 muncul sama sering. "
            "DPS = 100 × √(χ² / (n × 9)), χ² dari jumlah tiap angka dibanding n/10: 0 berarti "
            "tidak ada preferensi, 100 berarti semua berat berakhir dengan angka yang sama."
        ),
        DPS_THRESHOLD,
        format_lazy(
            _(
                "Rumus DPS: Kuulasmaa dkk., WHO MONICA Project 1998; kelas SMART/ENA (< 8 "
                "sangat baik, < 12 baik, < 20 cukup, ≥ 20 bermasalah); pemeriksaan preferensi "
                "angka: {who}."
            ),
            who=WHO_UNICEF_2019,
        ),
        min_n=MIN_N_DPS,
    ),
    MetricSpec(
        "dps_length",
        RELIABILITY,
        _("Preferensi angka akhir panjang/tinggi badan (DPS)"),
        _("DPS PB/TB"),
        "",
        1,
        _(
            "Skor preferensi angka (DPS) dari angka di tempat 0,1 cm panjang/tinggi badan yang "
            "diisi (75,5 cm → 5), dihitung seperti DPS berat badan. Pembulatan ke ,0 atau ,5 cm "
            "adalah masalah kualitas yang paling sering pada data e-PPGBM."
        ),
        DPS_THRESHOLD,
        format_lazy(
            _(
                "Rumus DPS: Kuulasmaa dkk., WHO MONICA Project 1998; kelas SMART/ENA; pemeriksaan "
                "preferensi angka: {who}."
            ),
            who=WHO_UNICEF_2019,
        ),
        min_n=MIN_N_DPS,
    ),
    MetricSpec(
        "birthday_heaping",
        RELIABILITY,
        _("Penumpukan tanggal lahir (tanggal 1 dan 15)"),
        _("Indeks tgl lahir"),
        "",
        0,
        _(
            "Indeks penumpukan umur dari tanggal lahir anak yang diukur bulan ini: persentase "
            "anak yang lahir tanggal 1 atau 15 dibagi persentase yang diharapkan (24 hari dari "
            "365,25 = 6,57%), dikali 100. Tanggal lahir yang tidak diketahui pasti sering "
            "ditulis tanggal 1 atau 15, sehingga umur dan semua z-score menurut umur ikut "
            "keliru. 100 berarti tidak ada penumpukan."
        ),
        format_lazy(
            _(
                "Baik < 110; perlu perhatian 110 sampai < 125; buruk ≥ 125. Dinilai mulai {n} "
                "anak (harapan minimal 5 anak lahir tanggal 1 atau 15)."
            ),
            n=MIN_N_HEAPING,
        ),
        format_lazy(
            _(
                "Pemeriksaan penumpukan umur dan tanggal lahir: {who}; kategori seperti indeks "
                "Whipple (PBB: < 110 akurat, 110–125 perkiraan, ≥ 125 kasar)."
            ),
            who=WHO_UNICEF_2019,
        ),
        min_n=MIN_N_HEAPING,
    ),
]
SPECS = {spec.code: spec for spec in METRICS}

GRADE_LABELS = {
    Grade.GOOD: _("baik"),
    Grade.ATTENTION: _("perlu perhatian"),
    Grade.POOR: _("buruk"),
    Grade.TOO_SMALL: _("sampel terlalu kecil"),
    Grade.NO_DATA: _("tidak ada data"),
}
# Badge classes of ranting.css: green, amber, red; neutral grey when there is nothing to judge.
GRADE_CSS = {
    Grade.GOOD: "ok",
    Grade.ATTENTION: "warning",
    Grade.POOR: "danger",
    Grade.TOO_SMALL: "",
    Grade.NO_DATA: "",
}


def display_value(spec: MetricSpec, result: Result) -> str:
    """The value as shown (Indonesian decimal comma, unit appended); "–" when not computable."""
    if result.value is None:
        return "–"
    return number_format(result.value, spec.decimals) + spec.unit
