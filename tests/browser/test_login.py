import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_it_signs_in_a_kader_and_rejects_a_wrong_password(people, password, sign_in):
    page = sign_in("kader", "salah-sekali")
    assert "Nama pengguna atau kata sandi salah" in page.content()
    page = sign_in("kader", password)
    page.wait_for_url("**/anak/**")
    assert "Keluar" in page.locator("header").inner_text()
