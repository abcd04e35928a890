"""The questionnaire builder: a draft's own answer sets, its revision, and its history for undo.

Adds `questionnaire_drafts.option_sets` (the council's own answer sets, merged with the shared catalogue
when the draft is checked and published) and `questionnaire_drafts.revision` (counts saved changes, so
that a form based on an older revision is refused), and the table `questionnaire_draft_history`: the
draft as it was before each change (the day only), so that a change can be undone. Existing drafts
start at revision 0 with no history and no answer sets of their own.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questionnaire_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('option_sets', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('revision', sa.Integer(), nullable=False, server_default='0'))
    op.create_table(
        'questionnaire_draft_history',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('draft_id', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('source', sa.JSON(), nullable=False),
        sa.Column('option_sets', sa.JSON(), nullable=False),
        sa.Column('translated_from', sa.JSON(), nullable=False),
        sa.Column('saved_on', sa.Date(), nullable=False),
        sa.Column('change', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['draft_id'], ['questionnaire_drafts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('draft_id', 'sequence', name='draft_history_sequence_unique'),
    )
    with op.batch_alter_table('questionnaire_draft_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_draft_history_draft_id'), ['draft_id'], unique=False)


def downgrade():
    with op.batch_alter_table('questionnaire_draft_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_draft_history_draft_id'))
    op.drop_table('questionnaire_draft_history')
    with op.batch_alter_table('questionnaire_drafts', schema=None) as batch_op:
        batch_op.drop_column('revision')
        batch_op.drop_column('option_sets')
