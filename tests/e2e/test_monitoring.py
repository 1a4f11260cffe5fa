"""Journey: the monitor sees the province rate, opens a commune, sees its people and downloads the XLSX report."""

import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in


def test_monitor_drills_down_and_downloads_the_report(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.monitor", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Theo-doi-tinh-Lai-Chau-2026")
    page.get_by_role("link", name="Theo dõi", exact=True).click()
    expect(page.get_by_role("heading", name="Tỉnh Lai Châu")).to_be_visible()
    rate = page.locator(".headline .big-score").inner_text()
    assert re.fullmatch(r"\d+(,\d+)?\xa0%", rate)  # one format everywhere: 37 %, 45,5 %
    expect(page.get_by_text("Mục tiêu: 100\xa0% đến 31/12/2026")).to_be_visible()

    page.locator("table.report").first.get_by_role("link", name="Xã Mường Kim", exact=True).click()
    expect(page.get_by_role("heading", name="Xã Mường Kim")).to_be_visible()
    page.locator(".headline").get_by_role("link", name="Chưa đạt").click()
    expect(page.get_by_role("heading", name=re.compile("Chưa đạt"))).to_be_visible()
    rows = page.locator("table tbody tr")
    assert rows.count() >= 1
    expect(rows.first).to_contain_text("Xã Mường Kim")

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải Excel (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = workbook.active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Tổng cộng" in values
    assert any(isinstance(v, str) and "Xã Mường Kim" in v for v in values)
