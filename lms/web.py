"""Plumbing shared by the HTML views: one way to guard a blueprint, show a service's errors and answer a form.

Views stay "parse → call a service → render"; what they all need around that lives here, so that every page
places a service's messages, answers a refused form and checks a button's token the same way.
"""

from collections.abc import Callable, Mapping
from datetime import date

from flask import Blueprint, abort, current_app, flash, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_login.config import EXEMPT_METHODS
from flask_wtf import FlaskForm
from wtforms import Field

from lms.auth.forms import ConfirmForm
from lms.auth.models import User
from lms.clock import local_today
from lms.errors import ValidationFailed
from lms.extensions import db, login_manager
from lms.permissions import current_account, require

#: Where a service's field name goes on a form: another field's name, or a list of messages the template shows
#: itself (a group of inputs that is not one WTForms field, such as a quiz's draw per area).
FieldTargets = Mapping[str, str | list[str]]


def guard_blueprint(bp: Blueprint, allowed: Callable[[User], bool]) -> None:
    """Let only people `allowed` reach any page of `bp`.

    Anonymous visitors are sent to sign in (as `login_required` does); signed-in people without the role get 403
    before any object is loaded, so an unknown id never tells them more than a known one.
    """

    @bp.before_request
    def _require_role() -> ResponseReturnValue | None:
        # Preflight OPTIONS requests never reach a view (Flask-Login exempts them too).
        if request.method in EXEMPT_METHODS:
            return None
        if not current_user.is_authenticated:
            to_sign_in: ResponseReturnValue = login_manager.unauthorized()  # what login_required answers
            return to_sign_in
        require(allowed(current_account()))
        return None


def add_error(field: Field, message: str) -> None:
    """Put one more message beside a form field."""
    field.errors = [*field.errors, message]


def show_errors(form: FlaskForm, error: ValidationFailed, fields: FieldTargets | None = None) -> None:
    """Undo the failed change and put the service's messages beside the fields they name.

    `fields` maps a service's field name to the form's (or to a list the template shows). The overall message is
    flashed when no field took it word for word: when nothing was placed, or when it says more than the field
    notes (which formats exist, which code is taken).
    """
    db.session.rollback()
    placed = []
    for key, message in error.fields.items():
        target = (fields or {}).get(key, key)
        if isinstance(target, list):
            target.append(message)
        elif target in form:
            add_error(form[target], message)
        else:
            continue
        placed.append(message)
    if error.message not in placed:
        flash(error.message, "error")


def form_status() -> int:
    """Answer 422 when a submitted form is shown again: a successful POST always redirects."""
    return 422 if request.method == "POST" else 200


def check_confirm() -> None:
    """Check the button's ConfirmForm token (400 without it), so the view stays safe even if CSRF is exempted."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def today() -> date:
    """Today where the people of this app live (`LMS_TIMEZONE`): the one day every page counts from."""
    return local_today(current_app.config["BABEL_DEFAULT_TIMEZONE"])
