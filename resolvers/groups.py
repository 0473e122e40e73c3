"""Groups and subjects: reads (the academy domain adds the writes)."""

from __future__ import annotations

from collections.abc import Sequence

from models import groups as group_models
from models import people as people_models
from resolvers.context import AppContext


async def get_group(ctx: AppContext, group_id: int | None) -> group_models.Group | None:
    if group_id is None or not ctx.allowed("group.read"):
        return None
    return await ctx.loaders.group_by_id.load(group_id)


async def get_groups(ctx: AppContext, group_ids: Sequence[int]) -> list[group_models.Group | None]:
    if not ctx.allowed("group.read"):
        return [None] * len(group_ids)
    return list(await ctx.loaders.group_by_id.load_many(list(group_ids)))


async def get_subject(ctx: AppContext, subject_id: int | None) -> group_models.Subject | None:
    if subject_id is None or not ctx.allowed("subject.read"):
        return None
    return await ctx.loaders.subject_by_id.load(subject_id)


async def get_teacher(ctx: AppContext, teacher_id: int | None) -> people_models.User | None:
    if teacher_id is None or not ctx.allowed("group.read"):
        return None
    return await ctx.loaders.user_by_id.load(teacher_id)


async def get_subjects(
    ctx: AppContext, subject_ids: Sequence[int]
) -> list[group_models.Subject | None]:
    if not ctx.allowed("subject.read"):
        return [None] * len(subject_ids)
    return list(await ctx.loaders.subject_by_id.load_many(list(subject_ids)))
