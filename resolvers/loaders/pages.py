"""One page of children for many parents in one statement: `group.students(first: 20)` for a
whole list of groups, `student.attendance(...)` for a list of students.

Each parent's page is cut with `row_number() over (partition by parent order by ...)`, so the
number of statements does not grow with the number of parents. Cursors are the ones
`resolvers.pagination` makes, so a child connection pages like a top-level one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from models.db import SessionMaker
from resolvers.loaders.base import BaseLoader
from resolvers.pagination import (
    DEFAULT_PAGE_SIZE,
    Page,
    PageArgs,
    SortKey,
    _after,
    _before,
    decode_cursor,
    encode_cursor,
)

Q = TypeVar("Q", bound=Hashable)

# (parent id, filters and order, page arguments)
PageKey = tuple[int, Any, PageArgs]


class PageByParentLoader(BaseLoader[PageKey, Page[Any]], Generic[Q]):
    """Subclasses name the model, the parent column, and how a query filters and sorts."""

    model: Any
    parent: InstrumentedAttribute[Any]

    def __init__(self, sessionmaker: SessionMaker) -> None:
        super().__init__(sessionmaker)
        self.counts = CountByParentLoader(sessionmaker, self)

    @property
    def parent_column(self) -> InstrumentedAttribute[Any]:
        # Read through the class: an instrumented attribute read through an instance is
        # looked up on that instance.
        return type(self).parent

    def filtered(self, stmt: Select[Any], query: Q) -> Select[Any]:
        return stmt

    def sort_keys(self, query: Q) -> list[SortKey]:
        return [SortKey(self.model.id, False, int)]

    def key_of(self, query: Q, row: Any) -> list[Any]:
        return [getattr(row, key.column.key) for key in self.sort_keys(query)]  # type: ignore[attr-defined]

    async def batch_load_fn(self, keys: Sequence[PageKey]) -> list[Page[Any]]:
        wanted: dict[tuple[Any, PageArgs], list[int]] = defaultdict(list)
        for parent_id, query, args in keys:
            wanted[(query, args)].append(parent_id)
        pages: dict[PageKey, Page[Any]] = {}
        for (query, args), parent_ids in wanted.items():
            for parent_id, page in (await self._pages(query, args, parent_ids)).items():
                pages[(parent_id, query, args)] = page
        return [pages[key] for key in keys]

    async def _pages(self, query: Q, args: PageArgs, parent_ids: list[int]) -> dict[int, Page[Any]]:
        keys = self.sort_keys(query)
        backwards = args.last is not None and args.first is None
        size = args.last if backwards else args.first
        size = DEFAULT_PAGE_SIZE if size is None else size
        order = [(k.column.asc() if k.descending == backwards else k.column.desc()) for k in keys]
        inner = select(
            self.model,
            func.row_number().over(partition_by=self.parent_column, order_by=order).label("rn"),
        ).where(self.parent_column.in_(set(parent_ids)))
        inner = self.filtered(inner, query)
        if args.after:
            inner = inner.where(_after(keys, decode_cursor(args.after, keys, "after")))
        if args.before:
            inner = inner.where(_before(keys, decode_cursor(args.before, keys, "before")))
        sub = inner.subquery()
        entity = aliased(self.model, sub)
        parent_name = self.parent_column.key
        stmt = select(entity).where(sub.c.rn <= size + 1).order_by(sub.c[parent_name], sub.c.rn)
        grouped: dict[int, list[Any]] = defaultdict(list)
        for row in await self.scalars(stmt):
            grouped[getattr(row, parent_name)].append(row)
        out: dict[int, Page[Any]] = {}
        for parent_id in parent_ids:
            rows = grouped.get(parent_id, [])
            more = len(rows) > size
            rows = rows[:size]
            if backwards:
                rows.reverse()
            out[parent_id] = Page(
                rows=rows,
                cursors=[encode_cursor(self.key_of(query, r)) for r in rows],
                has_next_page=more if not backwards else bool(args.before),
                has_previous_page=more if backwards else bool(args.after),
                count=self._counter(parent_id, query),
            )
        return out

    def _counter(self, parent_id: int, query: Q) -> Any:
        async def count() -> int:
            return await self.counts.load((parent_id, query))

        return count


class CountByParentLoader(BaseLoader[tuple[int, Any], int]):
    """How many children each parent has under a query: the connections' totalCount."""

    def __init__(self, sessionmaker: SessionMaker, pages: PageByParentLoader[Any]) -> None:
        super().__init__(sessionmaker)
        self.pages = pages

    async def batch_load_fn(self, keys: Sequence[tuple[int, Any]]) -> list[int]:
        wanted: dict[Any, list[int]] = defaultdict(list)
        for parent_id, query in keys:
            wanted[query].append(parent_id)
        counts: dict[tuple[int, Any], int] = {}
        parent = self.pages.parent_column
        for query, parent_ids in wanted.items():
            stmt = select(parent, func.count()).where(parent.in_(set(parent_ids)))
            stmt = self.pages.filtered(stmt, query).group_by(parent)
            found = {p: int(n) for p, n in await self.rows(stmt)}
            for parent_id in parent_ids:
                counts[(parent_id, query)] = found.get(parent_id, 0)
        return [counts[key] for key in keys]
