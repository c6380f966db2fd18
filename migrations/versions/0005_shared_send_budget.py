"""The deployment's shared send budget: replies per process per second, and the 429 pause

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:00:00.000000

- `send_window`: replies each bot process sent in each second; the one bulk sender subtracts
  the other processes' replies from its budget.
- `send_pause`: one row, the end of the latest 429 pause; every process honours it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_window",
        sa.Column("process", sa.String(length=36), nullable=False),
        sa.Column("second", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("replies", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("process", "second", name=op.f("pk_send_window")),
    )
    with op.batch_alter_table("send_window", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_send_window_second"), ["second"], unique=False)
    op.create_table(
        "send_pause",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_send_pause")),
    )


def downgrade() -> None:
    op.drop_table("send_pause")
    with op.batch_alter_table("send_window", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_send_window_second"))
    op.drop_table("send_window")
