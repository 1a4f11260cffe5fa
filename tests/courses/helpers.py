"""Build small courses for tests."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from courses import authoring
from courses.content_sync import sync_framework
from courses.models import Course, Framework


def make_course(session: Session, title: str = "Khóa học thử", modules: int = 2, lessons: int = 2, **kw) -> Course:  # type: ignore[no-untyped-def]
    """A published course with `modules` × `lessons` required lessons (the framework loaded first)."""
    if session.scalar(select(Framework.id)) is None:
        sync_framework(session)
    course = authoring.create_course(session, title, **kw)
    for m in range(modules):
        module = authoring.add_module(session, course, f"Học phần {m + 1}", "AT")
        for n in range(lessons):
            authoring.add_lesson(
                session, module, f"Bài {m + 1}.{n + 1}", f"Nội dung bài {m + 1}.{n + 1} về bảo mật.", 5
            )
    authoring.set_published(session, course, True)
    session.flush()
    return course
