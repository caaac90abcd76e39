import pytest
from django.urls import reverse

from ranting.guide.views import TOPICS


@pytest.mark.django_db
def test_it_lists_every_topic(client):
    page = client.get(reverse("guide:index")).content.decode()
    for slug in TOPICS:
        assert reverse("guide:topic", args=[slug]) in page


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(TOPICS))
def test_it_shows_each_topic_without_login(client, slug):
    response = client.get(reverse("guide:topic", args=[slug]))
    assert response.status_code == 200
    assert str(TOPICS[slug]) in response.content.decode()


@pytest.mark.django_db
def test_it_shows_the_configured_kbm_table(client, settings, tmp_path):
    table = tmp_path / "kbm.csv"
    table.write_text("age_months_from,age_months_to,kbm_grams,source\n1,60,250,uji\n")
    settings.KBM_TABLE_PATH = str(table)
    page = client.get(reverse("guide:topic", args=["status-gizi"])).content.decode()
    assert "1–60" in page
    assert "250" in page


@pytest.mark.django_db
def test_it_returns_404_for_an_unknown_topic(client):
    assert client.get("/panduan/tidak-ada/").status_code == 404


@pytest.mark.django_db
def test_it_refuses_post(client):
    assert client.post(reverse("guide:index")).status_code == 405
