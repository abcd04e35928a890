"""A council's own help contacts are for one audience or for everyone.

Adds `authority_help_contacts.audience`: "everyone", "child" (children and young people), "care_leaver",
"foster_carer" or "staff". A contact is shown only on the pages of its audience.

Existing contacts were shown on every page, so they stay "everyone", except advocacy services: the
advocacy contact they replaced was the children's, and foster carers and staff must no longer be shown
children's advocacy, so they become "child". A council can widen either on its settings pages.
Downgrading drops the column: every contact is then shown to everyone again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

RULE_NAME = 'help_contact_audience_known'
RULE = "audience IN ('everyone', 'child', 'care_leaver', 'foster_carer', 'staff')"


def upgrade():
    with op.batch_alter_table('authority_help_contacts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('audience', sa.String(length=20), nullable=False, server_default='everyone')
        )
        batch_op.create_check_constraint(RULE_NAME, RULE)
    contacts = sa.table('authority_help_contacts', sa.column('kind', sa.String), sa.column('audience', sa.String))
    op.get_bind().execute(contacts.update().where(contacts.c.kind == 'advocacy').values(audience='child'))


def downgrade():
    with op.batch_alter_table('authority_help_contacts', schema=None) as batch_op:
        batch_op.drop_constraint(RULE_NAME, type_='check')
        batch_op.drop_column('audience')
