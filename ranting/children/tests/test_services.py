import datetime as dt

import pytest

from ranting.children.services import ChildError, find_duplicates, move_child


def test_it_finds_duplicates_by_nik_across_all_posyandu(make_child, regions):
    make_child(posyandu=regions["posyandu_c"], nik="3275061503240001", name="Lain")
    found = find_duplicates(
        nik="3275061503240001", name="X", birth_date=dt.date(2024, 1, 1), mother_name="Y"
    )
    assert [(d.posyandu, d.kelurahan, d.reason) for d in found] == [
        ("Posyandu Anggrek (RW 03)", "Bekasijaya", "NIK sama")
    ]


def test_it_finds_duplicates_by_name_birth_date_and_mother(make_child):
    child = make_child(name="Budi Santoso", mother_name="Siti")
    found = find_duplicates(
        nik="", name=" budi   santoso", birth_date=child.birth_date, mother_name="SITI"
    )
    assert len(found) == 1
    assert find_duplicates(
        nik="", name="Budi Santoso", birth_date=child.birth_date, mother_name="Siti",
        exclude_pk=child.pk,
    ) == []  # fmt: skip
    assert (
        find_duplicates(
            nik="", name="Budi Santoso", birth_date=dt.date(2024, 1, 1), mother_name="Siti"
        )
        == []
    )


def test_it_refuses_a_move_to_the_same_posyandu(make_child, people, regions):
    child = make_child()
    with pytest.raises(ChildError):
        move_child(child, people["kader"], regions["posyandu_a"], "")
