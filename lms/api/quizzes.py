"""API: quizzes, question import, attempts (start/resume, autosave, submit)."""

from flask import current_app
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from courses.models import Course, Module
from lms import limits
from lms.api.core import api_user, bp, respond
from lms.api.openapi import UPLOAD_ERRORS, operation
from lms.api.schemas.common import Created
from lms.api.schemas.quizzes import (
    Answer,
    AttemptOut,
    CertificateRef,
    DryRunQuery,
    LineError,
    NewQuiz,
    QuestionImportForm,
    QuestionImportOut,
    QuestionImportRefused,
    QuestionWarning,
    ResultOut,
    SavedOut,
)
from lms.certificates.export import verify_url
from lms.certificates.models import Certificate, CertificateStatus
from lms.errors import NotFound
from lms.extensions import db
from lms.models import now_utc
from lms.permissions import can_author, require
from lms.validation import read_form, read_json, read_query
from quizzes import bank as banks
from quizzes import services
from quizzes.blueprint import Slot
from quizzes.building import QuizSettings, create_quiz
from quizzes.models import Attempt, Confirmation, Quiz


@bp.post("/v1/quizzes")
@operation(
    "Tạo bài kiểm tra (câu hỏi cố định hoặc rút theo lĩnh vực)",
    tag="quizzes",
    json=NewQuiz,
    ok=(201, Created, "Đã tạo"),
    errors=(400, 401, 403, 404, 422),
)
def create() -> ResponseReturnValue:
    """Create a quiz in a course: fixed `questions` or a `draw` per area."""
    require(can_author(api_user()), "Chỉ giảng viên và quản trị viên được tạo bài kiểm tra.")
    body = read_json(NewQuiz)
    course = db.session.get(Course, body.course_id)
    if course is None:
        raise NotFound("Không tìm thấy khóa học.", fields={"course_id": "Không có khóa học này."})
    module = db.session.get(Module, body.module_id) if body.module_id else None
    if body.module_id and module is None:
        raise NotFound("Không tìm thấy học phần.", fields={"module_id": "Không có học phần này."})
    settings = QuizSettings(
        title=body.title,
        kind=body.kind,
        pass_percent=body.pass_percent,
        time_limit_s=body.time_limit_s,
        max_attempts=body.max_attempts,
        shuffle_questions=body.shuffle,
        shuffle_options=body.shuffle,
        opens_at=body.opens_at,
        closes_at=body.closes_at,
        review_policy=body.review_policy,
    )
    draws = [Slot(rule.area, rule.competency or None, rule.count) for rule in body.draw or []]
    quiz = create_quiz(db.session, course, settings, question_ids=body.questions, draws=draws, module=module)
    db.session.commit()
    return respond(Created(id=quiz.id), 201)


@bp.post("/v1/questions/import")
@limits.imports
@operation(
    "Nhập câu hỏi từ tệp GIFT, Aiken, CSV hoặc XLSX",
    tag="quizzes",
    form=QuestionImportForm,
    query=DryRunQuery,
    ok=(200, QuestionImportOut, "Kết quả nhập (hoặc kiểm tra)"),
    errors=UPLOAD_ERRORS,
    extra={422: (QuestionImportRefused, "Tệp có lỗi: không nhập câu nào; hoặc định dạng, nhóm câu hỏi không hợp lệ")},
)
def import_questions() -> ResponseReturnValue:
    """Import a GIFT, Aiken, CSV or XLSX file into a bank; ?dry_run=1 only checks it."""
    require(can_author(api_user()), "Chỉ giảng viên và quản trị viên được nhập câu hỏi.")
    form = read_form(QuestionImportForm)
    dry_run = read_query(DryRunQuery).dry_run
    upload = form.file
    parsed = banks.parse_file(upload.read(), upload.filename or "", form.format or None)
    bank = banks.get_or_create_bank(db.session, form.bank, api_user())
    report = banks.import_questions(db.session, bank, parsed, dry_run=dry_run, area=form.area or None, pool=form.pool)
    if dry_run or report.errors:
        db.session.rollback()  # a dry run or a file with errors writes nothing, not even the bank
    else:
        db.session.commit()
    body = QuestionImportOut(
        imported=report.imported,
        skipped=report.skipped,
        errors=[LineError(line=e.line, message=e.message) for e in report.errors],
        question_ids=report.question_ids,
        warnings=[
            QuestionWarning(question=f.title or f.ref, severity=f.severity, code=f.code, message=f.message)
            for f in report.findings
        ],
    )
    return respond(body, 422 if report.errors and not dry_run else 200)


def _quiz_for_learner(quiz_id: int) -> Quiz:
    return services.get_quiz_for_study(db.session, api_user(), quiz_id)


def attempt_out(attempt: Attempt) -> AttemptOut:
    return AttemptOut.model_validate(
        {
            "attempt_id": attempt.id,
            "started_at": attempt.started_at,
            "deadline": attempt.deadline_at,
            "questions": services.public_questions(attempt),
            "answers": {str(k): v for k, v in services.saved_answers(db.session, attempt).items()},
        }
    )


@bp.post("/v1/quizzes/<int:quiz_id>/attempts")
@operation(
    "Bắt đầu hoặc làm tiếp lượt làm bài (không chứa đáp án)",
    tag="quizzes",
    ok=(200, AttemptOut, "Lượt làm bài"),
    errors=(401, 403, 404, 409),
)
def start_attempt(quiz_id: int) -> ResponseReturnValue:
    """Start an attempt or resume the open one; never contains correctness."""
    quiz = _quiz_for_learner(quiz_id)
    attempt = services.start_attempt(db.session, api_user(), quiz, now_utc())
    body = attempt_out(attempt)  # before the commit expires the attempt (saves reloading it and its snapshot)
    db.session.commit()
    return respond(body)


@bp.put("/v1/attempts/<int:attempt_id>/answers/<int:question_id>")
@operation(
    "Lưu một câu trả lời (lưu lại nhiều lần không sao)",
    tag="quizzes",
    json=Answer,
    ok=(200, SavedOut, "Đã lưu"),
    errors=(400, 401, 403, 404, 409, 413),
    description="Câu trả lời sai dạng (option_ids không phải danh sách số nguyên, text không phải chuỗi, "
    "không có trường nào) được trả 400, như ô tự lưu của trang làm bài; phương án không thuộc câu hỏi cũng 400.",
)
def save_answer(attempt_id: int, question_id: int) -> ResponseReturnValue:
    """Save one answer (idempotent); 409 after submit or past the deadline."""
    attempt = services.get_own_attempt(db.session, api_user(), attempt_id)
    answer = read_json(Answer)
    now = now_utc()
    services.save_answer(db.session, api_user(), attempt, question_id, answer.given(), now)
    db.session.commit()
    return respond(SavedOut(saved=True, question_id=question_id, saved_at=now))


@bp.post("/v1/attempts/<int:attempt_id>/submit")
@operation(
    "Nộp bài và chấm điểm (gọi lại trả cùng kết quả)",
    tag="quizzes",
    ok=(200, ResultOut, "Kết quả"),
    errors=(401, 403, 404),
)
def submit_attempt(attempt_id: int) -> ResponseReturnValue:
    """Grade the attempt with what was saved; calling it again returns the same result."""
    attempt = services.get_own_attempt(db.session, api_user(), attempt_id)
    result = services.submit_attempt(db.session, api_user(), attempt, now_utc())
    db.session.commit()
    return respond(
        ResultOut(
            score=float(result.score),
            max_score=float(result.max_score),
            percent=float(result.percent),
            passed=result.passed,
            certificate=_certificate_of(attempt_id),
        )
    )


def _certificate_of(attempt_id: int) -> CertificateRef | None:
    """The certificate issued because of this attempt, if it confirmed the person."""
    certificate = db.session.scalar(
        select(Certificate)
        .join(Confirmation, Certificate.confirmation_id == Confirmation.id)
        .where(Confirmation.attempt_id == attempt_id, Certificate.status == CertificateStatus.VALID)
    )
    if certificate is None:
        return None
    return CertificateRef(
        serial=certificate.serial, verify_url=verify_url(current_app.config["PUBLIC_URL"], certificate)
    )
