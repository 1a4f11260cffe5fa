"""Completion targets: configurable (date, %) milestones — 80 % by 31/12/2025, 100 % by 31/12/2026."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Milestone:
    due: date
    percent: float


def parse_targets(text: str) -> list[Milestone]:
    """Read "2025-12-31:80,2026-12-31:100" into milestones, in date order."""
    milestones = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        due, _, value = part.strip().partition(":")
        milestones.append(Milestone(date.fromisoformat(due.strip()), float(value)))
    return sorted(milestones, key=lambda m: m.due)


def next_milestone(milestones: list[Milestone], today: date) -> Milestone | None:
    """The first milestone not yet past (or the last one, once all are past)."""
    upcoming = [m for m in milestones if m.due >= today]
    return upcoming[0] if upcoming else (milestones[-1] if milestones else None)
