"""Draw dashboard charts as inline SVG strings (no JavaScript, no chart library).

The drawing is a fixed 400 × 240 viewBox scaled to the container (`width="100%"`), so on a
360 px phone text stays at roughly its nominal size. Every string that reaches the markup goes
through `html.escape`, because titles and labels may contain unit names typed by users.
"""

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape

from lms import formatting

WIDTH, HEIGHT = 400, 240
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
BRAND, WARN, INK, MUTED, GRID = "#0b5cad", "#8a5a00", "#1b1f24", "#4f5965", "#d5dbe1"
NO_DATA = "Chưa có dữ liệu"
MAX_X_LABELS = 8

_XScale = Callable[[date], float]


class _Plot:
    """The plotting rectangle inside the viewBox, with linear scales for both axes."""

    def __init__(self, left: float, top: float, right: float, bottom: float) -> None:
        self.left, self.top = left, top
        self.right, self.bottom = WIDTH - right, HEIGHT - bottom

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def y(self, value: float, y_max: float) -> float:
        """Map a value in [0, y_max] to a y coordinate, clamping so stray data stays inside the plot."""
        share = min(max(value / y_max, 0.0), 1.0)
        return self.bottom - share * self.height


def _n(value: float) -> str:
    """Format a coordinate compactly (one decimal is far below a pixel)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _pct(value: float) -> str:
    """A percentage the Vietnamese way: 45.5 → "45,5 %", 80.0 → "80 %"."""
    return formatting.percent(value, 1)


def _count(value: float) -> str:
    """A count for a chart label: rounded, thousands grouped with "."."""
    return formatting.number(round(value))


def _ddmm(value: date) -> str:
    return value.strftime("%d/%m")


def _attrs(attrs: dict[str, str]) -> str:
    """Render extra attributes, turning Python names into SVG ones (font_size → font-size)."""
    return "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attrs.items())


def _text(x: float, y: float, content: str, *, anchor: str = "middle", fill: str = MUTED, **attrs: str) -> str:
    """Return an escaped <text> element."""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{fill}"{_attrs(attrs)}>{escape(content)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, **attrs: str) -> str:
    """Return a <line> element."""
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}"{_attrs(attrs)}/>'


def _svg(label: str, body: list[str], height: int = HEIGHT) -> str:
    """Wrap drawing elements in an accessible, responsive <svg> root."""
    safe = escape(label)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{safe}" font-family="{FONT}" font-size="11">'
        f"<title>{safe}</title>{''.join(body)}</svg>"
    )


def _empty(title: str) -> str:
    """Return a short SVG that says there is nothing to draw yet."""
    body = [_text(WIDTH / 2, 34, NO_DATA, font_size="13")]
    return _svg(f"{title}: {NO_DATA}", body, height=56)


def _gridlines(plot: _Plot, ticks: Sequence[float], y_max: float, fmt: Callable[[float], str]) -> list[str]:
    """Draw horizontal gridlines with their labels left of the plot."""
    parts = []
    for tick in ticks:
        y = plot.y(tick, y_max)
        parts.append(_line(plot.left, y, plot.right, y, GRID))
        parts.append(_text(plot.left - 5, y + 4, fmt(tick), anchor="end"))
    return parts


# --- Line chart ---------------------------------------------------------------------------------


def line_chart(
    points: list[tuple[date, float]],
    *,
    title: str,
    target: list[tuple[date, float]] | None = None,
    y_max: float = 100,
) -> str:
    """Draw a cumulative rate (in %) over time, with the target milestones as a dashed line."""
    if not points:
        return _empty(title)
    if y_max <= 0:
        raise ValueError("y_max must be positive")
    points, milestones = sorted(points), sorted(target or [])
    dates = [day for day, _ in points + milestones]
    start, end = min(dates), max(dates)
    plot = _Plot(left=40, top=30, right=16, bottom=30)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        # A single date would divide by zero; centre it instead.
        if start == end:
            return plot.left + plot.width / 2
        return plot.left + (day - start).days / span * plot.width

    body = _gridlines(plot, (0, y_max / 2, y_max), y_max, _pct)
    body += _date_ticks(plot, start, end, x)
    if milestones:
        body += _target_line(plot, milestones, x, y_max)
    body += _rate_line(plot, points, x, y_max)
    body += _legend(has_target=bool(milestones))
    return _svg(_line_summary(title, points, milestones), body)


def _date_ticks(plot: _Plot, start: date, end: date, x: _XScale) -> list[str]:
    """Draw up to five evenly spaced dd/mm labels under the plot."""
    days = (end - start).days
    count = min(5, days + 1)
    steps = max(count - 1, 1)
    ticks = sorted({start + timedelta(days=round(i * days / steps)) for i in range(count)})
    parts = [_line(plot.left, plot.bottom, plot.right, plot.bottom, MUTED)]
    for tick in ticks:
        tx = x(tick)
        parts.append(_line(tx, plot.bottom, tx, plot.bottom + 4, MUTED))
        parts.append(_text(tx, plot.bottom + 16, _ddmm(tick)))
    return parts


def _target_line(plot: _Plot, milestones: list[tuple[date, float]], x: _XScale, y_max: float) -> list[str]:
    """Draw the milestones as a dashed line with a labelled diamond on each."""
    coords = [(x(day), plot.y(value, y_max)) for day, value in milestones]
    if len(coords) == 1:
        # One milestone has no line to join; a dashed guide from the axis shows the level to reach.
        coords.insert(0, (plot.left, coords[0][1]))
    path = " ".join(f"{_n(cx)},{_n(cy)}" for cx, cy in coords)
    parts = [
        f'<polyline class="target-line" points="{path}" fill="none" stroke="{WARN}" '
        f'stroke-width="1.5" stroke-dasharray="5 4"/>'
    ]
    for day, value in milestones:
        mx, my = x(day), plot.y(value, y_max)
        tip = escape(f"Mục tiêu {_pct(value)} đến {day:%d/%m/%Y}")
        diamond = f"{_n(mx)},{_n(my - 5)} {_n(mx + 5)},{_n(my)} {_n(mx)},{_n(my + 5)} {_n(mx - 5)},{_n(my)}"
        parts.append(
            f'<polygon class="target" points="{diamond}" fill="#fff" stroke="{WARN}" stroke-width="1.5">'
            f"<title>{tip}</title></polygon>"
        )
        parts.append(_text(mx - 7, my - 7, f"Mục tiêu {_pct(value)}", anchor="end", fill=WARN))
    return parts


def _rate_line(plot: _Plot, points: list[tuple[date, float]], x: _XScale, y_max: float) -> list[str]:
    """Draw the measured rate as a solid line with one marker per point and the latest value labelled."""
    coords = [(x(day), plot.y(value, y_max)) for day, value in points]
    path = " ".join(f"{_n(cx)},{_n(cy)}" for cx, cy in coords)
    parts = [f'<polyline class="rate-line" points="{path}" fill="none" stroke="{BRAND}" stroke-width="2.5"/>']
    radius = 3 if len(points) <= 40 else 1.5  # dense daily series would turn into a thick smear
    for (day, value), (cx, cy) in zip(points, coords, strict=True):
        tip = escape(f"{day:%d/%m/%Y}: {_pct(value)}")
        parts.append(
            f'<circle class="point" cx="{_n(cx)}" cy="{_n(cy)}" r="{radius}" fill="{BRAND}">'
            f"<title>{tip}</title></circle>"
        )
    (last_x, last_y), last_value = coords[-1], points[-1][1]
    anchor = "end" if last_x > plot.right - 30 else "start"
    dx = -6 if anchor == "end" else 6
    parts.append(_text(last_x + dx, last_y - 6, _pct(last_value), anchor=anchor, fill=BRAND, font_weight="bold"))
    return parts


def _legend(*, has_target: bool) -> list[str]:
    """Draw a one-line key above the plot (colour alone must not carry the meaning, hence dashes)."""
    parts = [
        _line(40, 12, 60, 12, BRAND, stroke_width="2.5"),
        _text(64, 16, "Tỷ lệ đạt", anchor="start", fill=INK),
    ]
    if has_target:
        parts += [
            _line(130, 12, 150, 12, WARN, stroke_width="1.5", stroke_dasharray="5 4"),
            _text(154, 16, "Mục tiêu", anchor="start", fill=INK),
        ]
    return parts


def _line_summary(title: str, points: list[tuple[date, float]], milestones: list[tuple[date, float]]) -> str:
    """Say in words what the line chart shows, for screen readers."""
    day, value = points[-1]
    summary = f"{title}. Mới nhất: {_pct(value)} ngày {day:%d/%m/%Y}"
    if milestones:
        goals = "; ".join(f"{_pct(goal)} đến {when:%d/%m/%Y}" for when, goal in milestones)
        summary += f". Mục tiêu: {goals}"
    return summary


# --- Bar chart ----------------------------------------------------------------------------------


def bar_chart(bars: list[tuple[str, int]], *, title: str) -> str:
    """Draw one bar per period (e.g. completions per week) with its value above it."""
    if not bars:
        return _empty(title)
    plot = _Plot(left=40, top=20, right=12, bottom=30)
    top_value = _nice_ceiling(max(value for _, value in bars))
    ticks = [0, top_value / 2, top_value] if top_value % 2 == 0 else [0, top_value]
    body = _gridlines(plot, ticks, top_value, _count)
    slot = plot.width / len(bars)
    # Thin slots (half a year of weeks) need smaller value labels and only every k-th period label.
    value_size = min(11.0, max(7.0, slot * 0.55))
    label_step = math.ceil(len(bars) / MAX_X_LABELS)
    for index, (label, value) in enumerate(bars):
        body += _bar(plot, index, slot, label, value, top_value, value_size, show_label=index % label_step == 0)
    body.append(_line(plot.left, plot.bottom, plot.right, plot.bottom, MUTED))
    return _svg(_bar_summary(title, bars), body)


def _bar(
    plot: _Plot,
    index: int,
    slot: float,
    label: str,
    value: int,
    top_value: float,
    value_size: float,
    *,
    show_label: bool,
) -> list[str]:
    """Draw one bar, its value above and (optionally) its period label below."""
    bar_width = slot * 0.7
    left = plot.left + index * slot + (slot - bar_width) / 2
    top = plot.y(value, top_value)
    centre = left + bar_width / 2
    tip = escape(f"{label}: {_count(value)}")
    parts = [
        f'<rect class="bar" x="{_n(left)}" y="{_n(top)}" width="{_n(bar_width)}" height="{_n(plot.bottom - top)}" '
        f'fill="{BRAND}"><title>{tip}</title></rect>',
        _text(centre, top - 3, _count(value), fill=INK, font_size=_n(value_size)),
    ]
    if show_label:
        parts.append(_text(centre, plot.bottom + 16, label))
    return parts


def _nice_ceiling(value: float) -> float:
    """Round up to 1, 2 or 5 times a power of ten so gridline labels are round numbers."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= value)


def _bar_summary(title: str, bars: list[tuple[str, int]]) -> str:
    """Say in words what the bar chart shows, for screen readers."""
    label, value = max(bars, key=lambda bar: bar[1])
    total = sum(value for _, value in bars)
    return f"{title}. {len(bars)} kỳ, tổng {_count(total)}; cao nhất {_count(value)} ({label})"
