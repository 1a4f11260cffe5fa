"""index the open attempts by deadline (the expired-attempt sweeper); questions per page of an attempt

Revision ID: e5f6a7b8c9d0
Revises: d4e5f6a7b8c9
Create Date: 2026-12-06 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f6a7b8c9d0'
down_revision = 'd4e5f6a7b8c9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(
            'ix_attempts_open_deadline',
            ['deadline_at'],
            unique=False,
            postgresql_where=sa.text("state = 'open'"),
            sqlite_where=sa.text("state = 'open'"),
        )
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('questions_per_page', sa.Integer(), server_default='5', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_quizzes_questions_per_page'), 'questions_per_page BETWEEN 0 AND 100'
        )


def downgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_quizzes_questions_per_page'), type_='check')
        batch_op.drop_column('questions_per_page')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_open_deadline', postgresql_where=sa.text("state = 'open'"),
                            sqlite_where=sa.text("state = 'open'"))
