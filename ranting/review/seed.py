"""Example review matrix for the demo: `seed_review(kota_code, year)`.

The rows follow the examples of the guideline's Tabel 8.1 (K4 check-ups by the Dinas Kesehatan,
drinking-water access by the Dinas PU, the Analisis Situasi and Rembuk Stunting actions) plus the
indicators RANTING computes itself. Targets, budgets and manual realisations are invented demo
figures, marked "contoh" in the notes; the RANTING rows are filled from the demo's verified data
when there is any for that year.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal

from ranting.accounts.models import User
from ranting.review import services
from ranting.review.models import ReviewRow, ReviewYear
from ranting.review.ranting_source import NoRantingData

A, B = ReviewRow.Section.PROGRAM, ReviewRow.Section.ACTIONS
EXAMPLE_ROWS = (
    {
        "section": A,
        "program": "Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "activity": "Pengelolaan pelayanan kesehatan gizi masyarakat",
        "indicator": "Prevalensi stunting balita",
        "opd": "Dinas Kesehatan",
        "source": "stunting",
        "target": Decimal("14"),
        "budget_allocated": Decimal("850"),
        "budget_realised": Decimal("790.5"),
        "problem": "Contoh: cakupan pengukuran panjang badan bulan Agustus belum merata.",
        "recommendation": "Contoh: pelatihan ulang kader untuk pengukuran panjang badan.",
    },
    {
        "section": A,
        "program": "Pembinaan Keluarga Berencana",
        "activity": "Penggerakan kader posyandu",
        "indicator": "Balita ditimbang (D/S)",
        "opd": "DPPKB",
        "source": "ds",
        "target": Decimal("85"),
        "budget_allocated": Decimal("420"),
        "budget_realised": Decimal("401.25"),
        "problem": "Contoh: kehadiran menurun di bulan hujan.",
        "recommendation": "Contoh: kunjungan rumah untuk balita yang tidak hadir dua bulan.",
    },
    {
        "section": A,
        "program": "Pembinaan Kesehatan Masyarakat",
        "activity": "Peningkatan Kesehatan Ibu",
        "indicator": "Ibu hamil diperiksa K4",
        "opd": "Dinas Kesehatan",
        "unit": "%",
        "target": Decimal("95"),
        "realisation": Decimal("91.4"),
        "budget_allocated": Decimal("1250"),
        "budget_realised": Decimal("1198.75"),
        "problem": "Contoh: ibu hamil pindah domisili tanpa catatan.",
        "recommendation": "Contoh: pendataan ibu hamil bersama kader tiap bulan.",
    },
    {
        "section": A,
        "program": "Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum",
        "activity": "Penyediaan akses air minum layak",
        "indicator": "Rumah tangga dengan akses air minum layak",
        "opd": "Dinas PU",
        "unit": "%",
        "target": Decimal("98"),
        "realisation": Decimal("96.2"),
        "budget_allocated": Decimal("3400"),
        "budget_realised": Decimal("3012"),
        "problem": "",
        "recommendation": "",
    },
    {
        "section": B,
        "indicator": "Analisis Situasi",
        "opd": "BAPPEDA",
        "unit": "dokumen",
        "target": Decimal("1"),
        "realisation": Decimal("1"),
        "realisation_text": "Contoh: Ya, selesai Februari.",
    },
    {
        "section": B,
        "indicator": "Rembuk Stunting",
        "opd": "BAPPEDA",
        "unit": "kali",
        "target": Decimal("1"),
        "realisation": Decimal("1"),
        "realisation_text": "Contoh: Ya, dilaksanakan Maret.",
    },
)


def seed_review(kota_code: str, year: int, user: User | None = None) -> ReviewYear:
    """The example review of `kota_code` for `year`; an existing review is returned unchanged."""
    review = ReviewYear.objects.filter(kota_code=kota_code, year=year).first()
    if review is not None:
        return review
    review = services.create_review(
        kota_code,
        year,
        "Contoh reviu untuk demo: angka target dan anggaran bukan data nyata.",
        user,
    )
    for fields in EXAMPLE_ROWS:
        row = services.save_row(ReviewRow(**fields), review, user)
        if row.source:
            # A year without verified data keeps an empty realisation.
            with contextlib.suppress(NoRantingData):
                services.fill_from_ranting(row, user)
    return review
