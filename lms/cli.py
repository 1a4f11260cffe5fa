"""Flask commands: `flask --app app seed-demo`, `create-admin`."""

import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from lms.auth.models import Role, RoleAssignment, User
from lms.auth.passwords import hash_password
from lms.demo import DEMO_ACCOUNTS, seed_demo
from lms.extensions import db
from lms.text import clean


def register_cli(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(content_group)
    app.cli.add_command(import_questions_command)
    app.cli.add_command(certificates_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(import_users_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(bank_group)
    app.cli.add_command(attempts_group)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create Lai Châu's units, ~2 500 demo officials and the demo accounts (idempotent)."""
    config = current_app.config
    report = seed_demo(db.session, config["DEMO_PASSWORD"], config["PASSWORD_HASH_METHOD"], config["ORG_NAME"])
    db.session.commit()
    click.echo(
        f"Đơn vị mới: {report.units_created}. Cán bộ mới: {report.people_created}. "
        f"Ghi danh mới vào khóa học có sẵn: {report.enrolled}. "
        f"Người có tiến độ học (dữ liệu mẫu): {report.with_progress}."
    )
    if report.accounts_created:
        click.echo("Tài khoản demo (phải đổi mật khẩu ở lần đăng nhập đầu):")
        for username in report.accounts_created:
            click.echo(f"  {username:14} mật khẩu: {report.password}")
    else:
        names = ", ".join(a.username for a in DEMO_ACCOUNTS)
        click.echo(f"Tài khoản demo đã có ({names}); mật khẩu không thay đổi.")


@click.command("create-admin")
@with_appcontext
@click.argument("username")
@click.option("--full-name", default="Quản trị hệ thống", help="Họ và tên hiển thị.")
def create_admin_command(username: str, full_name: str) -> None:
    """Create an admin account with a one-time password that must be changed at first sign-in."""
    username = clean(username).lower()
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise click.ClickException(f"Tên đăng nhập “{username}” đã tồn tại.")
    password = "Tam-" + secrets.token_urlsafe(12)
    user = User(
        username=username,
        full_name=clean(full_name),
        password_hash=hash_password(password, current_app.config["PASSWORD_HASH_METHOD"]),
        must_change_password=True,
    )
    user.role_assignments.append(RoleAssignment(role=Role.ADMIN))
    db.session.add(user)
    db.session.commit()
    click.echo(f"Đã tạo quản trị viên {username}. Mật khẩu tạm (chỉ hiện một lần): {password}")


@click.group("content")
def content_group() -> None:
    """Manage the shipped curriculum."""


@content_group.command("sync")
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Thư mục nội dung khác.")
@with_appcontext
def content_sync_command(path: Path | None) -> None:
    """Load courses/content into the database; idempotent, keeps learner progress."""
    from courses.content_files import CONTENT_ROOT, ContentError
    from lms.curriculum import sync_curriculum

    try:
        result = sync_curriculum(db.session, path or CONTENT_ROOT)
    except ContentError as error:
        db.session.rollback()
        click.echo("Nội dung có lỗi, chưa thay đổi gì trong cơ sở dữ liệu:", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from error
    db.session.commit()
    report, banks = result.content, result.banks
    created, updated = report.created, report.updated
    click.echo(
        f"Khóa học: {len(report.courses)}. Mới tạo: {created['course']} khóa, {created['module']} học phần, "
        f"{created['lesson']} bài. Cập nhật: {updated['course']} khóa, {updated['module']} học phần, "
        f"{updated['lesson']} bài. Ngừng dùng: {report.retired}. "
        f"Câu hỏi mới: {banks.created}, cập nhật: {banks.updated}, ngừng dùng: {banks.retired}. "
        f"Bài kiểm tra mới: {banks.quizzes_created}, theo lại đề cương: {banks.quizzes_updated}."
    )
    if result.warnings:
        click.echo(f"Cần xem lại ({len(result.warnings)}):", err=True)
        for warning in result.warnings:
            click.echo(f"  {warning}", err=True)


@click.group("attempts")
def attempts_group() -> None:
    """Quiz attempts: grade those whose learner never came back."""


@attempts_group.command("close-expired")
@click.option("--every", type=click.IntRange(min=5), help="Lặp lại sau mỗi chừng này giây (không có: chạy một lần).")
@with_appcontext
def close_expired_command(every: int | None) -> None:
    """Grade every open attempt past its deadline (plus LMS_ATTEMPT_GRACE_SECONDS), so reports count it."""
    import logging
    import time
    from datetime import timedelta

    from lms.models import now_utc
    from quizzes.services import close_expired_attempt, expired_attempt_ids

    grace = timedelta(seconds=current_app.config["ATTEMPT_GRACE_SECONDS"])
    while True:
        closed = 0
        for attempt_id in expired_attempt_ids(db.session, now_utc(), grace):
            try:
                closed += close_expired_attempt(db.session, attempt_id, now_utc()) is not None
                db.session.commit()  # one attempt at a time: a failure leaves the others to the next pass
            except Exception:
                db.session.rollback()
                logging.getLogger(__name__).exception("could not grade expired attempt %s", attempt_id)
        if closed or every is None:
            click.echo(f"Đã chấm {closed} lượt làm bài quá hạn.")
        if every is None:
            return
        db.session.remove()
        time.sleep(every)


@click.group("bank")
def bank_group() -> None:
    """The shipped question banks: lint them, measure test-wiseness."""


@bank_group.command("lint")
def bank_lint_command() -> None:
    """Check the shipped banks against the item-writing rules and the blueprint (exit 1 on any error)."""
    from quizzes.lint import lint_shipped, report

    findings, problems = lint_shipped()
    raise SystemExit(report(findings, problems))


@bank_group.command("simulate")
@click.option("--people", default=2000, show_default=True, help="Số người đoán mò được mô phỏng cho mỗi cách đoán.")
@click.option("--seed", default=2026, show_default=True, help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng kết quả).")
def bank_simulate_command(people: int, seed: int) -> None:
    """Score zero-knowledge test-wise guessers on final forms drawn exactly as the server draws them."""
    from quizzes.blueprint import load_blueprint
    from quizzes.testwise import run, table

    click.echo(table(run(people, seed), load_blueprint(), people))


@click.command("import-questions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bank", required=True, help="Tên ngân hàng câu hỏi (tạo mới nếu chưa có).")
@click.option("--format", "fmt", type=click.Choice(["gift", "aiken", "csv", "xlsx"]), help="Mặc định: tự nhận ra.")
@click.option("--area", help="Gắn mọi câu hỏi vào lĩnh vực này (CDS, TB, …).")
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra tệp, không ghi gì.")
@with_appcontext
def import_questions_command(file: Path, bank: str, fmt: str | None, area: str | None, dry_run: bool) -> None:
    """Import a GIFT, Aiken, CSV or XLSX question file into a bank (all or nothing)."""
    from lms.errors import LMSError
    from quizzes.bank import get_or_create_bank, import_questions, parse_file

    try:
        parsed = parse_file(file.read_bytes(), file.name, fmt)
        target = get_or_create_bank(db.session, bank, None)
        report = import_questions(db.session, target, parsed, dry_run=dry_run, area=area)
    except LMSError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    for problem in report.errors:
        click.echo(f"  dòng {problem.line}: {problem.message}", err=True)
    if report.errors or dry_run:
        db.session.rollback()
        verdict = "Tệp có lỗi, không nhập câu nào." if report.errors else "Kiểm tra xong, tệp hợp lệ."
        click.echo(f"{verdict} Câu hỏi đọc được: {report.imported + report.skipped}.")
        if report.errors:
            raise SystemExit(1)
        return
    db.session.commit()
    click.echo(f"Đã nhập {report.imported} câu hỏi vào ngân hàng “{target.name}”.")


@click.group("certificates")
def certificates_group() -> None:
    """Certificates: bulk export."""


@certificates_group.command("export")
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị (gồm cả đơn vị trực thuộc).")
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Thư mục ghi tệp PDF."
)
@with_appcontext
def certificates_export_command(unit_code: str, out: Path) -> None:
    """Write every valid certificate of a unit subtree to OUT as <serial>.pdf."""
    from lms.audit import record
    from lms.certificates.export import write_files
    from lms.org.queries import get_unit_by_code

    unit = get_unit_by_code(db.session, unit_code.strip().lower())
    if unit is None:
        raise click.ClickException(f"Không có đơn vị mã “{unit_code}”.")
    count = write_files(db.session, unit, current_app.config["PUBLIC_URL"], out)
    record(db.session, None, "certificate.export", unit, None, unit=unit.code, via="cli", files=count)
    db.session.commit()
    click.echo(f"Đã ghi {count} giấy chứng nhận vào {out}.")


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Write a consistent backup of the database to OUT while the app keeps running."""
    from lms.admin.backup import backup
    from lms.errors import LMSError

    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], out)
    except LMSError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Đã sao lưu vào {out} ({out.stat().st_size:,} byte).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Xác nhận ghi đè toàn bộ dữ liệu hiện có.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database's content with the backup SOURCE (stop the app first)."""
    from lms.admin.backup import restore
    from lms.errors import LMSError

    if not yes:
        raise click.ClickException("Khôi phục sẽ ghi đè toàn bộ dữ liệu. Chạy lại với --yes để xác nhận.")
    db.session.remove()
    db.engine.dispose()  # no connection may hold the database while it is replaced
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except LMSError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Đã khôi phục từ {source}.")


@click.command("import-users")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra tệp, không ghi gì.")
@click.option("--partial", is_flag=True, help="Nhập các dòng đúng, bỏ qua dòng lỗi.")
@click.option(
    "--deactivate-missing", is_flag=True, help="Khóa người không còn trong danh sách các đơn vị có trong tệp."
)
@with_appcontext
def import_users_command(file: Path, dry_run: bool, partial: bool, deactivate_missing: bool) -> None:
    """Import the staff roster from a CSV or XLSX file (all or nothing unless --partial)."""
    from lms.admin.importing import import_roster
    from lms.admin.roster import parse_roster

    roster = parse_roster(file.read_bytes(), file.name)
    result = import_roster(
        db.session, roster, None, dry_run=dry_run, partial=partial, deactivate_missing=deactivate_missing
    )
    for problem in result.errors:
        column = f" [{problem.field}]" if problem.field else ""
        click.echo(f"  dòng {problem.row}{column}: {problem.message}", err=True)
    summary = (
        f"Mới: {result.created}, cập nhật: {result.updated}, không đổi: {result.unchanged}, "
        f"khóa: {result.deactivated}, ghi danh: {result.enrolled}, dòng lỗi: {len({p.row for p in result.errors})}."
    )
    if not result.written:
        db.session.rollback()
        verdict = "Kiểm tra xong." if dry_run else "Tệp có lỗi, không ghi gì."
        click.echo(f"{verdict} {summary}")
        if result.errors and not dry_run:
            raise SystemExit(1)
        return
    db.session.commit()
    click.echo(f"Đã nhập. {summary}")
