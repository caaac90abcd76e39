"""/akun/token/: personal API tokens. A new token is shown once, right after it is made."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from ranting.accounts.models import User
from ranting.api import tokens as token_services
from ranting.api.models import ApiToken

# Enough for a phone, a laptop and a few integrations; more usually means forgotten tokens.
MAX_ACTIVE_TOKENS = 10
SESSION_KEY = "api_new_token"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_lazy("Nama token"),
        max_length=60,
        help_text=_lazy("Untuk apa token ini, misalnya: HP kader Posyandu Mawar."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        active = ApiToken.objects.filter(user=self.user, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise forms.ValidationError(
                _("Sudah ada %(n)d token aktif; cabut token yang tidak dipakai dulu.")
                % {"n": active}
            )
        return data


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required has run
    form = TokenForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        _token, raw = token_services.create_token(user, form.cleaned_data["name"])
        # Shown on the next page load only (post/redirect/get keeps a reload from making more).
        request.session[SESSION_KEY] = raw
        return redirect("api:tokens")
    context = {
        "form": form,
        "new_token": request.session.pop(SESSION_KEY, None),
        "tokens": ApiToken.objects.filter(user=user),
    }
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=cast(User, request.user))
    token_services.revoke_token(token)
    messages.success(request, _("Token “%(name)s” sudah dicabut.") % {"name": token.name})
    return redirect("api:tokens")
