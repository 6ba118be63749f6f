"""Memory of the desk served to browsers: `callcenter serve` on a throw-away database, N headless
Chromium pages signed in at its home screen, and the resident memory (VmRSS, and PSS, which
shares the pages the processes have in common) of the server and of the desk processes it starts,
one per connection. Budget: 80 MB per connected desk.

    python bench/web_memory.py [--desks 1 3]

Needs Debian's chromium, Playwright and textual-serve (pip install '.[test]').
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import benchlib  # noqa: F401  (puts the checkout on sys.path)

from tests.web import chromium, missing, open_desk, serving  # noqa: E402

BUDGET_MB = 80
PASSWORD = "bench-password"


def kb(pid: int, field: str, file: str) -> int:
    """A "<field>: N kB" line of /proc/PID/<file>; 0 for a process that has gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def descendants(root: int) -> list[int]:
    """Every process under `root` (the shells textual-serve starts and the desks they run)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except (FileNotFoundError, ProcessLookupError):
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def database(folder: Path) -> Path:
    """A new database whose clerk li has a password (the served desk always signs in)."""
    import db
    from callcenter.services import signin, staff

    path = folder / "web.db"
    db.open_database(path, create=True)
    supervisor = staff.sign_in("wang")
    staff.add(supervisor, staff.PersonFields("李娜", "clerk", login="li"))
    signin.set_password(supervisor, "li", PASSWORD)
    db.close_database()
    return path


def measure(desks: int, folder: Path) -> tuple[int, int, int, int]:
    """(server RSS, desks' RSS, desks' PSS, desk processes) in kB with `desks` pages signed in."""
    with serving(database(folder), folder / "home") as (server, url), chromium(folder / "profile") as browser:
        pages = []
        for _ in range(desks):
            page = open_desk(browser, url)
            page.shows("F12", since=page.sign_in("li", PASSWORD))  # the home screen, its first page loaded
            pages.append(page)
        pages[-1].page.wait_for_timeout(2000)  # the header counts and F2's imports, half a second after start
        under = [pid for pid in descendants(server.pid) if kb(pid, "VmRSS", "status")]
        desk_rss = sum(kb(pid, "VmRSS", "status") for pid in under)
        desk_pss = sum(kb(pid, "Pss", "smaps_rollup") for pid in under)
        return kb(server.pid, "VmRSS", "status"), desk_rss, desk_pss, len(under)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, nargs="+", default=[1, 3])
    args = parser.parse_args()
    why = missing("chromium", "playwright", "textual_serve")
    if why:
        print(f"cannot measure: {why}", file=sys.stderr)
        return 1
    print("| desks | server RSS | desk processes | their RSS | RSS per desk | PSS per desk | budget | ratio |")
    print("|-------|------------|----------------|-----------|--------------|--------------|--------|-------|")
    for desks in args.desks:
        with tempfile.TemporaryDirectory(prefix="web-memory-") as folder:
            server, rss, pss, processes = measure(desks, Path(folder))
        per_desk = rss / desks / 1024
        print(f"| {desks:>5} | {server / 1024:>7.1f} MB | {processes:>14} | {rss / 1024:>6.1f} MB | "
              f"{per_desk:>9.1f} MB | {pss / desks / 1024:>9.1f} MB | {BUDGET_MB} MB | {per_desk / BUDGET_MB:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
