"""Attendance (one per student, group and day), points and homework of the academy.

Revision ID: 0003
Revises: 0005
Create Date: 2026-11-22 22:34:08.539504
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
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
        sa.CheckConstraint(
            "status IN ('keldi','kechikdi','kelmadi')", name=op.f("ck_attendance_status")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["group.id"],
            name=op.f("fk_attendance_group_id_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["user.id"],
            name=op.f("fk_attendance_marked_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["user.id"],
            name=op.f("fk_attendance_student_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint(
            "student_id", "group_id", "date", name=op.f("uq_attendance_student_id_group_id_date")
        ),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_group_id_date", ["group_id", "date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attendance_marked_by_id"), ["marked_by_id"], unique=False
        )

    op.create_table(
        "homework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("file", sa.String(length=500), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
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
        sa.CheckConstraint(
            "text IS NOT NULL OR file IS NOT NULL", name=op.f("ck_homework_text_or_file")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_homework_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["group.id"], name=op.f("fk_homework_group_id_group"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework")),
    )
    with op.batch_alter_table("homework", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_homework_created_by_id"), ["created_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_homework_group_id"), ["group_id"], unique=False)

    op.create_table(
        "point_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("given_by_id", sa.Integer(), nullable=True),
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
        sa.CheckConstraint("score >= 0 AND score <= 100", name=op.f("ck_point_entry_score_range")),
        sa.ForeignKeyConstraint(
            ["given_by_id"],
            ["user.id"],
            name=op.f("fk_point_entry_given_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["group.id"],
            name=op.f("fk_point_entry_group_id_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["user.id"],
            name=op.f("fk_point_entry_student_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_point_entry")),
    )
    with op.batch_alter_table("point_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_point_entry_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_point_entry_given_by_id"), ["given_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_point_entry_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_point_entry_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("point_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_point_entry_student_id"))
        batch_op.drop_index(batch_op.f("ix_point_entry_group_id"))
        batch_op.drop_index(batch_op.f("ix_point_entry_given_by_id"))
        batch_op.drop_index(batch_op.f("ix_point_entry_date"))

    op.drop_table("point_entry")
    with op.batch_alter_table("homework", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_homework_group_id"))
        batch_op.drop_index(batch_op.f("ix_homework_created_by_id"))

    op.drop_table("homework")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_marked_by_id"))
        batch_op.drop_index("ix_attendance_group_id_date")

    op.drop_table("attendance")
