"""People, roles, sign-in and API tokens."""
