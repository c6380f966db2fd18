"""Survey versions, review retries for the pass mark, action follow-ups

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-01 09:00:00.000000

- `survey_answers.version`: the instrument version answered (earlier answers are version 1); the
  unique constraint now includes it, so an item kept across versions can be answered in each.
- `quiz_answers.corrected_at`: a wrong first answer later answered right in review.
- `action_followups`: each module's action asked about once, a few days after the module.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.SmallInteger(), server_default=sa.text("1"), nullable=False)
        )
        batch_op.drop_constraint("uq_survey_answers_resident_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_survey_answers_resident_id",
            ["resident_id", "instrument", "version", "phase", "item_id"],
        )
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "action_followups",
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=40), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.String(length=12), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_action_followups_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resident_id", "module_id", name=op.f("pk_action_followups")),
    )
    with op.batch_alter_table("action_followups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_followups_due_at"), ["due_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_followups_asked_at"), ["asked_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("action_followups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_followups_asked_at"))
        batch_op.drop_index(batch_op.f("ix_action_followups_due_at"))
    op.drop_table("action_followups")
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.drop_column("corrected_at")
    # Answers to later versions cannot be told apart once the column is gone: drop them.
    op.execute("DELETE FROM survey_answers WHERE version <> 1")
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.drop_constraint("uq_survey_answers_resident_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_survey_answers_resident_id", ["resident_id", "instrument", "phase", "item_id"]
        )
        batch_op.drop_column("version")
