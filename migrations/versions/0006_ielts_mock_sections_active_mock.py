"""IELTS mock test sections; one active mock session per user and test.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-22 22:31:28.917809
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE_MOCK = "kind = 'MOCK' AND finished_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "ielts_mock_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("file", sa.String(length=500), nullable=True),
        sa.Column("audio_file", sa.String(length=500), nullable=True),
        sa.Column("question_file", sa.String(length=500), nullable=True),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("answer_key", sa.JSON(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["question_bank.id"],
            name=op.f("fk_ielts_mock_section_bank_id_question_bank"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ielts_mock_section")),
        sa.UniqueConstraint("bank_id", "part", name=op.f("uq_ielts_mock_section_bank_id_part")),
    )
    # A plain CREATE INDEX (no batch): on SQLite a batch would rebuild the shared attempt table.
    op.create_index(
        "uq_attempt_active_mock",
        "attempt",
        ["user_id", "bank_id"],
        unique=True,
        sqlite_where=sa.text(ACTIVE_MOCK),
        postgresql_where=sa.text(ACTIVE_MOCK),
    )


def downgrade() -> None:
    op.drop_index("uq_attempt_active_mock", table_name="attempt")
    op.drop_table("ielts_mock_section")
