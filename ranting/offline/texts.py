"""Indonesian texts the offline form's JavaScript shows, sent inside the reference document.

The error and warning texts repeat the wording of `measurements.checks`, `measurements.forms`
and `measurements.services.confirmation_messages` word for word (the offline tests compare the
phone's errors with MeasurementForm's for the same input). Placeholders use Python's
"%(name)s" syntax; static/offline/js/checks.js `fill` replaces them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from ranting.measurements.forms import MeasurementForm
from ranting.measurements.models import Measurement
from ranting.measurements.services import Z_LABELS


def _form_errors() -> dict[str, str]:
    return {
        # Django's own messages, so the phone says what the online form says.
        "required": str(forms.Field.default_error_messages["required"]),
        "invalid_number": str(forms.DecimalField.default_error_messages["invalid"]),
        "invalid_date": str(forms.DateField.default_error_messages["invalid"]),
        "notes_too_long": _("Catatan paling banyak %(n)d huruf."),
        # measurements.checks.input_errors
        "future_date": _("Tanggal ukur tidak boleh di masa depan."),
        "before_birth": _("Tanggal ukur sebelum tanggal lahir anak (%(birth)s)."),
        "too_old": _(
            "Pada tanggal ini anak sudah berumur %(months)d bulan; program balita "
            "hanya sampai umur 59 bulan."
        ),
        "weight_range": _("Berat badan harus antara %(lo)s dan %(hi)s kg."),
        "grams_hint": _("Isi berat dalam kg, bukan gram (misalnya 8,5)."),
        "lenhei_range": _("Panjang/tinggi badan harus antara %(lo)s dan %(hi)s cm."),
        "metres_hint": _("Isi dalam cm, bukan meter (misalnya 75,5)."),
        "position_missing": _("Pilih cara ukur: terlentang atau berdiri."),
        "standing_under_9_months": _(
            "Bayi di bawah 9 bulan harus diukur terlentang, bukan berdiri."
        ),
        "label_armc": _("LiLA"),
        "label_headc": _("Lingkar kepala"),
        "circumference_range": _("%(label)s harus antara %(lo)s dan %(hi)s cm."),
        "mm_hint": _("Isi dalam cm, bukan mm."),
        "breastfeeding_age": _("ASI eksklusif hanya dicatat untuk bayi di bawah 6 bulan."),
        # measurements.forms.MeasurementForm.clean
        "decimal_places": _("Isi paling banyak %(n)d angka di belakang koma."),
    }


def _confirmations() -> dict[str, object]:
    # measurements.services.confirmation_messages
    return {
        "confirm_implausible": _(
            "%(index)s: z = %(z)s di luar batas wajar WHO. Periksa lagi berat, "
            "panjang/tinggi badan dan tanggal lahir."
        ),
        "confirm_weight_loss": _(
            "Berat turun %(loss)s kg: %(prev)s kg pada %(date)s, sekarang %(now)s kg."
        ),
        "confirm_length_shrink": _(
            "Panjang/tinggi badan berkurang: %(prev)s cm pada %(date)s, sekarang %(now)s cm "
            "(setelah koreksi posisi ukur)."
        ),
        "z_labels": dict(Z_LABELS),
    }


def _queue() -> dict[str, object]:
    return {
        "states": {
            "menunggu": _("Menunggu"),
            "terkirim": _("Terkirim"),
            "ditolak": _("Ditolak"),
            "konflik": _("Konflik"),
        },
        "online": _("Ada sinyal"),
        "offline": _("Tanpa sinyal (luring)"),
        "sync_running": _("Mengirim…"),
        "sync_done": _("Selesai: %(sent)d terkirim, %(waiting)d masih menunggu."),
        "sync_nothing": _("Tidak ada data yang menunggu."),
        "sync_offline": _("Tidak ada sambungan: data tetap di HP dan dikirim saat ada sinyal."),
        "sync_signed_out": _(
            "Sesi masuk sudah habis: masuk lagi saat ada sinyal. Data tetap tersimpan di HP."
        ),
        "sync_busy": _("Server sedang sibuk; data dikirim lagi nanti."),
        "sync_server_error": _("Server bermasalah (kode %(status)s); data tetap menunggu."),
        "refreshed": _("Daftar anak diperbarui %(when)s."),
        "never_refreshed": _(
            "Daftar anak belum tersimpan di HP: buka halaman ini sekali saat ada sinyal."
        ),
        "refresh_failed": _("Daftar anak tidak bisa diperbarui sekarang; memakai daftar di HP."),
        "no_children": _("Tidak ada anak yang cocok."),
        "last_measurement": _("Terakhir: %(date)s · %(weight)s kg"),
        "never_measured": _("Belum pernah ditimbang."),
        "pending_badge": _("Menunggu dikirim"),
        "local_note": _("dihitung di HP, dicek ulang oleh server"),
        "server_checked": _("sudah dicek server"),
        "server_differs": _("Server menghitung hasil lain; yang berlaku hasil server."),
        "same_on_server": _("Data yang sama sudah ada di server."),
        "duplicate_local": _(
            "Anak ini sudah punya data di antrean untuk %(month)s. Ubah atau buang data itu "
            "dulu; data tidak akan ditimpa diam-diam."
        ),
        "already_on_server": _(
            "Menurut daftar terakhir, anak ini sudah diukur pada %(date)s (bulan yang sama). "
            "Bila disimpan, data ini tampil sebagai konflik untuk dipilih."
        ),
        "conflict": _(
            "Anak ini sudah punya data bulan ini di server. Bandingkan, lalu pilih: buang data "
            "HP, atau kirim data HP sebagai koreksi (nilai lama tetap tersimpan di riwayat)."
        ),
        "server_needs_confirmation": _(
            "Server meminta konfirmasi: nilai ini tidak biasa dibanding data anak di server. "
            "Periksa lagi; bila benar, ketuk “Nilai sudah benar, kirim lagi”."
        ),
        "compare_phone": _("Data di HP"),
        "compare_server": _("Data di server"),
        "discard": _("Buang data HP"),
        "send_correction": _("Kirim sebagai koreksi"),
        "correction_reason": _("Alasan koreksi"),
        "correction_reason_required": _("Isi alasan koreksi."),
        "edit": _("Ubah"),
        "remove": _("Buang"),
        "confirm_resend": _("Nilai sudah benar, kirim lagi"),
        "failed": _("Gagal dikirim: %(message)s"),
        "yes": _("Ya"),
        "no": _("Tidak"),
        "age_label": _("%(y)d th %(m)d bln"),
        "saved_locally": _("Tersimpan di HP, menunggu dikirim."),
        "record": _("Catat"),
    }


def _labels() -> dict[str, object]:
    fields = MeasurementForm.base_fields
    return {
        "fields": {
            name: str(fields[name].label)
            for name in (
                "measured_on",
                "weight_kg",
                "lenhei_cm",
                "position",
                "armc_cm",
                "headc_cm",
                "oedema",
                "vitamin_a",
                "exclusive_breastfeeding",
                "notes",
            )
        },  # fmt: skip
        "positions": {code: str(label) for code, label in Measurement.Position.choices},
    }


def all_texts() -> dict[str, object]:
    """Every text of the offline JavaScript, in the active language."""
    return {**_form_errors(), **_confirmations(), **_queue(), **_labels()}
