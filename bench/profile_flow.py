"""CPU cost and SQL statements per request of the learner flow, in-process (no HTTP, no gunicorn, no generator).

On a busy machine wall-clock figures say little; CPU time per request (time.process_time) and the number of SQL
statements do not depend much on what else runs. Use this to find and check fixes in the hot paths:

    .venv/bin/python -m bench.profile_flow --database-url postgresql://postgres@127.0.0.1:5432/lms_bench_quick \
        --flows 20 [--profile save]      # --profile: a pyinstrument profile of that kind of request (bench-only tool)

The bench learners' attempts are reset first (as the load test does).
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LMS_SECRET_KEY", "bench-" + "x" * 32)  # read when lms.config is imported

from bench.generate import PASSWORD, normalise  # noqa: E402
from bench.loadtest import CSRF, reset_bench_learners  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--flows", type=int, default=20)
    parser.add_argument("--profile", choices=["login", "course", "lesson", "start", "attempt", "save", "submit"])
    parser.add_argument("--cpu", action="store_true", help="with --profile: cProfile on CPU time instead")
    args = parser.parse_args()
    url = normalise(args.database_url)
    refs = reset_bench_learners(url)
    import os

    from sqlalchemy import event

    from lms import create_app
    from lms.config import ProductionConfig

    os.environ.setdefault("LMS_SECRET_KEY", "bench-" + "x" * 32)
    config = ProductionConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.SESSION_COOKIE_SECURE = False
    config.REMEMBER_COOKIE_SECURE = False
    config.LOG_LEVEL = "WARNING"
    config.RATELIMIT_SIGN_IN = "100000 per minute"  # type: ignore[attr-defined]
    app = create_app(config)
    statements: list[int] = [0]
    from lms.extensions import db

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_args: Any) -> None:
        statements[0] += 1

    cpu: dict[str, list[float]] = defaultdict(list)
    wall: dict[str, list[float]] = defaultdict(list)
    sql: dict[str, list[int]] = defaultdict(list)
    profiler = None
    if args.profile and args.cpu:
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.start = profiler.enable  # type: ignore[method-assign]
        profiler.stop = profiler.disable  # type: ignore[method-assign]
    elif args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)

    def call(kind: str, fn, *a, **kw):  # type: ignore[no-untyped-def]
        statements[0] = 0
        if profiler and kind == args.profile:
            profiler.start()
        c, w = time.process_time(), time.perf_counter()
        response = fn(*a, **kw)
        cpu[kind].append((time.process_time() - c) * 1000)
        wall[kind].append((time.perf_counter() - w) * 1000)
        if profiler and kind == args.profile:
            profiler.stop()
        sql[kind].append(statements[0])
        return response

    course_id, final_id = refs["course_id"], refs["final_id"]
    for n in range(args.flows + 1):  # the first flow warms caches and is not counted
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = CSRF.search(page).group(1)  # type: ignore[union-attr]
        r = call("login", client.post, "/auth/login",
                 data={"username": f"bench.{n:05d}", "password": PASSWORD, "csrf_token": token})  # fmt: skip
        assert r.status_code == 302, r.status_code
        course = call("course", client.get, f"/courses/{course_id}").get_data(as_text=True)
        lesson = re.search(rf'href="(/courses/{course_id}/lessons/\d+)"', course).group(1)  # type: ignore[union-attr]
        call("lesson", client.get, lesson)
        token = CSRF.search(course).group(1)  # type: ignore[union-attr]
        r = call("start", client.post, f"/quizzes/{final_id}/start", data={"csrf_token": token})
        attempt = call("attempt", client.get, r.headers["Location"]).get_data(as_text=True)
        attempt_id = re.search(r'data-attempt="(\d+)"', attempt).group(1)  # type: ignore[union-attr]
        for question_id, kind in re.findall(r'data-question="(\d+)" data-type="(\w+)"', attempt):
            block = attempt.split(f'data-question="{question_id}"', 1)[1]
            option = re.search(r'value="(\d+)"', block).group(1)  # type: ignore[union-attr]
            body = {"text": "mật khẩu"} if kind == "short_text" else {"option_ids": [int(option)]}
            r = call("save", client.post, f"/quizzes/attempts/{attempt_id}/answers/{question_id}", json=body,
                     headers={"X-CSRFToken": token})  # fmt: skip
            assert r.status_code == 200, r.status_code
        r = call("submit", client.post, f"/quizzes/attempts/{attempt_id}/submit", data={"csrf_token": token})
        assert r.status_code == 302, r.status_code
        if n == 0:
            cpu.clear(), wall.clear(), sql.clear()
    reset_bench_learners(url)
    rows = {
        kind: {
            "n": len(cpu[kind]),
            "cpu_ms_mean": round(statistics.fmean(cpu[kind]), 2),
            "cpu_ms_p50": round(statistics.median(cpu[kind]), 2),
            "wall_ms_p50": round(statistics.median(wall[kind]), 2),
            "sql_statements": max(sql[kind]),
        }
        for kind in cpu
    }
    per_flow = sum(r["cpu_ms_mean"] * (30 if k == "save" else 1) for k, r in rows.items())
    print(json.dumps({"database": url.split(":")[0], "per_request": rows, "cpu_ms_per_flow": round(per_flow, 1)},
                     indent=2))  # fmt: skip
    if profiler and args.cpu:
        import pstats

        pstats.Stats(profiler).sort_stats("tottime").print_stats(35)
        pstats.Stats(profiler).sort_stats("cumtime").print_stats(45)
    elif profiler:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
