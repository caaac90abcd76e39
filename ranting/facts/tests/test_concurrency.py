"""Writers of the same posyandu-month at once: no refresh overwrites another's counts
(PostgreSQL only: SQLite serialises writers, so nothing would race)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from ranting.facts.models import MonthlyFact
from ranting.facts.tests.conftest import MAY

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)"),
]
WRITERS = 6
# Each writer keeps its transaction open a little after saving, so the others' refreshes run
# while its measurement is still uncommitted: without the posyandu lock they would count
# without it and the last one to commit would write a stale total.
HOLD_SECONDS = 0.3


def test_concurrent_writers_do_not_lose_counts(regions, make_child, measure):
    a = regions["posyandu_a"]
    children = [make_child(name=f"Anak {i}") for i in range(WRITERS)]
    measure(a)  # the fact row exists already: every refresh is an update of one row
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(child) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                measure(a, child=child)
                time.sleep(HOLD_SECONDS)
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(child,)) for child in children]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert MonthlyFact.objects.get(posyandu=a, period=MAY).d == 1 + WRITERS
