"""Read-only queries: the personal path through a course, my levels, the distribution of levels by unit."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from courses.models import Area, Course, Framework, Lesson, Module
from courses.queries import Outline
from lms.auth.models import User
from lms.learning_path.models import LearnerLevel, Level, Placement
from lms.org.models import Unit

#: Path order: weak areas first, then areas never assessed, mastered areas (to skim) last.
LEVEL_RANK: dict[str | None, int] = {Level.NEEDS: 0, Level.PROGRESSING: 1, None: 2, Level.MASTERED: 3}
LEVELS = (Level.NEEDS, Level.PROGRESSING, Level.MASTERED)


@dataclass(frozen=True)
class PathStep:
    """One module of a course on my path: its area's level, the evidence, and whether I may skim it."""

    module: Module
    area_name: str | None
    level: str | None
    evidence: LearnerLevel | None
    position: int

    @property
    def skim(self) -> bool:
        return self.level == Level.MASTERED


@dataclass
class LearningPath:
    steps: list[PathStep]
    has_levels: bool
    placement_state: str | None
    next_lesson: Lesson | None
    by_module: dict[int, PathStep] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_module = {step.module.id: step for step in self.steps}


def framework_areas(session: Session, framework_id: int | None = None) -> list[tuple[str, str]]:
    """(code, name) of a framework's areas in order (the newest framework when none is given) — one query."""
    wanted = framework_id if framework_id is not None else select(func.max(Framework.id)).scalar_subquery()
    rows = session.execute(
        select(Area.code, Area.name).where(Area.framework_id == wanted).order_by(Area.position, Area.code)
    )
    return [(code, name) for code, name in rows]


def levels_of(session: Session, user_id: int) -> dict[str, LearnerLevel]:
    return {row.area_code: row for row in session.scalars(select(LearnerLevel).where(LearnerLevel.user_id == user_id))}


def placement_state(session: Session, user_id: int) -> Placement | None:
    """The person's latest placement, or None if they never started or skipped one (one query)."""
    return session.scalar(select(Placement).where(Placement.user_id == user_id).order_by(Placement.id.desc()).limit(1))


def build_path(session: Session, user: User, course: Course, outline: Outline) -> LearningPath:
    """Order the course's modules weak areas first and mastered ones (to skim) last — three queries.

    Without any level the course order is kept. The next lesson follows the path.
    """
    levels = levels_of(session, user.id)
    names = dict(framework_areas(session, course.framework_id))
    latest = placement_state(session, user.id)
    steps = []
    for position, item in enumerate(outline.modules):
        code = item.module.area_code
        evidence = levels.get(code) if code else None
        steps.append(
            PathStep(
                item.module, names.get(code) if code else None, evidence.level if evidence else None, evidence, position
            )
        )
    has_levels = any(step.level is not None for step in steps)
    if has_levels:
        steps.sort(key=lambda s: (LEVEL_RANK[s.level], s.position))
    order = {step.module.id: i for i, step in enumerate(steps)}
    modules = sorted(outline.modules, key=lambda m: order[m.module.id])
    lessons = [(m.module, i) for m in modules for i in m.lessons]
    next_required = next((i.lesson for m, i in lessons if not i.completed and i.lesson.required and m.required), None)
    next_any = next((i.lesson for _, i in lessons if not i.completed), None)
    return LearningPath(steps, has_levels, latest.state if latest else None, next_required or next_any)


@dataclass(frozen=True)
class MyArea:
    code: str
    name: str
    evidence: LearnerLevel | None


def my_levels(session: Session, user: User) -> list[MyArea]:
    """Every area of the newest framework with my level and its evidence (two queries)."""
    levels = levels_of(session, user.id)
    return [MyArea(code, name, levels.get(code)) for code, name in framework_areas(session)]


# --- distribution ---------------------------------------------------------------------------


@dataclass
class UnitLevels:
    """Counts of people per area and level in one unit's subtree; people without a level are "not assessed"."""

    unit: Unit
    staff_total: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, area: str, level: str) -> int:
        return self.counts.get(area, {}).get(level, 0)

    def not_assessed(self, area: str) -> int:
        return max(0, self.staff_total - sum(self.counts.get(area, {}).values()))

    def add(self, area: str, level: str, n: int) -> None:
        self.counts.setdefault(area, {}).setdefault(level, 0)
        self.counts[area][level] += n


@dataclass(frozen=True)
class Distribution:
    unit: Unit
    areas: list[tuple[str, str]]
    total: UnitLevels
    children: list[UnitLevels]


def level_distribution(session: Session, unit: Unit) -> Distribution:
    """Levels per area for a unit and each direct child's subtree (active staff only) — four queries."""
    children = list(session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.kind, Unit.name)))
    by_id = {child.id: UnitLevels(child) for child in children}
    total = UnitLevels(unit)

    def child_of(path: str) -> UnitLevels | None:
        head = path[len(unit.path) :].split("/", 1)[0]
        return by_id.get(int(head)) if head.isdigit() else None

    in_subtree = Unit.path.like(unit.path + "%")
    staff = session.execute(
        select(Unit.path, func.count(User.id))
        .join(User, User.unit_id == Unit.id)
        .where(User.active.is_(True), in_subtree)
        .group_by(Unit.path)
    ).all()
    for path, n in staff:
        total.staff_total += n
        if (row := child_of(path)) is not None:
            row.staff_total += n
    levels = session.execute(
        select(Unit.path, LearnerLevel.area_code, LearnerLevel.level, func.count(LearnerLevel.id))
        .join(User, User.unit_id == Unit.id)
        .join(LearnerLevel, LearnerLevel.user_id == User.id)
        .where(User.active.is_(True), in_subtree)
        .group_by(Unit.path, LearnerLevel.area_code, LearnerLevel.level)
    ).all()
    for path, area, level, n in levels:
        total.add(area, level, n)
        if (row := child_of(path)) is not None:
            row.add(area, level, n)
    return Distribution(unit, framework_areas(session), total, [by_id[c.id] for c in children])
