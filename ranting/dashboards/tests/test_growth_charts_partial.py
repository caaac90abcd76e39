from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse


def test_it_embeds_the_three_charts_for_the_child_page(make_child):
    child = make_child(name="Siti")
    html = render_to_string("dashboards/_growth_charts.html", {"child": child})
    for indicator in ("wfa", "lhfa", "wfl"):
        assert reverse("dashboards:growth_chart", args=[child.pk, indicator]) in html
    assert html.count('alt="Grafik') == 3
