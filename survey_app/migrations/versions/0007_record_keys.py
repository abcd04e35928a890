"""Record keys for the cell-key perturbation of released counts; responses kept without a rowid.

Every response gets a random record key (0-255) that `analysis.disclosure` adds up per released
count to choose that count's perturbation. On SQLite the responses table is rebuilt WITHOUT ROWID,
so rows sit in the order of their random ids and no hidden rowid keeps the order of answering.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

RECORD_KEYS = 256


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_key', sa.Integer(), nullable=True))
    connection = op.get_bind()
    responses = sa.table('responses', sa.column('id', sa.String), sa.column('record_key', sa.Integer))
    ids = connection.execute(sa.select(responses.c.id)).scalars().all()
    if ids:
        connection.execute(
            responses.update().where(responses.c.id == sa.bindparam('the_id')),
            [{'the_id': each, 'record_key': secrets.randbelow(RECORD_KEYS)} for each in ids],
        )
    # Only SQLite rebuilds the table (to drop its rowid); elsewhere these are plain ALTER statements.
    rebuild = 'always' if connection.dialect.name == 'sqlite' else 'auto'
    with op.batch_alter_table(
        'responses', schema=None, recreate=rebuild, table_kwargs={'sqlite_with_rowid': False}
    ) as batch_op:
        batch_op.alter_column('record_key', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint('record_key_in_range', f'record_key BETWEEN 0 AND {RECORD_KEYS - 1}')


def downgrade():
    rebuild = 'always' if op.get_bind().dialect.name == 'sqlite' else 'auto'
    with op.batch_alter_table('responses', schema=None, recreate=rebuild) as batch_op:
        batch_op.drop_constraint('record_key_in_range', type_='check')
        batch_op.drop_column('record_key')
