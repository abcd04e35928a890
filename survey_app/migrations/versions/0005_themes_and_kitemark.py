"""Analysts' theme reviews of comments, and the kite-mark thresholds set by the young people's panel.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('theme_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('item_id', sa.String(length=80), nullable=False),
    sa.Column('suggested', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('response_id', 'item_id', name='one_review_per_comment')
    )
    with op.batch_alter_table('theme_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_reviews_response_id'), ['response_id'], unique=False)

    op.create_table('kitemark_thresholds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=80), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('set_on', sa.Date(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('threshold >= 0 AND threshold <= 100', name='kitemark_threshold_is_a_percentage'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kitemark_thresholds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kitemark_thresholds_criterion_id'), ['criterion_id'], unique=False)


def downgrade():
    with op.batch_alter_table('kitemark_thresholds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kitemark_thresholds_criterion_id'))
    op.drop_table('kitemark_thresholds')
    with op.batch_alter_table('theme_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_reviews_response_id'))
    op.drop_table('theme_reviews')
