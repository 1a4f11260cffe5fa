"""Passages from lessons, and the ranking behind the assistant (pure code, no database, no Flask).

Why a small hand-written BM25 rather than a library such as ``bm25s``: the corpus is about 250
passages (32 lessons cut at their "##" headings), so scoring every passage with plain dictionaries
takes well under a millisecond; the tokens are our own (folded syllables, syllable bigrams, character
trigrams, see ``tokens.py``), so a library would only add its own tokenizer we would have to bypass;
each question must be ranked over the subset of passages one person may see, which is a set filter
here but an index rebuild or a post-filter there; and ``bm25s`` would pull numpy and scipy (tens of
megabytes) into every app process for no measurable gain. The three token kinds are scored as three
BM25 fields with their own length normalisation and summed with weights (a BM25F-like mix measured
on the questions in tests/assistant/test_retrieval.py).
"""

import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from lms.assistant.tokens import (
    STOPWORDS,
    bigrams,
    has_diacritics,
    normalise,
    query_tokens,
    raw_syllables,
    syllables,
    trigrams,
)
from lms.text import fold

#: Sections longer than this many words are cut at paragraph ends into several passages.
MAX_PASSAGE_WORDS = 180
#: Weights of the token kinds in the final score.
WEIGHTS = {"word": 1.0, "pair": 1.5, "gram": 0.35}
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr|blockquote|pre)>|<br\s*/?>")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+")


@dataclass(frozen=True)
class PassageDraft:
    """One section (or part of one) of a lesson, as plain text."""

    position: int
    heading: str
    text: str


def markdown_to_text(markdown: str) -> str:
    """Plain text of lesson Markdown: one line per paragraph or list item, no markup."""
    from courses.markdown import render_markdown

    rendered = _BLOCK_END.sub("\n", render_markdown(markdown))
    text = html.unescape(_TAG.sub("", rendered))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def split_lesson(title: str, markdown: str) -> list[PassageDraft]:
    """Cut a lesson at its level-2 headings; long sections are cut again at paragraph ends."""
    sections: list[tuple[str, list[str]]] = [(title, [])]
    for line in (markdown or "").splitlines():
        match = _HEADING.match(line)
        if match:
            sections.append((match.group(1).strip(), []))
        else:
            sections[-1][1].append(line)
    drafts: list[PassageDraft] = []
    for heading, lines in sections:
        text = markdown_to_text("\n".join(lines))
        for chunk in _chunks(text):
            drafts.append(PassageDraft(len(drafts), heading, chunk))
    return drafts


def _chunks(text: str) -> list[str]:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    chunks: list[list[str]] = []
    words = 0
    for paragraph in paragraphs:
        size = len(paragraph.split())
        if not chunks or (words + size > MAX_PASSAGE_WORDS and words > MAX_PASSAGE_WORDS // 3):
            chunks.append([])
            words = 0
        chunks[-1].append(paragraph)
        words += size
    return ["\n".join(chunk) for chunk in chunks]


@dataclass
class Bm25:
    """Okapi BM25 over token lists (k1 = 1.2, b = 0.75)."""

    docs: list[list[str]]
    k1: float = 1.2
    b: float = 0.75
    postings: dict[str, list[tuple[int, int]]] = field(init=False, default_factory=dict)
    idf: dict[str, float] = field(init=False, default_factory=dict)
    norms: list[float] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.docs)
        average = (sum(len(d) for d in self.docs) / n) if n else 0.0
        for index, tokens in enumerate(self.docs):
            for token, tf in Counter(tokens).items():
                self.postings.setdefault(token, []).append((index, tf))
            length = len(tokens)
            self.norms.append(self.k1 * (1 - self.b + self.b * length / average) if average else self.k1)
        for token, posting in self.postings.items():
            df = len(posting)
            self.idf[token] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        self.docs = []  # the postings hold everything needed

    def scores(self, tokens: set[str], allowed: set[int] | None, weight: float, into: dict[int, float]) -> None:
        """Add each allowed document's weighted score for these tokens to `into`."""
        for token in tokens:
            posting = self.postings.get(token)
            if not posting:
                continue
            idf = self.idf[token] * weight
            for index, tf in posting:
                if allowed is None or index in allowed:
                    into[index] = into.get(index, 0.0) + idf * tf * (self.k1 + 1) / (tf + self.norms[index])


@dataclass(frozen=True)
class Passage:
    """A passage as the index keeps it."""

    id: int
    lesson_id: int
    course_id: int
    lesson_title: str
    heading: str
    text: str


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    #: Share (0–1, rarer words count more) of the question's words, and of its word pairs, that the
    #: passage's lesson contains; None when the question has no pair of content words.
    word_coverage: float
    pair_coverage: float | None

    @property
    def answers(self) -> bool:
        """Whether the lesson plausibly answers the question (thresholds measured on real questions).

        Folded Vietnamese syllables are very ambiguous ("hat" is "hát" and "hạt"), so single words are
        checked with their diacritics when the learner typed them, and pairs of words must match too.
        """
        if self.pair_coverage is None:
            return self.word_coverage >= 0.65
        return (self.word_coverage >= 0.9 and self.pair_coverage >= 0.1) or (
            self.word_coverage >= 0.65 and self.pair_coverage >= 0.3
        )


@dataclass
class _LessonVocabulary:
    raw: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)
    pairs: set[str] = field(default_factory=set)


class SearchIndex:
    """BM25 over three token kinds of every passage; each passage also carries its lesson title."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        words_per_doc: list[list[str]] = []
        self.by_lesson: dict[int, list[int]] = {}
        self.lessons: dict[int, _LessonVocabulary] = {}
        for index, p in enumerate(passages):
            text = f"{p.lesson_title}. {p.heading}. {p.text}"
            words = syllables(text)
            words_per_doc.append(words)
            self.by_lesson.setdefault(p.lesson_id, []).append(index)
            vocabulary = self.lessons.setdefault(p.lesson_id, _LessonVocabulary())
            vocabulary.raw.update(raw_syllables(text))
            vocabulary.folded.update(words)
            vocabulary.pairs.update(bigrams(words))
        self.words = Bm25(words_per_doc)
        self.pairs = Bm25([bigrams(w) for w in words_per_doc])
        self.grams = Bm25([trigrams(w) for w in words_per_doc])
        self.max_idf = math.log(1 + (len(passages) + 0.5) / 0.5) if passages else 1.0

    def __len__(self) -> int:
        return len(self.passages)

    def search(self, question: str, lesson_ids: set[int] | None = None, limit: int = 3) -> list[Hit]:
        """The best passage of each of the `limit` best lessons among `lesson_ids` (None: all)."""
        tokens = query_tokens(question)
        words = {t for t in tokens if "_" not in t and not t.startswith("~")}
        pairs = {t for t in tokens if "_" in t}
        grams = {t for t in tokens if t.startswith("~")}
        allowed = None
        if lesson_ids is not None:
            allowed = {i for lesson in lesson_ids for i in self.by_lesson.get(lesson, [])}
        scores: dict[int, float] = {}
        self.words.scores(words, allowed, WEIGHTS["word"], scores)
        self.pairs.scores(pairs, allowed, WEIGHTS["pair"], scores)
        self.grams.scores(grams, allowed, WEIGHTS["gram"], scores)
        best: dict[int, tuple[float, int]] = {}
        for index, score in scores.items():
            lesson = self.passages[index].lesson_id
            if lesson not in best or score > best[lesson][0]:
                best[lesson] = (score, index)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1]))[:limit]
        hits = []
        for score, index in ranked:
            passage = self.passages[index]
            word_coverage, pair_coverage = self.coverage(question, passage.lesson_id)
            hits.append(Hit(passage, round(score, 4), word_coverage, pair_coverage))
        return hits

    def coverage(self, question: str, lesson_id: int) -> tuple[float, float | None]:
        """How much of the question the lesson speaks about: its words, then its pairs of words.

        A word typed with diacritics must appear with them; one typed without is compared folded; a
        word found nowhere in the course (a typo) matches a lesson word one edit away.
        """
        vocabulary = self.lessons.get(lesson_id, _LessonVocabulary())
        raw = raw_syllables(question)
        folded = [normalise(fold(word)) for word in raw]
        matches = [self._matches(r, f, vocabulary) for r, f in zip(raw, folded, strict=True)]
        total = found = 0.0
        seen: set[str] = set()
        for word, match in zip(folded, matches, strict=True):
            if word in STOPWORDS or word in seen:
                continue
            seen.add(word)
            weight = self.words.idf.get(word, self.max_idf)
            total += weight
            found += weight if match else 0.0
        word_coverage = found / total if total else 0.0
        total = found = 0.0
        for i in range(len(folded) - 1):
            if folded[i] in STOPWORDS and folded[i + 1] in STOPWORDS:
                continue
            weight = self.pairs.idf.get(f"{folded[i]}_{folded[i + 1]}", self.max_idf)
            total += weight
            if any(f"{a}_{b}" in vocabulary.pairs for a in matches[i] for b in matches[i + 1]):
                found += weight
        return round(word_coverage, 4), (round(found / total, 4) if total else None)

    def _matches(self, raw: str, folded: str, vocabulary: _LessonVocabulary) -> set[str]:
        """The folded lesson words this question word stands for (empty: not in the lesson)."""
        if has_diacritics(raw):
            if raw in vocabulary.raw:
                return {folded}
        elif folded in vocabulary.folded:
            return {folded}
        if folded not in self.words.idf and len(folded) >= 3:
            return {word for word in vocabulary.folded if _one_edit(folded, word)}
        return set()


def _one_edit(a: str, b: str) -> bool:
    """At most one insertion, deletion, substitution or swap of neighbours turns `a` into `b`."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def excerpt(text: str, question: str, limit: int = 320) -> str:
    """The sentences of the passage that best match the question, cut to about `limit` characters."""
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    if not sentences:
        return ""
    wanted = set(query_tokens(question))

    def overlap(sentence: str) -> float:
        words = syllables(sentence)
        tokens = set(words) | set(bigrams(words))
        return len(wanted & tokens) + 0.01 * (len(sentence) < 400)

    start = max(range(len(sentences)), key=lambda i: (overlap(sentences[i]), -i))
    out = sentences[start]
    for sentence in sentences[start + 1 :]:
        if len(out) + len(sentence) + 1 > limit:
            break
        out += " " + sentence
    if len(out) > limit:
        out = out[:limit].rsplit(" ", 1)[0] + "…"
    return out
