"""Rate limits: per signed-in user and per anonymous IP, answered with a JSON 429."""

from __future__ import annotations

from ranting.api.tests.conftest import JsonClient


def test_a_user_over_the_limit_gets_429_and_others_do_not(api, settings):
    settings.API_RATE_USER = "3/m"
    kader = api("kader")

    answers = [kader.get("/children").status_code for _ in range(4)]
    limited = kader.get("/children")
    other = api("kader_b").get("/children")

    assert answers == [200, 200, 200, 429]
    assert limited.json()["code"] == "rate_limited"
    assert limited.json()["field"] is None
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert other.status_code == 200


def test_the_limit_counts_the_user_not_the_token(api, people, settings):
    from ranting.api.tokens import create_token

    settings.API_RATE_USER = "2/m"
    first = JsonClient(create_token(people["kader"], "HP 1")[1])
    second = JsonClient(create_token(people["kader"], "HP 2")[1])

    answers = [first.get("/children").status_code, second.get("/children").status_code]

    assert answers == [200, 200]
    assert second.get("/children").status_code == 429


def test_anonymous_guessing_is_slowed_down_per_ip(db, settings):
    settings.API_RATE_ANON = "2/m"
    guesser = JsonClient("rnt_tebakan")

    answers = [guesser.get("/children").status_code for _ in range(3)]
    from_elsewhere = JsonClient("rnt_tebakan", REMOTE_ADDR="10.0.0.9").get("/children")

    assert answers == [401, 401, 429]
    assert from_elsewhere.status_code == 401


def test_a_limit_is_off_when_empty(api, settings):
    settings.API_RATE_USER = ""

    answers = {api("kader").get("/posyandu").status_code for _ in range(20)}

    assert answers == {200}
