"""Unit tree rules."""

import unicodedata

import pytest
from sqlalchemy import func, select

from lms.errors import ValidationFailed
from lms.org.models import Unit, UnitKind
from lms.org.services import create_unit
from tests.factories import Tree


def test_paths_make_subtrees(session):
    tree = Tree(session)
    assert tree.province.contains(tree.commune_a_sub)
    assert tree.commune_a.contains(tree.commune_a_sub)
    assert not tree.commune_b.contains(tree.commune_a_sub)
    assert not tree.commune_a_sub.contains(tree.commune_a)


def test_names_are_stored_nfc_and_codes_lowercase(session):
    name = unicodedata.normalize("NFD", "Xã Tủa Sín Chải")
    unit = create_unit(session, " XA-TUA-SIN-CHAI ", name, UnitKind.COMMUNE, None)
    assert unit.name == "Xã Tủa Sín Chải"
    assert unicodedata.is_normalized("NFC", unit.name)
    assert unit.code == "xa-tua-sin-chai"
    assert unit.search_name == "xa tua sin chai"


def test_duplicate_code_is_refused_and_nothing_written(session):
    create_unit(session, "xa-a", "Xã A", UnitKind.COMMUNE, None)
    session.commit()
    with pytest.raises(ValidationFailed, match="đã tồn tại"):
        create_unit(session, "xa-a", "Xã A khác", UnitKind.COMMUNE, None)
    session.rollback()
    assert session.scalar(select(func.count(Unit.id))) == 1
