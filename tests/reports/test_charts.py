"""SVG charts: well-formed, accessible, escaped, and one mark per data point."""

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date

import pytest

from lms.reports.charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [(date(2025, 9, 1), 0.0), (date(2025, 10, 1), 12.5), (date(2025, 11, 16), 45.5)]
TARGET = [(date(2025, 12, 31), 80.0), (date(2026, 12, 31), 100.0)]
BARS = [("02/11", 12), ("09/11", 1540), ("16/11", 7)]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def marks(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}{tag}") if el.get("class") == css_class]


def texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def test_line_chart_is_accessible_responsive_svg() -> None:
    root = parse(line_chart(POINTS, title="Tỷ lệ đạt toàn tỉnh", target=TARGET))
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox")
    assert root.find(f"{SVG}title").text.startswith("Tỷ lệ đạt toàn tỉnh")
    assert root.get("aria-label").startswith("Tỷ lệ đạt toàn tỉnh")
    assert "45,5\xa0%" in root.get("aria-label")


def test_line_chart_draws_a_marker_per_point() -> None:
    root = parse(line_chart(POINTS, title="Tỷ lệ"))
    assert len(marks(root, "circle", "point")) == len(POINTS)
    assert marks(root, "polyline", "rate-line")
    assert not marks(root, "polyline", "target-line")


def test_line_chart_draws_labelled_dashed_targets() -> None:
    root = parse(line_chart(POINTS, title="Tỷ lệ", target=TARGET))
    assert len(marks(root, "polygon", "target")) == len(TARGET)
    (line,) = marks(root, "polyline", "target-line")
    assert line.get("stroke-dasharray")
    assert {"Mục tiêu 80\xa0%", "Mục tiêu 100\xa0%"} <= set(texts(root))


def test_line_chart_has_axis_ticks_and_gridlines() -> None:
    labels = texts(parse(line_chart(POINTS, title="Tỷ lệ")))
    assert {"0\xa0%", "50\xa0%", "100\xa0%"} <= set(labels)
    assert "01/09" in labels and "16/11" in labels


def test_line_chart_handles_a_single_point() -> None:
    root = parse(line_chart([(date(2025, 11, 16), 30.0)], title="Tỷ lệ"))
    assert len(marks(root, "circle", "point")) == 1


def test_line_chart_escapes_title() -> None:
    svg = line_chart(POINTS, title="<script>alert(1)</script>")
    assert "<script>" not in svg
    assert parse(svg).find(f"{SVG}title").text.startswith("<script>alert(1)</script>")


def test_bar_chart_draws_a_bar_and_value_per_entry() -> None:
    root = parse(bar_chart(BARS, title="Hoàn thành theo tuần"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("Hoàn thành theo tuần")
    assert len(marks(root, "rect", "bar")) == len(BARS)
    assert {"12", "1.540", "7", "02/11", "09/11", "16/11"} <= set(texts(root))


def test_bar_chart_escapes_labels() -> None:
    svg = bar_chart([("<script>x</script>", 3)], title="Tuần")
    assert "<script>" not in svg
    assert "<script>x</script>" in texts(parse(svg))


def test_bar_chart_handles_all_zero_values() -> None:
    root = parse(bar_chart([("02/11", 0), ("09/11", 0)], title="Tuần"))
    assert len(marks(root, "rect", "bar")) == 2


@pytest.mark.parametrize("draw", [lambda: line_chart([], title="Tỷ lệ"), lambda: bar_chart([], title="Tuần")])
def test_empty_input_says_no_data(draw: Callable[[], str]) -> None:
    root = parse(draw())
    assert "Chưa có dữ liệu" in texts(root)
    assert root.get("role") == "img"
