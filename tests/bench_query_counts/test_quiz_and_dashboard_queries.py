"""The attempt pages run the same number of SQL statements however many questions the quiz has (no N+1).

Start, the attempt page, one autosave and the submit of a final assessment are measured for a quiz of 4 and one of
16 questions; the counts must be equal and small. (The dashboard's own count test is tests/reports/test_stats.py.)
"""

import re

from courses.models import EnrolmentSource
from courses.services import enrol
from quizzes.models import QuizKind
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz


def build(session, tree: Tree, size: int) -> int:  # type: ignore[no-untyped-def]
    """A course whose final assessment has `size` fixed questions; the learner is enrolled. Returns the quiz id."""
    learner = make_user(session, f"hoc.vien.{size}", unit=tree.commune_a)
    course = make_course(session, title=f"Khóa {size} câu", modules=1, lessons=1)
    questions = []
    for n in range(size // 4):
        questions += make_questions(session, area=["AT", "CDS", "TT", "GT"][n % 4])
    quiz = make_quiz(session, course, questions, kind=QuizKind.FINAL, time_limit_s=1800)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    session.commit()
    return quiz.id


def flow_counts(client, auth, count_queries, username: str, quiz_id: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    auth.login(username)
    counts = {}
    with count_queries() as seen:
        response = client.post(f"/quizzes/{quiz_id}/start")
    assert response.status_code == 302
    counts["start"] = len(seen)
    with count_queries() as seen:
        page = client.get(response.location).get_data(as_text=True)
    counts["attempt page"] = len(seen)
    attempt_id = re.search(r'data-attempt="(\d+)"', page).group(1)  # type: ignore[union-attr]
    question_id, kind = re.findall(r'data-question="(\d+)" data-type="(\w+)"', page)[0]
    block = page.split(f'data-question="{question_id}"', 1)[1]
    body = (
        {"text": "OTP"} if kind == "short_text" else {"option_ids": [int(re.search(r'value="(\d+)"', block).group(1))]}  # type: ignore[union-attr]
    )
    with count_queries() as seen:
        saved = client.post(f"/quizzes/attempts/{attempt_id}/answers/{question_id}", json=body)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    counts["autosave"] = len(seen)
    with count_queries() as seen:
        submitted = client.post(f"/quizzes/attempts/{attempt_id}/submit")
    assert submitted.status_code == 302
    counts["submit"] = len(seen)
    auth.logout()
    return counts


def test_attempt_statements_do_not_grow_with_the_number_of_questions(client, auth, session, count_queries):
    tree = Tree(session)
    small_quiz = build(session, tree, 4)
    big_quiz = build(session, tree, 16)
    small = flow_counts(client, auth, count_queries, "hoc.vien.4", small_quiz)
    big = flow_counts(client, auth, count_queries, "hoc.vien.16", big_quiz)
    assert small == big, f"4 questions: {small}; 16 questions: {big}"
    assert big["autosave"] <= 8, big
    assert max(big.values()) <= 40, big
