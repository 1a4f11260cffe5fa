"""A tiny OpenAI-compatible chat-completions server on 127.0.0.1 for tests (no network)."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class StubModel:
    url: str
    #: "ok", "error" (HTTP 500), "slow" (answers after `delay` seconds) or "garbage" (not JSON).
    mode: str = "ok"
    delay: float = 1.5
    answer: str = "Chữ ký số được tạo bằng cặp khóa do tổ chức có thẩm quyền cấp [1]. Xem thêm [2]."
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


@contextmanager
def stub_model() -> Iterator[StubModel]:
    state = StubModel(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 — http.server's naming
            length = int(self.headers.get("Content-Length", 0))
            state.requests.append(json.loads(self.rfile.read(length)))
            state.headers.append(dict(self.headers))
            if state.mode == "slow":
                time.sleep(state.delay)
            if state.mode == "error":
                self.send_response(500)
                self.end_headers()
                return
            body = (
                b"not json"
                if state.mode == "garbage"
                else json.dumps({"choices": [{"message": {"role": "assistant", "content": state.answer}}]}).encode()
            )
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — http.server's signature
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/v1/chat/completions"
    try:
        yield state
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
