"""The young people's panel is national: panel accounts belong to no council; names shown for them.

Panel accounts used to belong to a council, whose administrator could make one and so set the bar of
its own kite mark. From here on only the national coordinator makes panel accounts, and they belong
to no authority. Every existing panel account is moved out of its council and switched off (its
sessions and any password link stop working); the national coordinator checks who it was, sets a
name to be shown and switches it back on. Each move is written to the council's audit log and to the
national one.

Adds `users.display_name` (the name a panel member chose to be shown beside the thresholds they set)
and `kitemark_thresholds.set_by_name` (that name as it was when they set one).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

OLD_RULE = "(role = 'national') = (authority_id IS NULL)"
NEW_RULE = "(role IN ('national', 'panel')) = (authority_id IS NULL)"
RULE_NAME = 'user_authority_unless_national'
ACTOR = 'migration 0010'


def _users():
    return sa.table(
        'users',
        sa.column('id', sa.Integer),
        sa.column('email', sa.String),
        sa.column('role', sa.String),
        sa.column('authority_id', sa.Integer),
        sa.column('active', sa.Boolean),
        sa.column('session_epoch', sa.Integer),
        sa.column('password_token_hash', sa.String),
        sa.column('password_token_expires', sa.DateTime),
    )


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(RULE_NAME, type_='check')
        batch_op.add_column(sa.Column('display_name', sa.String(length=80), nullable=True))
    with op.batch_alter_table('kitemark_thresholds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('set_by_name', sa.String(length=80), nullable=True))

    connection = op.get_bind()
    users = _users()
    events = sa.table(
        'audit_events',
        sa.column('at', sa.DateTime),
        sa.column('user_id', sa.Integer),
        sa.column('actor', sa.String),
        sa.column('authority_id', sa.Integer),
        sa.column('action', sa.String),
        sa.column('target', sa.String),
        sa.column('detail', sa.JSON),
    )
    moved = connection.execute(
        sa.select(users.c.id, users.c.email, users.c.authority_id).where(
            users.c.role == 'panel', users.c.authority_id.is_not(None)
        )
    ).all()
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    for user_id, email, authority_id in moved:
        connection.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(
                authority_id=None,
                active=False,
                session_epoch=sa.func.coalesce(users.c.session_epoch, 0) + 1,
                password_token_hash=None,
                password_token_expires=None,
            )
        )
        detail = {'why': 'panel accounts are national: moved out of the council and switched off'}
        for log in (authority_id, None):  # the council's log, where it was, and the national one
            connection.execute(
                events.insert().values(
                    at=now, user_id=None, actor=ACTOR, authority_id=log,
                    action='user_deactivated', target=email[:200], detail=detail,
                )
            )

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_check_constraint(RULE_NAME, NEW_RULE)


def downgrade():
    """Back to 0009, which cannot hold a panel account without a council: those accounts are removed
    (their thresholds stay, with the name they were set under in the audit log no longer kept)."""
    connection = op.get_bind()
    users = _users()
    national_panel = sa.select(users.c.id).where(users.c.role == 'panel', users.c.authority_id.is_(None))
    thresholds = sa.table('kitemark_thresholds', sa.column('set_by_id', sa.Integer))
    connection.execute(thresholds.update().where(thresholds.c.set_by_id.in_(national_panel)).values(set_by_id=None))
    events = sa.table('audit_events', sa.column('user_id', sa.Integer))
    connection.execute(events.update().where(events.c.user_id.in_(national_panel)).values(user_id=None))
    connection.execute(users.delete().where(users.c.role == 'panel', users.c.authority_id.is_(None)))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(RULE_NAME, type_='check')
        batch_op.drop_column('display_name')
    with op.batch_alter_table('kitemark_thresholds', schema=None) as batch_op:
        batch_op.drop_column('set_by_name')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_check_constraint(RULE_NAME, OLD_RULE)
