"""`make bench`: run every bench/*.py script (except this one and _helpers) in turn.

Each runs in its own process with this Python; its output is shown as it comes. The exit
status is 1 if any script failed, after all of them have run.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


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
        status = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
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
