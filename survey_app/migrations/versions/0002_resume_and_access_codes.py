"""Resume codes on partial responses; campaigns open to anyone with the link or by one-time access code.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access', sa.String(length=10), nullable=False, server_default='open'))
        batch_op.create_check_constraint('campaign_access_known', "access IN ('open', 'codes')")

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resume_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_responses_resume_hash', ['resume_hash'])

    op.create_table('access_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('access_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_codes_campaign_id'), ['campaign_id'], unique=False)


def downgrade():
    with op.batch_alter_table('access_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_codes_campaign_id'))
    op.drop_table('access_codes')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_constraint('uq_responses_resume_hash', type_='unique')
        batch_op.drop_column('resume_hash')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_constraint('campaign_access_known', type_='check')
        batch_op.drop_column('access')
