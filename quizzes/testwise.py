"""How far a person who knows nothing gets on the final by test-wiseness alone. Pure: the shipped files only.

Each guesser answers forms drawn exactly as the server draws the final (`quizzes.blueprint.draw_form` with the
shipped blueprint, later attempts avoiding what earlier ones showed) and is graded by the real grader. Run it with
`python3 manage.py flask bank simulate` (or `python -m quizzes.testwise`); the figures go in
`quizzes/banks/README.md`.
"""

import random
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quizzes.blueprint import Blueprint, Candidate, draw_form, load_blueprint
from quizzes.grading import grade
from quizzes.lint import Item, shipped_items
from quizzes.taxonomy import Pool

#: Words that test-wise people read as "this statement is false".
ABSOLUTE = re.compile(r"\b(luôn|không bao giờ|tất cả|mọi|bất cứ|bất kỳ|hoàn toàn|chỉ cần|tuyệt đối|chắc chắn)\b", re.I)

Snapshot = dict[str, Any]
Guesser = Callable[[Snapshot, random.Random], dict[str, Any]]


def snapshot_of(item: Item) -> Snapshot:
    q = item.question
    return {
        "kind": q.kind,
        "text": q.text,
        "options": [{"id": n, "text": o.text, "fraction": o.fraction} for n, o in enumerate(q.options)],
        "ignore_diacritics": False,
    }


def _by_length(question: Snapshot, rng: random.Random, longest: bool) -> list[int]:
    """Option ids ordered from the longest (or shortest); ties in random order."""
    options = list(question["options"])
    rng.shuffle(options)
    options.sort(key=lambda o: len(o["text"]), reverse=longest)
    return [o["id"] for o in options]


def _pick(question: Snapshot, ordered: list[int]) -> dict[str, Any]:
    if question["kind"] == "multiple":
        return {"option_ids": ordered[: max(1, len(ordered) // 2)]}
    return {"option_ids": ordered[:1]}


def random_guess(question: Snapshot, rng: random.Random) -> dict[str, Any]:
    ids = [o["id"] for o in question["options"]]
    if question["kind"] == "multiple":
        return {"option_ids": [i for i in ids if rng.random() < 0.5]}
    return {"option_ids": [rng.choice(ids)]}


def longest_guess(question: Snapshot, rng: random.Random) -> dict[str, Any]:
    """The longest option; the longest half in multiple response; a coin for true/false."""
    if question["kind"] == "true_false":
        return random_guess(question, rng)
    return _pick(question, _by_length(question, rng, longest=True))


def shortest_guess(question: Snapshot, rng: random.Random) -> dict[str, Any]:
    if question["kind"] == "true_false":
        return random_guess(question, rng)
    return _pick(question, _by_length(question, rng, longest=False))


def absolute_words_guess(question: Snapshot, rng: random.Random) -> dict[str, Any]:
    """True/false: "Sai" when the statement has an absolute word, "Đúng" otherwise; longest elsewhere."""
    if question["kind"] != "true_false":
        return longest_guess(question, rng)
    wanted = "Sai" if ABSOLUTE.search(question["text"]) else "Đúng"
    return {"option_ids": [o["id"] for o in question["options"] if o["text"] == wanted][:1]}


GUESSERS: dict[str, Guesser] = {
    "ngẫu nhiên (random)": random_guess,
    "phương án dài nhất (longest; k dài nhất khi chọn nhiều)": longest_guess,
    "phương án ngắn nhất (shortest)": shortest_guess,
    "từ tuyệt đối là Sai (absolute words) + dài nhất": absolute_words_guess,
}


@dataclass(frozen=True)
class Figures:
    guesser: str
    mean_percent: float
    pass_per_attempt: float
    pass_within_limit: float


def simulate(items: list[Item], blueprint: Blueprint, guesser: Guesser, name: str, people: int, seed: int) -> Figures:
    """`people` zero-knowledge learners, each trying up to the attempt limit and stopping once passed."""
    final = [i for i in items if i.pool == Pool.FINAL]
    snapshots = {n: snapshot_of(item) for n, item in enumerate(final)}
    candidates = [
        Candidate(n, i.area, i.question.competency, i.question.level, i.question.difficulty)
        for n, i in enumerate(final)
    ]
    slots, rng = blueprint.slots(), random.Random(seed)
    scores: list[float] = []
    passed_people = 0
    for _ in range(people):
        seen: set[int] = set()
        for _attempt in range(blueprint.max_attempts):
            form = draw_form(candidates, slots, blueprint.balance, seen, rng)
            seen.update(form)
            earned = sum((grade(snapshots[n], guesser(snapshots[n], rng)) for n in form), Decimal(0))
            percent = float(earned * 100 / len(form))
            scores.append(percent)
            if percent >= blueprint.pass_percent:
                passed_people += 1
                break
    per_attempt = sum(1 for s in scores if s >= blueprint.pass_percent) / len(scores)
    return Figures(name, statistics.fmean(scores), per_attempt, passed_people / people)


def run(people: int = 2000, seed: int = 2026) -> list[Figures]:
    items, problems = shipped_items()
    if problems:
        raise SystemExit("\n".join(problems))
    blueprint = load_blueprint()
    return [simulate(items, blueprint, g, name, people, seed) for name, g in GUESSERS.items()]


def table(figures: list[Figures], blueprint: Blueprint, people: int) -> str:
    lines = [
        f"{people} người không biết gì × tối đa {blueprint.max_attempts} lần, đề {blueprint.questions} câu rút theo "
        f"đề cương, điểm đạt {blueprint.pass_percent} %.",
        "",
        f"| cách đoán | điểm trung bình mỗi lần | tỷ lệ đạt mỗi lần | tỷ lệ đạt trong {blueprint.max_attempts} lần |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {f.guesser} | {_vn(f.mean_percent, 1)} % | {_vn(f.pass_per_attempt * 100, 2)} % | "
        f"{_vn(f.pass_within_limit * 100, 2)} % |"
        for f in figures
    ]
    return "\n".join(lines)


def _vn(value: float, places: int) -> str:
    """A percentage as Vietnamese writes it: 26,9."""
    return f"{value:.{places}f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    people = int(args[0]) if args else 2000
    figures = run(people)
    print(table(figures, load_blueprint(), people))
    return 0


if __name__ == "__main__":
    sys.exit(main())
