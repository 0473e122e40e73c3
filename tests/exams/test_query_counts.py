"""Exam lists with their relations cost the same number of statements for 5 and 50 rows."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models.people import Role
from resolvers import exams as exam_resolvers
from resolvers.context import Services
from tests.exams.helpers import (
    context_of,
    create_exam,
    make_subject,
    questions_of,
    seed_exam,
    submit,
)
from tests.graphql import gql_ok

EXAMS = """
{
  exams(first: 100) {
    totalCount
    nodes {
      subject { name } createdBy { username } questionsCount participantsCount
      questions { text options { text isCorrect } }
      results(first: 100) {
        totalCount
        nodes {
          score student { username } checkedBy { username }
          answers { isCorrect question { text } option { text } }
        }
      }
    }
  }
}
"""
RESULTS = """
{
  examResults(first: 100) {
    nodes {
      examTitle exam { title questionsCount }
      student { username examResults { totalCount } }
      answers { questionText }
    }
  }
}
"""
MINE = "{ myExamResults(first: 100) { nodes { examTitle answers { isCorrect } } } }"


class Grower:
    """Exams, each handed in by a different student and checked by a teacher."""

    def __init__(self, services: Services, make_user: Any) -> None:
        self.services = services
        self.make_user = make_user
        self.made = 0

    async def setup(self) -> Grower:
        self.subject = await make_subject(self.services)
        self.admin = await self.make_user(Role.ADMIN)
        self.student = await self.make_user(Role.STUDENT)
        return self

    async def grow(self, to: int) -> None:
        for _ in range(to - self.made):
            exam = await create_exam(
                self.services, self.admin, seed_exam(self.subject.id, is_published=True)
            )
            test, written = await questions_of(self.services, self.admin, exam.id)
            student = self.student if self.made % 2 == 0 else await self.make_user(Role.STUDENT)
            result = await submit(
                self.services,
                student,
                exam.id,
                [
                    {"question_id": test.id, "option_id": test.options[1].id},
                    {"question_id": written.id, "written_answer": "Yes."},
                ],
            )
            await exam_resolvers.exam_result_update(
                context_of(self.services, self.admin), result.id, {"is_checked": True}
            )
            self.made += 1


@pytest.mark.parametrize(
    ("query", "who", "rows", "expected"),
    [
        # caller; exams; total count; then one statement per relation: subjects, creators,
        # question counts, participant counts, questions, results, options, students and
        # checkers (one user batch), answers, answered options, answered questions
        (EXAMS, "admin", lambda d: d["exams"]["nodes"], 14),
        # caller; results; students; exams; answers; question counts; each student's results
        (RESULTS, "admin", lambda d: d["examResults"]["nodes"], 7),
        # caller; results; exams; answers
        (MINE, "student", lambda d: d["myExamResults"]["nodes"], 4),
    ],
)
async def test_exam_lists_cost_the_same_for_5_and_50(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
    query: str,
    who: str,
    rows: Any,
    expected: int,
) -> None:
    grower = await Grower(services, make_user).setup()
    headers = await login_headers(grower.admin if who == "admin" else grower.student)
    counts = []
    for size in (5, 50):
        await grower.grow(size)
        with count_statements() as counter:
            data = await gql_ok(client, query, headers=headers)
        counts.append(counter.count)
        listed = rows(data)
        assert len(listed) == (size if who == "admin" else (size + 1) // 2)
    assert counts == [expected, expected]
