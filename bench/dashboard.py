"""Server time of the monitoring dashboard and its statistics, at the scale the database holds.

In-process (Flask test client, no HTTP): the time is what the server spends, from the WSGI call to the last byte.
Times the province dashboard page (/reports/<province>), the stats API (/api/v1/stats/units), the people drill-down
(/reports/<province>/people?status=not_completed), and each statistics query on its own.

    .venv/bin/python -m bench.dashboard --database-url postgresql://postgres@127.0.0.1:5432/lms_bench_province
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LMS_SECRET_KEY", "bench-" + "x" * 32)  # read when lms.config is imported

from bench.generate import PASSWORD, normalise  # noqa: E402
from bench.loadtest import CSRF  # noqa: E402


def timed(fn: Callable[[], Any], repeat: int, cold: bool = True) -> dict[str, float]:
    """Server time of `fn`; cold: the live-figures cache is emptied before each call (every call runs the
    statistics queries), otherwise the cache (REPORTS_CACHE_SECONDS) serves repeated views."""
    from lms.reports import stats

    fn()  # warm: first compile, caches
    wall, cpu = [], []
    for _ in range(repeat):
        if cold:
            stats._LIVE.clear()
        c, w = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    wall.sort()
    return {
        "n": repeat,
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(wall[min(len(wall) - 1, int(len(wall) * 0.95))], 1),
        "max_ms": round(wall[-1], 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
    }


def measure(url: str, repeat: int = 20) -> dict[str, Any]:
    from sqlalchemy import func, select

    from lms import create_app
    from lms.auth.models import User
    from lms.auth.services import issue_token
    from lms.config import ProductionConfig
    from lms.extensions import db
    from lms.models import now_utc
    from lms.org.models import Unit
    from lms.reports import stats

    config = ProductionConfig()
    config.SQLALCHEMY_DATABASE_URI = normalise(url)
    config.SESSION_COOKIE_SECURE = config.REMEMBER_COOKIE_SECURE = False
    config.LOG_LEVEL = "WARNING"
    # Monitors must use two-step sign-in; the timing is of the dashboard, not of signing in, so it is off here.
    config.TWO_FACTOR_ROLES = frozenset()  # type: ignore[attr-defined]
    config.REPORTS_CACHE_SECONDS = 60  # type: ignore[attr-defined]
    app = create_app(config)
    stats._LIVE.clear()  # figures cached from another database measured in this process
    client = app.test_client()
    token = CSRF.search(client.get("/auth/login").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    r = client.post("/auth/login", data={"username": "bench.monitor", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302, f"bench.monitor cannot sign in ({r.status_code}); run bench/generate.py"
    with app.app_context():
        province = db.session.scalar(select(Unit).where(Unit.code == app.config["PROVINCE_CODE"]))
        monitor = db.session.scalar(select(User).where(User.username == "bench.monitor"))
        bearer, _ = issue_token(db.session, monitor, app.config["API_TOKEN_TTL"])
        db.session.commit()
        officials = db.session.scalar(select(func.count(User.id)).where(User.active.is_(True)))
        answers = db.session.scalar(select(func.count()).select_from(db.metadata.tables["attempt_answers"]))
        code = province.code
    headers = {"Authorization": f"Bearer {bearer}"}

    def get(path: str, **kw: Any) -> Callable[[], None]:
        def call() -> None:
            response = client.get(path, **kw)
            assert response.status_code == 200, f"{path}: {response.status_code}"

        return call

    result: dict[str, Any] = {
        "database": "postgresql" if url.startswith("postgres") else "sqlite",
        "officials": officials,
        "answers": answers,
        "dashboard_page": timed(get(f"/reports/{code}"), repeat),
        "dashboard_page_cached": timed(get(f"/reports/{code}"), repeat, cold=False),
        "stats_api_units": timed(get("/api/v1/stats/units", headers=headers), repeat),
        "people_not_completed": timed(get(f"/reports/{code}/people?status=not_completed"), repeat),
    }
    with app.app_context():
        session = db.session
        province = session.get(Unit, province.id)
        course = stats.get_programme(session, app.config["PROGRAMME_COURSE"])
        now = now_utc()
        figures = stats.breakdown(session, province, course, now)
        result["query_breakdown"] = timed(lambda: stats.breakdown(session, province, course, now), repeat)
        result["query_confirmations_by_day"] = timed(
            lambda: stats.confirmations_by_day(session, province, course, now), repeat
        )
        result["query_recent_by_unit"] = timed(
            lambda: stats.recent_confirmations_by_path(session, province, course, now), repeat
        )
        result["child_units"] = len(figures.by_child)
        result["confirmed"] = figures.total.confirmed
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(measure(args.database_url, args.repeat), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
