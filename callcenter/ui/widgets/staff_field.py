"""Choose a staff member: Enter opens the list (the people of the caller's project first)."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from callcenter.i18n import t
from callcenter.rules.text import one_line
from callcenter.ui import backend
from callcenter.ui.backend import Guarded


class StaffField(Guarded, Widget, can_focus=True):
    DEFAULT_CSS = """
    StaffField { height: 1; padding: 0 1 0 0; }
    StaffField:focus { background: $boost; }
    """
    BINDINGS = [Binding("enter,space", "choose", show=False)]

    class Chosen(Message):
        def __init__(self, field: "StaffField") -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> "StaffField":
            return self.field

    def __init__(self, title: str, *, first: tuple[str, ...] = (), id: str | None = None):
        super().__init__(id=id)
        self.title = title
        self.first = first  # names to list first: the caller's designer, inspector, manager
        self.person = None  # a services.staff.Person

    @property
    def value(self) -> int | None:
        return self.person.id if self.person else None

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Text:
        focused = self.has_focus  # marked as ChoiceBar marks it: Enter acts here
        text = Text("▶" if focused else " ", style="bold")
        text.append(self.title, style="bold reverse" if focused else "bold")
        text.append(" ")
        if self.person is None:
            text.append(t("staff_field.choose"), style="dim")
        else:
            text.append(f"{one_line(self.person.name)}（{t('role.' + self.person.role)}）")
        return text

    def set_person(self, person_id: int, name: str, role: str, department: str = "") -> None:
        """A person chosen before (a restored draft): what the field shows and gives."""
        from callcenter.services.staff import Person

        self.person = Person(person_id, name, role, department)
        self.refresh()

    def action_choose(self) -> None:
        from callcenter.services import staff

        backend.call(self, staff.people, done=self._offer)

    def _offer(self, everyone) -> None:
        from callcenter.ui.screens.modals import Pick

        people = [p for p in everyone if p.role != "clerk"]  # complaints and praise are about the staff who build
        rank = {name: n for n, name in enumerate(self.first)}  # designer, inspector, manager, in that order
        people.sort(key=lambda p: (rank.get(p.name, len(rank)), p.name))
        by_id = {p.id: p for p in people}

        def chosen(person_id) -> None:
            if person_id is not None:
                self.person = by_id[person_id]
                self.refresh()
                self.post_message(self.Chosen(self))

        self.app.push_screen(Pick(self.title, [(p.id, f"{p.name} · {t('role.' + p.role)}") for p in people]), chosen)
