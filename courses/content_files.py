"""Read the shipped curriculum (Markdown with YAML front matter) and check it, naming file and line."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CONTENT_ROOT = Path(__file__).resolve().parent / "content"
_ORDER_PREFIX = re.compile(r"^\d+-")


class ContentError(Exception):
    """The content files are broken; `problems` lists "file:line: message" strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LessonFile:
    path: Path
    slug: str
    title: str
    minutes: int
    required: bool
    body: str
    #: The legal documents the lesson cites, and when its content was last checked (None: not said).
    legal: list[str] | None = None
    reviewed: date | None = None


@dataclass
class ModuleFile:
    path: Path
    slug: str
    title: str
    area: str
    summary: str
    required: bool
    lessons: list[LessonFile] = field(default_factory=list)


@dataclass
class CourseFile:
    path: Path
    slug: str
    title: str
    summary: str
    published: bool
    is_open: bool
    modules: list[ModuleFile] = field(default_factory=list)


@dataclass
class FrameworkFile:
    code: str
    version: str
    name: str
    areas: list[dict[str, Any]]


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(CONTENT_ROOT.parent.parent))
    except ValueError:
        return str(path)


def _slug(path: Path) -> str:
    return _ORDER_PREFIX.sub("", path.stem if path.is_file() else path.name)


def _load_yaml(text: str, path: Path, first_line: int, problems: list[str]) -> dict[str, Any] | None:
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        line = first_line + (error.problem_mark.line if error.problem_mark else 0)
        problems.append(f"{_rel(path)}:{line}: YAML không hợp lệ — {error.problem}")
        return None
    except yaml.YAMLError as error:
        problems.append(f"{_rel(path)}:{first_line}: YAML không hợp lệ — {error}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{_rel(path)}:{first_line}: cần một bảng khóa: giá trị (title: …)")
        return None
    return data


def _line_of(text: str, key: str, first_line: int) -> int:
    for number, line in enumerate(text.splitlines(), start=first_line):
        if line.lstrip().startswith(f"{key}:"):
            return number
    return first_line


def _read(path: Path, problems: list[str]) -> str | None:
    try:
        return unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig")).replace("\r\n", "\n")
    except UnicodeDecodeError:
        problems.append(f"{_rel(path)}:1: tệp không phải UTF-8")
        return None


def _text_field(data: dict[str, Any], key: str, path: Path, src: str, first: int, problems: list[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{_rel(path)}:{_line_of(src, key, first)}: thiếu hoặc sai trường “{key}” (cần chữ)")
        return ""
    return " ".join(value.split()) if key == "title" else value.strip()


def read_lesson(path: Path, problems: list[str]) -> LessonFile | None:
    text = _read(path, problems)
    if text is None:
        return None
    if not text.startswith("---\n"):
        problems.append(f"{_rel(path)}:1: thiếu phần đầu YAML (dòng đầu phải là ---)")
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        problems.append(f"{_rel(path)}:1: phần đầu YAML không có dòng --- kết thúc")
        return None
    front = text[4:end]
    data = _load_yaml(front, path, 2, problems)
    if data is None:
        return None
    title = _text_field(data, "title", path, front, 2, problems)
    minutes = data.get("minutes", 5)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
        problems.append(f"{_rel(path)}:{_line_of(front, 'minutes', 2)}: “minutes” phải là số phút (số nguyên ≥ 0)")
        minutes = 0
    required = data.get("required", True)
    if not isinstance(required, bool):
        problems.append(f"{_rel(path)}:{_line_of(front, 'required', 2)}: “required” phải là true hoặc false")
    legal = data.get("legal")
    if legal is not None and not (isinstance(legal, list) and all(isinstance(d, str) for d in legal)):
        problems.append(f"{_rel(path)}:{_line_of(front, 'legal', 2)}: “legal” phải là danh sách tên văn bản")
        legal = None
    reviewed = data.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, date):
        problems.append(f"{_rel(path)}:{_line_of(front, 'reviewed', 2)}: “reviewed” phải là ngày dạng 2026-12-06")
        reviewed = None
    body = text[end + 5 :].strip() + "\n"
    if len(body.split()) < 5:
        problems.append(f"{_rel(path)}:{front.count(chr(10)) + 3}: bài học không có nội dung")
    return LessonFile(path, _slug(path), title, minutes, bool(required), body, legal, reviewed)


def read_module(folder: Path, area_codes: set[str], problems: list[str]) -> ModuleFile | None:
    path = folder / "module.yaml"
    if not path.exists():
        problems.append(f"{_rel(path)}:1: thiếu tệp module.yaml")
        return None
    text = _read(path, problems)
    data = _load_yaml(text, path, 1, problems) if text is not None else None
    if data is None:
        return None
    area = data.get("area")
    if area not in area_codes:
        allowed = ", ".join(sorted(area_codes))
        problems.append(
            f"{_rel(path)}:{_line_of(text or '', 'area', 1)}: lĩnh vực “{area}” không có trong khung ({allowed})"
        )
    module = ModuleFile(
        path=folder,
        slug=_slug(folder),
        title=_text_field(data, "title", path, text or "", 1, problems),
        area=str(area),
        summary=str(data.get("summary") or "").strip(),
        required=bool(data.get("required", True)),
    )
    for lesson_path in sorted(folder.glob("*.md")):
        lesson = read_lesson(lesson_path, problems)
        if lesson:
            module.lessons.append(lesson)
    if not module.lessons:
        problems.append(f"{_rel(folder)}:1: học phần không có bài học (*.md)")
    return module


def read_framework(root: Path, problems: list[str]) -> FrameworkFile | None:
    path = root / "framework.yaml"
    text = _read(path, problems) if path.exists() else None
    if text is None:
        problems.append(f"{_rel(path)}:1: thiếu tệp khung năng lực")
        return None
    data = _load_yaml(text, path, 1, problems)
    if data is None:
        return None
    areas = data.get("areas")
    if not isinstance(areas, list) or not all(isinstance(a, dict) and a.get("code") and a.get("name") for a in areas):
        problems.append(f"{_rel(path)}:{_line_of(text, 'areas', 1)}: “areas” phải là danh sách có code và name")
        return None
    return FrameworkFile(str(data.get("code")), str(data.get("version")), str(data.get("name")), areas)


def read_content(root: Path = CONTENT_ROOT) -> tuple[FrameworkFile, list[CourseFile]]:
    """Read and check every file; raise ContentError listing all problems, or return the content."""
    problems: list[str] = []
    framework = read_framework(root, problems)
    area_codes = {a["code"] for a in framework.areas} if framework else set()
    courses = []
    for course_yaml in sorted(root.glob("*/course.yaml")):
        folder = course_yaml.parent
        text = _read(course_yaml, problems)
        data = _load_yaml(text, course_yaml, 1, problems) if text is not None else None
        if data is None:
            continue
        course = CourseFile(
            path=folder,
            slug=str(data.get("slug") or folder.name),
            title=_text_field(data, "title", course_yaml, text or "", 1, problems),
            summary=str(data.get("summary") or "").strip(),
            published=bool(data.get("published", False)),
            is_open=bool(data.get("open", False)),
        )
        for module_folder in sorted(p for p in folder.iterdir() if p.is_dir()):
            module = read_module(module_folder, area_codes, problems)
            if module:
                course.modules.append(module)
        courses.append(course)
    if problems:
        raise ContentError(problems)
    assert framework is not None  # noqa: S101 — no problems means the framework was read
    return framework, courses
