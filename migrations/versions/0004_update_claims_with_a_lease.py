"""Webhook update ledger: claims with a lease, marked done after handling

Revision ID: 0004
Revises: 0007
Create Date: 2026-12-02 15:30:00.000000

- `processed_updates.claimed_until`: a process handling the update holds it until then; if the
  process dies, the claim lapses and Telegram's redelivery is handled.
- `processed_updates.done_at`: set once the update was handled; a redelivery is then skipped.
  Rows from before this revision were taken before handling: they count as done.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("done_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE processed_updates SET claimed_until = received_at, done_at = received_at")


def downgrade() -> None:
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_column("done_at")
        batch_op.drop_column("claimed_until")
