"""Benchmark: certificate PDFs per second on one core, and the bulk zip for 2 000 people.

Run: .venv/bin/python bench/certificates.py [--count 200] [--bulk 2000]
Renders in-memory certificates (no database), the same code the download and bulk export use.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import lms.model_registry  # noqa: E402,F401  (mappers need every model)
from lms.certificates.export import render_many  # noqa: E402
from lms.certificates.models import Certificate  # noqa: E402
from lms.certificates.pdf import render_certificate_pdf  # noqa: E402


def sample(n: int) -> Certificate:
    return Certificate(
        id=n,
        serial=f"KNS-2026-{n:06d}",
        register_number=f"{n:06d}/GCN-2026",
        token=f"{n:032d}",
        holder_name="Giàng Thị Mỷ" if n % 2 else "Lò Văn Thắng",
        holder_birth_date=date(1988, 5, 19),
        unit_name="Xã Tủa Sín Chải",
        course_title="Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức",
        framework_label="Khung kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức, phiên bản 1.0",
        score_percent=Decimal("86.67"),
        grade="Khá",
        study_from=date(2026, 9, 1),
        study_to=date(2026, 11, 20),
        issued_on=date(2026, 11, 20),
        issuer_name="Sở Nội vụ tỉnh Lai Châu",
        place="Lai Châu",
        signer_title="GIÁM ĐỐC",
        signer_name="Nguyễn Văn A",
        number=n,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--bulk", type=int, default=2000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})  # one core, as the figure asks
    render_certificate_pdf(sample(0), "https://kns.example/verify/warmup")
    started = time.perf_counter()
    for n in range(args.count):
        render_certificate_pdf(sample(n), f"https://kns.example/verify/{n:032d}")
    single = time.perf_counter() - started
    certificates = [sample(n) for n in range(args.bulk)]
    started = time.perf_counter()
    archive = render_many(certificates, "https://kns.example", None)
    bulk = time.perf_counter() - started
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "per_second_one_core": round(args.count / single, 1),
        "ms_per_certificate": round(single / args.count * 1000, 1),
        "bulk_people": args.bulk,
        "bulk_seconds": round(bulk, 1),
        "bulk_zip_mb": round(len(archive) / 1e6, 1),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = Path(__file__).resolve().parent / "results" / f"certificates-{result['date'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
