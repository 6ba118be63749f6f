"""Demo data: a year at a small renovation company's desk, the same rows for the same seed and day.

Rows go in through the raw sqlite3 connection with executemany in one transaction: a million
calls through the ORM would take minutes (bench/make_db.py measures this path).
"""
from __future__ import annotations

import json
import random
import time as clock
from bisect import bisect_right
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import db
from callcenter.rules import company_clock
from callcenter.rules.followup_plan import Milestones, plan
from callcenter.rules.pinyin import initials_keys
from callcenter.rules.workcal import WorkCalendar
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused
from db import audit, engine, transfer
from db.models import (
    Acceptance,
    Call,
    Complaint,
    ComplaintAction,
    Customer,
    CustomerKey,
    DatabaseMark,
    FollowUp,
    Message,
    Praise,
    Project,
    Punch,
    Rating,
    Staff,
    database,
)

DAYS = 365
CHUNK = 50_000
TODAY_MIN = 8  # calls on the last day, whatever the size, so the home screen has some

# (login, name, role, department, is_supervisor). Only the desk's own people have a login; anyone
# else comes in as the demo clerk (staff.sign_in), and the demo supervisor is "supervisor".
STAFF = [
    ("wang", "客服小王", "clerk", "行政部", False),
    ("li", "客服小李", "clerk", "行政部", False),
    ("zhou", "客服小周", "clerk", "行政部", False),
    ("supervisor", "刘主管", "clerk", "行政部", True),
    (None, "陈思远", "designer", "设计部", False),
    (None, "林雨桐", "designer", "设计部", False),
    (None, "曾子涵", "designer", "设计部", False),
    (None, "马晓东", "designer", "设计部", False),
    (None, "黄佳怡", "designer", "设计部", False),
    (None, "周建军", "qc_inspector", "工程部", False),
    (None, "单立新", "qc_inspector", "工程部", False),
    (None, "吴国强", "qc_inspector", "工程部", False),
    (None, "赵长海", "project_manager", "工程部", False),
    (None, "孙志刚", "project_manager", "工程部", False),
    (None, "郭德胜", "project_manager", "工程部", False),
    (None, "杨文斌", "project_manager", "工程部", False),
    ("assistant", "何丽萍", "admin_assistant", "行政部", True),  # escalated complaints reach their desks
    ("deputy", "高振华", "deputy_gm", "行政部", True),
    (None, "解晓梅", "other", "企划部", False),
    (None, "潘红霞", "other", "财务", False),
]

# The most common surnames carry more weight; 曾 单 解 are polyphonic, as pinyin search must know.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤单解"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红建国文斌志海玉萍燕春玲长乐晓东亮梅丹辉鹏飞振宇子涵欣怡浩然俊峰淑珍凤霞金山重阳会"
TOWNS = "真阳镇 寒冻镇 汝南埠镇 铜钟镇 陡沟镇 熊寨镇 大林镇 永兴镇 袁寨镇 新阮店乡 油坊店乡 雷寨乡 兰青乡 皮店乡 慎水乡 闾河乡 彭桥乡".split()
VILLAGES = "李庄 王庄 张楼 陈湾 刘寨 后营 前岗 东周 西湖 大郑".split()
ROADS = "建设路 解放路 文化路 人民路 中心街 健康路 育才路 四海路 正阳大道 迎宾大道".split()
CITY_ROADS = "乐山大道 雪松路 解放大道 中华路 开源大道 练江大道 文明大道 骏马路".split()
ESTATES = "阳光花园 金水湾小区 龙城一号 帝湖小区 名门世家 书香苑 御景华府 锦绣江南 建业森林半岛 天中华府".split()
SOURCE_WEIGHTS = {"朋友介绍": 30, "广告": 15, "网络": 25, "路过": 10, "老客户": 15, "其他": 5}
MOBILE_PREFIXES = ("138", "139", "150", "186", "187", "135", "136", "158", "151", "188")
AREA_CODE = "396"  # 驻马店; demo landlines are 0396 + 7 digits starting 2-8

IN_WEIGHTS = {"咨询": 40, "预约": 20, "报修": 15, "投诉": 8, "表扬": 5, "其他": 12}
OUT_WEIGHTS = {"其他": 50, "预约": 30, "咨询": 15, "表扬": 5, "投诉": 0, "报修": 0}  # out: follow-ups
WORDS = {
    "topic": ["装修报价", "设计方案", "材料环保", "八步验收", "四步收款", "工期安排", "合同条款", "售后保修", "全包半包区别"],
    "point": ["公司施工工艺", "五重管理", "环保材料品牌", "验收之后才付款", "保修期限和回访"],
    "issue": ["施工噪音扰民", "工期延误", "墙面开裂", "卫生间渗水", "现场卫生差", "材料与合同不符", "工人态度不好", "约好上门未到"],
    "part": ["厨房水管", "卫生间地漏", "客厅吊顶", "卧室木门", "开关插座", "阳台瓷砖", "橱柜门板", "墙面乳胶漆"],
    "problem": ["漏水", "开裂", "松动", "变形", "脱落", "不通电", "起鼓"],
    "praise": ["服务热情", "施工认真", "设计用心", "验收细致", "回复及时"],
    "when": ["明天上午", "明天下午", "周六上午", "周日下午", "下周二", "本周五上午"],
    "visit": ["量房", "看工地", "到公司看方案", "签合同", "设计交底", "水电验收", "竣工验收"],
    "stage": ["开工", "水电", "泥木", "油漆", "竣工"],
    "opinion": ["满意", "比较满意，希望调整厨房布局", "满意，表扬设计师", "有意见，已反馈设计部"],
    "reply": ["表示感谢", "愿意参加", "暂时没空", "已登记"],
    "area": ["86", "98", "105", "120", "128", "136", "145", "160"],
}
IN_NOTES = {
    "咨询": ["咨询{topic}，已介绍{point}", "咨询{topic}，已约设计师{designer}回电", "新房{area}平米，咨询{topic}", "咨询{topic}，客户说再考虑"],
    "预约": ["预约{when}{visit}，已通知{designer}", "预约{when}{visit}", "改约{when}{visit}，已告知项目经理{pm}"],
    "报修": ["{part}{problem}，已通知项目经理{pm}安排维修", "{part}{problem}，保修期内，维修人工费免收", "反映{part}{problem}，约{when}上门查看"],
    "投诉": ["投诉{issue}，已记录，24小时内答复", "投诉项目经理{pm}{issue}，已转交行政助理{assistant}", "投诉质检员{qc}验收不细，已转交行政助理{assistant}"],
    "表扬": ["表扬设计师{designer}{praise}，已转企划部", "表扬项目经理{pm}{praise}", "表扬质检员{qc}{praise}，已记录"],
    "其他": ["询问公司地址和乘车路线", "询问设计师{designer}的联系方式", "打错电话", "推销材料，已婉拒", ""],
}
OUT_NOTES = [
    "回访：交底后回访，客户对设计方案{opinion}",
    "回访：{stage}验收后回访，客户{opinion}",
    "保修期回访，客户反映{part}{problem}，已通知项目经理{pm}",
    "保修期回访，一切正常，客户{reply}",
    "通知客户{when}{stage}验收",
    "邀请参加客户交流会，客户{reply}",
    "通知免费清洁服务，客户{reply}",
]
FAX_NOTES = ["传真报价单", "传真合同草稿，请客户签字回传", "收到客户传真的户型图", "传真材料清单"]
VISIT_PREFIX = "来访："
NOTES_PER_KIND = 64


def is_empty() -> bool:
    with db.reading():
        return not Customer.select().exists()


def fill(customers: int, calls: int, seed: int = 1, *, today: date | None = None, progress=None,
         complaints: int | None = None) -> tuple[int, int]:
    """Add staff, `customers` customers with projects, `calls` calls over the year up to `today`,
    `complaints` complaints (default: a tenth of the calls) with praise, and a few phone messages
    to an open database that has no customers yet.

    Without `today` the demo ends now, so today's calls are all in the past; with it, at the
    close of that day. `progress(done, total)` hears of the calls after each chunk.
    """
    complaints = calls // 10 if complaints is None else complaints
    if customers < 0 or calls < 0 or complaints < 0:
        raise ValueError("sizes must not be negative")
    if engine.is_server(database):  # filled as a file, then copied over (the server must hold no records)
        return transfer.through_file(lambda: fill(customers, calls, seed, today=today, progress=progress,
                                                  complaints=complaints))
    settings = settings_service.load()
    if not is_empty():
        raise Refused("demo.not_empty")
    rng = random.Random(seed)
    zone = ZoneInfo(settings.zone)
    cut = None if today is not None else int(clock.time())
    today = today or datetime.now(zone).date()
    days = _days(today, zone, settings["work_hours"], cut)
    with database.connection_context():
        conn = database.connection()
        synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
        conn.execute("PRAGMA synchronous=OFF")  # about 1 s of 15; a crash mid-fill loses only demo data
        try:
            with database.atomic():
                staff = _staff(days[0][1][0][0])
                # One sort per index at the end beats a million random index inserts (13 s vs 22 s in all).
                indexes = [sql for model in (Acceptance, FollowUp, Call, Complaint, ComplaintAction, Praise)
                           for sql in _drop_indexes(conn, model)]
                people = _customers(conn, rng, customers, settings, staff, days)
                _calls(conn, rng, calls, settings, staff, people, days, progress)
                _complaints_and_praise(conn, seed, complaints, settings, staff, days)
                for sql in indexes:
                    conn.execute(sql)
                _manual_followups(conn, rng, staff, people, days)
                _ratings(conn, rng, staff)
                _messages(conn, rng, staff, people, days)
                _punches(conn, rng, settings, days)
                # One trail row for the lot: whoever reads the audit later knows these rows are made up.
                DatabaseMark.insert(name="demo", at=int(clock.time())).on_conflict_ignore().execute()
                audit.record("demo", "database", seed, "demo_fill", None,
                             {"customers": customers, "calls": calls, "complaints": complaints, "seed": seed,
                              "today": today.isoformat()})
        finally:
            conn.execute(f"PRAGMA synchronous={int(synchronous)}")
    return customers, calls


def _insert(model, fields) -> str:
    columns = ", ".join(model._meta.fields[name].column_name for name in fields)
    marks = ", ".join("?" * len(fields))
    return f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'


def _drop_indexes(conn, model) -> list[str]:
    """Drop the table's own indexes (inside the caller's transaction); return the SQL to rebuild them."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                        (model._meta.table_name,)).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def _next_id(conn, model) -> int:
    return conn.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.table_name}"').fetchone()[0]


def _weighted(names, weights: dict, size: int = 100) -> list:
    """A lookup table: table[int(random() * len)] is a weighted choice at the cost of an index.

    Names a supervisor added to the settings get weight 1; a weight of 0 leaves a name out.
    """
    counts = [weights.get(name, 1) for name in names]
    total = sum(counts) or 1
    table = []
    for name, count in zip(names, counts):
        table += [name] * (max(1, round(size * count / total)) if count else 0)
    return table or list(names)


def _days(today: date, zone: ZoneInfo, work_hours, cut: int | None):
    """Each day of the year up to `today`: (date, [(start epoch, seconds)...] of its opening hours).

    Today ends at `cut`; should that leave under an hour (before opening), today's calls fall in
    the hour before `cut`: the home screen has something to show, and nothing is in the future.
    """
    days = []
    for back in range(DAYS - 1, -1, -1):
        day = today - timedelta(days=back)
        periods = []
        for start, end in work_hours:
            a = int(datetime.combine(day, time.fromisoformat(start), zone).timestamp())
            b = int(datetime.combine(day, time.fromisoformat(end), zone).timestamp())
            periods.append((a, b - a))
        days.append((day, periods))
    if cut is not None:
        periods = days[-1][1]
        clipped = [(a, min(length, cut - a)) for a, length in periods if cut > a]
        if sum(length for _, length in clipped) < 3600:
            clipped = [(cut - 3600, 3600)]
        days[-1] = (today, clipped)
    return days


def _staff(created_at: int) -> dict[str, list[tuple[int, str]]]:
    """Demo staff by role as (id, name), reusing a person already there under the same login or name."""
    by_role: dict[str, list[tuple[int, str]]] = {}
    for login, name, role, department, supervisor in STAFF:
        found = Staff.get_or_none(Staff.login == login) if login else Staff.get_or_none(
            (Staff.name == name) & (Staff.role == role))
        if found is None:
            found = Staff.create(login=login, name=name, role=role, department=department,
                                 is_supervisor=supervisor, created_at=created_at)
        # The supervising clerk answers no demo calls: kept apart from the clerks who do.
        by_role.setdefault("supervisor" if supervisor and role == "clerk" else role, []).append((found.id, found.name))
    return by_role


def _phone(rng: random.Random, taken: set) -> tuple[str, str]:
    """A new (as typed, E.164) number: mostly mobiles, some 0396 landlines, typed many ways."""
    while True:
        if rng.random() < 0.8:
            national = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}"
            a, b, c = national[:3], national[3:7], national[7:]
            forms = (national, f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86 {a} {b} {c}", f"+86{national}")
        else:
            local = f"{rng.randrange(2, 9)}{rng.randrange(10 ** 6):06d}"
            national = AREA_CODE + local
            forms = (f"0{AREA_CODE}-{local}", f"(0{AREA_CODE}) {local[:3]} {local[3:]}", local,
                     f"0{AREA_CODE} {local}", f"+86 {AREA_CODE} {local}")
        e164 = "+86" + national
        if e164 not in taken:
            taken.add(e164)
            return forms[int(rng.random() * len(forms))], e164


def _name(rng: random.Random, surnames: list[str]) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
    return surnames[int(rng.random() * len(surnames))] + given


def _address(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.55:
        return (f"正阳县{rng.choice(ROADS)}{rng.randrange(1, 300)}号{rng.choice(ESTATES)}"
                f"{rng.randrange(1, 30)}栋{rng.randrange(1, 5)}单元{rng.randrange(1, 19)}0{rng.randrange(1, 5)}室")
    if pick < 0.8:
        return f"正阳县{rng.choice(TOWNS)}{rng.choice(VILLAGES)}村{rng.randrange(1, 120)}号"
    return (f"驻马店市驿城区{rng.choice(CITY_ROADS)}{rng.randrange(1, 800)}号{rng.choice(ESTATES)}"
            f"{rng.randrange(1, 40)}号楼{rng.randrange(1, 33)}0{rng.randrange(1, 5)}室")


class People:
    """What the calls need of the customers: ids, phones and who existed when."""

    def __init__(self, first_id, phones, unknown, old, start, span):
        self.first_id, self.phones, self.unknown, self.old = first_id, phones, unknown, old
        self.start, self.rate = start, (len(phones) - old) / span

    def known_at(self, moment: int) -> int:
        """How many customers existed at `moment`: the old ones and those created since."""
        return min(len(self.phones), self.old + int((moment - self.start) * self.rate))


def _customers(conn, rng, count, settings, staff, days) -> People:
    """Customers with keys and projects. 40% predate the year; the rest join evenly during it."""
    start = days[0][1][0][0]
    end = sum(days[-1][1][-1])
    span = max(1, end - start)
    old = max(1, count * 2 // 5) if count else 0
    surnames = [char for i, char in enumerate(SURNAMES) for _ in range(4 if i < 20 else 1)]
    sources = _weighted(settings["sources"], SOURCE_WEIGHTS)
    designers, qcs, pms = ([i for i, _ in staff[role]] for role in ("designer", "qc_inspector", "project_manager"))
    first = _next_id(conn, Customer)
    project_id = _next_id(conn, Project)
    sites = _Sites(rng, settings, staff, days)
    taken, phones, keys_of = set(), [], {}
    rows, keys, projects = [], [], []
    project_sql = _insert(Project, ("id", "customer", "address", "designer", "qc_inspector", "project_manager",
                                    "handover_at", "final_acceptance_at", "warranty_months", "created_at"))
    for i in range(count):
        cid = first + i
        if i < old:
            created = start - 1 - int(rng.random() * 2 * DAYS * 86400)
        else:
            created = start + int((i - old) / max(1, count - old) * span)
        name, address = _name(rng, surnames), _address(rng)
        raw, e164 = _phone(rng, taken)
        phones.append((raw, e164))
        rows.append((cid, name, address, sources[int(rng.random() * len(sources))], raw, e164, e164[-4:], created, created))
        name_keys = keys_of.get(name)
        if name_keys is None:
            name_keys = keys_of[name] = initials_keys(name)
        keys += [(cid, key) for key in name_keys]
        pick = rng.random()
        for n in range(0 if pick < 0.15 else 2 if pick > 0.9 else 1):
            project_created = min(end, created + int(rng.random() * 60 * 86400))
            handover, final = sites.add(project_id, cid, project_created)
            projects.append((project_id, cid, address if n == 0 else _address(rng),
                             rng.choice(designers), rng.choice(qcs), rng.choice(pms),
                             handover, final, None, project_created))
            project_id += 1
        if len(rows) >= CHUNK or len(sites.followups) >= CHUNK or i == count - 1:
            conn.executemany(_insert(Customer, ("id", "name", "address", "source", "phone_raw", "phone_e164",
                                                "phone_last4", "created_at", "updated_at")), rows)
            conn.executemany(_insert(CustomerKey, ("customer", "key")), keys)
            conn.executemany(project_sql, projects)
            sites.flush(conn)
            rows, keys, projects = [], [], []
    unknown = [_phone(rng, taken) for _ in range(max(20, count // 10))]  # callers who are no customer
    return People(first, phones, unknown, old, start, span)


class _Sites:
    """Milestones of the demo projects and the follow-ups their plan calls for.

    A site's life: design handover 3-25 days after the project is recorded (one in ten never
    gets there), the staged acceptances one after another 6-18 days apart, the final acceptance
    5-14 days after the last stage; only what has happened by the demo's end is set. The
    follow-ups are exactly `followup_plan.plan` of those milestones with the company warranty,
    under the keys it gives. Those due before today are mostly done (the last fortnight leaves
    some overdue), today's and later ones open. Rows are gathered per chunk of customers and
    written with executemany: a re-plan per project would take minutes for the 100k demo.
    """

    FOLLOWUP_FIELDS = ("customer", "project", "key", "reason", "stage", "due_at", "status", "attempts", "outcome",
                       "done_at", "done_by", "created_at", "personal", "note")
    OVERDUE_DAYS = 14
    OVERDUE_SHARE = 0.12  # of the follow-ups due in the last fortnight, still open

    def __init__(self, rng, settings, staff, days):
        self.rng = rng
        self.zone = ZoneInfo(settings.zone)
        self.calendar = WorkCalendar.from_settings(settings)
        self.months = settings["warranty_months"]
        self.stages = list(settings["acceptance_stages"])
        self.clerks = [i for i, _ in staff["clerk"]]
        self.end = sum(days[-1][1][-1])
        self.today = int(datetime.combine(days[-1][0], time.min, self.zone).timestamp())
        # Milestones happen in working hours, on the half hour, neither at opening nor at closing.
        minutes = [(int(start[:2]) * 60 + int(start[3:]), int(stop[:2]) * 60 + int(stop[3:]))
                   for start, stop in settings["work_hours"]]
        self.slots = [(first + 30 * k) * 60 for first, last in minutes
                      for k in range(1, (last - first) // 30)] or [9 * 3600]
        self.midnights: dict[int, int] = {}
        self.acceptances: list[tuple] = []
        self.followups: list[tuple] = []
        self.sql_acceptance = _insert(Acceptance, ("project", "stage", "at"))
        self.sql_followup = _insert(FollowUp, self.FOLLOWUP_FIELDS)

    def _moment(self, day: date) -> tuple[date, int]:
        """The working day on or after `day`, and a working-hour moment of it."""
        day = self.calendar.next_working_day(day)
        midnight = self.midnights.get(day.toordinal())
        if midnight is None:
            midnight = self.midnights[day.toordinal()] = int(datetime.combine(day, time.min, self.zone).timestamp())
        return day, midnight + self.slots[int(self.rng.random() * len(self.slots))]

    def add(self, project_id: int, customer_id: int, created: int) -> tuple[int | None, int | None]:
        """Make one project's milestones and follow-ups; return its (handover, final acceptance)."""
        r = self.rng.random
        day = datetime.fromtimestamp(created, self.zone).date()
        if r() < 0.1:
            return None, None
        day, handover = self._moment(day + timedelta(days=3 + int(r() * 23)))
        if handover > self.end:
            return None, None
        stages, final = [], None
        day += timedelta(days=2 + int(r() * 9))
        for n, stage in enumerate(self.stages):
            if n:
                day += timedelta(days=6 + int(r() * 13))
            day, at = self._moment(day)
            if at > self.end:
                break
            stages.append((stage, at))
        else:
            day, at = self._moment(day + timedelta(days=5 + int(r() * 10)))
            final = at if at <= self.end else None
        self.acceptances += [(project_id, stage, at) for stage, at in stages]
        utc = timezone.utc
        milestones = Milestones(datetime.fromtimestamp(handover, utc),
                                tuple((stage, datetime.fromtimestamp(at, utc)) for stage, at in stages),
                                datetime.fromtimestamp(final, utc) if final else None, self.months)
        since = dict(handover=handover, final=final, **{f"acceptance:{stage}": at for stage, at in stages})
        for planned in plan(milestones, self.calendar):
            due = int(planned.due_at.timestamp())
            status, attempts, outcome, done_at, done_by = "open", 0, None, None, None
            if due < self.today:  # older than a fortnight: all done; nobody leaves a customer waiting that long
                recent = due >= self.today - self.OVERDUE_DAYS * 86400
                if not recent or r() >= self.OVERDUE_SHARE:
                    status, attempts, outcome = "done", 1, "reached"
                    if r() < 0.05:
                        attempts, outcome = 3, "no_answer"
                    done_at = min(self.end, due + int(r() * r() * 86400))
                    done_by = self.clerks[int(r() * len(self.clerks))]
            self.followups.append((customer_id, project_id, planned.key, planned.reason, planned.stage, due, status,
                                   attempts, outcome, done_at, done_by, since.get(planned.key, final), False, ""))
        return handover, final

    def flush(self, conn) -> None:
        conn.executemany(self.sql_acceptance, self.acceptances)
        conn.executemany(self.sql_followup, self.followups)
        self.acceptances, self.followups = [], []


MANUAL_NOTES = ["客户约好{when}回电，商量{topic}", "客户想再了解{topic}，请回电", "回电确认{visit}时间",
                "客户反映{part}{problem}，维修后回访", "邀请参加客户交流会"]


def _manual_followups(conn, rng, staff, people, days) -> None:
    """Calls clerks promised by hand: some due earlier today (overdue by now), the rest in the coming days."""
    if not people.phones:
        return
    clerks = [i for i, _ in staff["clerk"]]
    today = days[-1][1]
    rows = []
    for n in range(max(8, len(people.phones) // 2000)):
        customer = people.first_id + rng.randrange(len(people.phones))
        project = conn.execute('SELECT id FROM "project" WHERE customer_id = ? ORDER BY id LIMIT 1',
                               (customer,)).fetchone()
        start, length = rng.choice(today)
        due = start + rng.randrange(length) + (0 if n % 3 == 0 else rng.randrange(1, 8) * 86400)
        values = {key: rng.choice(words) for key, words in WORDS.items()}
        rows.append((customer, project[0] if project else None, "manual", "", due, "open", 0,
                     clerks[n % len(clerks)], rng.random() < 0.3, rng.choice(MANUAL_NOTES).format(**values),
                     min(start, due) - rng.randrange(1, 4) * 86400))
    conn.executemany(_insert(FollowUp, ("customer", "project", "reason", "stage", "due_at", "status", "attempts",
                                        "assignee", "personal", "note", "created_at")), rows)


RATING_COMMENTS = ["", "", "", "设计很用心", "工人干活认真", "验收很细致", "希望工期再准时一些", "沟通及时", "现场有点乱"]
RATING_SCORES = [5] * 55 + [4] * 30 + [3] * 10 + [2] * 3 + [1] * 2


def _ratings(conn, rng, staff) -> None:
    """Satisfaction answers (rule 18) on one outgoing call in five after a project's handover:
    the designer always, the QC inspector and project manager once building has begun."""
    sql = _insert(Rating, ("call", "project", "staff", "role", "score", "comment", "at"))
    cursor = conn.execute(
        'SELECT c.id, c.ended_at, p.id, p.designer_id, p.qc_inspector_id, p.project_manager_id, p.handover_at '
        'FROM "call" c JOIN "project" p ON p.customer_id = c.customer_id '
        "WHERE c.direction = 'out' AND c.channel = 'phone' AND p.handover_at < c.started_at ORDER BY c.id, p.id")
    rows, seen = [], None
    for call, at, project, designer, qc, pm, handover in cursor:
        if call == seen or rng.random() >= 0.2:
            continue
        seen = call  # one project per call
        comment = rng.choice(RATING_COMMENTS)
        people = [("designer", designer)]
        if at > handover + 20 * 86400:
            people += [("qc_inspector", qc), ("project_manager", pm)]
        rows += [(call, project, person, role, RATING_SCORES[int(rng.random() * 100)], comment, at)
                 for role, person in people if person]
        if len(rows) >= CHUNK:
            conn.executemany(sql, rows)
            rows = []
    conn.executemany(sql, rows)


def _notes(rng, settings, staff) -> dict:
    """Pools of notes by (channel, direction, category), filled from templates once."""
    who = {key: [name for _, name in staff[role]] for key, role in
           (("designer", "designer"), ("pm", "project_manager"), ("qc", "qc_inspector"), ("assistant", "admin_assistant"))}

    def make(templates):
        pool = []
        for _ in range(NOTES_PER_KIND):
            values = {key: rng.choice(words) for key, words in (WORDS | who).items()}
            pool.append(rng.choice(templates).format(**values))
        return pool

    pools = {}
    for category in settings["categories"]:
        inbound = make(IN_NOTES.get(category, IN_NOTES["其他"]))
        pools["phone", "in", category] = inbound
        pools["visit", "in", category] = [VISIT_PREFIX + note if note else "" for note in inbound]
        pools["phone", "out", category] = make(OUT_NOTES)
        pools["fax", "in", category] = pools["fax", "out", category] = make(FAX_NOTES)
    return pools


def _checklists(rng, items) -> list[tuple[str, int, int]]:
    """(JSON, ticked, total) choices: most calls tick everything, some miss one, a few miss more."""
    def entry(mask):
        ticks = {item: bool(mask >> n & 1) for n, item in enumerate(items)}
        return json.dumps(ticks, ensure_ascii=False), sum(ticks.values()), len(items)

    full = (1 << len(items)) - 1
    table = [entry(full)] * 60
    table += [entry(full & ~(1 << rng.randrange(len(items)))) for _ in range(30)]
    table += [entry(rng.randrange(full + 1)) for _ in range(10)]
    return table


def _split(total: int, days) -> list[int]:
    """Calls per day: Mondays are the rest day (a few calls), weekends busier, today at least a few."""
    weights = [0.15 if day.isoweekday() == 1 else 1.2 if day.isoweekday() > 5 else 1.0 for day, _ in days]
    today = min(total, max(TODAY_MIN, round(total * weights[-1] / sum(weights))))
    rest, weights = total - today, weights[:-1]
    whole, counts, done = sum(weights), [], 0
    running = 0.0
    for weight in weights:
        running += weight
        upto = round(rest * running / whole)
        counts.append(upto - done)
        done = upto
    return counts + [today]


def _calls(conn, rng, total, settings, staff, people, days, progress) -> None:
    sql = _insert(Call, ("id", "started_at", "ended_at", "direction", "channel", "phone_raw", "phone_e164",
                         "customer", "clerk", "category", "notes", "checklist", "checklist_ticked",
                         "checklist_total", "hold_seconds", "transferred_to", "promotions"))
    # Rule 17: one outgoing call in seven passes on a promotion.
    offers = [json.dumps([offer], ensure_ascii=False) for offer in settings["promotions"]] or ["[]"]
    r = rng.random
    categories = settings["categories"]
    inbound, outbound = _weighted(categories, IN_WEIGHTS), _weighted(categories, OUT_WEIGHTS)
    channels = ["phone"] * 17 + ["visit"] * 2 + ["fax"]
    checklists = _checklists(rng, settings["checklist"])
    no_checklist = ("{}", 0, 0)
    pools = _notes(rng, settings, staff)
    clerks = [i for i, _ in staff["clerk"]]
    departments = settings["departments"]
    phones, unknown, first_customer = people.phones, people.unknown, people.first_id
    call_id, rows, done = _next_id(conn, Call), [], 0
    for (day, periods), count in zip(days, _split(total, days)):
        open_seconds = sum(length for _, length in periods)
        for offset in sorted(int(r() * open_seconds) for _ in range(count)):
            for start, length in periods:  # opening hours as one line of seconds, back to clock times
                if offset < length:
                    break
                offset -= length
            started = start + offset
            channel = channels[int(r() * 20)]
            direction = "in" if channel == "visit" or r() < 0.7 else "out"
            category = (inbound if direction == "in" else outbound)
            category = category[int(r() * len(category))]
            known = people.known_at(started)
            if known and r() < 0.9:
                customer = first_customer + int(r() * known)
                raw, e164 = phones[customer - first_customer]
            else:
                customer = None
                no_number = channel == "visit" or (direction == "in" and r() < 0.05)  # visitors; no caller ID
                raw, e164 = ("", None) if no_number else unknown[int(r() * len(unknown))]
            pool = pools[channel, direction, category]
            if channel == "phone":
                checklist = checklists[int(r() * 100)]
                ended = started + 30 + int(r() * r() * 600)
                hold = 0 if r() < 0.8 else 5 + int(r() * 85)
                transferred = departments[int(r() * len(departments))] if direction == "in" and r() < 0.1 else None
            else:
                checklist, hold, transferred = no_checklist, 0, None
                ended = started + (600 + int(r() * 3000) if channel == "visit" else 60 + int(r() * 120))
            offer = offers[int(r() * len(offers))] if direction == "out" and channel == "phone" and r() < 0.15 else "[]"
            rows.append((call_id, started, ended, direction, channel, raw, e164, customer,
                         clerks[int(r() * len(clerks))], category, pool[int(r() * NOTES_PER_KIND)],
                         *checklist, hold, transferred, offer))
            call_id += 1
            if len(rows) >= CHUNK:
                conn.executemany(sql, rows)
                done += len(rows)
                rows = []
                if progress:
                    progress(done, total)
    conn.executemany(sql, rows)
    if progress:
        progress(total, total)


def _messages(conn, rng, staff, people, days) -> None:
    """Six messages still waiting to be passed on (today and yesterday) and a month of relayed ones."""
    if not people.phones:
        return
    recipients = [name for role in ("designer", "project_manager", "qc_inspector", "admin_assistant", "deputy_gm")
                  for _, name in staff[role]]
    clerks = [i for i, _ in staff["clerk"]]
    texts = ["请回电，想改厨房设计", "询问水电验收时间", "反映{}漏水，请尽快联系", "想预约周末量房", "请回电商量付款事宜", "催问报价单"]
    rows = []
    for n in range(36):
        open_ = n < 6
        back = n % 2 if open_ else 2 + rng.randrange(28)
        start, length = rng.choice(days[-1 - back][1])
        created = start + rng.randrange(length)
        customer = rng.randrange(len(people.phones))
        raw, e164 = people.phones[customer]
        caller = conn.execute('SELECT name FROM "customer" WHERE id = ?', (people.first_id + customer,)).fetchone()[0]
        content = rng.choice(texts).format(rng.choice(WORDS["part"]))
        relayed = None if open_ else created + 600 + rng.randrange(7200)
        rows.append((rng.choice(recipients), caller, raw, e164, content, open_ and rng.random() < 0.3, created,
                     rng.choice(clerks), relayed, None if open_ else rng.choice(clerks)))
    conn.executemany(_insert(Message, ("recipient", "caller_name", "callback_raw", "callback_e164", "content",
                                       "urgent", "created_at", "created_by", "relayed_at", "relayed_by")), rows)


def _punches(conn, rng, settings, days) -> None:
    """Clock punches for last month and this one, up to yesterday, for everyone in the directory:
    without them the month-end attendance showed every person absent every day. Most days on
    time, a few late arrivals and early departures, now and then a forgotten punch."""
    calendar = WorkCalendar.from_settings(settings)
    first = (days[-1][0].replace(day=1) - timedelta(days=1)).replace(day=1)
    people = [row[0] for row in conn.execute('SELECT id FROM "staff" WHERE active ORDER BY id').fetchall()]
    rows = []
    for day, periods in days[:-1]:  # today's punches are not all in: attendance judges to yesterday
        if day < first or not calendar.is_working_day(day):
            continue
        opens, closes = periods[0][0], periods[-1][0] + periods[-1][1]
        for person in people:
            arrives = opens + rng.randrange(60, 1500) if rng.random() < 0.05 else opens - rng.randrange(60, 1200)
            leaves = closes - rng.randrange(300, 1500) if rng.random() < 0.02 else closes + rng.randrange(0, 900)
            rows += [(person, at, "import", at, "demo") for at in (arrives, leaves) if rng.random() > 0.01]
    conn.executemany(_insert(Punch, ("staff", "at", "source", "created_at", "created_by")), rows)


# ---- complaints and praise (rules 11-13, 19) ------------------------------------------------

COMPLAINT_RECENT_DAYS = 4  # complaints this recent are still being worked; older ones are finished
COMPLAINT_RECENT_SHARE = 0.03
COMPLAINT_ROLES = [("project_manager", 45), ("designer", 25), ("qc_inspector", 20), ("other", 10)]
COMPLAINT_KINDS_BY_ROLE = {
    "project_manager": ["工期", "工期", "质量", "材料", "态度"],
    "designer": ["态度", "其他", "价格", "质量"],
    "qc_inspector": ["质量", "质量", "态度"],
    "other": ["价格", "态度", "其他"],
}
COMPLAINT_TEXTS = {
    "质量": ["{part}{problem}，要求尽快处理", "验收后发现{part}{problem}", "{part}做工粗糙，要求返工"],
    "工期": ["工期延误{days}天，一直推脱", "约好{when}开工，工人没来", "{stage}拖了一周还没完成"],
    "态度": ["{name}说话不耐烦", "工人态度不好，现场卫生差", "打了三次电话{name}都不回"],
    "价格": ["结算比报价多了{amount}元，要求解释", "增项没有提前说明", "材料差价没有退"],
    "材料": ["材料与合同不符：{part}", "瓷砖颜色和样品不一致", "板材不是合同约定的品牌"],
    "其他": ["施工噪音扰民，邻居有意见", "约好上门未到", "垃圾没有及时清运"],
}
DISPUTE_TEXTS = ["设计交底不清，施工返工", "验收标准有分歧，互相推诿", "设计变更没有通知项目经理",
                 "工地协调不及时，耽误{stage}", "质检意见没有书面记录"]
RESOLUTIONS = ["已安排{pm}上门维修，客户认可", "已调整工期计划并书面告知客户", "{name}已上门道歉并改进",
               "已退还差价{amount}元", "已更换材料，重新验收", "已清理现场，每日收工前检查"]
OPINIONS = ["设计部出具书面交底，工程部按图施工，双方各自整改", "质检员按验收标准复验，项目经理限期整改",
            "变更须书面通知各方，本次由设计师负责协调返工", "双方当面沟通，行政部记录在案，下不为例"]
NOTE_TEXTS = ["已联系{name}，约{when}上门查看", "已通知项目经理处理", "客户同意{when}再沟通"]
CLOSE_OPINIONS = ["经副总协调，公司承担返工费用，客户同意结案", "行政助理已上门协调，双方达成一致"]
PRAISE_TEXTS = ["{praise}", "{name}{praise}，特来电表扬", "感谢{name}，{praise}", "写来表扬信：{name}{praise}"]


class _ComplaintRows:
    """Gathers complaint, action, follow-up and audit rows and writes them in chunks."""

    FIELDS = ("id", "complainant_customer", "complainant_staff", "project", "respondent", "respondent_role", "kind",
              "description", "received_at", "deadline_at", "responsible", "status", "escalation_level",
              "escalated_to", "escalated_at", "resolution", "resolved_at", "satisfied", "call", "created_by")

    def __init__(self, conn):
        self.conn = conn
        self.complaints, self.actions, self.followups = [], [], []
        self.sql_complaint = _insert(Complaint, self.FIELDS)
        self.sql_action = _insert(ComplaintAction, ("complaint", "at", "actor", "action", "text", "level"))
        self.sql_followup = _insert(FollowUp, ("customer", "project", "key", "reason", "stage", "due_at", "status",
                                               "attempts", "outcome", "done_at", "done_by", "created_at",
                                               "personal", "note"))

    def flush(self, force: bool = False) -> None:
        if force or len(self.actions) >= CHUNK:
            self.conn.executemany(self.sql_complaint, self.complaints)
            self.conn.executemany(self.sql_action, self.actions)
            self.conn.executemany(self.sql_followup, self.followups)
            self.complaints, self.actions, self.followups = [], [], []


def _complaints_and_praise(conn, seed: int, count: int, settings, staff, days) -> None:
    """`count` complaints over the year, and praise (six for every ten complaints), in bulk.

    Complaints older than a few days are finished the way the desk would have finished them:
    most resolved within the day and confirmed on the confirmation call, some late (escalated
    at their deadline, and a day later to the deputy GM, as the escalation pass does), a few
    reopened once, escalated ones closed by the supervisor, staff disputes closed with an
    opinion. The last days' are open: new, in progress, resolved awaiting the customer's word;
    of the late ones some are escalated already and some not yet (for `callcenter complaints
    --escalate`). A random generator of its own keeps the other demo rows as they were.
    """
    rng = random.Random(f"complaints:{seed}")
    r = rng.random
    projects = conn.execute('SELECT id, customer_id, designer_id, qc_inspector_id, project_manager_id, created_at '
                            'FROM "project" ORDER BY created_at, id').fetchall()
    if not projects:
        return
    calendar = WorkCalendar.from_settings(settings)
    deadline_span = timedelta(hours=settings["complaint_deadline_hours"])  # both on the company clock
    after_span = timedelta(hours=settings["complaint_escalate_after_hours"])

    def clock_s(start: int, span: timedelta) -> int:
        return int(company_clock.due(datetime.fromtimestamp(start, timezone.utc), span, calendar).timestamp())
    end = sum(days[-1][1][-1])
    created = [p[5] for p in projects]
    names = {i: name for role in staff.values() for i, name in role}
    clerks = [i for i, _ in staff["clerk"]]
    supervisor = staff["supervisor"][0][0]
    assistant = staff["admin_assistant"][0][0] if staff.get("admin_assistant") else None
    deputy = staff["deputy_gm"][0][0] if staff.get("deputy_gm") else None
    others = [i for i, _ in staff.get("other", [])]
    kinds = list(settings["complaint_kinds"])
    by_role = {role: [k for k in wanted if k in kinds] or kinds for role, wanted in COMPLAINT_KINDS_BY_ROLE.items()}
    roles = [role for role, weight in COMPLAINT_ROLES for _ in range(weight) if role != "other" or others]
    project_people = ("designer", "qc_inspector", "project_manager")

    def moment(day_index: int) -> int:
        start, length = days[day_index][1][int(r() * len(days[day_index][1]))]
        return start + int(r() * length)

    pools: dict = {}

    def pick(texts, **extra) -> str:
        """One of a few texts made once per template list and names (formatting each is too slow)."""
        key = (id(texts), *extra.values())
        pool = pools.get(key)
        if pool is None:
            pool = pools[key] = []
            for _ in range(16):
                values = {name: choices[int(r() * len(choices))] for name, choices in WORDS.items()}
                values.update(days=2 + int(r() * 12), amount=100 * (2 + int(r() * 40)), name="", pm="")
                values.update(extra)
                pool.append(texts[int(r() * len(texts))].format(**values))
        return pool[int(r() * 16)]

    rows = _ComplaintRows(conn)
    complaint_id = _next_id(conn, Complaint)
    recent = min(count, max(12, round(count * COMPLAINT_RECENT_SHARE))) if count else 0
    recent_from = max(0, len(days) - COMPLAINT_RECENT_DAYS)
    for n in range(count):
        if n < count - recent:  # spread over the year before the last days, in time order
            received = moment(int(n / max(1, count - recent) * recent_from))
        else:
            received = moment(len(days) - 1 - int(r() * min(len(days), COMPLAINT_RECENT_DAYS)))
        received = min(received, end - 60)
        known = bisect_right(created, received) or 1  # projects that existed by then
        project_id, customer_id, designer, qc, pm, _ = projects[int(r() * known)]
        clerk = clerks[int(r() * len(clerks))]
        deadline = clock_s(received, deadline_span)
        age = end - received
        people = [p for p in (designer, qc, pm) if p]
        dispute = r() < 0.05 and len(people) >= 2
        if dispute:
            complainant, respondent_id = rng.sample(people, 2)
            role = project_people[(designer, qc, pm).index(respondent_id)]
            kind = "其他" if "其他" in kinds else kinds[-1]
            description = pick(DISPUTE_TEXTS)
            customer, staff_from, responsible = None, complainant, None
        else:
            role = roles[int(r() * len(roles))]
            respondent_id = others[int(r() * len(others))] if role == "other" else \
                {"designer": designer, "qc_inspector": qc, "project_manager": pm}[role]
            if respondent_id is None:  # a project without that person: complain about whoever it has
                if not people:
                    continue
                respondent_id = people[0]
                role = project_people[(designer, qc, pm).index(respondent_id)]
            kind = by_role[role][int(r() * len(by_role[role]))]
            description = pick(COMPLAINT_TEXTS.get(kind, COMPLAINT_TEXTS["其他"]), name=names.get(respondent_id, ""))
            customer, staff_from = customer_id, None
            responsible = pm if pm and role != "project_manager" and r() < 0.5 else respondent_id
        actions = [(received, clerk, "filed", "", None)]
        level, escalated_to, escalated_at, resolution, resolved_at, satisfied = 0, None, None, "", None, None

        def escalate_until(moment_: int, since: int = 0) -> None:
            """The escalations the pass would have made while the complaint was open until `moment_`."""
            nonlocal level, escalated_to, escalated_at
            for step, at, person in ((1, deadline, assistant), (2, clock_s(deadline, after_span), deputy)):
                if step > level and at <= moment_:
                    at = max(at, since)
                    level, escalated_to, escalated_at = step, person, at
                    actions.append((at, None, "escalated", names.get(person, ""), step))

        if age >= COMPLAINT_RECENT_DAYS * 86400 or (age >= 2 * 3600 and r() < 0.3):
            # Finished: worked, resolved after a few hours (now and then days), then confirmed.
            hours = r() * r() * 40 if r() < 0.9 else 24 + r() * 60
            done_at = min(end - 60, received + 3600 + int(hours * 3600))
            taken = received + 60 + int(r() * min(3600, (done_at - received) // 2))
            actions.append((taken, clerk, "responsible", names.get(responsible or respondent_id, ""), None))
            responsible = responsible or respondent_id
            if r() < 0.4:
                actions.append((taken + int(r() * (done_at - taken)), clerk, "note",
                                pick(NOTE_TEXTS,
                                     name=names.get(respondent_id, "")), None))
            escalate_until(done_at)
            if dispute:
                status, resolution, resolved_at = "closed", pick(OPINIONS), done_at
                actions.append((done_at, supervisor, "closed", resolution, None))
            elif level and r() < 0.3:
                status, resolution, resolved_at = "closed", pick(CLOSE_OPINIONS), done_at
                actions.append((done_at, supervisor, "closed", resolution, None))
            else:
                resolution = pick(RESOLUTIONS, name=names.get(respondent_id, ""), pm=names.get(pm, "项目经理"))
                resolved_at = done_at
                if r() < 0.06 and done_at + 86400 < end:  # not satisfied once: reopened, then settled
                    actions.append((done_at, clerk, "resolved", resolution, None))
                    reopened = done_at + 3600 + int(r() * 20000)
                    actions.append((reopened, clerk, "reopened", "客户仍不满意，要求再次处理", None))
                    resolved_at = min(end - 60, reopened + 3600 + int(r() * 40000))
                    escalate_until(resolved_at, since=reopened)
                    resolution = pick(RESOLUTIONS, name=names.get(respondent_id, ""), pm=names.get(pm, "项目经理"))
                # The confirmation call, a working slot later: the calendar is asked only for the
                # few still waiting (a million-row demo cannot afford it per complaint).
                confirmed_at = resolved_at + 3600 + int(r() * r() * 86400)
                actions.append((resolved_at, clerk, "resolved", resolution, None))
                if confirmed_at < end:
                    status, satisfied = "confirmed", True
                    actions.append((confirmed_at, clerks[int(r() * len(clerks))], "confirmed", "", None))
                    rows.followups.append((customer, project_id, f"complaint:{complaint_id}", "complaint", "",
                                           confirmed_at - 600, "done", 1, "reached", confirmed_at,
                                           actions[-1][1], resolved_at, False, resolution))
                else:
                    status = "resolved"
                    due = calendar.next_slot(datetime.fromtimestamp(resolved_at, timezone.utc), timedelta(hours=1))
                    rows.followups.append((customer, project_id, f"complaint:{complaint_id}", "complaint", "",
                                           int(due.timestamp()), "open", 0, None, None, None, resolved_at, False,
                                           resolution))
        else:
            # Still open: new, or in progress; late ones escalated already, or waiting for the pass.
            status = "new"
            if r() < 0.6:
                status = "in_progress"
                taken = min(end - 30, received + 300 + int(r() * 3600))
                responsible = responsible or respondent_id
                actions.append((taken, clerk, "responsible", names.get(responsible, ""), None))
                if r() < 0.5:
                    actions.append((min(end - 10, taken + int(r() * 7200)), clerk, "note",
                                    pick(NOTE_TEXTS,
                                         name=names.get(respondent_id, "")), None))
            else:
                responsible = None
            if r() < 0.6:
                escalate_until(end)
        rows.complaints.append((complaint_id, customer, staff_from, project_id, respondent_id, role, kind, description,
                                received, deadline, responsible, status, level, escalated_to, escalated_at,
                                resolution, resolved_at, satisfied, None, clerk))
        rows.actions += [(complaint_id, at, actor, action, text, lvl) for at, actor, action, text, lvl in actions]
        complaint_id += 1
        rows.flush()
    rows.flush(force=True)
    _praise(conn, rng, count, staff, projects, created, days, end)


def _praise(conn, rng, complaints: int, staff, projects, created, days, end) -> None:
    """Praise for project staff, about 0.6 of the complaints: forwarded to 企划部 within two days,
    except some of the last week's; one in four customers will come to the exchange meeting."""
    r = rng.random
    names = {i: name for role in staff.values() for i, name in role}
    clerks = [i for i, _ in staff["clerk"]]
    count = max(8, complaints * 6 // 10) if complaints else 0
    rows = []
    sql = _insert(Praise, ("staff", "customer", "call", "text", "exchange_meeting", "created_at", "created_by",
                           "forwarded_at", "forwarded_by"))
    for n in range(count):
        day = int(n / count * len(days)) if n < count - 6 else len(days) - 1 - int(r() * 3)
        start, length = days[day][1][int(r() * len(days[day][1]))]
        at = min(end - 60, start + int(r() * length))
        known = bisect_right(created, at) or 1
        _, customer, designer, qc, pm, _ = projects[int(r() * known)]
        person = (designer, qc, pm)[int(r() * 3)] or designer or pm
        if person is None:
            continue
        values = {key: choices[int(r() * len(choices))] for key, choices in WORDS.items()}
        text = PRAISE_TEXTS[int(r() * len(PRAISE_TEXTS))].format(name=names.get(person, ""), **values)
        recent = end - at < 7 * 86400
        forwarded = None if recent and r() < 0.7 else min(end - 1, at + 600 + int(r() * 2 * 86400))
        clerk = clerks[int(r() * len(clerks))]
        rows.append((person, customer, None, text, r() < 0.25, at, clerk, forwarded,
                     clerks[int(r() * len(clerks))] if forwarded else None))
        if len(rows) >= CHUNK:
            conn.executemany(sql, rows)
            rows = []
    conn.executemany(sql, rows)
