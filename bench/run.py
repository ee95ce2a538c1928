"""`make bench`: run every bench/*.py script (except this one and _helpers) in turn.

Each runs in its own process with this Python; its output is shown as it comes. The exit
status is 1 if any script failed, after all of them have run.

The load bench runs at its full size (10,000 clients, 500,000 sessions: built once and
cached, under a minute on SQLite) with fewer rounds and a shorter concurrent run than its
own defaults, so the whole of it takes a few minutes. $BENCH_LOAD_ARGS adds to or overrides
its flags (`make bench LOAD_ARGS="--database postgres"`; see bench/load.py --help).
"""

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARGS = {"load.py": ["--rounds", "10", "--duration", "20"]}


def arguments(script: Path) -> list[str]:
    extra = shlex.split(os.environ.get("BENCH_LOAD_ARGS", "")) if script.name == "load.py" else []
    return [*ARGS.get(script.name, []), *extra]  # argparse: a flag given twice, the last wins


def main() -> int:
    scripts = sorted(
        path
        for path in HERE.glob("*.py")
        if path.name != "run.py" and not path.name.startswith("_")
    )
    failed = []
    for script in scripts:
        print(f"\n==> bench/{script.name}", flush=True)
        started = time.monotonic()
        command = [sys.executable, str(script), *arguments(script)]
        status = subprocess.run(command, cwd=HERE.parent, check=False)
        took = time.monotonic() - started
        print(f"==> bench/{script.name}: exit {status.returncode} ({took:.0f} s)", flush=True)
        if status.returncode != 0:
            failed.append(script.name)
    print(
        f"\nbench: {len(scripts)} scripts, "
        + (f"FAILED: {', '.join(failed)}" if failed else "all passed")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
