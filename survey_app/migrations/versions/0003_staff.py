"""Staff accounts and their audit trail, questionnaire drafts, access-code batches, councils' own help contacts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('authority_help_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_cy', sa.String(length=120), nullable=False),
    sa.Column('description_en', sa.String(length=400), nullable=False),
    sa.Column('description_cy', sa.String(length=400), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('text', sa.String(length=40), nullable=True),
    sa.Column('website', sa.String(length=200), nullable=True),
    sa.CheckConstraint("kind IN ('advocacy', 'contact')", name='help_contact_kind_known'),
    sa.CheckConstraint("name_en <> '' AND name_cy <> '' AND description_en <> '' AND description_cy <> ''", name='help_contact_in_both_languages'),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('authority_help_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authority_help_contacts_authority_id'), ['authority_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('password_token_hash', sa.String(length=64), nullable=True),
    sa.Column('password_token_expires', sa.DateTime(), nullable=True),
    sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint("(role = 'national') = (authority_id IS NULL)", name='user_authority_unless_national'),
    sa.CheckConstraint("role IN ('admin', 'officer', 'analyst', 'national', 'panel')", name='user_role_known'),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email'),
    sa.UniqueConstraint('password_token_hash')
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_authority_id'), ['authority_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_authority_id'), ['authority_id'], unique=False)

    op.create_table('questionnaire_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=80), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.JSON(), nullable=False),
    sa.Column('translated_from', sa.JSON(), nullable=False),
    sa.Column('based_on_id', sa.Integer(), nullable=True),
    sa.Column('updated_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], ),
    sa.ForeignKeyConstraint(['based_on_id'], ['questionnaire_versions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('questionnaire_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_drafts_authority_id'), ['authority_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questionnaire_drafts_questionnaire_id'), ['questionnaire_id'], unique=False)

    op.create_table('access_code_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('access_code_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_code_batches_campaign_id'), ['campaign_id'], unique=False)

    with op.batch_alter_table('access_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_access_codes_batch_id'), ['batch_id'], unique=False)
        batch_op.create_foreign_key('fk_access_codes_batch_id', 'access_code_batches', ['batch_id'], ['id'])

    with op.batch_alter_table('questionnaire_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('authority_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_questionnaire_versions_authority_id'), ['authority_id'], unique=False)
        batch_op.create_foreign_key('fk_questionnaire_versions_authority_id', 'authorities', ['authority_id'], ['id'])



def downgrade():
    with op.batch_alter_table('questionnaire_versions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_questionnaire_versions_authority_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_questionnaire_versions_authority_id'))
        batch_op.drop_column('authority_id')

    with op.batch_alter_table('access_codes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_access_codes_batch_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_access_codes_batch_id'))
        batch_op.drop_column('batch_id')

    with op.batch_alter_table('access_code_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_code_batches_campaign_id'))

    op.drop_table('access_code_batches')
    with op.batch_alter_table('questionnaire_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_drafts_questionnaire_id'))
        batch_op.drop_index(batch_op.f('ix_questionnaire_drafts_authority_id'))

    op.drop_table('questionnaire_drafts')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_authority_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_authority_id'))

    op.drop_table('users')
    with op.batch_alter_table('authority_help_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authority_help_contacts_authority_id'))

    op.drop_table('authority_help_contacts')
