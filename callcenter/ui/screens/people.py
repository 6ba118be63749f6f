"""The staff directory, for supervisors (from F12): everyone, active first; a form below adds a
person or edits the one picked with Enter; Ctrl+R deactivates or brings back the one highlighted.

Deactivated people keep their history and drop out of every pick list (transfer, responsible,
the person a complaint or praise is about)."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, DataTable, Label, Static

from callcenter.i18n import every, t
from callcenter.rules.roles import ROLES
from callcenter.rules.text import one_line
from callcenter.services import staff
from callcenter.services.staff import PersonFields
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.text import widest
from callcenter.ui.widgets.choice_bar import ChoiceBar
from callcenter.ui.widgets.desk_input import DeskInput
from callcenter.ui.widgets.desk_table import DeskTable
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader

COLUMNS = (("col.name", 10), ("col.role", lambda: widest(every("role."))), ("col.department", 8),
           ("col.phone", 13), ("col.login", 10), ("col.state", lambda: widest(every("staff.state."))))
FIELDS = (("name", "field.name"), ("department", "field.department"), ("phone", "field.phone"),
          ("login", "field.login"))


class PeopleScreen(DeskScreen):
    DEFAULT_CSS = """
    PeopleScreen #people { height: 1fr; }
    PeopleScreen #person { height: auto; }
    PeopleScreen .row { height: 1; }
    PeopleScreen .label { width: 8; }
    PeopleScreen DeskInput { border: none; height: 1; width: 1fr; }
    PeopleScreen Checkbox { border: none; height: 1; padding: 0; }
    """
    BINDINGS = [
        key("ctrl+s", "save", "key.save", "people.save", priority=True),
        key("ctrl+n", "new", "key.new_person", "people.new", priority=True),
        key("ctrl+r", "toggle_active", "key.deactivate", "people.deactivate", priority=True),
        key("escape", "leave", "key.back", "people.back", priority=True),
    ]

    def __init__(self):
        super().__init__()
        self.rows: list[staff.DirectoryRow] = []
        self.editing: int | None = None  # the person in the form; None: a new one

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("people.title"), classes="title")
        table = DeskTable(id="people")
        for heading, width in COLUMNS:
            width = width() if callable(width) else width
            table.add_column(t(heading), width=width)
        yield table
        with Vertical(id="person"):
            yield Static(id="form_title", classes="title")
            for name, label in FIELDS[:1]:
                yield Horizontal(Label(t(label), classes="label"), DeskInput(id=f"p_{name}"), classes="row")
            yield ChoiceBar(t("field.role"), [(role, t(f"role.{role}")) for role in ROLES], id="p_role")
            for name, label in FIELDS[1:]:
                yield Horizontal(Label(t(label), classes="label"), DeskInput(id=f"p_{name}"), classes="row")
            yield Checkbox(t("people.supervisor"), id="p_supervisor")
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        self._fill(None)
        self._load()
        self.query_one("#people", DataTable).focus()

    # ----- the list -------------------------------------------------------------------------
    def _load(self, then_show: str = "") -> None:
        backend.call(self, staff.directory, done=lambda rows: self._show(rows, then_show))

    def _show(self, rows, message: str) -> None:
        self.rows = rows
        table = self.query_one("#people", DataTable)
        table.clear()
        for row in rows:
            state = t("staff.state.inactive") if not row.active else t(
                "staff.state.supervisor") if row.is_supervisor else t("staff.state.active")
            style = "dim" if not row.active else ""
            table.add_row(*(Text(one_line(value), style=style) for value in (
                row.name, t(f"role.{row.role}"), row.department, row.phone, row.login, state)), key=str(row.id))
        if message:
            self.show_problem(message, error=False)

    def _highlighted(self) -> staff.DirectoryRow | None:
        table = self.query_one("#people", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowSelected, "#people")
    def _picked(self) -> None:
        row = self._highlighted()
        if row is not None:
            self._confirm_discard(lambda: self._edit(row))

    # ----- the form -------------------------------------------------------------------------
    def _fill(self, row: staff.DirectoryRow | None) -> None:
        self.editing = row.id if row is not None else None
        self.query_one("#form_title", Static).update(
            Text(t("people.edit", name=one_line(row.name)) if row is not None else t("people.new")))
        for name, _ in FIELDS:
            self.query_one(f"#p_{name}", DeskInput).value = getattr(row, name) if row is not None else ""
        role = self.query_one("#p_role", ChoiceBar)
        if row is not None:
            role.select_value(row.role)
        else:
            role.selected = None
        self.query_one("#p_supervisor", Checkbox).value = bool(row and row.is_supervisor)
        self.mark_pristine()

    def _edit(self, row: staff.DirectoryRow) -> None:
        self._fill(row)
        self.query_one("#p_name", DeskInput).focus()

    def _confirm_discard(self, then) -> None:
        if self.has_changes():
            self.app.confirm(t("form.discard"), lambda yes: then() if yes else None, destructive=True)
        else:
            then()

    def action_new(self) -> None:
        def fresh() -> None:
            self._fill(None)
            self.query_one("#p_name", DeskInput).focus()

        self._confirm_discard(fresh)

    def _fields(self) -> PersonFields:
        value = {name: self.query_one(f"#p_{name}", DeskInput).value for name, _ in FIELDS}
        return PersonFields(value["name"], self.query_one("#p_role", ChoiceBar).value or "",
                            value["department"], value["phone"], value["login"],
                            self.query_one("#p_supervisor", Checkbox).value)

    def action_save(self) -> None:
        fields, editing = self._fields(), self.editing
        if not fields.role:
            self.show_problem(t("people.role_required"))
            return
        if editing is None:
            backend.call(self, staff.add, self.app.clerk, fields, done=lambda _id: self._saved(fields.name))
        else:
            backend.call(self, staff.edit, self.app.clerk, editing, fields, done=lambda _changed: self._saved(fields.name))

    def _saved(self, name: str) -> None:
        self._fill(None)
        self._load(t("people.saved", name=one_line(name)))
        self.query_one("#people", DataTable).focus()

    def action_toggle_active(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        if row.active:
            self.app.confirm(t("people.deactivate", name=one_line(row.name)),
                             lambda yes: self._set_active(row, False) if yes else None, destructive=True)
        else:
            self._set_active(row, True)

    def _set_active(self, row: staff.DirectoryRow, active: bool) -> None:
        done = t("people.reactivated" if active else "people.deactivated", name=one_line(row.name))
        backend.call(self, staff.set_active, self.app.clerk, row.id, active, done=lambda _changed: self._load(done))

    def action_leave(self) -> None:
        self._confirm_discard(self.dismiss)
