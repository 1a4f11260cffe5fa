"""The bank linter: flaws that let a test-wise person answer without knowing, or that weaken a pool. Pure.

The same checks run as a command over the shipped banks (CI fails on any error: `python -m quizzes.lint`, or
`python3 manage.py flask bank lint`), and as warnings on the trainer's import and bank pages.
"""

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from lms.text import fold
from quizzes.blueprint import Blueprint, area_of
from quizzes.gift import ParsedQuestion
from quizzes.taxonomy import Level, Pool

ERROR, WARNING = "error", "warning"

#: A key this much longer than every other option stands out on sight.
KEY_LENGTH_RATIO = 1.2
#: Outside this band of single-answer items whose key is the longest, "pick the longest" (or "never the
#: longest") beats chance, which is 1 in 4 with four options.
KEY_LONGEST_SHARE = 0.35
KEY_LONGEST_SHARE_LOW = 0.1
#: Similarity (TF-IDF cosine) above which two items are the same item, or worth a look.
DUPLICATE_ERROR, DUPLICATE_WARNING = 0.45, 0.3
#: A right answer this long (in words) found inside another item gives that item's answer away.
GIVEAWAY_WORDS = 3

_NEGATIVE_STEM = re.compile(
    r"\b(KHÔNG|CHƯA|NGOẠI TRỪ)\b|\bngoại trừ\b|\b(không|chưa)\s+(phải là|đúng|nên|được|cần|thuộc|hợp lệ|an toàn|"
    r"chính xác|phù hợp|hợp lý|có trong|bắt buộc)\b"
)
_ALL_OF_ABOVE = re.compile(
    r"(tất cả|cả)\s+(các\s+)?(ý|phương án|đáp án|câu)\s*(trên|đều)|"
    r"(không|chẳng)\s+(có\s+)?(ý|phương án|đáp án)\s+nào|^cả\s+[a-d]\s+và\s+[a-d]\b",
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(
    r"\b(luôn luôn|luôn|không bao giờ|tất cả|mọi|bất cứ|bất kỳ|hoàn toàn|chỉ cần|tuyệt đối|chắc chắn|duy nhất)\b",
    re.IGNORECASE,
)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Item:
    """One question to check, with where it comes from (file:line, or the bank's question number)."""

    ref: str
    question: ParsedQuestion
    area: str | None
    pool: str


@dataclass(frozen=True)
class Finding:
    severity: str
    ref: str
    title: str
    code: str
    message: str

    def __str__(self) -> str:
        name = f" ({self.title})" if self.title else ""
        return f"{self.ref}{name}: {'lỗi' if self.severity == ERROR else 'cảnh báo'} [{self.code}] {self.message}"


def _finding(severity: str, item: Item, code: str, message: str) -> Finding:
    return Finding(severity, item.ref, item.question.title, code, message)


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(_IMAGE.sub(" ", text)))


def _question_sentence(stem: str) -> str:
    """The sentence that asks (the last one), where a negative word turns the question around."""
    text = _IMAGE.sub(" ", stem).strip()
    parts = [p for p in re.split(r"(?<=[.!:])\s+", text) if p.strip()]
    return parts[-1] if parts else text


def _right(q: ParsedQuestion) -> list[str]:
    return [o.text for o in q.options if o.fraction > 0]


# --- one item ------------------------------------------------------------------------------


def check_item(item: Item, competencies: Collection[str] | None, blueprint: Blueprint | None) -> list[Finding]:
    q, found = item.question, []
    found += _check_tags(item, competencies)
    if item.pool == Pool.FINAL and blueprint and q.kind not in blueprint.kinds:
        found.append(_finding(ERROR, item, "kind", f"câu dạng “{q.kind}” không dùng trong bài đánh giá cuối khóa"))
    if q.kind in ("single", "multiple"):
        found += _check_options(item)
    if q.kind == "true_false":
        found += _check_true_false(item)
    elif _NEGATIVE_STEM.search(_question_sentence(q.text)):
        found.append(
            _finding(ERROR, item, "negative-stem", "câu hỏi dạng phủ định (“không…”, “ngoại trừ”): hỏi điều đúng")
        )
    for alt, _src in _IMAGE.findall(q.text):
        if len(alt.strip()) < 10:
            found.append(_finding(ERROR, item, "image-alt", "hình thiếu mô tả (alt) cho người không xem được hình"))
    if item.pool == Pool.PRACTICE and q.kind != "true_false" and not all(o.feedback for o in q.options):
        found.append(_finding(WARNING, item, "feedback", "câu luyện tập nên có phản hồi cho từng phương án"))
    return found


def _check_tags(item: Item, competencies: Collection[str] | None) -> list[Finding]:
    q, found = item.question, []
    if not q.competency:
        found.append(_finding(ERROR, item, "competency", "thiếu năng lực (// [competency:…])"))
    elif competencies is not None and q.competency not in competencies:
        found.append(_finding(ERROR, item, "competency", f"năng lực “{q.competency}” không có trong khung"))
    elif item.area and area_of(q.competency) != item.area:
        found.append(_finding(ERROR, item, "competency", f"năng lực {q.competency} không thuộc lĩnh vực {item.area}"))
    if not q.level:
        found.append(
            _finding(ERROR, item, "level", "thiếu mức nhận thức (// [level:recall|understanding|application])")
        )
    return found


def _check_options(item: Item) -> list[Finding]:
    q, found = item.question, []
    minimum = 4 if (q.kind == "multiple" or item.pool == Pool.FINAL) else 3
    if len(q.options) < minimum:
        found.append(_finding(ERROR, item, "options", f"chỉ có {len(q.options)} phương án, cần ít nhất {minimum}"))
    for option in q.options:
        if _ALL_OF_ABOVE.search(option.text):
            found.append(_finding(ERROR, item, "all-of-above", f"phương án “{option.text}” dựa vào các phương án khác"))
    if q.kind == "single" and len(q.options) >= 2:
        key = max(q.options, key=lambda o: o.fraction)
        others = [len(o.text) for o in q.options if o is not key]
        # Being the longest now and then is chance; only a clear margin is a cue in one item (the share of
        # longest keys over a pool is checked in _pool_cues).
        if len(key.text) >= KEY_LENGTH_RATIO * max(others):
            found.append(_finding(ERROR, item, "key-length", "đáp án dài hơn hẳn các phương án khác (gợi ý đáp án)"))
    if q.kind == "multiple":
        right = [len(o.text) for o in q.options if o.fraction > 0]
        wrong = [len(o.text) for o in q.options if o.fraction <= 0]
        if not wrong:
            found.append(_finding(ERROR, item, "options", "câu chọn nhiều cần ít nhất một phương án sai"))
        elif right and sum(right) / len(right) >= KEY_LENGTH_RATIO * (sum(wrong) / len(wrong)):
            found.append(_finding(WARNING, item, "key-length", "các phương án đúng dài hơn hẳn phương án sai"))
        if wrong and not any(o.fraction < 0 for o in q.options):
            found.append(_finding(WARNING, item, "weights", "phương án sai không trừ điểm: chọn tất cả vẫn được điểm"))
    return found


def _check_true_false(item: Item) -> list[Finding]:
    q, found = item.question, []
    if _ABSOLUTE.search(q.text):
        found.append(_finding(WARNING, item, "absolute", "câu đúng/sai có từ tuyệt đối (“luôn”, “mọi”…) gợi ý đáp án"))
    truth = q.options[0].fraction > 0 if q.options else True
    if not truth and re.search(r"\bkhông\b", q.text, re.IGNORECASE):
        found.append(_finding(WARNING, item, "double-negative", "câu “Sai” có chữ “không”: người đọc dễ bị đánh đố"))
    return found


# --- across items -------------------------------------------------------------------------


def _features(q: ParsedQuestion) -> Counter[str]:
    """Syllables and syllable pairs of the stem and every option (folded): what an item is about."""
    words = _words(" ".join([q.text, *(o.text for o in q.options)]))
    return Counter(words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)])


def _tfidf(items: list[Item]) -> list[dict[str, float]]:
    features = [_features(i.question) for i in items]
    df = Counter(t for f in features for t in f)
    vectors = []
    for f in features:
        weights = {t: (1 + math.log(c)) * math.log(len(items) / df[t]) for t, c in f.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    return vectors


def check_duplicates(items: list[Item]) -> list[Finding]:
    """Near-duplicate pairs anywhere (also across areas and pools: practice must not preview the final).

    Cosine of TF-IDF vectors over syllables and syllable pairs: on the December 2026 review's list of duplicate
    clusters it ranks the real pairs first. Terms in more than a tenth of the items add little and are skipped.
    """
    if len(items) < 2:
        return []
    vectors = _tfidf(items)
    postings: dict[str, list[int]] = defaultdict(list)
    for n, vector in enumerate(vectors):
        for term in vector:
            postings[term].append(n)
    scores: defaultdict[tuple[int, int], float] = defaultdict(float)
    limit = max(2, len(items) // 10)
    for term, members in postings.items():
        if len(members) <= limit:
            for a, b in combinations(members, 2):
                scores[(a, b)] += vectors[a][term] * vectors[b][term]
    found = []
    for (a, b), similarity in scores.items():
        if similarity >= DUPLICATE_WARNING:
            severity = ERROR if similarity >= DUPLICATE_ERROR else WARNING
            other = items[b]
            found.append(
                _finding(
                    severity,
                    items[a],
                    "duplicate",
                    f"gần trùng với {other.question.title or other.ref} ({other.ref}), giống {similarity:.0%}",
                )
            )
    return found


def check_giveaways(items: list[Item]) -> list[Finding]:
    """A right answer written out inside another item that can be in the same form."""
    found = []
    texts = [fold(" ".join([i.question.text, *(o.text for o in i.question.options)])) for i in items]
    for a, item in enumerate(items):
        if item.question.kind == "true_false":
            continue
        for answer in _right(item.question):
            phrase = " ".join(_words(answer))
            if len(phrase.split()) < GIVEAWAY_WORDS:
                continue
            for b, other in enumerate(items):
                same_form = other.pool == item.pool and (item.pool == Pool.FINAL or other.area == item.area)
                if b != a and same_form and phrase in " ".join(_WORD.findall(texts[b])):
                    found.append(
                        _finding(
                            WARNING,
                            other,
                            "giveaway",
                            f"có nguyên văn đáp án của {item.question.title or item.ref}: “{answer}”",
                        )
                    )
    return found


def check_pools(items: list[Item], blueprint: Blueprint) -> list[Finding]:
    """Pool-level rules: sizes the blueprint needs, the level mix, varied multi-response keys, the length cue."""
    found: list[Finding] = []
    by_pool_area: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        by_pool_area[(item.pool, item.area or "-")].append(item)
    for area in blueprint.per_area():
        final, practice = by_pool_area[(Pool.FINAL, area)], by_pool_area[(Pool.PRACTICE, area)]
        where = Item(f"lĩnh vực {area}", ParsedQuestion(0, "", "", []), area, Pool.FINAL)
        if len(final) < blueprint.minimum_per_area:
            found.append(
                _pool(where, f"nhóm đánh giá cuối khóa có {len(final)} câu, cần ít nhất {blueprint.minimum_per_area}")
            )
        if len(practice) < blueprint.practice_minimum_per_area:
            found.append(
                _pool(
                    where, f"nhóm luyện tập có {len(practice)} câu, cần ít nhất {blueprint.practice_minimum_per_area}"
                )
            )
        application = sum(1 for i in final if i.question.level == Level.APPLICATION)
        if final and application < blueprint.minimum_application_share * len(final):
            found.append(_pool(where, f"chỉ {application}/{len(final)} câu cuối khóa là câu vận dụng (tình huống)"))
        for competency, count in blueprint.competencies.items():
            if area_of(competency) != area:
                continue
            need = count * blueprint.max_attempts
            have = sum(1 for i in final if i.question.competency == competency)
            if have < need:
                found.append(_pool(where, f"năng lực {competency} có {have} câu cuối khóa, cần ít nhất {need}"))
    for (pool, area), members in by_pool_area.items():
        where = Item(f"lĩnh vực {area} ({pool})", ParsedQuestion(0, "", "", []), area, pool)
        found += _pool_cues(where, members)
    return found


def _pool(where: Item, message: str) -> Finding:
    return _finding(ERROR, where, "pool", message)


def _pool_cues(where: Item, members: list[Item]) -> list[Finding]:
    found = []
    singles = [i.question for i in members if i.question.kind == "single" and len(i.question.options) >= 2]
    if len(singles) >= 8:
        longest = sum(1 for q in singles if _key_is_longest(q))
        if longest > KEY_LONGEST_SHARE * len(singles):
            message = f"đáp án là phương án dài nhất ở {longest}/{len(singles)} câu"
            found.append(_finding(ERROR, where, "key-longest-share", message))
        elif longest < KEY_LONGEST_SHARE_LOW * len(singles):
            message = f"đáp án hiếm khi là phương án dài nhất ({longest}/{len(singles)} câu): người đoán sẽ tránh nó"
            found.append(_finding(WARNING, where, "key-longest-share", message))
    rights = Counter(
        sum(1 for o in i.question.options if o.fraction > 0) for i in members if i.question.kind == "multiple"
    )
    if sum(rights.values()) >= 3 and len(rights) == 1:
        found.append(_finding(ERROR, where, "multi-pattern", "mọi câu chọn nhiều có cùng số phương án đúng"))
    truths = Counter(i.question.options[0].fraction > 0 for i in members if i.question.kind == "true_false")
    if abs(truths[True] - truths[False]) > 2:
        found.append(
            _finding(WARNING, where, "true-false-balance", f"{truths[True]} câu Đúng, {truths[False]} câu Sai")
        )
    return found


def _key_is_longest(q: ParsedQuestion) -> bool:
    key = max(q.options, key=lambda o: o.fraction)
    return len(key.text) > max(len(o.text) for o in q.options if o is not key)


def lint(
    items: list[Item],
    competencies: Collection[str] | None = None,
    blueprint: Blueprint | None = None,
    *,
    pools: bool = True,
) -> list[Finding]:
    """Every finding, errors first; `pools=False` for a file or a bank that is not a whole shipped pool."""
    found: list[Finding] = []
    for item in items:
        found += check_item(item, competencies, blueprint)
    found += check_duplicates(items)
    found += check_giveaways(items)
    if pools and blueprint is not None:
        found += check_pools(items, blueprint)
    return sorted(found, key=lambda f: f.severity != ERROR)  # stable: file order within each severity


# --- the shipped banks -----------------------------------------------------------------------


def shipped_items(root: Path | None = None) -> tuple[list[Item], list[str]]:
    """Every item of the shipped pools, and parse problems (file:line)."""
    from quizzes.shipped import BANKS_ROOT, read_pool_files

    root = root or BANKS_ROOT
    items, problems = [], []
    for path, pool, result in read_pool_files(root):
        problems += [f"{path}:{e.line}: {e.message}" for e in result.errors]
        area = Path(path).stem.upper()
        items += [Item(f"{path}:{q.line}", q, area, pool) for q in result.questions]
    return items, problems


def lint_shipped(root: Path | None = None) -> tuple[list[Finding], list[str]]:
    from courses.content_files import CONTENT_ROOT
    from quizzes.blueprint import load_blueprint

    framework = _framework_competencies(CONTENT_ROOT / "framework.yaml")
    blueprint = load_blueprint(competencies=framework)
    items, problems = shipped_items(root)
    return lint(items, framework, blueprint), problems


def _framework_competencies(path: Path) -> set[str]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {c["code"] for area in data["areas"] for c in area["competencies"]}


def report(findings: Iterable[Finding], problems: list[str], out: object = sys.stdout) -> int:
    """Print findings; the exit status is 1 when there is any error."""
    findings = list(findings)
    for line in problems:
        print(line, file=out)  # type: ignore[arg-type]
    for finding in findings:
        print(finding, file=out)  # type: ignore[arg-type]
    errors = len(problems) + sum(1 for f in findings if f.severity == ERROR)
    warnings = sum(1 for f in findings if f.severity == WARNING)
    print(f"{errors} lỗi, {warnings} cảnh báo.", file=out)  # type: ignore[arg-type]
    return 1 if errors else 0


def main() -> int:
    findings, problems = lint_shipped()
    return report(findings, problems)


if __name__ == "__main__":
    sys.exit(main())
