"""Pictures of the shipped items: served to signed-in people only, nothing outside their folder."""

from pathlib import Path

import pytest

from quizzes.media import IMAGES
from tests.factories import Tree, make_user


@pytest.fixture
def signed_in(session, auth):  # type: ignore[no-untyped-def]
    make_user(session, "hoc.vien", unit=Tree(session).commune_a)
    session.commit()
    auth.login("hoc.vien")


def test_every_picture_used_by_an_item_exists_and_is_a_plain_svg():
    from quizzes.lint import _IMAGE, shipped_items

    items, _problems = shipped_items()
    used = {src for i in items for _alt, src in _IMAGE.findall(i.question.text)}
    assert len(used) >= 8 * 4
    for src in used:
        assert src.startswith("/hinh-cau-hoi/"), src
        path = IMAGES / Path(src).name
        text = path.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<svg") or text.lstrip().startswith("<?xml"), src
        for forbidden in ("<script", "<image", "<foreignObject", "href=\"http", "xlink:href=\"http", "onload"):
            assert forbidden.lower() not in text.lower(), (src, forbidden)


def test_a_picture_is_served_as_svg_that_cannot_run_anything(client, signed_in):
    name = sorted(IMAGES.glob("*.svg"))[0].name
    response = client.get(f"/hinh-cau-hoi/{name}")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("name", ["khong-co.svg", "..%2Ffinal%2Fat.gift", "%2e%2e%2fREADME.md", "at-f01.SVG.exe"])
def test_unknown_or_outside_names_are_not_found(client, signed_in, name):
    assert client.get(f"/hinh-cau-hoi/{name}").status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client):
    name = sorted(IMAGES.glob("*.svg"))[0].name
    response = client.get(f"/hinh-cau-hoi/{name}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
