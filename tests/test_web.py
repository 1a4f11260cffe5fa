"""The view plumbing every HTML page shares (lms/web.py): where a service's messages go, and the 422 rule."""

from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from lms.errors import ValidationFailed
from lms.web import form_status, show_errors


class _Form(FlaskForm):
    name = StringField()
    scope_code = StringField()


def _shown(app, error, fields=None, method="POST"):  # type: ignore[no-untyped-def]
    with app.test_request_context("/", method=method):
        form = _Form()
        show_errors(form, error, fields)
        return form, get_flashed_messages(with_categories=True), form_status()


def test_a_message_goes_beside_its_field_and_is_not_flashed_again(app):
    form, flashed, _status = _shown(app, ValidationFailed("Bắt buộc.", fields={"name": "Bắt buộc."}))
    assert form.name.errors == ["Bắt buộc."]
    assert flashed == []


def test_the_overall_message_is_flashed_when_it_says_more_than_the_field_note(app):
    form, flashed, _status = _shown(app, ValidationFailed("Mã “x” đã tồn tại.", fields={"name": "Đã tồn tại."}))
    assert form.name.errors == ["Đã tồn tại."]
    assert flashed == [("error", "Mã “x” đã tồn tại.")]


def test_a_service_field_can_be_renamed_or_sent_to_a_list(app):
    draw: list[str] = []
    error = ValidationFailed("Sai.", fields={"unit": "Bắt buộc.", "draw": "Ít nhất một câu."})
    form, flashed, _status = _shown(app, error, {"unit": "scope_code", "draw": draw})
    assert form.scope_code.errors == ["Bắt buộc."]
    assert draw == ["Ít nhất một câu."]
    assert flashed == [("error", "Sai.")]


def test_a_message_with_no_field_is_flashed(app):
    form, flashed, _status = _shown(app, ValidationFailed("Tệp không đọc được.", fields={"file": "Hỏng."}))
    assert form.errors == {}
    assert flashed == [("error", "Tệp không đọc được.")]


def test_a_form_shown_again_after_a_post_answers_422_and_a_get_200(app):
    assert _shown(app, ValidationFailed("x"), method="POST")[2] == 422
    assert _shown(app, ValidationFailed("x"), method="GET")[2] == 200
