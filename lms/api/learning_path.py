"""API: my levels, the placement check (start/resume, save an area, submit, skip), my path through a course."""

from typing import Any

from flask import jsonify

from courses import queries as course_queries
from courses import services as course_services
from courses.permissions import NOT_ENROLLED, can_study
from lms.api.core import api_user, bp, json_body, token_required
from lms.extensions import db
from lms.learning_path import queries, services, texts
from lms.learning_path.models import LearnerLevel, Placement
from lms.models import now_utc
from lms.permissions import require


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def evidence_json(evidence: LearnerLevel | None, area_name: str) -> dict[str, Any]:
    """A level with the evidence behind it and the reason in plain Vietnamese."""
    return {
        "level": evidence.level if evidence else None,
        "level_label": texts.level_label(evidence.level if evidence else None),
        "source": evidence.source if evidence else None,
        "correct": _number(evidence.correct) if evidence else None,
        "total": evidence.total if evidence else None,
        "percent": _number(evidence.percent) if evidence else None,
        "rating": evidence.rating if evidence else None,
        "updated_at": evidence.updated_at.isoformat() if evidence else None,
        "reason": texts.reason(evidence, area_name),
    }


def placement_json(placement: Placement) -> dict[str, Any]:
    """The placement as the learner may see it: pending questions without correctness, ratings, state."""
    steps = services.area_steps(placement)
    current = next((s for s in steps if not s.done), None)
    return {
        "placement_id": placement.id,
        "state": placement.state,
        "started_at": placement.started_at.isoformat(),
        "finished_at": placement.finished_at.isoformat() if placement.finished_at else None,
        "current_area": current.code if current and placement.is_open else None,
        "areas": [
            {
                "code": step.code,
                "name": step.name,
                "rating": step.rating,
                "done": step.done,
                "questions": [services.public_question(q) for q in step.pending] if placement.is_open else [],
            }
            for step in steps
        ],
        "results": placement.results if not placement.is_open else None,
    }


@bp.get("/v1/me/levels")
@token_required
def my_levels():  # type: ignore[no-untyped-def]
    """My level in each competency area, with its evidence and reason, and my latest placement's state."""
    user = api_user()
    latest = queries.placement_state(db.session, user.id)
    return jsonify(
        areas=[
            {"code": a.code, "name": a.name, **evidence_json(a.evidence, a.name)}
            for a in queries.my_levels(db.session, user)
        ],
        placement=None if latest is None else {"placement_id": latest.id, "state": latest.state},
    )


@bp.post("/v1/placement")
@token_required
def start_placement():  # type: ignore[no-untyped-def]
    """Start the placement check, or resume the open one."""
    placement = services.start_placement(db.session, api_user(), now_utc())
    db.session.commit()
    return jsonify(placement_json(placement))


@bp.get("/v1/placement/<int:placement_id>")
@token_required
def get_placement(placement_id: int):  # type: ignore[no-untyped-def]
    """A placement of mine: what is left to answer, or its results."""
    return jsonify(placement_json(services.get_own_placement(db.session, api_user(), placement_id)))


@bp.put("/v1/placement/<int:placement_id>/areas/<area>")
@token_required
def save_placement_area(placement_id: int, area: str):  # type: ignore[no-untyped-def]
    """Save one area's self-rating (1–4) and answers; the last area grades the placement."""
    user = api_user()
    placement = services.get_own_placement(db.session, user, placement_id)
    data = json_body()
    services.save_area(db.session, user, placement, area, data.get("rating"), data.get("answers"), now_utc())
    db.session.commit()
    return jsonify(placement_json(placement))


@bp.post("/v1/placement/<int:placement_id>/submit")
@token_required
def submit_placement(placement_id: int):  # type: ignore[no-untyped-def]
    """Finish with the areas done so far and set my levels; calling it again returns the same result."""
    user = api_user()
    placement = services.get_own_placement(db.session, user, placement_id)
    services.submit_placement(db.session, user, placement, now_utc())
    db.session.commit()
    return jsonify(placement_json(placement))


@bp.post("/v1/placement/skip")
@token_required
def skip_placement():  # type: ignore[no-untyped-def]
    """Skip the placement check (modules are then recommended in the course order)."""
    placement = services.skip_placement(db.session, api_user(), now_utc())
    db.session.commit()
    return jsonify(placement_id=placement.id, state=placement.state)


@bp.get("/v1/courses/<int:course_id>/path")
@token_required
def course_path(course_id: int):  # type: ignore[no-untyped-def]
    """My path through a course: modules weak areas first, mastered ones to skim, and why."""
    user = api_user()
    course = course_queries.get_visible_course(db.session, user, course_id)
    require(can_study(user, course, course_services.get_enrolment(db.session, user, course)), NOT_ENROLLED)
    outline = course_queries.course_outline(db.session, course, user)
    path = queries.build_path(db.session, user, course, outline)
    return jsonify(
        course_id=course.id,
        has_levels=path.has_levels,
        placement_state=path.placement_state,
        next_lesson_id=path.next_lesson.id if path.next_lesson else None,
        modules=[
            {
                "id": step.module.id,
                "title": step.module.title,
                "area": step.module.area_code,
                "skim": step.skim,
                "advice": texts.advice(step.level),
                **evidence_json(step.evidence, step.area_name or step.module.area_code or ""),
            }
            for step in path.steps
        ],
    )
