"""A busy morning, for tests/test_concurrency.py (small) and bench/server_load.py (8 desks x 500):
desks saving calls as fast as they can while escalation passes run and an export reads.

Every process is a fresh interpreter (spawn), as the desks on several machines would be.
"""
from __future__ import annotations

import multiprocessing
import time
import traceback
from datetime import datetime, timedelta, timezone

START = datetime(2025, 3, 4, 1, 0, tzinfo=timezone.utc)
DUE_COMPLAINTS = 200


def prepare(spec: str, desks: int = 8) -> None:
    """The desks' clerks, the people complaints escalate to, and complaints long past both deadlines."""
    import db
    from callcenter.rules.clock import now_utc
    from callcenter.services import complaints, staff
    from callcenter.services import settings as settings_service
    from callcenter.services.complaints import ComplaintDraft
    from db.models import Customer, Staff

    db.open_database(spec)
    supervisor = staff.sign_in("boss")
    for n in range(desks):  # a company's desks sign in only as people of its directory
        staff.add(supervisor, staff.PersonFields(f"clerk{n}", "clerk", login=f"clerk{n}"))
    now = now_utc().replace(microsecond=0)
    received = now - timedelta(days=10)
    settings = settings_service.load()
    with db.writing():
        for name, role in (("何丽萍", "admin_assistant"), ("高振华", "deputy_gm")):
            Staff.create(name=name, role=role, created_at=now)
        pm = Staff.create(name="赵长海", role="project_manager", created_at=now).id
        customer = Customer.create(name="王芳", created_at=now, updated_at=now).id
        for n in range(DUE_COMPLAINTS):
            draft = ComplaintDraft(respondent_id=pm, respondent_role="project_manager", kind="工期",
                                   description=f"工期延误 {n}", complainant_customer_id=customer,
                                   received_at=received + timedelta(seconds=n))
            complaints.insert(supervisor, draft, settings)
    db.close_database()


def _desk(spec: str, login: str, saves: int, barrier, results) -> None:
    errors, saved, took = [], 0, 0.0
    try:
        import db
        from callcenter.services import calls, staff
        from callcenter.services.calls import CallDraft, NewCustomer

        db.open_database(spec)
        clerk = staff.sign_in(login)
        barrier.wait(timeout=120)
        began = time.perf_counter()
        for n in range(saves):
            moment = START + timedelta(seconds=n)
            calls.save(clerk, CallDraft(started_at=moment, ended_at=moment + timedelta(seconds=30),
                                        phone_text=f"1380000{n % 10000:04d}", category="咨询", notes=f"{login} #{n}",
                                        new_customer=NewCustomer(f"{login}客户{n}", source="其他") if n % 5 == 0 else None))
            saved += 1
        took = time.perf_counter() - began
    except BaseException:  # noqa: BLE001 - every failure goes back to the caller
        errors.append(traceback.format_exc())
    results.put(("desk", login, saved, took, errors))


def _escalator(spec: str, barrier, stop, results) -> None:
    errors, passes, escalated = [], 0, []
    try:
        import db
        from callcenter.services import complaints

        db.open_database(spec)
        barrier.wait(timeout=120)
        while not stop.is_set() or passes == 0:
            escalated += [(e.complaint_id, e.level) for e in complaints.escalate_due()]
            passes += 1
    except BaseException:  # noqa: BLE001
        errors.append(traceback.format_exc())
    results.put(("escalation", passes, escalated, 0.0, errors))


def _exporter(spec: str, barrier, stop, results) -> None:
    errors, runs, rows = [], 0, 0
    try:
        import db
        from callcenter.services import export

        db.open_database(spec)
        barrier.wait(timeout=120)
        while not stop.is_set() or runs == 0:
            rows = sum(1 for _ in export.rows("calls", "Asia/Shanghai"))  # one read snapshot, as `export calls` reads
            runs += 1
    except BaseException:  # noqa: BLE001
        errors.append(traceback.format_exc())
    results.put(("export", runs, rows, 0.0, errors))


def run(spec: str, desks: int, saves: int) -> dict:
    """Run the morning; return what each process reported, and the wall time of the saving."""
    context = multiprocessing.get_context("spawn")
    barrier, stop, results = context.Barrier(desks + 2), context.Event(), context.Queue()
    workers = [context.Process(target=_desk, args=(spec, f"clerk{n}", saves, barrier, results)) for n in range(desks)]
    others = [context.Process(target=_escalator, args=(spec, barrier, stop, results)),
              context.Process(target=_exporter, args=(spec, barrier, stop, results))]
    for worker in workers + others:
        worker.start()
    began = time.perf_counter()
    reports = []
    try:
        reports += [results.get(timeout=600) for _ in workers]
        wall = time.perf_counter() - began
        stop.set()
        reports += [results.get(timeout=600) for _ in others]
    finally:
        stop.set()
        for worker in workers + others:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    return {"reports": reports, "wall": wall, "desks": desks, "saves": saves}


def tally(spec: str, outcome: dict) -> dict:
    """What landed: errors, lost and duplicated saves, and complaints escalated twice to a level."""
    from tests import raw

    errors = [error for report in outcome["reports"] for error in report[4]]
    expected = {f"clerk{d} #{n}" for d in range(outcome["desks"]) for n in range(outcome["saves"])}
    notes = [note for (note,) in raw.rows(spec, "SELECT notes FROM call WHERE notes LIKE 'clerk%'")]
    levels = raw.rows(spec, "SELECT complaint_id, level, COUNT(*) FROM complaint_action "
                            "WHERE action = 'escalated' GROUP BY complaint_id, level")
    reported = [pair for report in outcome["reports"] if report[0] == "escalation" for pair in report[2]]
    return {
        "errors": errors,
        "lost": len(expected - set(notes)),
        "duplicates": len(notes) - len(set(notes)),
        "double_escalations": sum(1 for _, _, count in levels if count > 1) + len(reported) - len(set(reported)),
        "escalated": len(levels),
        "exports": [report[1:3] for report in outcome["reports"] if report[0] == "export"][0],
        "saves_per_second": outcome["desks"] * outcome["saves"] / outcome["wall"],
    }
