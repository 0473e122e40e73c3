"""Exams: one result per student and exam (a partial unique index on attempt).

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONLY_EXAMS = "kind = 'EXAM'"


def upgrade() -> None:
    # A plain CREATE INDEX on both backends: no batch table rebuild is needed for an index.
    op.create_index(
        "uq_attempt_exam_user",
        "attempt",
        ["bank_id", "user_id"],
        unique=True,
        sqlite_where=sa.text(ONLY_EXAMS),
        postgresql_where=sa.text(ONLY_EXAMS),
    )


def downgrade() -> None:
    op.drop_index("uq_attempt_exam_user", table_name="attempt")
