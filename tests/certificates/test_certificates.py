"""Certificates: issued once, PDF content and QR, verification, access, revocation, re-issue, bulk export."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lms.audit import AuditEvent
from lms.certificates.export import create_job, run_job
from lms.certificates.models import Certificate, CertificateStatus, ExportJob
from lms.certificates.pdf import render_certificate_pdf
from lms.certificates.services import grade_for
from quizzes import services as quiz_services
from tests.api.test_auth import assert_error, bearer, token_for
from tests.certificates.conftest import HOLDER


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_payloads(data: bytes) -> list[str]:
    """Render the first page and decode every QR code on it."""
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_passing_issues_one_certificate_with_a_snapshot(session, world, certificate):
    assert certificate.serial == f"KNS-{certificate.issued_on.year}-{certificate.id:06d}"
    assert certificate.register_number.startswith(f"{certificate.id:06d}/")
    assert (certificate.holder_name, certificate.unit_name, certificate.grade) == (HOLDER, "Xã Mường Kim", "Giỏi")
    assert certificate.score_percent == Decimal("100.00")
    assert len(certificate.token) >= 32
    # Submitting again changes nothing.
    quiz_services.submit_attempt(session, world["holder"], world["attempt"], world["now"])
    session.commit()
    assert session.scalar(select(func.count(Certificate.id))) == 1


@pytest.mark.parametrize(
    ("percent", "grade"), [("95", "Giỏi"), ("90", "Giỏi"), ("89.99", "Khá"), ("80", "Khá"), ("70", "Đạt")]
)
def test_grades(percent, grade):
    assert grade_for(Decimal(percent)) == grade


def test_pdf_text_has_the_name_with_diacritics_and_the_serial(client, auth, certificate):
    auth.login("hoc.vien")
    response = client.get(f"/certificates/{certificate.serial}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    for expected in (
        HOLDER,
        certificate.serial,
        "GIẤY CHỨNG NHẬN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Xếp loại: Giỏi",
    ):
        assert expected in text


def test_qr_code_on_the_page_is_the_verification_url(app, client, auth, certificate):
    auth.login("hoc.vien")
    data = client.get(f"/certificates/{certificate.serial}.pdf").data
    assert qr_payloads(data) == [f"{app.config['PUBLIC_URL']}/verify/{certificate.token}"]


def test_rendering_is_reproducible(certificate):
    assert render_certificate_pdf(certificate, "https://x/verify/t") == render_certificate_pdf(
        certificate, "https://x/verify/t"
    )


def test_a_300_character_name_with_rare_diacritics_still_renders(certificate):
    certificate.holder_name = ("Nguyễn Thị Ỹ Ỷ Ữ ỹ ỷ ữ Hoàng Phượng " * 10)[:300]
    data = render_certificate_pdf(certificate, "https://x/verify/t")
    text = pdf_text(data).replace("\n", " ")
    assert "Nguyễn Thị Ỹ Ỷ Ữ ỹ ỷ ữ Hoàng Phượng" in text
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_public_verification_shows_status_and_no_personal_data(client, certificate):
    page = client.get(f"/verify/{certificate.token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Giấy chứng nhận hợp lệ" in html and HOLDER in html and "Xã Mường Kim" in html
    assert certificate.holder_birth_date.strftime("%d/%m/%Y") not in html
    assert client.get("/verify/khong-co-ma-nay").status_code == 404


def test_api_verification_needs_the_token_so_serials_cannot_be_enumerated(client, certificate):
    url = f"/api/v1/certificates/{certificate.serial}/verify"
    assert_error(client.get(url), 404, "not_found")
    assert_error(client.get(url + "?token=doan-bua"), 404, "not_found")
    assert_error(client.get("/api/v1/certificates/KNS-2026-999999/verify?token=x"), 404, "not_found")
    body = client.get(f"{url}?token={certificate.token}").json
    assert body["valid"] is True and body["revoked"] is False
    assert body["holder_name"] == HOLDER
    assert "birth" not in str(body) and "national" not in str(body)


def test_a_holders_name_is_neither_cached_nor_indexed(client, certificate):
    """A shared proxy or a search engine must not keep the name the public check shows."""
    page = client.get(f"/verify/{certificate.token}")
    api = client.get(f"/api/v1/certificates/{certificate.serial}/verify?token={certificate.token}")
    for response in (page, api):
        assert response.headers["Cache-Control"] == "no-store"
        assert "noindex" in response.headers["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in page.get_data(as_text=True)


def test_verification_is_rate_limited(app, client, certificate):
    app.config["RATELIMIT_VERIFY"] = "3 per minute"
    api = f"/api/v1/certificates/{certificate.serial}/verify?token={certificate.token}"
    assert client.get(api).status_code == 200  # the page and the API share one budget
    for _ in range(2):
        assert client.get(f"/verify/{certificate.token}").status_code == 200
    limited = client.get(f"/verify/{certificate.token}")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert "quá nhiều lần" in limited.get_data(as_text=True)
    assert_error(client.get(api), 429, "too_many_requests")


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("hoc.vien", 200),
        ("nguoi.khac", 403),
        ("quan.ly.a", 200),
        ("quan.ly.b", 403),
        ("theo.doi", 200),
        ("quan.tri", 200),
    ],
)
def test_who_may_download(client, auth, certificate, username, status):
    auth.login(username)
    assert client.get(f"/certificates/{certificate.serial}.pdf").status_code == status


def test_api_download_and_listing(client, certificate):
    mine = token_for(client, "hoc.vien")
    listing = client.get("/api/v1/certificates", headers=bearer(mine)).json
    assert [c["serial"] for c in listing["items"]] == [certificate.serial]
    assert client.get(f"/api/v1/certificates/{certificate.serial}.pdf", headers=bearer(mine)).status_code == 200
    other = token_for(client, "nguoi.khac")
    assert_error(client.get(f"/api/v1/certificates/{certificate.serial}.pdf", headers=bearer(other)), 403, "forbidden")
    assert client.get("/api/v1/certificates", headers=bearer(other)).json["total"] == 0
    # The list is paged like every list: a page past the end is empty, the total stays.
    beyond = client.get("/api/v1/certificates?page=2&per_page=1", headers=bearer(mine)).json
    assert (beyond["items"], beyond["page"], beyond["per_page"], beyond["total"]) == ([], 2, 1, 1)


def test_submit_response_names_the_certificate(client, session, world):
    token = token_for(client, "hoc.vien")
    response = client.post(f"/api/v1/attempts/{world['attempt'].id}/submit", headers=bearer(token))
    body = response.json
    assert body["passed"] is True
    certificate = session.scalar(select(Certificate))
    assert body["certificate"]["serial"] == certificate.serial
    assert body["certificate"]["verify_url"].endswith(f"/verify/{certificate.token}")


def test_revoked_certificate_verifies_as_revoked(client, auth, session, certificate):
    auth.login("quan.tri")
    page = client.post(f"/certificates/manage/{certificate.id}", data={"reason": "Cấp nhầm người"})
    assert page.status_code == 302
    session.expire_all()
    assert session.get(Certificate, certificate.id).status == CertificateStatus.REVOKED
    assert "đã bị thu hồi" in client.get(f"/verify/{certificate.token}").get_data(as_text=True)
    body = client.get(f"/api/v1/certificates/{certificate.serial}/verify?token={certificate.token}").json
    assert (body["valid"], body["revoked"]) == (False, True)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "certificate.revoke"))
    assert event.details["reason"] == "Cấp nhầm người"


def test_revoke_needs_a_reason_and_an_admin(client, auth, session, certificate):
    auth.login("theo.doi")
    assert client.post(f"/certificates/manage/{certificate.id}", data={"reason": "Cấp nhầm người"}).status_code == 403
    auth.logout()
    auth.login("quan.tri")
    client.post(f"/certificates/manage/{certificate.id}", data={"reason": ""})
    session.expire_all()
    assert session.get(Certificate, certificate.id).status == CertificateStatus.VALID


def test_reissue_after_a_correction(client, auth, session, world, certificate):
    holder = world["holder"]
    holder.full_name = "Giàng Thị Mỷ Ỹ (đã sửa)"
    session.commit()
    auth.login("quan.tri")
    response = client.post(f"/certificates/manage/{certificate.id}/reissue")
    assert response.status_code == 302
    session.expire_all()
    old, new = session.scalars(select(Certificate).order_by(Certificate.id)).all()
    assert old.status == CertificateStatus.SUPERSEDED and old.replaced_by_id == new.id
    assert new.is_valid and new.holder_name == "Giàng Thị Mỷ Ỹ (đã sửa)" and new.serial != old.serial
    assert "đã được thay thế" in client.get(f"/verify/{old.token}").get_data(as_text=True)
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "certificate.reissue")) == 1


def png_bytes(size=(60, 40)) -> bytes:  # type: ignore[no-untyped-def]
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 0, 0, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


def post_settings(client, seal: bytes, name: str = "dau.png"):  # type: ignore[no-untyped-def]
    data = {
        "issuer_name": "Sở Nội vụ tỉnh Lai Châu",
        "place": "Lai Châu",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn A",
        "seal": FileStorage(io.BytesIO(seal), filename=name),
    }
    # Encode in memory: the test client would spool a body over 500 KB to a temporary file it never closes.
    boundary, body = encode_multipart(data)
    return client.post("/certificates/settings", data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize(
    ("seal", "message"),
    [
        (b"\x89PNG\r\n\x1a\nnot really", "bị hỏng"),
        (b"GIF89a" + b"0" * 100, "bị hỏng"),
        (b"0" * (1024 * 1024 + 10), "quá lớn"),
    ],
)
def test_corrupt_or_oversized_seal_is_refused(client, auth, certificate, seal, message):
    auth.login("quan.tri")
    response = post_settings(client, seal)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_seal_image_is_drawn(client, auth, certificate):
    auth.login("quan.tri")
    assert post_settings(client, png_bytes()).status_code == 302
    with_seal = client.get(f"/certificates/{certificate.serial}.pdf").data
    assert b"/Subtype /Image" in with_seal


def test_bulk_export_builds_a_zip_with_progress(app, client, auth, session, world, certificate):
    auth.login("quan.ly.a")
    response = client.post("/certificates/export", data={"unit_code": "xa-a"})
    assert response.status_code == 302
    job = session.scalar(select(ExportJob))
    # The request started a background thread; wait for it by running the same job function's result check.
    import time

    for _ in range(100):
        session.expire_all()
        if session.get(ExportJob, job.id).status in ("done", "failed"):
            break
        time.sleep(0.05)
    assert "Đã xong: 1 giấy chứng nhận" in client.get(response.location).get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(client.get(response.location + "/download").data))
    assert archive.namelist() == [f"{certificate.serial}.pdf"]
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "certificate.export")) == 1


def test_bulk_export_outside_scope_is_403(client, auth, certificate):
    auth.login("quan.ly.b")
    assert client.post("/certificates/export", data={"unit_code": "xa-a"}).status_code == 403


def test_run_job_directly_counts_progress(app, session, world, certificate):
    from lms.auth.models import User

    job = create_job(
        session, session.scalar(select(User).where(User.username == "theo.doi")), world["tree"].province, None
    )
    session.commit()
    run_job(app, job.id)
    session.expire_all()
    job = session.get(ExportJob, job.id)
    assert (job.status, job.total, job.done) == ("done", 1, 1)


def test_cli_export_writes_pdfs(app, tmp_path, certificate):
    result = app.test_cli_runner().invoke(args=["certificates", "export", "--unit", "tinh", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [f"{certificate.serial}.pdf"]


def test_my_certificates_page(client, auth, certificate):
    auth.login("hoc.vien")
    page = client.get("/certificates/").get_data(as_text=True)
    assert certificate.serial in page and "Còn hiệu lực" in page
    assert date.today().strftime("%d/%m/%Y") in page or certificate.issued_on.strftime("%d/%m/%Y") in page


def test_manager_lists_the_certificates_of_their_unit_and_downloads_are_logged(client, auth, session, certificate):
    auth.login("quan.ly.a")
    page = client.get("/certificates/unit/xa-a").get_data(as_text=True)
    assert certificate.serial in page
    assert client.get("/certificates/unit/xa-b").status_code == 403
    client.get(f"/certificates/{certificate.serial}.pdf")
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "certificate.download"))
    assert event.details == {"serial": certificate.serial}


def test_the_certificate_names_the_working_framework_honestly(session):
    from sqlalchemy import select

    from courses.models import Course
    from lms.certificates.services import _framework_label
    from lms.curriculum import sync_curriculum

    sync_curriculum(session)
    course = session.scalar(select(Course).where(Course.slug == "kns-co-ban"))
    label = _framework_label(course.framework)
    assert label == (
        "Khung năng lực số làm việc cho cán bộ, công chức, viên chức, xây dựng theo Quyết định 757/QĐ-BKHCN, "
        "phiên bản 1.0"
    )
    assert "bản làm việc" not in label and "bản làm việc" not in course.summary


def embedded_font_problems(data: bytes) -> list[str]:
    """What `pdffonts` would list as not embedded: every font the pages use must carry its file."""
    problems = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for name, ref in (page["/Resources"].get("/Font") or {}).items():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"{name} {font.get('/BaseFont')}")
    return problems


def test_the_certificate_uses_only_embedded_fonts(certificate):
    assert embedded_font_problems(render_certificate_pdf(certificate, "https://x/verify/t")) == []


def test_the_header_follows_nd_30_and_the_holder_is_addressed_by_gender(session, certificate):
    certificate.issuer_header = "UBND TỈNH LAI CHÂU\nSỞ NỘI VỤ"
    certificate.signer_name = "Nguyễn Văn Mẫu"
    certificate.holder_gender = "nu"
    text = pdf_text(render_certificate_pdf(certificate, "https://x/verify/t"))
    assert "UBND TỈNH LAI CHÂU" in text and "SỞ NỘI VỤ" in text
    assert "Cấp cho bà" in text and "ông/bà" not in text
    assert "Nguyễn Văn Mẫu" in text
    certificate.holder_gender = None
    assert "Cấp cho ông/bà" in pdf_text(render_certificate_pdf(certificate, "https://x/verify/t"))


def test_a_revoked_certificate_downloads_with_a_stamp_naming_date_and_reason(client, auth, session, certificate):
    auth.login("quan.tri")
    client.post(f"/certificates/manage/{certificate.id}", data={"reason": "Cấp nhầm người"})
    auth.logout()
    auth.login("hoc.vien")
    response = client.get(f"/certificates/{certificate.serial}.pdf")
    text = pdf_text(response.data)
    assert "ĐÃ THU HỒI" in text and "Lý do: Cấp nhầm người" in text and "Ngày thu hồi:" in text


def test_wrapping_never_leaves_one_word_alone():
    from lms.certificates.pdf import BOLD, ITALIC, balanced_lines, register_fonts

    register_fonts()
    subtitle = "Hoàn thành chương trình bồi dưỡng kiến thức, kỹ năng số cơ bản"
    for width in range(300, 700, 10):
        lines = balanced_lines(subtitle, ITALIC, 15, width)
        assert len(lines) == 1 or all(len(line.split()) > 1 for line in lines), (width, lines)
    assert len(balanced_lines("Giàng Thị Mỷ Ỹ", BOLD, 24, 660)) == 1
