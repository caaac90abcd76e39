"""Password rules (settings.AUTH_PASSWORD_VALIDATORS) with messages in Bahasa Indonesia.

Django's four validators do the checking; these subclasses only say what is wrong and how to
fix it in the words the users read. One more rule refuses a password that is nothing but a word
everyone in the programme would guess first (the app, posyandu, the user's own region) padded
with digits or punctuation, e.g. "Posyandu2026!".
"""

from __future__ import annotations

import re

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Length 12: NIST SP 800-63B recommends at least 8 and allows more; 12 characters in a few words
# are easy to remember on a phone and far outside online guessing even without lockout.
MIN_LENGTH = 12

# Words of this system and its setting, the first guesses of anyone who knows where it runs.
CONTEXT_WORDS = frozenset(
    {
        "ranting",
        "posyandu",
        "puskesmas",
        "kader",
        "stunting",
        "bekasi",
        "dinkes",
        "dinas",
        "kelurahan",
        "kecamatan",
        "rahasia",
        "katasandi",
        "password",
        "sandi",
        "admin",
        "indonesia",
        "bismillah",
    }
)


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def __init__(self, min_length: int = MIN_LENGTH):
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return _(
            "Kata sandi terlalu pendek: minimal %(min)d karakter. Gabungkan beberapa kata, "
            "misalnya tiga kata dengan tanda hubung."
        ) % {"min": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Minimal %(min)d karakter.", "Minimal %(min)d karakter.", self.min_length
        ) % {"min": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "first_name", "last_name", "email", "phone")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity: float = 0.7):
        super().__init__(user_attributes, max_similarity)

    def get_error_message(self) -> str:
        return _(
            "Kata sandi terlalu mirip dengan %(verbose_name)s Anda; pilih kata sandi yang tidak "
            "memuat nama pengguna, nama, atau nomor HP."
        )

    def get_help_text(self) -> str:
        return _("Tidak boleh mirip nama pengguna, nama, atau nomor HP.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Kata sandi ini terlalu umum (ada di daftar kata sandi yang sering dipakai).")

    def get_help_text(self) -> str:
        return _("Bukan kata sandi yang umum dipakai.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Kata sandi tidak boleh hanya angka; tambahkan huruf.")

    def get_help_text(self) -> str:
        return _("Tidak boleh hanya angka.")


class ContextWordsValidator:
    """Refuses a password whose letters are only one guessable word (see CONTEXT_WORDS)."""

    def validate(self, password: str, user=None) -> None:
        letters = re.sub(r"[^a-z]", "", password.lower())
        words = set(CONTEXT_WORDS)
        region = getattr(user, "region", None) if user is not None else None
        if region is not None:
            words.add(re.sub(r"[^a-z]", "", region.name.lower()))
        if letters in words:
            raise ValidationError(
                _(
                    "Kata sandi hanya berisi kata yang mudah ditebak (\u201c%(word)s\u201d) "
                    "ditambah angka atau tanda baca; gunakan kata lain."
                ),
                code="password_context_word",
                params={"word": letters},
            )

    def get_help_text(self) -> str:
        return _("Bukan sekadar nama aplikasi, posyandu, atau wilayah ditambah angka.")
