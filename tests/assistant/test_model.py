"""With a language model configured: a short answer citing the retrieved lessons, or the passages on failure."""

from datetime import UTC, datetime, timedelta

import pytest

from lms.assistant import services
from lms.assistant.llm import ModelSettings
from tests.assistant.stub_model import stub_model
from tests.factories import PASSWORD

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
QUESTION = "cách tạo chữ ký số"


@pytest.fixture
def model():  # type: ignore[no-untyped-def]
    with stub_model() as stub:
        yield stub


def settings(model, **kw) -> ModelSettings:  # type: ignore[no-untyped-def]
    return ModelSettings(url=model.url, model="thu-nghiem", key="khoa-bi-mat", timeout=kw.pop("timeout", 3), **kw)


def test_the_answer_cites_the_retrieved_lessons(session, learner, model):
    reply = services.ask(session, learner, QUESTION, NOW, settings(model))
    assert reply.model == services.ModelStatus.USED
    assert reply.answer == model.answer
    assert reply.cited == [1, 2]
    cited = [reply.sources[n - 1].lesson_title for n in reply.cited]
    assert "Chữ ký số trên văn bản điện tử" in cited
    # The model got the question and the numbered passages, and nothing about the person.
    sent = model.requests[0]
    assert sent["model"] == "thu-nghiem"
    prompt = sent["messages"][-1]["content"]
    assert QUESTION in prompt and "[1] Bài “" in prompt and "[2] Bài “" in prompt
    everything = str(sent) + str(model.headers[0])
    for personal in (learner.full_name, learner.username, "1990-01-02", "02/01/1990"):
        assert personal not in everything
    assert model.headers[0]["Authorization"] == "Bearer khoa-bi-mat"


@pytest.mark.parametrize("mode", ["error", "slow", "garbage"])
def test_falls_back_to_the_passages_when_the_model_fails(session, learner, model, mode):
    model.mode = mode
    reply = services.ask(session, learner, QUESTION, NOW, settings(model, timeout=0.5))
    assert reply.model == services.ModelStatus.UNAVAILABLE
    assert reply.answer is None
    assert reply.sources and reply.reason is None


def test_an_unreachable_model_falls_back_too(session, learner):
    unreachable = ModelSettings(url="http://127.0.0.1:9/v1/chat/completions", timeout=0.5)
    reply = services.ask(session, learner, QUESTION, NOW, unreachable)
    assert reply.model == services.ModelStatus.UNAVAILABLE and reply.sources


def test_off_topic_and_refused_questions_never_reach_the_model(session, learner, model):
    reply = services.ask(session, learner, "giá vàng hôm nay bao nhiêu", NOW, settings(model))
    assert reply.reason == services.Reason.NO_ANSWER and reply.model == services.ModelStatus.SKIPPED
    assert model.requests == []


def test_questions_to_the_model_are_rate_limited_per_person(session, learner, model):
    limited = settings(model, per_hour=2)
    for _ in range(2):
        assert services.ask(session, learner, QUESTION, NOW, limited).model == services.ModelStatus.USED
    reply = services.ask(session, learner, QUESTION, NOW, limited)
    assert reply.model == services.ModelStatus.RATE_LIMITED and reply.sources and reply.answer is None
    assert len(model.requests) == 2
    later = services.ask(session, learner, QUESTION, NOW + timedelta(hours=1, seconds=1), limited)
    assert later.model == services.ModelStatus.USED


def test_the_page_links_each_citation_to_its_lesson(app_factory, session, learner, model):
    app = app_factory(ASSISTANT_LLM_URL=model.url, ASSISTANT_LLM_MODEL="thu-nghiem")
    client = app.test_client()
    client.post("/auth/login", data={"username": "hoc.vien", "password": PASSWORD})
    page = client.get("/tro-ly/", query_string={"q": QUESTION}).get_data(as_text=True)
    assert "assistant-answer-label" in page
    assert 'title="Chữ ký số trên văn bản điện tử">[1]</a>' in page
    model.mode = "error"
    page = client.get("/tro-ly/", query_string={"q": QUESTION}).get_data(as_text=True)
    assert "assistant-answer-label" not in page
    assert "Trợ lý chưa soạn được câu trả lời lúc này" in page
    assert "Chữ ký số trên văn bản điện tử" in page
