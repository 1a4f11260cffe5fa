"""placement check and personal learning path

Revision ID: b2c3d4e5f6a7
Revises: a1f2c3d4e5f6
Create Date: 2026-11-21 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2c3d4e5f6a7'
down_revision = 'a1f2c3d4e5f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('areas', sa.JSON(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('ratings', sa.JSON(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=True),
    sa.CheckConstraint("state IN ('open', 'submitted', 'skipped')", name=op.f('ck_placements_state')),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_placements_framework_id_frameworks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_placements_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_placements_one_open', ['user_id'], unique=True, postgresql_where=sa.text("state = 'open'"), sqlite_where=sa.text("state = 'open'"))

    op.create_table('learner_levels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_title', sa.String(length=200), nullable=True),
    sa.Column('correct', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('percent', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("level IN ('needs', 'progressing', 'mastered')", name=op.f('ck_learner_levels_level')),
    sa.CheckConstraint("source IN ('placement', 'module', 'final')", name=op.f('ck_learner_levels_source')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 4', name=op.f('ck_learner_levels_rating')),
    sa.CheckConstraint('percent IS NULL OR percent BETWEEN 0 AND 100', name=op.f('ck_learner_levels_percent')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_learner_levels_attempt_id_attempts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_learner_levels_placement_id_placements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_learner_levels_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learner_levels')),
    sa.UniqueConstraint('user_id', 'area_code', name='uq_learner_levels_user_area')
    )
    with op.batch_alter_table('learner_levels', schema=None) as batch_op:
        batch_op.create_index('ix_learner_levels_area_level', ['area_code', 'level'], unique=False)


def downgrade():
    with op.batch_alter_table('learner_levels', schema=None) as batch_op:
        batch_op.drop_index('ix_learner_levels_area_level')

    op.drop_table('learner_levels')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('uq_placements_one_open', postgresql_where=sa.text("state = 'open'"), sqlite_where=sa.text("state = 'open'"))
        batch_op.drop_index(batch_op.f('ix_placements_user_id'))

    op.drop_table('placements')
