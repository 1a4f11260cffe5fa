"""Shapes of courses, lessons, progress, course creation and enrolment."""

from datetime import date
from typing import Annotated

from pydantic import Field

from courses.authoring import MAX_TITLE
from courses.forms import MAX_LESSON_MINUTES
from lms.admin.forms import MAX_UNIT_CODE
from lms.api.schemas.common import MAX_AREA_CODE, WHOLE, Body, Out, PageOut
from lms.auth.models import MAX_USERNAME, StaffCategory
from quizzes.models import QuizKind

#: The Markdown of one lesson sent through the API (the request size limit comes first anyway).
MAX_LESSON_BODY = 200_000

Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
UnitCode = Annotated[str, Field(max_length=MAX_UNIT_CODE)]
Username = Annotated[str, Field(max_length=MAX_USERNAME)]


class NewLesson(Body):
    title: Title
    body_markdown: str = Field("", max_length=MAX_LESSON_BODY)
    minutes: Annotated[int, Field(ge=0, le=MAX_LESSON_MINUTES), WHOLE] = Field(5, description="Thời lượng đọc (phút)")


class NewModule(Body):
    title: Title
    area: str | None = Field(None, max_length=MAX_AREA_CODE, description="Mã lĩnh vực năng lực, ví dụ AT")
    lessons: list[NewLesson] = []


class NewCourse(Body):
    title: Title
    published: bool = False
    modules: list[NewModule] = []


class Enrolments(Body):
    unit_codes: list[UnitCode] = Field([], description="Mọi người thuộc các đơn vị này và đơn vị trực thuộc")
    staff_categories: list[StaffCategory] = []
    usernames: list[Username] = []
    deadline: date | None = Field(None, description="Hạn hoàn thành; mặc định theo khóa học")


class EnrolmentsOut(Out):
    enrolled: int = Field(description="Số người được ghi danh thêm")


class CourseItem(Out):
    id: int
    slug: str
    title: str
    deadline: date | None
    enrolled: bool
    progress_percent: int = Field(ge=0, le=100)
    completed: bool


class CoursePage(PageOut):
    items: list[CourseItem]


class LessonItem(Out):
    id: int
    title: str
    completed: bool
    required: bool


class QuizItem(Out):
    id: int
    title: str
    kind: QuizKind
    best_percent: float | None
    passed: bool


class ModuleDetail(Out):
    id: int
    title: str
    area: str | None
    required: bool
    lessons: list[LessonItem]
    quizzes: list[QuizItem]


class CourseDetail(Out):
    id: int
    title: str
    progress_percent: int = Field(ge=0, le=100)
    completed: bool
    next_lesson_id: int | None
    modules: list[ModuleDetail]
    quizzes: list[QuizItem] = Field(description="Bài kiểm tra của cả khóa (không thuộc học phần nào)")


class LessonOut(Out):
    id: int
    title: str
    module_id: int
    minutes: int
    body_html: str = Field(description="Nội dung đã làm sạch (HTML)")
    completed: bool


class ProgressOut(Out):
    course_id: int
    items_done: int
    items_total: int
    progress_percent: int = Field(ge=0, le=100)
    completed: bool
