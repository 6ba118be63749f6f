"""The tables. Models are bound to `database`, a proxy that `db.connection.open_database` fills."""
from peewee import (
    SQL,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from db.fields import UtcTimestampField

database = DatabaseProxy()

# Longest text a clerk may type in each field; services refuse longer input with a message.
LIMITS = {
    "name": 40,
    "address": 200,
    "source": 20,
    "phone": 40,
    "category": 20,
    "notes": 2000,
    "recipient": 60,
    "content": 1000,
    "reason": 60,
}


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Staff(BaseModel):
    """Everyone a call can be about or made by: clerks, supervisors, designers, inspectors..."""

    login = CharField(unique=True, null=True)  # set for people who use the desk
    name = CharField()
    role = CharField()  # see ROLES in callcenter.rules.roles
    department = CharField(null=True)
    phone = CharField(default="", constraints=[SQL("DEFAULT ''")])  # as typed; checked like a customer's
    is_supervisor = BooleanField(default=False)
    active = BooleanField(default=True)
    created_at = UtcTimestampField()


class Customer(BaseModel):
    name = CharField(index=True)  # a new caller's name is matched against those on file
    address = CharField(default="")
    source = CharField(default="")
    phone_raw = CharField(default="")  # as typed
    phone_e164 = CharField(null=True, index=True)
    phone_last4 = CharField(null=True, index=True)
    salutation = CharField(default="", constraints=[SQL("DEFAULT ''")])  # 先生 | 女士 | "" (not asked yet): asked once, never guessed from the name
    created_at = UtcTimestampField()
    updated_at = UtcTimestampField()


class CustomerAlias(BaseModel):
    """A customer merged into another: the old id still resolves, so earlier exports stay readable."""

    old_id = IntegerField(primary_key=True)
    customer = ForeignKeyField(Customer, backref="aliases", on_delete="CASCADE")
    merged_at = UtcTimestampField()
    merged_by = CharField(default="")


class CustomerKey(BaseModel):
    """Search keys of a customer: every pinyin-initials reading of the name (曾 is z and c)."""

    customer = ForeignKeyField(Customer, backref="keys", on_delete="CASCADE")
    key = CharField(index=True)


class Project(BaseModel):
    """A renovation site. Its milestones drive the follow-up plan."""

    customer = ForeignKeyField(Customer, backref="projects", on_delete="CASCADE")
    address = CharField(default="")
    designer = ForeignKeyField(Staff, null=True)
    qc_inspector = ForeignKeyField(Staff, null=True)
    project_manager = ForeignKeyField(Staff, null=True)
    handover_at = UtcTimestampField(null=True)  # design handover (交底)
    final_acceptance_at = UtcTimestampField(null=True)  # 竣工验收: the warranty starts here
    warranty_months = IntegerField(null=True)  # None: the company setting
    created_at = UtcTimestampField()


class Acceptance(BaseModel):
    """One staged acceptance inspection (开工, 水电, ...) of a project."""

    project = ForeignKeyField(Project, backref="acceptances", on_delete="CASCADE")
    stage = CharField()
    at = UtcTimestampField()

    class Meta:
        indexes = ((("project", "stage"), True),)


class Call(BaseModel):
    """One contact: a phone call, a visit or a fax, in or out."""

    started_at = UtcTimestampField(index=True)
    ended_at = UtcTimestampField()
    direction = CharField(default="in")  # in | out
    channel = CharField(default="phone")  # phone | visit | fax
    phone_raw = CharField(default="")
    phone_e164 = CharField(null=True)
    customer = ForeignKeyField(Customer, null=True, backref="calls")
    clerk = ForeignKeyField(Staff)
    category = CharField(default="")
    notes = TextField(default="")
    checklist = TextField(default="{}")  # JSON: item text -> ticked
    checklist_ticked = IntegerField(default=0)
    checklist_total = IntegerField(default=0)
    hold_seconds = IntegerField(default=0)
    transferred_to = CharField(null=True)
    promotions = TextField(default="[]")  # JSON: the promotions mentioned (rule 17)

    class Meta:
        indexes = ((("customer", "started_at"), False),)


class FollowUp(BaseModel):
    """A call the desk owes a customer: planned from a project's milestones, or added by hand."""

    customer = ForeignKeyField(Customer, backref="followups", on_delete="CASCADE")
    project = ForeignKeyField(Project, null=True, backref="followups", on_delete="CASCADE")
    key = CharField(null=True)  # planned ones: their identity across re-plans ("acceptance:水电")
    reason = CharField()  # handover | acceptance | warranty | complaint | manual
    stage = CharField(default="")
    due_at = UtcTimestampField()
    status = CharField(default="open")  # open | done | cancelled
    assignee = ForeignKeyField(Staff, null=True, index=False)  # None: anyone's (indexed below)
    personal = BooleanField(default=False)  # only the assignee sees it, until overdue too long
    attempts = IntegerField(default=0)
    outcome = CharField(null=True)  # reached | no_answer | call_back | wrong_number
    note = TextField(default="")
    call = ForeignKeyField(Call, null=True)
    done_at = UtcTimestampField(null=True)
    done_by = ForeignKeyField(Staff, null=True)
    created_at = UtcTimestampField()

    class Meta:
        indexes = (
            (("project", "key"), True),
            # The queue and the header count: open ones in due order, with what visibility needs.
            (("status", "due_at", "personal", "assignee"), False),
            (("assignee", "status", "due_at"), False),  # "mine"
        )


class Rating(BaseModel):
    """One satisfaction rating (1-5) of a staff member, given on one call about one project."""

    call = ForeignKeyField(Call, backref="ratings", on_delete="CASCADE")
    project = ForeignKeyField(Project, null=True, on_delete="CASCADE")
    staff = ForeignKeyField(Staff, backref="ratings")
    role = CharField()  # designer | qc_inspector | project_manager
    score = IntegerField()
    comment = TextField(default="")
    at = UtcTimestampField()


# Complaints (DOMAIN.md rules 11-13). Open ones (new, in_progress) run against their deadline;
# the partial indexes below hold only those, so the desk's first page, the list escalated to one
# person and the escalation pass read a few index entries however many finished complaints the
# years pile up. Indexes no query needs are left out (index=False): every one costs the 100k-row
# escalation pass and the demo's bulk insert. SQLite uses a
# partial index only when the query's WHERE repeats the index's condition with the same literal
# values (bound parameters do not count): callcenter.services.complaints builds its conditions
# from these strings.
COMPLAINT_OPEN_WHERE = "status IN ('new', 'in_progress')"
COMPLAINT_DUE_WHERE = "status IN ('new', 'in_progress') AND escalation_level < 2"


class Complaint(BaseModel):
    """A complaint against a named staff member, from a customer or (staff dispute) a colleague."""

    complainant_customer = ForeignKeyField(Customer, null=True)
    complainant_staff = ForeignKeyField(Staff, null=True)  # set for staff-vs-staff
    project = ForeignKeyField(Project, null=True)
    respondent = ForeignKeyField(Staff)
    respondent_role = CharField()  # designer | qc_inspector | project_manager | other
    kind = CharField()
    description = TextField()
    received_at = UtcTimestampField(index=True)
    deadline_at = UtcTimestampField()
    responsible = ForeignKeyField(Staff, null=True)
    status = CharField(default="new")  # new | in_progress | resolved | confirmed | closed
    escalation_level = IntegerField(default=0)
    escalated_to = ForeignKeyField(Staff, null=True, index=False)  # see complaint_escalated
    escalated_at = UtcTimestampField(null=True)
    resolution = TextField(default="")  # the resolution, or the supervisor's handling opinion (处理意见)
    resolved_at = UtcTimestampField(null=True)
    satisfied = BooleanField(null=True)  # the customer's confirmation
    call = ForeignKeyField(Call, null=True)
    created_by = ForeignKeyField(Staff, index=False)


Complaint.add_index(SQL(f'CREATE INDEX IF NOT EXISTS "complaint_open" ON "complaint" ("deadline_at") '
                        f"WHERE {COMPLAINT_OPEN_WHERE}"))
Complaint.add_index(SQL(f'CREATE INDEX IF NOT EXISTS "complaint_due" ON "complaint" ("deadline_at") '
                        f"WHERE {COMPLAINT_DUE_WHERE}"))
Complaint.add_index(SQL(f'CREATE INDEX IF NOT EXISTS "complaint_escalated" ON "complaint" ("escalated_to_id", '
                        f'"deadline_at") WHERE {COMPLAINT_OPEN_WHERE}'))
# The staff view counts complaints per person, kind and status from this index alone, in its order
# (no sort): 16 ms for 100k complaints where a received_at range plus a sort took 66 ms.
Complaint.add_index(Complaint.respondent, Complaint.kind, Complaint.status, Complaint.received_at,
                    Complaint.resolved_at, name="complaint_staff_view")


class ComplaintAction(BaseModel):
    """The log of a complaint: who did what when. Automatic escalations have no actor."""

    complaint = ForeignKeyField(Complaint, backref="actions", on_delete="CASCADE")
    at = UtcTimestampField()
    actor = ForeignKeyField(Staff, null=True, index=False)
    action = CharField()  # filed | note | responsible | resolved | reopened | confirmed | escalated | closed | deadline
    text = TextField(default="")
    level = IntegerField(null=True)  # escalations: the level reached


class Praise(BaseModel):
    """Praise for a staff member (rule 19): forwarded to the planning department (企划部) once."""

    staff = ForeignKeyField(Staff)
    customer = ForeignKeyField(Customer, null=True)
    call = ForeignKeyField(Call, null=True, index=False)
    text = TextField()
    exchange_meeting = BooleanField(default=False)  # the customer will come to the next exchange meeting
    created_at = UtcTimestampField()
    created_by = ForeignKeyField(Staff, index=False)
    forwarded_at = UtcTimestampField(null=True, index=True)
    forwarded_by = ForeignKeyField(Staff, null=True, index=False)

    class Meta:
        indexes = ((("created_at", "staff"), False),)  # the staff view's count per person, from the index


# The staff view's average rating per person over a period: the index alone, in person order
# (9 ms for 100k ratings; 42 ms through rating_staff_id and the table).
Rating.add_index(Rating.staff, Rating.at, Rating.score, name="rating_staff_at")


class Message(BaseModel):
    """A phone message (电话记录) for someone who could not take the call."""

    call = ForeignKeyField(Call, null=True, backref="messages")
    recipient = CharField()
    caller_name = CharField(default="")
    callback_raw = CharField(default="")
    callback_e164 = CharField(null=True)
    content = TextField()
    urgent = BooleanField(default=False)
    created_at = UtcTimestampField()
    created_by = ForeignKeyField(Staff)
    relayed_at = UtcTimestampField(null=True, index=True)
    relayed_by = ForeignKeyField(Staff, null=True)


class Setting(BaseModel):
    """Company-wide settings a supervisor edits; values are JSON."""

    key = CharField(primary_key=True)
    value = TextField()
    updated_at = UtcTimestampField()
    updated_by = CharField(default="")


class Draft(BaseModel):
    """The call a clerk is working, as last typed: restored after a crash, a kill or a dropped SSH link.

    One row per clerk; saving or discarding the call deletes it. `data` is the screen's own JSON.
    """

    staff = ForeignKeyField(Staff, unique=True, on_delete="CASCADE")
    kind = CharField()  # "call"
    data = TextField()
    started_at = UtcTimestampField()
    updated_at = UtcTimestampField()


class CalendarDay(BaseModel):
    """A day a supervisor opened (a Monday, a holiday) or closed, against the usual calendar.

    Days without a row follow the rest weekday and the public holidays (rules.workcal).
    """

    day = DateField(primary_key=True)
    open = BooleanField()
    reason = CharField(default="")
    updated_at = UtcTimestampField()
    updated_by = CharField(default="")


# Month end (DOMAIN.md rules 21, 23): attendance, the signed-contract ledger, the work report.


class Punch(BaseModel):
    """One punch of the clock (打卡), imported or typed at the desk; the same punch twice is one."""

    staff = ForeignKeyField(Staff, on_delete="CASCADE", index=False)
    at = UtcTimestampField()
    source = CharField(default="import")  # import | desk
    created_at = UtcTimestampField()
    created_by = CharField(default="")

    class Meta:
        indexes = ((("staff", "at"), True),)


class Leave(BaseModel):
    """Approved leave (请假): a supervisor's record; excuses the minutes it covers."""

    staff = ForeignKeyField(Staff, on_delete="CASCADE")
    start = UtcTimestampField()
    end = UtcTimestampField()
    reason = CharField(default="")
    approved_by = CharField()
    created_at = UtcTimestampField()


class PunchProof(BaseModel):
    """A supervisor's proof (主管证明) of a forgotten punch: one side (in | out) of one day."""

    staff = ForeignKeyField(Staff, on_delete="CASCADE", index=False)
    day = DateField()
    side = CharField()  # in | out
    note = CharField(default="")
    proven_by = CharField()
    created_at = UtcTimestampField()

    class Meta:
        indexes = ((("staff", "day", "side"), True),)


class Contract(BaseModel):
    """A signing (签单) for the designers' ledger; amounts in whole fen, never floats."""

    customer = ForeignKeyField(Customer, on_delete="CASCADE", index=False)
    project = ForeignKeyField(Project, null=True, on_delete="SET NULL")
    designer = ForeignKeyField(Staff, index=False)
    signed_on = DateField(index=True)
    amount_fen = IntegerField()
    deposit_fen = IntegerField(default=0)
    plan = TextField(default="[]")  # JSON: [[after stage, percent, fen], ...] (四步收款)
    notes = TextField(default="")
    created_at = UtcTimestampField()
    created_by = CharField(default="")

    class Meta:
        indexes = ((("customer", "designer", "signed_on"), True),)


class MonthPaper(BaseModel):
    """What the clerk hands in for a month: the attendance summary, the ledger, the work report
    (with its summary and next month's plan). Editable until handed in."""

    kind = CharField()  # attendance | ledger | report | report_desk (the whole desk's figures)
    month = CharField()  # 2026-12
    staff = ForeignKeyField(Staff, null=True, on_delete="CASCADE", index=False)  # the report's clerk
    summary = TextField(default="")
    plan = TextField(default="")
    figures = TextField(null=True)  # a report's figures (JSON) as handed in: the record, and next month's "last month"
    updated_at = UtcTimestampField()
    handed_in_at = UtcTimestampField(null=True)
    handed_in_by = CharField(null=True)

    class Meta:
        indexes = ((("kind", "month", "staff"), True),)


MONTH_END_TABLES = [Punch, Leave, PunchProof, Contract, MonthPaper]


class DatabaseMark(BaseModel):
    """What kind of database this is: a row named "demo" lets anyone in as a demo clerk."""

    name = CharField(primary_key=True)
    at = UtcTimestampField()


class Credential(BaseModel):
    """A desk user's password, for OS accounts several people share: scrypt digest and salt (hex),
    wrong tries in a row and the end of a lock (callcenter/rules/passwords.py)."""

    staff = ForeignKeyField(Staff, unique=True, on_delete="CASCADE")
    digest = CharField()
    salt = CharField()
    failures = IntegerField(default=0)
    locked_until = UtcTimestampField(null=True)
    set_at = UtcTimestampField()


class Audit(BaseModel):
    at = UtcTimestampField()
    actor = CharField()
    entity = CharField()
    entity_id = CharField()
    action = CharField()
    before = TextField(null=True)
    after = TextField(null=True)
    chain = CharField(null=True)  # SHA-256 of this row and the chain before it: db/audit.py


TABLES = [Staff, Customer, CustomerAlias, CustomerKey, Project, Acceptance, Call, FollowUp, Rating, Complaint,
          ComplaintAction, Praise, Message, Setting, Draft, CalendarDay, *MONTH_END_TABLES, DatabaseMark, Credential, Audit]
