"""Build the benchmark database (100k customers, 1M calls) with the real `callcenter demo` command.

    python bench/make_db.py [PATH] [--fresh] [--customers N] [--calls N]

Reuses PATH when it exists, unless --fresh. Prints the seconds taken and their ratio to the budget.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "bench" / "out" / "bench.db"
BUDGET_SECONDS = 90.0


def build(path: Path, customers: int, calls: int) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "callcenter", "demo", "--lang", "en", "--db", str(path),
               "--customers", str(customers), "--calls", str(calls)]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--fresh", action="store_true", help="rebuild even if the file exists")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.path.exists() and not args.fresh:
        print(f"reusing {args.path} (--fresh rebuilds it)")
        return 0
    seconds = build(args.path, args.customers, args.calls)
    print(f"callcenter demo --customers {args.customers} --calls {args.calls}: {seconds:.1f} s, "
          f"budget {BUDGET_SECONDS:.0f} s, ratio {seconds / BUDGET_SECONDS:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
