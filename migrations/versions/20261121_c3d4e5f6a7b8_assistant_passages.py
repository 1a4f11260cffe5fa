"""learning assistant retrieval index

Revision ID: c3d4e5f6a7b8
Revises: b2c3d4e5f6a7
Create Date: 2026-11-21 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d4e5f6a7b8'
down_revision = 'b2c3d4e5f6a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assistant_index',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('lessons_stamp', sa.String(length=80), nullable=False),
    sa.Column('passages', sa.Integer(), nullable=False),
    sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistant_index'))
    )
    op.create_table('assistant_passages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_assistant_passages_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], name=op.f('fk_assistant_passages_lesson_id_lessons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistant_passages')),
    sa.UniqueConstraint('lesson_id', 'position', name='uq_assistant_passages_lesson_position')
    )
    with op.batch_alter_table('assistant_passages', schema=None) as batch_op:
        batch_op.create_index('ix_assistant_passages_course_id', ['course_id'], unique=False)


def downgrade():
    with op.batch_alter_table('assistant_passages', schema=None) as batch_op:
        batch_op.drop_index('ix_assistant_passages_course_id')

    op.drop_table('assistant_passages')
    op.drop_table('assistant_index')
