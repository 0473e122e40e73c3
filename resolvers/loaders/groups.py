from __future__ import annotations

from models import groups as group_models
from resolvers.loaders.base import ByIdLoader


class GroupByIdLoader(ByIdLoader[group_models.Group]):
    model = group_models.Group


class SubjectByIdLoader(ByIdLoader[group_models.Subject]):
    model = group_models.Subject
