"""People: text is NFC-normalised on the way in, and search text follows the name."""

import unicodedata

from lms.auth.models import User, mask


def test_user_text_is_nfc_and_trimmed():
    nfd = unicodedata.normalize("NFD", "  Giàng   Thị  Mỷ ")
    user = User(username=" GiangMy ", full_name=nfd, position=unicodedata.normalize("NFD", "Trưởng bản "))
    assert user.full_name == "Giàng Thị Mỷ"
    assert unicodedata.is_normalized("NFC", user.full_name)
    assert user.username == "giangmy"
    assert user.position == "Trưởng bản"
    assert user.search_text == "giang thi my giangmy"


def test_blank_optional_fields_become_null():
    user = User(username="a", full_name="A", email="  ", phone="")
    assert user.email is None
    assert user.phone is None


def test_mask():
    assert mask("012190001234") == "•••••••••234"
    assert mask(None) == ""


def test_search_text_fits_its_column_even_when_folding_lengthens_the_name(session):
    from lms.auth.models import User

    user = User(username="dai.ten", full_name="ß" * 120)
    assert len(user.search_text) <= 200
