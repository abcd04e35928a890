"""You said, we will: what each authority (or the national coordinator) will do about a closed campaign's results.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('you_said_we_will',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=True),
    sa.Column('text_cy', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.CheckConstraint("text_cy <> '' AND text_en <> ''", name='you_said_in_both_languages'),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], ),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'authority_id', name='one_you_said_per_authority')
    )
    # NULLs never collide in a unique constraint: this keeps the national statement to one a campaign.
    with op.batch_alter_table('you_said_we_will', schema=None) as batch_op:
        batch_op.create_index(
            'one_national_you_said_per_campaign',
            ['campaign_id'],
            unique=True,
            postgresql_where=sa.text('authority_id IS NULL'),
            sqlite_where=sa.text('authority_id IS NULL'),
        )


def downgrade():
    with op.batch_alter_table('you_said_we_will', schema=None) as batch_op:
        batch_op.drop_index('one_national_you_said_per_campaign')

    op.drop_table('you_said_we_will')
