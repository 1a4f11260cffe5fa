"""Run a `flask` command that stops dead at a chosen point of its database work, for the test to SIGKILL it there.

    python tests/reliability/freeze_cli.py SIGNAL_FILE POINT -- --app app import-users roster.xlsx

POINT is `insert:<table>:<n>` (just before the n-th INSERT statement into <table> goes to the database) or
`commit` (just before COMMIT, every statement sent). At that point the process writes its pid to SIGNAL_FILE
and sleeps; it never changes what the command does. Killing a process at a point it reached on its own makes the
crash test exact instead of a race against the clock.
"""

import os
import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
FROZEN_FOR_S = 120  # the test kills it long before; a forgotten process still ends by itself


def freeze(signal_file: Path) -> None:
    signal_file.write_text(str(os.getpid()))
    time.sleep(FROZEN_FOR_S)
    os._exit(3)


def install(signal_file: Path, point: str) -> None:
    if point == "commit":
        event.listen(Engine, "commit", lambda connection: freeze(signal_file))
        return
    _, table, nth = point.split(":")
    prefix, seen = f"INSERT INTO {table.upper()} ", [0]

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(prefix):
            seen[0] += 1
            if seen[0] == int(nth):
                freeze(signal_file)

    event.listen(Engine, "before_cursor_execute", before)


def main() -> None:
    signal_file, point, separator, *args = sys.argv[1:]
    assert separator == "--", __doc__
    install(Path(signal_file), point)
    sys.path.insert(0, str(ROOT))
    from flask.cli import main as flask_main

    sys.argv = ["flask", *args]
    flask_main()


if __name__ == "__main__":
    main()
