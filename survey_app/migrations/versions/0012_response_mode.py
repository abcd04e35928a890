"""How a response came in: answered online, or a paper copy typed in by an officer.

Adds `responses.mode`, "online" (every existing response) or "paper". Nothing else about a paper
copy is stored: not who typed it in, nor when beyond the day (its `submitted_on`). On SQLite the
table is rebuilt, and kept WITHOUT ROWID, so rows still sit in the order of their random ids.
Downgrading drops the column: paper copies then count as answered online.

Revision ID: 0012_response_mode
Revises: 0011
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

RULE_NAME = 'response_mode_known'
RULE = "mode IN ('online', 'paper')"


def _rebuild() -> str:
    return 'always' if op.get_bind().dialect.name == 'sqlite' else 'auto'


def upgrade():
    with op.batch_alter_table(
        'responses', schema=None, recreate=_rebuild(), table_kwargs={'sqlite_with_rowid': False}
    ) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=10), nullable=False, server_default='online'))
        batch_op.create_check_constraint(RULE_NAME, RULE)


def downgrade():
    with op.batch_alter_table(
        'responses', schema=None, recreate=_rebuild(), table_kwargs={'sqlite_with_rowid': False}
    ) as batch_op:
        batch_op.drop_constraint(RULE_NAME, type_='check')
        batch_op.drop_column('mode')
