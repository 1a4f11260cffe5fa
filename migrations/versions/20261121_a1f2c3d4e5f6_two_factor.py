"""two-step sign-in (TOTP)

Revision ID: a1f2c3d4e5f6
Revises: f02cfc46d2b2
Create Date: 2026-11-21 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1f2c3d4e5f6'
down_revision = 'f02cfc46d2b2'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
