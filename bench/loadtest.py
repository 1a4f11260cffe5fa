"""Load test of the exam rush: N learners at once, each doing the real flow against gunicorn, for a fixed time.

Flow per learner (one bench account per flow, the next one when it is done): sign in (GET form + POST) → course
page → a lesson → start the final assessment (POST + the attempt page) → save 30 answers one by one (autosave,
JSON) → submit. Every acknowledged answer is checked in the database afterwards (0 lost answers).

The database must hold bench data (bench/generate.py); the bench learners' attempts are reset before every run, so
runs can be repeated. `--target floor` runs the same client against bench/floor.py (a bare Flask app doing the
same database writes) with the same gunicorn settings.

Run (bounded, loopback only, stops by itself):
    .venv/bin/python -m bench.loadtest --database-url postgresql://postgres@127.0.0.1:5432/lms_bench_province \
        --users 200 --duration 60
The generator runs on the same machine; its own CPU time, the server's and the database's are measured and reported.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import multiprocessing
import os
import platform
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import PASSWORD, normalise  # noqa: E402

PYTHON = sys.executable
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KINDS = ("login", "page", "start", "save", "submit")

try:
    import brotli

    ACCEPT_ENCODING = "gzip, deflate, br"  # what a phone's browser sends
except ImportError:  # pragma: no cover
    brotli = None
    ACCEPT_ENCODING = "gzip"


# --- a small keep-alive HTTP client (cheaper than httpx, so the generator steals less CPU) -----------


class Browser:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}
        self.reconnects = 0

    def close(self) -> None:
        self.conn.close()

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, body_json: Any = None, csrf: str = ""
    ) -> tuple[int, http.client.HTTPResponse, str]:
        headers = {"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": "kns-bench/1.0 (Android)"}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body_json is not None:
            body = json.dumps(body_json).encode()
            headers["Content-Type"] = "application/json"
            headers["Accept"] = "application/json"
        if csrf:
            headers["X-CSRFToken"] = csrf
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for retry in range(2):
            try:
                self.conn.request(method, path, body, headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # the server closed an idle keep-alive connection before we sent: reconnect once
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                self.reconnects += 1
                if retry:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            cookie = rest.split(";", 1)[0]
            if not cookie or "expires=thu, 01 jan 1970" in value.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = cookie
        encoding = response.getheader("Content-Encoding")
        if encoding == "gzip":
            data = gzip.decompress(data)
        elif encoding == "br" and brotli is not None:
            data = brotli.decompress(data)
        return response.status, response, data.decode("utf-8", "replace")


# --- one generator process -------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: list[tuple[float, str, float]] = []  # (started at, kind, ms)
        self.flows: list[float] = []  # finish times
        self.errors: list[str] = []
        self.acked: dict[tuple[int, int], Any] = {}
        self.reconnects = 0

    def add(self, kind: str, started: float) -> None:
        ms = (time.time() - started) * 1000
        with self.lock:
            self.samples.append((started, kind, ms))


def learner(slot: int, cfg: dict[str, Any], rec: Recorder) -> None:
    rng = random.Random(slot)
    time.sleep(cfg["ramp"] * slot / max(1, cfg["users"]))
    think = cfg["think"]
    account = slot
    while time.time() < cfg["end"]:
        if account >= cfg["pool"]:
            with rec.lock:
                rec.errors.append(f"slot {slot}: bench accounts used up (pool {cfg['pool']})")
            return
        browser = Browser(cfg["port"])
        try:
            one_flow(browser, cfg, rec, rng, account, think)
        except Exception as error:  # noqa: BLE001 — every failure is counted and reported
            if time.time() < cfg["end"]:
                with rec.lock:
                    rec.errors.append(f"bench.{account:05d}: {type(error).__name__}: {error}"[:300])
        finally:
            rec.reconnects += browser.reconnects
            browser.close()
        account += cfg["users"]


class Stop(Exception):
    pass


def one_flow(b: Browser, cfg: dict[str, Any], rec: Recorder, rng: random.Random, account: int, think: float) -> None:
    def check_time() -> None:
        if time.time() >= cfg["end"]:
            raise Stop

    def pause() -> None:
        if think:
            time.sleep(rng.uniform(0.5, 1.5) * think)
        check_time()

    course_id, final_id = cfg["course_id"], cfg["final_id"]
    t = time.time()
    status, _, page = b.request("GET", "/auth/login")
    assert status == 200, f"login form {status}"
    token = CSRF.search(page).group(1)  # type: ignore[union-attr]
    status, _, _ = b.request(
        "POST", "/auth/login", form={"username": f"bench.{account:05d}", "password": PASSWORD, "csrf_token": token}
    )
    assert status == 302, f"login {status}"
    rec.add("login", t)
    pause()
    t = time.time()
    status, _, course = b.request("GET", f"/courses/{course_id}")
    assert status == 200, f"course page {status}"
    rec.add("page", t)
    lesson = re.search(rf'href="(/courses/{course_id}/lessons/\d+)"', course).group(1)  # type: ignore[union-attr]
    pause()
    t = time.time()
    status, _, _ = b.request("GET", lesson)
    assert status == 200, f"lesson page {status}"
    rec.add("page", t)
    token = CSRF.search(course).group(1)  # type: ignore[union-attr]
    pause()
    t = time.time()
    status, response, _ = b.request("POST", f"/quizzes/{final_id}/start", form={"csrf_token": token})
    assert status == 302, f"start {status}"
    location = urlsplit(response.getheader("Location") or "").path
    status, _, attempt = b.request("GET", location)
    assert status == 200, f"attempt page {status}"
    rec.add("start", t)
    attempt_id = int(re.search(r'data-attempt="(\d+)"', attempt).group(1))  # type: ignore[union-attr]
    token = CSRF.search(attempt).group(1)  # type: ignore[union-attr]
    questions = re.findall(r'data-question="(\d+)" data-type="(\w+)"', attempt)
    assert questions, "no questions on the attempt page"
    for question_id, kind in questions:
        pause()
        if kind == "short_text":
            body: dict[str, Any] = {"text": "mật khẩu"}
        else:
            block = attempt.split(f'data-question="{question_id}"', 1)[1]
            options = re.findall(r'name="q\d+" value="(\d+)"', block.split("</fieldset>", 1)[0])
            body = {"option_ids": [int(rng.choice(options))]}
        t = time.time()
        status, _, _ = b.request(
            "POST", f"/quizzes/attempts/{attempt_id}/answers/{question_id}", body_json=body, csrf=token
        )
        assert status == 200, f"save {status}"
        rec.add("save", t)
        with rec.lock:
            rec.acked[(attempt_id, int(question_id))] = body
    pause()
    t = time.time()
    status, _, _ = b.request("POST", f"/quizzes/attempts/{attempt_id}/submit", form={"csrf_token": token})
    assert status == 302, f"submit {status}"
    rec.add("submit", t)
    with rec.lock:
        rec.flows.append(time.time())


def generator_process(slots: list[int], cfg: dict[str, Any], queue: Any) -> None:
    rec = Recorder()
    before = resource.getrusage(resource.RUSAGE_SELF)
    threads = [threading.Thread(target=_safe, args=(learner, slot, cfg, rec), daemon=True) for slot in slots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, cfg["end"] - time.time() + 150))
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    queue.put(
        {
            "samples": rec.samples,
            "flows": rec.flows,
            "errors": rec.errors,
            "acked": list(rec.acked.items()),
            "reconnects": rec.reconnects,
            "cpu_s": cpu,
            "stuck_threads": sum(t.is_alive() for t in threads),
        }
    )


def _safe(fn, *args):  # type: ignore[no-untyped-def]
    with contextlib.suppress(Stop):
        fn(*args)


# --- CPU accounting from /proc ------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int) -> tuple[float, str, int]:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0, "", 0
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICK, name, int(fields[1])


def cpu_snapshot(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the server (gunicorn master + workers), PostgreSQL, and the whole machine."""
    server = database = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        seconds, name, ppid = _proc_cpu(pid)
        if pid == server_pid or ppid == server_pid:
            server += seconds
        elif name == "postgres":
            database += seconds
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    busy = (sum(values) - values[3] - values[4]) / TICK
    return {"server": server, "database": database, "machine_busy": busy, "wall": time.time()}


# --- preparing and checking the database ----------------------------------------------------------

BENCH_USERS = "SELECT id FROM users WHERE username LIKE 'bench.%' AND username <> 'bench.monitor'"


def reset_bench_learners(url: str) -> dict[str, int]:
    """Remove the bench learners' attempts, answers and progress, so accounts can be used again."""
    from sqlalchemy import create_engine, text

    engine = create_engine(normalise(url))
    with engine.begin() as conn:
        attempts = f"SELECT id FROM attempts WHERE user_id IN ({BENCH_USERS})"
        for sql in (
            f"DELETE FROM certificates WHERE user_id IN ({BENCH_USERS})",
            f"DELETE FROM confirmations WHERE user_id IN ({BENCH_USERS})",
            f"DELETE FROM attempt_answers WHERE attempt_id IN ({attempts})",
            f"DELETE FROM attempts WHERE user_id IN ({BENCH_USERS})",
            f"DELETE FROM lesson_completions WHERE user_id IN ({BENCH_USERS})",
            "UPDATE enrolments SET items_done = 0, progress_percent = 0, started_at = NULL, completed_at = NULL, "
            "lessons_completed_at = NULL, last_activity_at = NULL, assessed_at = NULL, best_percent = NULL, "
            f"passed_at = NULL, area_scores = NULL WHERE user_id IN ({BENCH_USERS})",
            "DELETE FROM login_throttles",
        ):
            conn.execute(text(sql))
        pool = conn.execute(text(f"SELECT COUNT(*) FROM ({BENCH_USERS}) AS b")).scalar_one()
        course_id, final_id = conn.execute(
            text(
                "SELECT c.id, q.id FROM courses c JOIN quizzes q ON q.course_id = c.id "
                "WHERE c.slug = 'kns-co-ban' AND q.kind = 'final'"
            )
        ).one()
    engine.dispose()
    return {"pool": int(pool), "course_id": course_id, "final_id": final_id}


def stored_answers(url: str) -> dict[tuple[int, int], Any]:
    from sqlalchemy import create_engine, text

    engine = create_engine(normalise(url))
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT attempt_id, question_id, answer FROM attempt_answers WHERE attempt_id IN "
                f"(SELECT id FROM attempts WHERE user_id IN ({BENCH_USERS}))"
            )
        ).all()
    engine.dispose()
    return {(a, q): (json.loads(v) if isinstance(v, str) else v) for a, q, v in rows}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))], 1)

    return {"n": len(ordered), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 1)}


def start_server(url: str, target: str, workers: int, threads: int, log_path: Path) -> tuple[subprocess.Popen, int]:  # type: ignore[type-arg]
    port = free_port()
    env = {**os.environ, "LMS_DATABASE_URL": url, "LMS_ENV": "production", "LMS_SECRET_KEY": "bench-" + "x" * 32,
           "LMS_SESSION_COOKIE_SECURE": "0", "LMS_LOG_LEVEL": "INFO",
           # every bench learner signs in from 127.0.0.1; real learners come from many addresses
           "LMS_RATELIMIT_SIGN_IN": "100000 per minute"}  # fmt: skip
    module = "app:app" if target == "app" else "bench.floor:app"
    log = log_path.open("w")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--keep-alive", "10", "--log-level", "warning",
         module],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return server, port
        except OSError:
            time.sleep(0.1)
        if server.poll() is not None:
            break
    server.kill()
    raise RuntimeError(f"gunicorn did not start; see {log_path}:\n{log_path.read_text()[-2000:]}")


def stop_server(server: subprocess.Popen) -> None:  # type: ignore[type-arg]
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run(
    url: str,
    users: int,
    duration: float,
    *,
    target: str = "app",
    workers: int = 4,
    threads: int = 8,
    think: float = 0.0,
    ramp: float | None = None,
    procs: int = 2,
    log=print,  # type: ignore[no-untyped-def]
) -> dict[str, Any]:
    """One bounded run; returns the result (also written to bench/results/)."""
    url = normalise(url)
    database = "postgresql" if url.startswith("postgres") else "sqlite"
    refs = reset_bench_learners(url)
    ramp = min(10.0, duration / 4) if ramp is None else ramp
    log_path = Path(tempfile.mkdtemp(prefix="kns-bench-")) / f"gunicorn-{target}.log"
    server, port = start_server(url, target, workers, threads, log_path)
    try:
        begin = time.time() + 1.0
        cfg = {"port": port, "users": users, "ramp": ramp, "think": think, "pool": refs["pool"],
               "course_id": refs["course_id"], "final_id": refs["final_id"],
               "end": begin + ramp + duration}  # fmt: skip
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        procs = max(1, min(procs, users))
        workers_ = [ctx.Process(target=generator_process, args=(list(range(p, users, procs)), cfg, queue))
                    for p in range(procs)]  # fmt: skip
        for proc in workers_:
            proc.start()
        time.sleep(max(0.0, begin + ramp - time.time()))
        cpu_start = cpu_snapshot(server.pid)
        time.sleep(max(0.0, cfg["end"] - time.time()))
        cpu_end = cpu_snapshot(server.pid)
        parts = [queue.get(timeout=duration + 300) for _ in workers_]
        for proc in workers_:
            proc.join(timeout=30)
    finally:
        stop_server(server)
    window_start, window_end = begin + ramp, cfg["end"]
    window = window_end - window_start
    samples = [s for part in parts for s in part["samples"]]
    in_window = [s for s in samples if s[0] >= window_start]
    flows = [f for part in parts for f in part["flows"] if window_start <= f <= window_end]
    acked = {tuple(k): v for part in parts for k, v in part["acked"]}
    stored = stored_answers(url)
    lost = [k for k, v in acked.items() if stored.get(k) != v]
    errors = [e for part in parts for e in part["errors"]]
    gen_cpu = sum(part["cpu_s"] for part in parts)
    server_log = log_path.read_text(errors="replace")
    wall = cpu_end["wall"] - cpu_start["wall"]
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_before": os.getloadavg(),
        "target": target,
        "database": database,
        "gunicorn": f"gthread, {workers} workers × {threads} threads",
        "concurrent_learners": users,
        "think_s": think,
        "ramp_s": ramp,
        "window_s": round(window, 1),
        "complete_flows": len(flows),
        "flows_per_minute": round(len(flows) / window * 60, 1),
        "requests_per_second": round(len(in_window) / window, 1),
        "answers_acknowledged": len(acked),
        "lost_answers": len(lost),
        "errors": len(errors),
        "first_errors": errors[:5],
        "server_5xx_logged": server_log.count("Traceback"),
        "reconnects": sum(part["reconnects"] for part in parts),
        "stuck_threads": sum(part["stuck_threads"] for part in parts),
        "cpu_share_of_machine_in_window": {
            "server": round((cpu_end["server"] - cpu_start["server"]) / wall / (os.cpu_count() or 1), 3),
            "database": round((cpu_end["database"] - cpu_start["database"]) / wall / (os.cpu_count() or 1), 3),
            "load_generator_whole_run_s": round(gen_cpu, 1),
            "machine_busy": round(
                (cpu_end["machine_busy"] - cpu_start["machine_busy"]) / wall / (os.cpu_count() or 1), 3
            ),
        },  # fmt: skip
        **{f"{kind}_ms": percentiles([ms for _, k, ms in in_window if k == kind]) for kind in KINDS},
    }
    total_wall = cfg["end"] - begin
    result["cpu_share_of_machine_in_window"]["load_generator"] = round(gen_cpu / total_wall / (os.cpu_count() or 1), 3)
    name = f"load-{target}-{database}-{users}-{result['date'][:19].replace(':', '')}.json"
    (ROOT / "bench" / "results" / name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    result["file"] = f"bench/results/{name}"
    log(
        f"  {target:5} {database:10} {users:4} learners: {result['flows_per_minute']:7.1f} flows/min, "
        f"save p50/p95 {result['save_ms']['p50']}/{result['save_ms']['p95']} ms, "
        f"submit p95 {result['submit_ms']['p95']} ms, errors {len(errors)}, lost {len(lost)}"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="measured seconds (after the ramp)")
    parser.add_argument("--ramp", type=float, help="seconds over which learners start (default: min(10, d/4))")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a learner's requests (s)")
    parser.add_argument("--target", choices=["app", "floor"], default="app")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--procs", type=int, default=2, help="load generator processes")
    args = parser.parse_args()
    result = run(args.database_url, args.users, args.duration, target=args.target, workers=args.workers,
                 threads=args.threads, think=args.think, ramp=args.ramp, procs=args.procs)  # fmt: skip
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
