"""certificate header (Nghị định 30/2020 two-line issuing body) and the holder's gender

Revision ID: f6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-12-06 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6a7b8c9d0e1'
down_revision = 'e5f6a7b8c9d0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('issuer_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('header', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuer_header', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('holder_gender', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_column('holder_gender')
        batch_op.drop_column('issuer_header')
    with op.batch_alter_table('issuer_settings', schema=None) as batch_op:
        batch_op.drop_column('header')
