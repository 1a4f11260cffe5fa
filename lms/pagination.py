"""Page through a SELECT with a count, for HTML lists and the API's {items, page, per_page, total}."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")

MAX_PER_PAGE = 500
#: A forged ?page=10**30 must not overflow the database's OFFSET (an empty page instead of a 500).
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(session: Session, stmt: Select[Any], page: int = 1, per_page: int = 50) -> Page[Any]:
    """Run one count and one page query for `stmt` (which must select one entity)."""
    page = min(max(1, page), MAX_PAGE)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items, page, per_page, total)


def paginate_rows(session: Session, stmt: Select[Any], page: int, per_page: int, wrap: Callable[..., T]) -> Page[T]:
    """Like `paginate`, for a SELECT of several columns: each row becomes `wrap(*row)`."""
    page = min(max(1, page), MAX_PAGE)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([wrap(*row) for row in rows], page, per_page, total)


def page_list(items: list[T], page: int = 1, per_page: int = 50) -> Page[T]:
    """Page a short list already in memory (a person's own courses or certificates) the same way."""
    page = min(max(1, page), MAX_PAGE)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    start = (page - 1) * per_page
    return Page(items[start : start + per_page], page, per_page, len(items))
