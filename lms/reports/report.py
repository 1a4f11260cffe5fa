"""The shape of a completion report (what the dashboard shows and the exports write)."""

from dataclasses import dataclass, field
from datetime import date, datetime

#: Report columns in order, with their Vietnamese headers (domain.md).
COLUMNS = [
    ("name", "Đơn vị"),
    ("staff_total", "Tổng số CBCCVC"),
    ("enrolled", "Số đăng ký học"),
    ("in_progress", "Số đang học"),
    ("completed", "Số hoàn thành khóa học"),
    ("assessed", "Số dự đánh giá"),
    ("confirmed", "Số đạt (được xác nhận)"),
    ("rate", "Tỷ lệ đạt %"),
    ("certified", "Số được cấp giấy chứng nhận"),
]


@dataclass
class ReportRow:
    """Figures for one unit subtree (or one staff category, or the total), as of the cut-off."""

    name: str
    code: str = ""
    staff_total: int = 0
    enrolled: int = 0
    in_progress: int = 0
    completed: int = 0
    assessed: int = 0
    confirmed: int = 0
    certified: int = 0

    @property
    def rate(self) -> float:
        """Confirmed as a percentage of staff, one decimal (0 when there is no staff)."""
        return round(self.confirmed * 100 / self.staff_total, 1) if self.staff_total else 0.0

    def add(self, other: "ReportRow") -> None:
        for name in ("staff_total", "enrolled", "in_progress", "completed", "assessed", "confirmed", "certified"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Report:
    title: str
    unit_name: str
    period_label: str
    cutoff: date
    generated_at: datetime
    rows: list[ReportRow] = field(default_factory=list)
    total: ReportRow = field(default_factory=lambda: ReportRow("Tổng cộng"))
    issuer: str = ""
