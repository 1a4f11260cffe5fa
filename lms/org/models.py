"""The unit tree."""

from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.extensions import db
from lms.models import created_at, intpk
from lms.text import clean, fold


class UnitKind(StrEnum):
    PROVINCE = "province"
    COMMUNE = "commune"  # xã
    WARD = "ward"  # phường
    SPECIAL_ZONE = "special_zone"  # đặc khu
    DEPARTMENT = "department"  # sở, ban, ngành
    SUB_UNIT = "sub_unit"  # phòng, trung tâm, … inside a department or commune


UNIT_KIND_LABELS = {
    UnitKind.PROVINCE: "Tỉnh",
    UnitKind.COMMUNE: "Xã",
    UnitKind.WARD: "Phường",
    UnitKind.SPECIAL_ZONE: "Đặc khu",
    UnitKind.DEPARTMENT: "Sở, ban, ngành",
    UnitKind.SUB_UNIT: "Đơn vị trực thuộc",
}


class Unit(db.Model):
    __tablename__ = "units"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k.value) for k in UnitKind)})", name="kind"),
        # varchar_pattern_ops lets PostgreSQL use the index for `path LIKE '/1/7/%'` whatever the collation.
        Index("ix_units_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    #: Materialised path of ids, "/1/7/": a subtree is every unit whose path starts with its root's.
    path: Mapped[str] = mapped_column(String(400), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Set when this unit was merged into another (it stays, inactive, for history).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    #: Folded name for diacritic-insensitive search.
    search_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[created_at]

    parent: Mapped["Unit | None"] = relationship(
        remote_side="Unit.id", back_populates="children", foreign_keys="Unit.parent_id"
    )
    children: Mapped[list["Unit"]] = relationship(
        back_populates="parent", order_by="Unit.name", foreign_keys="Unit.parent_id"
    )

    @validates("name")
    def _normalise_name(self, key: str, value: str) -> str:
        value = clean(value)
        self.search_name = fold(value)
        return value

    @property
    def kind_label(self) -> str:
        return UNIT_KIND_LABELS.get(UnitKind(self.kind), self.kind)

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def contains(self, other: "Unit") -> bool:
        """Tell whether `other` is this unit or lies below it."""
        return other.path.startswith(self.path)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"
