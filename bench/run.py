"""The whole benchmark suite in one command: data, dashboard, load tests (app and floor), certificates, roster.

    .venv/bin/python -m bench.run            # full suite (≈ 25 min on a quiet 2-core machine)
    .venv/bin/python -m bench.run --quick    # smoke run at small scale (≈ 5 min)

Needs PostgreSQL (default postgresql://postgres@127.0.0.1:5432, databases lms_bench_*; created when missing) and
uses SQLite files under --sqlite-dir. Generated data is reused when the database already holds it (and rebuilt when
the schema changed). Prints the results table, writes every raw result to bench/results/ and replaces the table
between the markers in bench/README.md. Bounded: each load run stops by itself; when --budget-minutes is spent the
remaining load runs are skipped (and listed as skipped); the budget counts from the start of the load phase.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import dashboard, generate, loadtest  # noqa: E402

PYTHON = sys.executable
README = ROOT / "bench" / "README.md"
START, END = "<!-- bench-results:start -->", "<!-- bench-results:end -->"

#: The issue's targets (2 cores, PostgreSQL, gunicorn, 200 learners).
TARGET_FLOWS, TARGET_SAVE_P95, TARGET_SUBMIT_P95 = 600, 150, 300


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def run_json(args: list[str], timeout: int) -> dict[str, Any]:
    out = subprocess.run([PYTHON, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    if out.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout[out.stdout.index("{") :])


def fmt_ms(d: dict[str, Any]) -> str:
    return f"{d['p50']:.0f} / {d['p95']:.0f} / {d['p99']:.0f}" if d.get("n") else "–"


def main() -> None:  # noqa: C901, PLR0912, PLR0915 — a linear script
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small scale, short runs (smoke test)")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432", help="server URL, no database")
    parser.add_argument("--sqlite-dir", default=tempfile.gettempdir())
    parser.add_argument("--users", default=None, help="concurrency levels, e.g. 50,200,500")
    parser.add_argument("--duration", type=float, default=None, help="measured seconds per load run")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between a learner's requests (s)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--no-national", action="store_true", help="skip the national-like dashboard scale")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--budget-minutes", type=float, default=None, help="for the load runs (16; quick 6)")
    parser.add_argument("--drop", action="store_true", help="drop the bench databases at the end")
    parser.add_argument("--no-readme", action="store_true", help="do not update bench/README.md")
    parser.add_argument("--table-from", type=Path, help="only print (and put in the README) the table of a suite JSON")
    args = parser.parse_args()
    if args.table_from:
        table = markdown(json.loads(args.table_from.read_text()))
        print(table)
        if not args.no_readme:
            update_readme(table)
        return
    quick = args.quick
    levels = [int(n) for n in (args.users or ("20,50" if quick else "50,200,500")).split(",")]
    duration = args.duration or (20.0 if quick else 50.0)
    budget = (args.budget_minutes or (6 if quick else 16)) * 60  # for the load phase
    started = time.time()
    scale = generate.SCALES["quick" if quick else "province"]
    pg = f"{args.postgres}/lms_bench_{scale.name}"
    sqlite = f"sqlite:///{Path(args.sqlite_dir) / f'lms_bench_{scale.name}.sqlite3'}"
    national = f"{args.postgres}/lms_bench_national"
    databases = [("postgresql", pg)] + ([] if args.no_sqlite else [("sqlite", sqlite)])
    suite: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_at_start": os.getloadavg(),
        "mode": "quick" if quick else "full",
        "settings": {"levels": levels, "duration_s": duration, "think_s": args.think,
                     "gunicorn": f"gthread {args.workers}×{args.threads}"},  # fmt: skip
        "generation": {},
        "dashboard": [],
        "load": [],
        "skipped": [],
    }  # fmt: skip

    # 1. data
    for name, url in databases:
        log(f"data: {scale.name} scale on {name}")
        suite["generation"][f"{scale.name}-{name}"] = generate.generate(url, scale, log=lambda m: log("  " + m))
    if not quick and not args.no_national:
        log("data: national-like scale on postgresql (500 000 officials, 10 000 000 answers)")
        suite["generation"]["national-postgresql"] = generate.generate(
            national, generate.SCALES["national"], log=lambda m: log("  " + m)
        )

    # 2. dashboard server time
    targets = [(scale.name, name, url) for name, url in databases]
    if not quick and not args.no_national:
        targets.append(("national", "postgresql", national))
    for scale_name, name, url in targets:
        log(f"dashboard: {scale_name} on {name}")
        result = dashboard.measure(url, repeat=10 if quick else 20)
        result["scale"] = scale_name
        suite["dashboard"].append(result)
        log(
            f"  page p50 {result['dashboard_page']['p50_ms']} ms, "
            f"stats API p50 {result['stats_api_units']['p50_ms']} ms"
        )

    # 3. load: app and floor, each database, each level
    load_started = time.time()
    for name, url in databases:
        for users in levels:
            for target in ("app",) + (() if args.no_floor else ("floor",)):
                if time.time() - load_started > budget:
                    suite["skipped"].append(f"load {target} {name} {users}")
                    log(f"budget spent: skipped load {target} {name} {users}")
                    continue
                try:
                    suite["load"].append(
                        loadtest.run(
                            url,
                            users,
                            duration,
                            target=target,
                            workers=args.workers,
                            threads=args.threads,
                            think=args.think,
                            log=log,
                        )  # fmt: skip
                    )
                except Exception as error:  # noqa: BLE001 — one failed run must not lose the others
                    log(f"load {target} {name} {users} failed: {error}")
                    suite["skipped"].append(f"load {target} {name} {users}: {error}"[:300])

    # 4. certificates and roster (existing benchmarks)
    log("certificates")
    try:
        count, bulk = ("30", "50") if quick else ("300", "500")
        suite["certificates"] = run_json(["bench/certificates.py", "--count", count, "--bulk", bulk], 900)
    except Exception as error:  # noqa: BLE001
        suite["skipped"].append(f"certificates: {error}"[:300])
    suite["roster"] = []
    rows = "2000" if quick else "20000"
    for name in ("sqlite", "postgresql"):
        log(f"roster import on {name}")
        try:
            extra: list[str] = []
            if name == "postgresql":
                roster_url = f"{args.postgres}/lms_bench_roster"
                generate.drop_database(generate.normalise(roster_url))
                generate.ensure_database(generate.normalise(roster_url))
                extra = ["--database-url", roster_url]
            suite["roster"].append(run_json(["bench/roster.py", "--rows", rows, *extra], 900))
            if name == "postgresql":
                generate.drop_database(generate.normalise(roster_url))
        except Exception as error:  # noqa: BLE001
            suite["skipped"].append(f"roster {name}: {error}"[:300])

    suite["minutes"] = round((time.time() - started) / 60, 1)
    table = markdown(suite)
    out = ROOT / "bench" / "results" / f"suite-{suite['mode']}-{suite['date'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(suite, ensure_ascii=False, indent=2, default=str) + "\n")
    print()
    print(table)
    print(f"\nraw results: {out.relative_to(ROOT)}")
    if not args.no_readme:
        update_readme(table)
    if args.drop:
        for url in [pg, national]:
            generate.drop_database(generate.normalise(url))


def answer_flows(r: dict[str, Any]) -> float:
    """Answers saved in the window ÷ 30, per minute: the flow rate without the window-edge effect of counting only
    flows that both started and ended inside it (long flows under overload)."""
    return r["save_ms"]["n"] / 30 / r["window_s"] * 60 if r["window_s"] else 0.0


def markdown(suite: dict[str, Any]) -> str:
    lines = [
        f"Run: {suite['date'][:16].replace('T', ' ')} UTC, {suite['mode']} mode, {suite['machine']}, load average at "
        f"start {suite['load_average_at_start'][0]:.1f}, up to "
        f"{max([r['load_average_before'][0] for r in suite['load']] or [0]):.1f} before a load run; "
        f"gunicorn {suite['settings']['gunicorn']}; "
        f"{suite['settings']['duration_s']:.0f} s measured per load run, think time {suite['settings']['think_s']} s; "
        f"the load generator runs on the same machine. {suite['minutes']} min in all.",
        "",
        "| scenario | database | concurrency | throughput | save p50 / p95 / p99 ms | submit p95 ms | errors "
        "| lost answers | ratio to floor (answers) | CPU: server / db / generator |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    floors = {(r["database"], r["concurrent_learners"]): r for r in suite["load"] if r["target"] == "floor"}
    for r in suite["load"]:
        floor = floors.get((r["database"], r["concurrent_learners"]))
        ratio = "–"
        if r["target"] == "app" and floor and answer_flows(floor):
            ratio = f"{answer_flows(r) / answer_flows(floor):.2f}"
        cpu = r["cpu_share_of_machine_in_window"]
        lines.append(
            f"| {'learner flow' if r['target'] == 'app' else 'floor (bare Flask)'} | {r['database']} | "
            f"{r['concurrent_learners']} | {r['flows_per_minute']:.0f} flows/min "
            f"({answer_flows(r):.0f} by answers ÷ 30; {r['requests_per_second']:.0f} req/s) | "
            f"{fmt_ms(r['save_ms'])} | {r['submit_ms']['p95']:.0f} | {r['errors']} | "
            f"{r['lost_answers']} of {r['answers_acknowledged']} | {ratio} | "
            f"{cpu['server']:.0%} / {cpu['database']:.0%} / {cpu['load_generator']:.0%} |"
        )  # fmt: skip
    lines += ["", "| dashboard (server time, in-process) | database | officials / answers | p50 ms | p95 ms | target |",
              "|---|---|---|---|---|---|"]  # fmt: skip
    for d in suite["dashboard"]:
        limit = 500 if d["scale"] == "national" else 100
        for key, label in (("dashboard_page", "dashboard page /reports/<province>, uncached"),
                           ("dashboard_page_cached", "dashboard page, live figures cached (≤ 60 s)"),
                           ("stats_api_units", "API /api/v1/stats/units"),
                           ("people_not_completed", "people not yet confirmed (page 1)"),
                           ("query_breakdown", "query: figures by unit and category"),
                           ("query_confirmations_by_day", "query: confirmations by day")):  # fmt: skip
            t = d[key]
            met = "✓" if t["p95_ms"] < limit else "✗"
            lines.append(
                f"| {label} ({d['scale']}) | {d['database']} | {d['officials']:,} / {d['answers']:,} | "
                f"{t['p50_ms']:.0f} | {t['p95_ms']:.0f} | < {limit} ms {met} |"
            )
    lines += ["", "| other | database | result | target |", "|---|---|---|---|"]
    if suite.get("certificates"):
        c = suite["certificates"]
        lines.append(
            f"| certificate PDFs, 1 core | – | {c['per_second_one_core']} per second ({c['ms_per_certificate']} ms "
            f"each); bulk zip of {c['bulk_people']}: {c['bulk_seconds']} s | ≥ 60/s "
            f"{'✓' if c['per_second_one_core'] >= 60 else '✗'} |"
        )
    for r in suite.get("roster", []):
        lines.append(
            f"| roster import, {r['rows']:,} rows | {r['database']} | {r['total_s']} s (re-import unchanged "
            f"{r['reimport_s']} s) | < 10 s {'✓' if r['total_s'] < 10 else '✗'} |"
        )
    for name, g in suite["generation"].items():
        if not g.get("skipped"):
            lines.append(f"| data generation ({name}) | – | {g['seconds']} s | minutes, not hours |")
    if suite["skipped"]:
        lines += ["", "Skipped: " + "; ".join(suite["skipped"])]
    return "\n".join(lines)


def update_readme(table: str) -> None:
    text = README.read_text()
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        README.write_text(f"{before}{START}\n{table}\n{END}{after}")
        log("bench/README.md: results table updated")
    else:
        log("bench/README.md has no results markers; table not written there")


if __name__ == "__main__":
    main()
