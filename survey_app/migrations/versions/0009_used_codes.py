"""Sent codes: keyed hashes of access and resume codes whose answers were sent.

A code typed again after its answers were sent is then told "already sent", not "not right".
The table holds no response id and no date; on SQLite it has no rowid, so its rows carry no order.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sent_codes',
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id']),
        sa.PrimaryKeyConstraint('code_hash'),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('sent_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_codes_campaign_id'), ['campaign_id'], unique=False)


def downgrade():
    with op.batch_alter_table('sent_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_codes_campaign_id'))
    op.drop_table('sent_codes')
