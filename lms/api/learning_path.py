"""API: my levels, the placement check (start/resume, save an area, submit, skip), my path through a course."""

from decimal import Decimal

from flask.typing import ResponseReturnValue

from courses import queries as course_queries
from courses import services as course_services
from courses.permissions import NOT_ENROLLED, can_study
from lms.api.core import api_user, bp, respond
from lms.api.openapi import operation
from lms.api.schemas.learning_path import (
    AreaAnswers,
    AreaLevel,
    LevelsOut,
    PathModule,
    PathOut,
    PlacementArea,
    PlacementOut,
    PlacementRef,
)
from lms.api.schemas.quizzes import PublicQuestion
from lms.extensions import db
from lms.learning_path import queries, services, texts
from lms.learning_path.models import LearnerLevel, Placement, PlacementState
from lms.models import now_utc
from lms.permissions import require
from lms.validation import read_json


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def evidence(evidence: LearnerLevel | None, area_name: str) -> dict[str, object]:
    """A level with the evidence behind it and the reason in plain Vietnamese."""
    return {
        "level": evidence.level if evidence else None,
        "level_label": texts.level_label(evidence.level if evidence else None),
        "source": evidence.source if evidence else None,
        "correct": _number(evidence.correct) if evidence else None,
        "total": evidence.total if evidence else None,
        "percent": _number(evidence.percent) if evidence else None,
        "rating": evidence.rating if evidence else None,
        "updated_at": evidence.updated_at if evidence else None,
        "reason": texts.reason(evidence, area_name),
    }


def placement_out(placement: Placement) -> PlacementOut:
    """The placement as the learner may see it: pending questions without correctness, ratings, state."""
    steps = services.area_steps(placement)
    current = next((s for s in steps if not s.done), None)
    return PlacementOut.model_validate(
        {
            "placement_id": placement.id,
            "state": placement.state,
            "started_at": placement.started_at,
            "finished_at": placement.finished_at,
            "current_area": current.code if current and placement.is_open else None,
            "areas": [
                PlacementArea(
                    code=step.code,
                    name=step.name,
                    rating=step.rating,
                    done=step.done,
                    questions=[PublicQuestion.model_validate(services.public_question(q)) for q in step.pending]
                    if placement.is_open
                    else [],
                )
                for step in steps
            ],
            "results": placement.results if not placement.is_open else None,
        }
    )


@bp.get("/v1/me/levels")
@operation(
    "Mức của tôi theo từng lĩnh vực năng lực, kèm lý do",
    tag="learning_path",
    ok=(200, LevelsOut, "Mức theo lĩnh vực"),
    errors=(401, 403),
)
def my_levels() -> ResponseReturnValue:
    """My level in each competency area, with its evidence and reason, and my latest placement's state."""
    user = api_user()
    latest = queries.placement_state(db.session, user.id)
    return respond(
        LevelsOut(
            areas=[
                AreaLevel.model_validate({"code": a.code, "name": a.name, **evidence(a.evidence, a.name)})
                for a in queries.my_levels(db.session, user)
            ],
            placement=None
            if latest is None
            else PlacementRef(placement_id=latest.id, state=PlacementState(latest.state)),
        )
    )


@bp.post("/v1/placement")
@operation(
    "Bắt đầu hoặc làm tiếp phần tự đánh giá đầu vào (không chứa đáp án)",
    tag="learning_path",
    ok=(200, PlacementOut, "Phần tự đánh giá"),
    errors=(401, 403, 409),
)
def start_placement() -> ResponseReturnValue:
    """Start the placement check, or resume the open one."""
    placement = services.start_placement(db.session, api_user(), now_utc())
    db.session.commit()
    return respond(placement_out(placement))


@bp.get("/v1/placement/<int:placement_id>")
@operation(
    "Xem phần tự đánh giá của tôi (để làm tiếp sau khi mất kết nối)",
    tag="learning_path",
    ok=(200, PlacementOut, "Phần tự đánh giá"),
    errors=(401, 403, 404),
)
def get_placement(placement_id: int) -> ResponseReturnValue:
    """A placement of mine: what is left to answer, or its results."""
    return respond(placement_out(services.get_own_placement(db.session, api_user(), placement_id)))


@bp.put("/v1/placement/<int:placement_id>/areas/<area>")
@operation(
    "Lưu mức tự nhận và câu trả lời của một lĩnh vực",
    tag="learning_path",
    json=AreaAnswers,
    ok=(200, PlacementOut, "Đã lưu"),
    errors=(400, 401, 403, 404, 409, 413, 422),
    description="Khi hai câu đầu một đúng một sai, lĩnh vực được hỏi thêm một câu (xuất hiện trong `questions`). "
    "Lĩnh vực cuối cùng xong thì phần tự đánh giá được chấm và mức của người học được cập nhật.",
)
def save_placement_area(placement_id: int, area: str) -> ResponseReturnValue:
    """Save one area's self-rating (1–4) and answers; the last area grades the placement."""
    user = api_user()
    placement = services.get_own_placement(db.session, user, placement_id)
    body = read_json(AreaAnswers)
    answers = {key: answer.given() for key, answer in body.answers.items()}
    services.save_area(db.session, user, placement, area, body.rating, answers, now_utc())
    db.session.commit()
    return respond(placement_out(placement))


@bp.post("/v1/placement/<int:placement_id>/submit")
@operation(
    "Kết thúc phần tự đánh giá với các lĩnh vực đã làm (gọi lại trả cùng kết quả)",
    tag="learning_path",
    ok=(200, PlacementOut, "Kết quả"),
    errors=(401, 403, 404, 409),
)
def submit_placement(placement_id: int) -> ResponseReturnValue:
    """Finish with the areas done so far and set my levels; calling it again returns the same result."""
    user = api_user()
    placement = services.get_own_placement(db.session, user, placement_id)
    services.submit_placement(db.session, user, placement, now_utc())
    db.session.commit()
    return respond(placement_out(placement))


@bp.post("/v1/placement/skip")
@operation("Bỏ qua phần tự đánh giá", tag="learning_path", ok=(200, PlacementRef, "Đã bỏ qua"), errors=(401, 403))
def skip_placement() -> ResponseReturnValue:
    """Skip the placement check (modules are then recommended in the course order)."""
    placement = services.skip_placement(db.session, api_user(), now_utc())
    db.session.commit()
    return respond(PlacementRef(placement_id=placement.id, state=PlacementState(placement.state)))


@bp.get("/v1/courses/<int:course_id>/path")
@operation(
    "Lộ trình của tôi trong khóa học: phần chưa vững trước, phần thành thạo có thể đọc lướt",
    tag="learning_path",
    ok=(200, PathOut, "Lộ trình"),
    errors=(401, 403, 404),
)
def course_path(course_id: int) -> ResponseReturnValue:
    """My path through a course: modules weak areas first, mastered ones to skim, and why."""
    user = api_user()
    course = course_queries.get_visible_course(db.session, user, course_id)
    require(can_study(user, course, course_services.get_enrolment(db.session, user, course)), NOT_ENROLLED)
    outline = course_queries.course_outline(db.session, course, user)
    path = queries.build_path(db.session, user, course, outline)
    return respond(
        PathOut(
            course_id=course.id,
            has_levels=path.has_levels,
            placement_state=PlacementState(path.placement_state) if path.placement_state else None,
            next_lesson_id=path.next_lesson.id if path.next_lesson else None,
            modules=[
                PathModule.model_validate(
                    {
                        "id": step.module.id,
                        "title": step.module.title,
                        "area": step.module.area_code,
                        "skim": step.skim,
                        "advice": texts.advice(step.level),
                        **evidence(step.evidence, step.area_name or step.module.area_code or ""),
                    }
                )
                for step in path.steps
            ],
        )
    )
