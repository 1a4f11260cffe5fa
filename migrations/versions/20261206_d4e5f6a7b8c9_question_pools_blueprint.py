"""question pools, competency and cognitive level; draws per competency; blueprint balance on quizzes

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2026-12-06 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e5f6a7b8c9'
down_revision = 'c3d4e5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('competency_code', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('level', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('pool', sa.String(length=20), server_default='practice', nullable=False))
        batch_op.create_check_constraint(op.f('ck_questions_pool'), "pool IN ('practice', 'final')")
        batch_op.create_check_constraint(
            op.f('ck_questions_level'), "level IS NULL OR level IN ('recall', 'understanding', 'application')"
        )
        batch_op.create_index('ix_questions_pool_area', ['pool', 'area_code'], unique=False)
    with op.batch_alter_table('quiz_draws', schema=None) as batch_op:
        batch_op.add_column(sa.Column('competency_code', sa.String(length=20), nullable=True))
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('balance', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.drop_column('balance')
    with op.batch_alter_table('quiz_draws', schema=None) as batch_op:
        batch_op.drop_column('competency_code')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index('ix_questions_pool_area')
        batch_op.drop_constraint(op.f('ck_questions_level'), type_='check')
        batch_op.drop_constraint(op.f('ck_questions_pool'), type_='check')
        batch_op.drop_column('pool')
        batch_op.drop_column('level')
        batch_op.drop_column('competency_code')
