"""Certificates react to confirmations (lms.events); imported once by create_app."""

from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from lms import events
from lms.certificates.services import IssuerDefaults, issue_for_confirmations
from lms.config import Config
from quizzes.models import Confirmation


@events.person_confirmed.connect
def issue_certificate(confirmation: Confirmation, *, session: Session) -> None:
    """Issue the certificate the moment a person is confirmed, in the name of the app's organisation (the one of
    the app in whose context the confirmation happens; a script with a bare session gets the configured default)."""
    config = current_app.config if has_app_context() else vars(Config)
    defaults = IssuerDefaults.from_config(config)
    issue_for_confirmations(session, defaults, [confirmation], config["BABEL_DEFAULT_TIMEZONE"])
