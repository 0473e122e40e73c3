"""A fresh set of loaders per request; each is created on first use."""

from __future__ import annotations

from functools import cached_property

from models.db import SessionMaker
from resolvers.loaders.groups import GroupByIdLoader, SubjectByIdLoader
from resolvers.loaders.ielts import IeltsLoaders
from resolvers.loaders.people import StudentByEmailLoader, UserByIdLoader


class Loaders:
    def __init__(self, sessionmaker: SessionMaker) -> None:
        self.sessionmaker = sessionmaker

    @cached_property
    def user_by_id(self) -> UserByIdLoader:
        return UserByIdLoader(self.sessionmaker)

    @cached_property
    def student_by_email(self) -> StudentByEmailLoader:
        return StudentByEmailLoader(self.sessionmaker)

    @cached_property
    def group_by_id(self) -> GroupByIdLoader:
        return GroupByIdLoader(self.sessionmaker)

    @cached_property
    def subject_by_id(self) -> SubjectByIdLoader:
        return SubjectByIdLoader(self.sessionmaker)

    @cached_property
    def ielts(self) -> IeltsLoaders:
        return IeltsLoaders(self.sessionmaker)
