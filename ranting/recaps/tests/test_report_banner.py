"""recaps/_report_banner.html — the report status the kader sees on their own pages."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_the_return_comment_to_the_kader(report_in):
    report = report_in("returned", return_comment="Tinggi Ani belum diisi")
    html = render_to_string("recaps/_report_banner.html", {"report": report})
    assert "Dikembalikan untuk diperbaiki" in html
    assert "Tinggi Ani belum diisi" in html
    assert reverse("recaps:detail", args=[report.posyandu_id, report.period]) in html


def test_it_hides_an_old_comment_once_resubmitted(report_in):
    report = report_in("submitted", return_comment="Tinggi Ani belum diisi")
    html = render_to_string("recaps/_report_banner.html", {"report": report})
    assert "Dikirim ke kelurahan" in html
    assert "Tinggi Ani belum diisi" not in html


def test_it_renders_nothing_without_a_report():
    assert render_to_string("recaps/_report_banner.html", {"report": None}).strip() == ""
