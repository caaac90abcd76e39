"""The role × region rules of accounts.scope, as a matrix."""

import pytest

from ranting.accounts import scope

# persona → posyandu keys it may see
VISIBLE = {
    "kader": {"posyandu_a"},
    "kader_b": {"posyandu_b"},
    "admin_kelurahan": {"posyandu_a", "posyandu_a2"},
    "admin_other": {"posyandu_b"},
    "kecamatan": {"posyandu_a", "posyandu_a2", "posyandu_b"},
    "kecamatan_other": {"posyandu_c"},
    "dinas": {"posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c"},
    "superadmin": {"posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c"},
}
ALL_POSYANDU = ["posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c"]


@pytest.mark.parametrize("persona", list(VISIBLE))
def test_it_limits_visible_posyandu_by_role_and_region(persona, people, regions):
    user = people[persona]
    visible = set(scope.visible_posyandus(user))
    assert visible == {regions[key] for key in VISIBLE[persona]}
    for key in ALL_POSYANDU:
        assert scope.can_see_posyandu(user, regions[key]) == (key in VISIBLE[persona])


@pytest.mark.parametrize("persona", list(VISIBLE))
def test_it_lets_only_the_posyandus_kader_record(persona, people, regions):
    user = people[persona]
    for key in ALL_POSYANDU:
        expected = (persona == "superadmin") or (user.role == "kader" and key in VISIBLE[persona])
        assert scope.can_record(user, regions[key]) == expected


@pytest.mark.parametrize("persona", list(VISIBLE))
@pytest.mark.parametrize("active", [True, False])
def test_it_says_when_the_user_may_record_wherever_it_sees(persona, active, people):
    user = people[persona]
    user.is_active = active
    visible = set(scope.visible_posyandus(user))
    recordable = set(scope.recordable_posyandus(user))
    expected = active and persona in {"kader", "kader_b", "superadmin"}
    assert scope.records_wherever_it_sees(user) == expected
    if expected:
        assert visible
        assert visible <= recordable


@pytest.mark.parametrize("persona", list(VISIBLE))
def test_it_lets_only_the_kelurahan_admin_verify(persona, people, regions):
    user = people[persona]
    for key in ALL_POSYANDU:
        expected = (persona == "superadmin") or (
            user.role == "admin_kelurahan" and key in VISIBLE[persona]
        )
        assert scope.can_verify(user, regions[key]) == expected


def test_it_sees_regions_below_its_own_only(people, regions):
    camat = people["kecamatan"]
    assert scope.can_see_region(camat, regions["32.75.06.1004"])
    assert scope.can_see_region(camat, regions["32.75.06"])
    assert not scope.can_see_region(camat, regions["kota"])
    assert not scope.can_see_region(camat, regions["32.75.01.1001"])
    codes = set(scope.visible_regions(camat).values_list("code", flat=True))
    assert codes == {"32.75.06", "32.75.06.1001", "32.75.06.1004"}


def test_it_gives_an_inactive_user_nothing(people):
    user = people["dinas"]
    user.is_active = False
    assert not scope.visible_posyandus(user).exists()


def test_it_does_not_confuse_code_prefixes(people, regions):
    """32.75.01 must not match 32.75.010… style codes: scope compares whole code segments."""
    from ranting.regions.models import Region

    odd = Region.objects.create(
        code="32.75.0", name="x", level="kecamatan", parent=regions["kota"], kota_code="32.75"
    )
    assert not regions["32.75.06"].is_within(odd)
