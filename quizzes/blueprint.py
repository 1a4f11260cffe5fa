"""The test blueprint (đề cương đánh giá) and drawing a form to it. Pure: no database, no Flask.

`courses/content/blueprint.yaml` says how many questions of each competency a final form has, the mix of
cognitive levels and the band of mean difficulty. `draw_form` picks the questions of one attempt; the server, the
linter and the test-wiseness simulation all call it, so what is measured is what learners get.
"""

import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizzes.taxonomy import Level

BLUEPRINT_FILE = Path(__file__).resolve().parent.parent / "courses" / "content" / "blueprint.yaml"
#: Forms tried before the best one is taken; the first one that meets every target is used at once.
DRAW_TRIES = 80


class BlueprintError(ValueError):
    """The blueprint file is not usable; the message names the key."""


@dataclass(frozen=True)
class Slot:
    """Draw `count` questions of an area, or of one of its competencies."""

    area: str
    competency: str | None
    count: int


@dataclass(frozen=True)
class Balance:
    """What a whole form should look like: level shares (each ± one question) and mean difficulty."""

    levels: dict[str, float]
    difficulty_mean: float
    difficulty_tolerance: float

    def as_json(self) -> dict[str, Any]:
        return {
            "levels": self.levels,
            "difficulty": {"mean": self.difficulty_mean, "tolerance": self.difficulty_tolerance},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "Balance | None":
        if not data:
            return None
        difficulty = data.get("difficulty") or {}
        return cls(
            {str(k): float(v) for k, v in (data.get("levels") or {}).items()},
            float(difficulty.get("mean", 2.0)),
            float(difficulty.get("tolerance", 3.0)),
        )


@dataclass(frozen=True)
class Blueprint:
    framework: str
    version: str
    pass_percent: int
    minutes: int
    max_attempts: int
    kinds: tuple[str, ...]
    balance: Balance
    competencies: dict[str, int]
    minimum_per_area: int
    minimum_application_share: float
    practice_questions: int
    practice_minimum_per_area: int

    @property
    def questions(self) -> int:
        return sum(self.competencies.values())

    def slots(self) -> list[Slot]:
        return [Slot(area_of(code), code, count) for code, count in self.competencies.items()]

    def per_area(self) -> dict[str, int]:
        areas: dict[str, int] = {}
        for code, count in self.competencies.items():
            areas[area_of(code)] = areas.get(area_of(code), 0) + count
        return areas


def area_of(competency: str) -> str:
    """ "AT.2" → "AT"."""
    return competency.split(".", 1)[0]


def _need(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise BlueprintError(f"blueprint.yaml: thiếu “{where}{key}”")
    return data[key]


def parse_blueprint(data: Any, competencies: Collection[str] | None = None) -> Blueprint:
    """Check a loaded blueprint against the framework's competency codes (when given)."""
    if not isinstance(data, dict):
        raise BlueprintError("blueprint.yaml: nội dung phải là một bảng (mapping)")
    final, practice = _need(data, "final", ""), data.get("practice") or {}
    counts = _need(final, "competencies", "final.")
    if not isinstance(counts, dict) or not counts:
        raise BlueprintError("blueprint.yaml: “final.competencies” phải liệt kê số câu của từng năng lực")
    for code, count in counts.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BlueprintError(f"blueprint.yaml: số câu của {code} phải là số nguyên ≥ 1")
        if competencies is not None and code not in competencies:
            raise BlueprintError(f"blueprint.yaml: năng lực “{code}” không có trong khung năng lực")
    levels = {str(k): float(v) for k, v in (_need(final, "levels", "final.") or {}).items()}
    if set(levels) - set(Level) or abs(sum(levels.values()) - 1) > 0.01:
        raise BlueprintError("blueprint.yaml: “final.levels” gồm recall, understanding, application, tổng bằng 1")
    difficulty = final.get("difficulty") or {}
    return Blueprint(
        framework=str(data.get("framework", "")),
        version=str(data.get("version", "")),
        pass_percent=int(final.get("pass_percent", 70)),
        minutes=int(final.get("minutes", 30)),
        max_attempts=int(final.get("max_attempts", 3)),
        kinds=tuple(final.get("kinds") or ("single", "multiple", "true_false")),
        balance=Balance(levels, float(difficulty.get("mean", 2.0)), float(difficulty.get("tolerance", 0.2))),
        competencies={str(k): v for k, v in counts.items()},
        minimum_per_area=int(final.get("minimum_per_area", 0)),
        minimum_application_share=float(final.get("minimum_application_share", 0)),
        practice_questions=int(practice.get("questions_per_quiz", 5)),
        practice_minimum_per_area=int(practice.get("minimum_per_area", 0)),
    )


def load_blueprint(path: Path = BLUEPRINT_FILE, competencies: Collection[str] | None = None) -> Blueprint:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise BlueprintError(f"không đọc được {path.name}: {error}") from error
    return parse_blueprint(data, competencies)


# --- drawing a form -------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    id: int
    area: str | None
    competency: str | None
    level: str | None
    difficulty: int


@dataclass
class _Pools:
    """Per slot, the questions not seen before and those seen (used only when the fresh ones run out)."""

    fresh: list[list[Candidate]] = field(default_factory=list)
    seen: list[list[Candidate]] = field(default_factory=list)


def _pools(candidates: Iterable[Candidate], slots: list[Slot], seen: Collection[int]) -> _Pools:
    pools = _Pools()
    taken: set[int] = set()
    ordered = sorted(candidates, key=lambda c: c.id)  # the same input always gives the same draw for one seed
    for slot in slots:
        matching = [
            c
            for c in ordered
            if c.area == slot.area
            and (slot.competency is None or c.competency == slot.competency)
            and c.id not in taken
        ]
        taken.update(c.id for c in matching)  # two slots never share a question
        pools.fresh.append([c for c in matching if c.id not in seen])
        pools.seen.append([c for c in matching if c.id in seen])
    return pools


def _one_form(pools: _Pools, slots: list[Slot], rng: random.Random) -> list[Candidate]:
    form: list[Candidate] = []
    for slot, fresh, old in zip(slots, pools.fresh, pools.seen, strict=True):
        if len(fresh) >= slot.count:
            form += rng.sample(fresh, slot.count)
        else:
            form += fresh + rng.sample(old, min(slot.count - len(fresh), len(old)))
    return form


def shortfall(form: list[Candidate], balance: Balance | None) -> float:
    """How far a form is from the balance: 0 when every level share (± one question) and the difficulty band hold."""
    if balance is None or not form:
        return 0.0
    total, miss = len(form), 0.0
    for level, share in balance.levels.items():
        have = sum(1 for c in form if c.level == level)
        miss += max(0.0, abs(have - share * total) - 1)
    mean = sum(c.difficulty for c in form) / total
    miss += max(0.0, abs(mean - balance.difficulty_mean) - balance.difficulty_tolerance) * total
    return miss


def draw_form(
    candidates: Iterable[Candidate],
    slots: list[Slot],
    balance: Balance | None,
    seen: Collection[int],
    rng: random.Random,
) -> list[int]:
    """Question ids for one attempt: each slot's count, unseen questions first, the form closest to the balance."""
    pools = _pools(candidates, slots, seen)
    best: list[Candidate] = []
    best_miss = float("inf")
    for _ in range(DRAW_TRIES if balance else 1):
        form = _one_form(pools, slots, rng)
        miss = shortfall(form, balance)
        if miss < best_miss:
            best, best_miss = form, miss
        if miss == 0:
            break
    return [c.id for c in best]
