"""Benchmark: import a 20 000-row roster (parse + all-or-nothing import) into a fresh database.

Run: .venv/bin/python bench/roster.py [--rows 20000] [--database-url postgresql://postgres@127.0.0.1/lms_bench]
Without --database-url a temporary SQLite file is used. The database must be empty; its tables are created.
"""

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms import create_app  # noqa: E402
from lms.admin.importing import import_roster  # noqa: E402
from lms.admin.roster import parse_roster  # noqa: E402
from lms.config import TestingConfig  # noqa: E402
from lms.demo import seed_demo  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.org.models import Unit, UnitKind  # noqa: E402


def roster_csv(rows: int, unit_codes: list[str]) -> bytes:
    rng = random.Random(20000)
    lines = ["ten_dang_nhap,ho_ten,ngay_sinh,gioi_tinh,ma_don_vi,chuc_vu,doi_tuong,email,dien_thoai,cccd"]
    categories = ["Cán bộ", "Công chức", "Viên chức", "Người hoạt động không chuyên trách"]
    for n in range(rows):
        born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1966, 2002)}"
        lines.append(
            f"cb{n:05d},Nguyễn Thị Hồng {n},{born},"
            f"Nữ,{rng.choice(unit_codes)},Chuyên viên,{rng.choice(categories)},cb{n:05d}@laichau.gov.vn,"
            f"09{n:08d},0120{n:08d}"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app(config)
    with app.app_context():
        db.create_all()
        seed_demo(db.session, "Bench-password-2026", "pbkdf2:sha256:1000")
        db.session.commit()
        codes = [u.code for u in db.session.query(Unit).filter(Unit.kind.in_([UnitKind.COMMUNE, UnitKind.WARD]))]
        data = roster_csv(args.rows, codes)
        started = time.perf_counter()
        roster = parse_roster(data, "roster.csv")
        parsed = time.perf_counter()
        result = import_roster(db.session, roster, None)
        db.session.commit()
        done = time.perf_counter()
        again_started = time.perf_counter()
        again = import_roster(db.session, parse_roster(data, "roster.csv"), None)
        db.session.commit()
        again_done = time.perf_counter()
        db.drop_all()
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": config.SQLALCHEMY_DATABASE_URI.split(":")[0],
        "rows": args.rows,
        "parse_s": round(parsed - started, 2),
        "import_s": round(done - parsed, 2),
        "total_s": round(done - started, 2),
        "created": result.created,
        "errors": len(result.errors),
        "reimport_s": round(again_done - again_started, 2),
        "reimport_unchanged": again.unchanged,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    out = (
        Path(__file__).resolve().parent
        / "results"
        / f"roster-{report['database']}-{report['date'][:19].replace(':', '')}.json"
    )
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
