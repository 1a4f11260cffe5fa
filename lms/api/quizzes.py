"""API: quizzes, question import, attempts (start/resume, autosave, submit)."""

from datetime import datetime
from typing import Any

from flask import current_app, jsonify, request
from sqlalchemy import select

from courses.models import Course, Module
from lms import limits
from lms.api.core import BadRequest, api_user, bp, json_body, token_required, typed_field
from lms.certificates.export import verify_url
from lms.certificates.models import Certificate, CertificateStatus
from lms.errors import NotFound
from lms.extensions import db
from lms.models import now_utc
from lms.permissions import can_author, require
from lms.routing import MAX_ID
from quizzes import bank as banks
from quizzes import services
from quizzes.blueprint import Slot
from quizzes.building import QuizSettings, create_quiz
from quizzes.models import Confirmation, Quiz
from quizzes.taxonomy import Pool


def _datetime(data: dict[str, Any], name: str) -> datetime | None:
    value = typed_field(data, name, str)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise BadRequest(f"“{name}” không phải thời điểm ISO 8601.", fields={name: "Dạng ISO 8601."}) from error
    if parsed.tzinfo is None:
        raise BadRequest(f"“{name}” cần múi giờ (ví dụ +07:00).", fields={name: "Thiếu múi giờ."})
    return parsed


@bp.post("/v1/quizzes")
@token_required
def create():  # type: ignore[no-untyped-def]
    """Create a quiz in a course: fixed `questions` or a `draw` per area."""
    require(can_author(api_user()), "Chỉ giảng viên và quản trị viên được tạo bài kiểm tra.")
    data = json_body()
    title = typed_field(data, "title", str)
    if not title:
        raise BadRequest("Thiếu trường “title”.", fields={"title": "Trường này là bắt buộc."})
    course_id = typed_field(data, "course_id", int)
    course = db.session.get(Course, course_id) if course_id else None
    if course is None:
        raise NotFound("Không tìm thấy khóa học.", fields={"course_id": "Không có khóa học này."})
    module_id = typed_field(data, "module_id", int)
    module = db.session.get(Module, module_id) if module_id else None
    if module_id and module is None:
        raise NotFound("Không tìm thấy học phần.", fields={"module_id": "Không có học phần này."})
    question_ids = typed_field(data, "questions", list)
    draw = typed_field(data, "draw", list)
    if question_ids is not None and not all(
        isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_ID for i in question_ids
    ):
        raise BadRequest("“questions” phải là danh sách mã câu hỏi.", fields={"questions": "Danh sách số."})
    draws = []
    for rule in draw or []:
        if (
            not isinstance(rule, dict)
            or not isinstance(rule.get("area"), str)
            or not isinstance(rule.get("count"), int)
            or not 0 < rule["count"] <= 1000
            or not isinstance(rule.get("competency") or "", str)
        ):
            raise BadRequest("Mỗi quy tắc rút cần {area, count}.", fields={"draw": "Cần {area, count}."})
        draws.append(Slot(rule["area"], rule.get("competency") or None, rule["count"]))
    shuffle = typed_field(data, "shuffle", bool, default=True)
    settings = QuizSettings(
        title=title,
        kind=typed_field(data, "kind", str, default="module"),
        pass_percent=typed_field(data, "pass_percent", int, default=70),
        time_limit_s=typed_field(data, "time_limit_s", int),
        max_attempts=typed_field(data, "max_attempts", int),
        shuffle_questions=shuffle,
        shuffle_options=shuffle,
        opens_at=_datetime(data, "opens_at"),
        closes_at=_datetime(data, "closes_at"),
        review_policy=typed_field(data, "review_policy", str, default="full"),
    )
    quiz = create_quiz(db.session, course, settings, question_ids=question_ids, draws=draws, module=module)
    db.session.commit()
    return jsonify(id=quiz.id), 201


@bp.post("/v1/questions/import")
@limits.imports
@token_required
def import_questions():  # type: ignore[no-untyped-def]
    """Import a GIFT, Aiken, CSV or XLSX file into a bank; ?dry_run=1 only checks it."""
    require(can_author(api_user()), "Chỉ giảng viên và quản trị viên được nhập câu hỏi.")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise BadRequest("Thiếu tệp câu hỏi (trường “file”).", fields={"file": "Bắt buộc."})
    bank_name = request.form.get("bank", "")
    dry_run = request.args.get("dry_run") in ("1", "true")
    parsed = banks.parse_file(upload.read(), upload.filename, request.form.get("format") or None)
    bank = banks.get_or_create_bank(db.session, bank_name, api_user())
    pool = request.form.get("pool") or Pool.PRACTICE
    if pool not in set(Pool):
        raise BadRequest("“pool” phải là practice hoặc final.", fields={"pool": "practice hoặc final."})
    area = request.form.get("area") or None
    report = banks.import_questions(db.session, bank, parsed, dry_run=dry_run, area=area, pool=pool)
    if dry_run or report.errors:
        db.session.rollback()  # a dry run or a file with errors writes nothing, not even the bank
    else:
        db.session.commit()
    body = {
        "imported": report.imported,
        "skipped": report.skipped,
        "errors": [{"line": e.line, "message": e.message} for e in report.errors],
        "question_ids": report.question_ids,
        "warnings": [
            {"question": f.title or f.ref, "severity": f.severity, "code": f.code, "message": f.message}
            for f in report.findings
        ],
    }
    return jsonify(body), (422 if report.errors and not dry_run else 200)


def _quiz_for_learner(quiz_id: int) -> Quiz:
    return services.get_quiz_for_study(db.session, api_user(), quiz_id)


def attempt_json(attempt: Any) -> dict[str, Any]:
    return {
        "attempt_id": attempt.id,
        "started_at": attempt.started_at.isoformat(),
        "deadline": attempt.deadline_at.isoformat() if attempt.deadline_at else None,
        "questions": services.public_questions(attempt),
        "answers": {str(k): v for k, v in services.saved_answers(db.session, attempt).items()},
    }


@bp.post("/v1/quizzes/<int:quiz_id>/attempts")
@token_required
def start_attempt(quiz_id: int):  # type: ignore[no-untyped-def]
    """Start an attempt or resume the open one; never contains correctness."""
    quiz = _quiz_for_learner(quiz_id)
    attempt = services.start_attempt(db.session, api_user(), quiz, now_utc())
    body = attempt_json(attempt)  # before the commit expires the attempt (saves reloading it and its snapshot)
    db.session.commit()
    return jsonify(body)


@bp.put("/v1/attempts/<int:attempt_id>/answers/<int:question_id>")
@token_required
def save_answer(attempt_id: int, question_id: int):  # type: ignore[no-untyped-def]
    """Save one answer (idempotent); 409 after submit or past the deadline."""
    attempt = services.get_own_attempt(db.session, api_user(), attempt_id)
    now = now_utc()
    services.save_answer(db.session, api_user(), attempt, question_id, json_body(), now)
    db.session.commit()
    return jsonify(saved=True, question_id=question_id, saved_at=now.isoformat())


@bp.post("/v1/attempts/<int:attempt_id>/submit")
@token_required
def submit_attempt(attempt_id: int):  # type: ignore[no-untyped-def]
    """Grade the attempt with what was saved; calling it again returns the same result."""
    attempt = services.get_own_attempt(db.session, api_user(), attempt_id)
    result = services.submit_attempt(db.session, api_user(), attempt, now_utc())
    db.session.commit()
    return jsonify(
        score=float(result.score),
        max_score=float(result.max_score),
        percent=float(result.percent),
        passed=result.passed,
        certificate=_certificate_of(attempt_id),
    )


def _certificate_of(attempt_id: int) -> dict[str, str] | None:
    """The certificate issued because of this attempt, if it confirmed the person."""
    certificate = db.session.scalar(
        select(Certificate)
        .join(Confirmation, Certificate.confirmation_id == Confirmation.id)
        .where(Confirmation.attempt_id == attempt_id, Certificate.status == CertificateStatus.VALID)
    )
    if certificate is None:
        return None
    return {"serial": certificate.serial, "verify_url": verify_url(current_app.config["PUBLIC_URL"], certificate)}
