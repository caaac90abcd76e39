"""NIK on the child page per role: full for whoever keeps or verifies the child's register,
masked (province, kota and serial only) for those who monitor figures."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from ranting.children import privacy

NIK = "3275061503240001"
# Written out by hand: first four digits, eight bullets, last four.
MASKED = "3275\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220001"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        pytest.param("kader", "full", id="kader-of-the-posyandu"),
        pytest.param("admin_kelurahan", "full", id="admin-of-the-kelurahan"),
        pytest.param("kecamatan", "masked", id="kecamatan"),
        pytest.param("dinas", "masked", id="dinas"),
        pytest.param("superadmin", "full", id="superadmin"),
        pytest.param("kader_b", 404, id="kader-elsewhere"),
        pytest.param("admin_other", 404, id="admin-elsewhere"),
        pytest.param("kecamatan_other", 404, id="kecamatan-elsewhere"),
    ],
)
def test_it_shows_the_nik_by_role(people, login, make_child, persona, expected):
    child = make_child(nik=NIK)

    response = login(people[persona]).get(reverse("children:detail", args=[child.pk]))

    if expected == 404:
        assert response.status_code == 404
        return
    body = response.content.decode()
    assert response.status_code == 200
    if expected == "full":
        assert NIK in body
    else:
        assert MASKED in body
        assert NIK not in body
        assert "150324" not in body  # the birth-date digits stay hidden


def test_it_says_when_there_is_no_nik(people, login, make_child):
    child = make_child(nik="")
    body = login(people["dinas"]).get(reverse("children:detail", args=[child.pk])).content
    assert "belum ada" in body.decode()


def test_it_hides_a_value_of_the_wrong_length_completely():
    assert privacy.masked("32750615") == "\u2022" * 8
    assert privacy.masked("") == ""


def test_role_level_rule_matches_the_per_posyandu_rule(people, regions):
    # For each persona that can see posyandu A, the role-level rule (lists, exports, audit)
    # gives the same answer as the per-posyandu rule of the child page.
    posyandu = regions["posyandu_a"]
    for name in ("kader", "admin_kelurahan", "kecamatan", "dinas", "superadmin"):
        user = people[name]
        assert privacy.role_sees_full_nik(user) == privacy.sees_full_nik(user, posyandu), name


def test_the_tag_refuses_an_unknown_field(people, make_child):
    from django.template import TemplateSyntaxError

    request = RequestFactory().get("/")
    request.user = people["kader"]
    template = Template('{% load privacy %}{% shown_nik child "name" %}')
    with pytest.raises(TemplateSyntaxError):
        template.render(Context({"child": make_child(), "request": request}))


@pytest.mark.parametrize(("persona", "full"), [("kader", True), ("kecamatan", False)])
def test_the_tag_shows_mother_nik_and_kk_by_the_same_rule(people, make_child, persona, full):
    child = make_child(mother_nik="3275064101950002", no_kk="3275060101200003")
    request = RequestFactory().get("/")
    request.user = people[persona]
    template = Template(
        '{% load privacy %}{% shown_nik child "mother_nik" %}|{% shown_nik child "no_kk" %}'
    )

    text = template.render(Context({"child": child, "request": request}))

    expected = (
        "3275064101950002|3275060101200003"
        if full
        else "3275\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220002|"
        "3275\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220003"
    )
    assert text == expected
