"""`flask import-questions FILE --bank NAME`."""

from sqlalchemy import func, select

from quizzes.models import Question, QuestionBank
from tests.quizzes.helpers import GIFT


def test_import_questions_command(app, session, tmp_path):
    good = tmp_path / "tot.gift"
    good.write_text(GIFT, encoding="utf-8")
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["import-questions", str(good), "--bank", "CLI", "--dry-run"])
    assert dry.exit_code == 0 and "tệp hợp lệ" in dry.output
    assert session.scalar(select(func.count(Question.id))) == 0
    result = runner.invoke(args=["import-questions", str(good), "--bank", "CLI"])
    assert result.exit_code == 0, result.output
    assert "Đã nhập 4 câu hỏi" in result.output
    assert session.scalar(select(QuestionBank.name)) == "CLI"


def test_import_questions_command_reports_lines_and_writes_nothing(app, session, tmp_path):
    bad = tmp_path / "loi.gift"
    bad.write_text("Câu tốt {=a ~b}\n\nCâu lỗi {=a ~b\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-questions", str(bad), "--bank", "CLI"])
    assert result.exit_code == 1
    assert "dòng 3" in result.output
    assert session.scalar(select(func.count(Question.id))) == 0
    assert session.scalar(select(func.count(QuestionBank.id))) == 0
