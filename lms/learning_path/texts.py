"""Vietnamese labels and the plain-language reason behind each level (views, templates and the API use these)."""


from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms import formatting
from lms.learning_path.models import EvidenceSource, LearnerLevel, Level

LEVEL_LABELS = {
    Level.NEEDS: _l("Cần học"),
    Level.PROGRESSING: _l("Đang tiến bộ"),
    Level.MASTERED: _l("Thành thạo"),
}
NOT_ASSESSED = _l("Chưa đánh giá")

RATING_LABELS = {
    1: _l("Chưa biết"),
    2: _l("Biết một chút"),
    3: _l("Làm được"),
    4: _l("Thành thạo"),
}
RATING_HINTS = {
    1: _l("Tôi chưa làm việc này bao giờ"),
    2: _l("Tôi đã nghe nói, cần người hướng dẫn"),
    3: _l("Tôi tự làm được việc thường ngày"),
    4: _l("Tôi làm tốt và hướng dẫn được người khác"),
}

#: What the path recommends for a module, by the level of its area (None: never assessed).
ADVICE = {
    Level.NEEDS: _l("Nên học kỹ"),
    Level.PROGRESSING: _l("Nên học và ôn lại"),
    None: _l("Học theo thứ tự"),
    Level.MASTERED: _l("Có thể đọc lướt"),
}


def level_label(level: str | None) -> str:
    return str(LEVEL_LABELS.get(level, NOT_ASSESSED))  # type: ignore[call-overload]


def advice(level: str | None) -> str:
    return str(ADVICE.get(level, ADVICE[None]))  # type: ignore[call-overload]


def reason(evidence: LearnerLevel | None, area_name: str) -> str:
    """Why this level, in one plain sentence naming the evidence."""
    if not area_name:
        return _("Học phần này không gắn với lĩnh vực năng lực nào.")
    if evidence is None:
        return _("Bạn chưa làm phần tự đánh giá lĩnh vực “%(area)s”.", area=area_name)
    if evidence.source == EvidenceSource.PLACEMENT:
        rating = RATING_LABELS.get(evidence.rating or 0)
        if rating is None:
            return _(
                "Bạn trả lời đúng %(correct)s/%(total)s câu phần tự đánh giá lĩnh vực “%(area)s”.",
                correct=formatting.number(evidence.correct or 0),
                total=evidence.total or 0,
                area=area_name,
            )
        return _(
            "Bạn trả lời đúng %(correct)s/%(total)s câu phần tự đánh giá lĩnh vực “%(area)s” "
            "và tự nhận mức “%(rating)s”.",
            correct=formatting.number(evidence.correct or 0),
            total=evidence.total or 0,
            area=area_name,
            rating=rating,
        )
    day = formatting.day(evidence.updated_at, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if evidence.source == EvidenceSource.FINAL:
        return _(
            "Bài đánh giá cuối khóa ngày %(day)s: bạn làm đúng %(percent)s các câu thuộc lĩnh vực “%(area)s”.",
            day=day,
            percent=formatting.percent(evidence.percent or 0),
            area=area_name,
        )
    return _(
        "Bài “%(quiz)s” ngày %(day)s: bạn làm đúng %(percent)s các câu thuộc lĩnh vực “%(area)s”.",
        quiz=evidence.source_title or _("luyện tập"),
        day=day,
        percent=formatting.percent(evidence.percent or 0),
        area=area_name,
    )
