"""Turn models into the JSON shapes of api.md."""

from typing import Any

from lms.auth.models import User


def user_json(user: User) -> dict[str, Any]:
    unit = {"code": user.unit.code, "name": user.unit.name} if user.unit else None
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "unit": unit,
        "staff_category": user.staff_category,
        "roles": sorted(user.roles),
        "must_change_password": user.must_change_password,
    }
