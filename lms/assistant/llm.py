"""An optional language model behind an OpenAI-compatible chat-completions URL (standard library only).

Only the learner's question and the retrieved course passages are sent: never a name, unit or any other
personal data. Any failure raises ModelUnavailable and the caller shows the passages instead.
"""

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

SYSTEM_PROMPT = (
    "Bạn là trợ lý học tập của khóa bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã. "
    "Chỉ trả lời dựa trên các đoạn trích được đánh số [1], [2]… từ bài học. "
    "Trả lời ngắn gọn, dễ hiểu, bằng tiếng Việt, tối đa 5 câu; sau mỗi ý ghi nguồn dạng [1] hoặc [2]. "
    "Nếu các đoạn trích không chứa câu trả lời, hãy nói: "
    "“Nội dung khóa học chưa có câu trả lời cho câu hỏi này.” Không bịa thêm thông tin."
)
MAX_ANSWER_CHARS = 2000


class ModelUnavailable(Exception):
    """The model did not answer usefully (not configured right, timed out, failed or said nothing)."""


@dataclass(frozen=True)
class ModelSettings:
    url: str | None = None
    model: str = ""
    key: str | None = None
    timeout: float = 8.0
    #: Questions per person per hour sent to the model (beyond them the passages are shown).
    per_hour: int = 30

    @property
    def enabled(self) -> bool:
        return bool(self.url)


def settings_from(config: Any) -> ModelSettings:
    """Read the LMS_ASSISTANT_* settings from the app configuration."""
    return ModelSettings(
        url=config.get("ASSISTANT_LLM_URL") or None,
        model=config.get("ASSISTANT_LLM_MODEL") or "",
        key=config.get("ASSISTANT_LLM_KEY") or None,
        timeout=float(config.get("ASSISTANT_LLM_TIMEOUT") or 8),
        per_hour=int(config.get("ASSISTANT_LLM_PER_HOUR") or 30),
    )


def build_messages(question: str, sources: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    """The chat messages: the rules, then the question with the numbered passages (lesson, heading, text)."""
    blocks = [
        f"[{number}] Bài “{lesson}” — {heading}\n{text}" for number, (lesson, heading, text) in enumerate(sources, 1)
    ]
    user = f"Câu hỏi của học viên: {question}\n\nĐoạn trích từ bài học:\n\n" + "\n\n".join(blocks)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def ask_model(settings: ModelSettings, question: str, sources: list[tuple[str, str, str]]) -> str:
    """Return the model's short answer grounded in the sources; raise ModelUnavailable on any failure."""
    if not settings.url or not settings.url.startswith(("http://", "https://")):
        raise ModelUnavailable("no http(s) URL configured")
    body = {
        "model": settings.model,
        "messages": build_messages(question, sources),
        "temperature": 0.2,
        "max_tokens": 400,
        "stream": False,
    }
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.key:
        headers["Authorization"] = f"Bearer {settings.key}"
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked above (http/https only)
        settings.url, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:  # noqa: S310 — checked above
            data = json.loads(response.read(200_000).decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (
        OSError,
        http.client.HTTPException,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        urllib.error.URLError,
    ) as error:
        raise ModelUnavailable(str(error)) from error
    if not isinstance(content, str) or not content.strip():
        raise ModelUnavailable("empty answer")
    return content.strip()[:MAX_ANSWER_CHARS]
