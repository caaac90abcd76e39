"""Sign-in, two-step code and password forms, with messages in Bahasa Indonesia."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from ranting.accounts.twofactor import normalise_code

CODE_DIGITS = 6  # django-otp TOTPDevice default, what authenticator apps show


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Huruf besar dan kecil dibedakan. Setelah "
            "beberapa kali salah, akun dikunci sementara."
        ),
        "inactive": _("Akun ini dinonaktifkan. Hubungi admin kelurahan atau dinas."),
    }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode dari aplikasi autentikator"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_DIGITS:
            raise forms.ValidationError(
                _("Kode harus %(n)d angka, seperti yang tampil di aplikasi autentikator."),
                params={"n": CODE_DIGITS},
            )
        return code


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_incorrect": _("Kata sandi lama salah. Ketik ulang kata sandi yang sekarang."),
        "password_mismatch": _("Kedua isian kata sandi baru tidak sama. Ketik ulang keduanya."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Kata sandi lama")
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password1"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts()
        )
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["new_password2"].help_text = ""


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=255, required=False)
    ip_address = forms.GenericIPAddressField(required=False)


class UserForm(forms.Form):
    """The account whose two-step sign-in the superadmin switches off."""

    user = forms.IntegerField(min_value=1)
