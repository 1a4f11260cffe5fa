"""WSGI entry point: `flask --app app …` and `gunicorn app:app` find the app here."""

from lms import create_app

app = create_app()
