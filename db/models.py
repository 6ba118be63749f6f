"""The tables. Models are bound to `database`, a proxy that `db.connection.open_database` fills."""
from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
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
}


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Staff(BaseModel):
    """Everyone a call can be about or made by: clerks, supervisors, designers, inspectors..."""

    login = CharField(unique=True, null=True)  # set for people who use the desk
    name = CharField()
    role = CharField()  # see ROLES in callcenter.services.staff
    department = CharField(null=True)
    is_supervisor = BooleanField(default=False)
    active = BooleanField(default=True)
    created_at = UtcTimestampField()


class Customer(BaseModel):
    name = CharField()
    address = CharField(default="")
    source = CharField(default="")
    phone_raw = CharField(default="")  # as typed
    phone_e164 = CharField(null=True, index=True)
    phone_last4 = CharField(null=True, index=True)
    created_at = UtcTimestampField()
    updated_at = UtcTimestampField()


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
    assignee = ForeignKeyField(Staff, null=True)  # None: anyone's
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
            (("status", "due_at"), False),
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


class Audit(BaseModel):
    at = UtcTimestampField()
    actor = CharField()
    entity = CharField()
    entity_id = CharField()
    action = CharField()
    before = TextField(null=True)
    after = TextField(null=True)


TABLES = [Staff, Customer, CustomerKey, Project, Acceptance, Call, FollowUp, Rating, Message, Setting, Audit]
