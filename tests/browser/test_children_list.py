import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_another_posyandu_shows_its_children(
    regions, people, make_child, sign_in_new, live_server
):
    # The page's CSP blocks inline handlers, so this only passes if the static script does it.
    make_child(name="Anak Mawar")
    make_child(name="Anak Melati", posyandu=regions["posyandu_a2"])
    page = sign_in_new("admin_kel")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/anak/")
    assert "Anak Mawar" in page.locator("table.childlist").inner_text()

    with page.expect_navigation():
        page.select_option("#id_posyandu", str(regions["posyandu_a2"].pk))

    assert f"posyandu={regions['posyandu_a2'].pk}" in page.url
    names = page.locator("table.childlist").inner_text()
    assert "Anak Melati" in names
    assert "Anak Mawar" not in names
