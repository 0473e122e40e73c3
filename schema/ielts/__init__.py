"""IELTS in GraphQL: module results (listening and reading sessions, essays, speaking sessions),
the batch lookup by email, practice tests, mock tests with timed sessions, answers and scores;
`types`, `mock_types`, `inputs`, `payloads`, `queries`, `mutations` as schema/exams does."""

from __future__ import annotations

from schema.ielts.mutations import TYPES, IeltsMutation
from schema.ielts.queries import IeltsQuery
from schema.ielts.types import IeltsResults

__all__ = ["TYPES", "IeltsMutation", "IeltsQuery", "IeltsResults"]
