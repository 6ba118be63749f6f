"""One customer: the card, and every contact with them a page at a time."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.services import calls, customers
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.describe import contact_cells, contact_columns
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.widgets.caller_panel import CallerPanel
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader
from callcenter.ui.widgets.paged_table import PagedTable


class CustomerScreen(DeskScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "customer.back"),
        key("o", "call_out", "key.call_out", "customer.call_out"),
        key("p", "project", "key.project", "customer.project"),
        key("f", "plan_followup", "key.plan_followup", "customer.plan_followup"),
        key("e", "edit", "key.edit_customer", "customer.edit"),
        key("m", "merge", "key.merge_customer", "customer.merge"),
    ]

    def __init__(self, customer_id: int):
        super().__init__()
        self.customer_id = customer_id
        self.card = None

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        yield DeskHeader()
        yield CallerPanel(id="card")
        yield Static(t("customer.history"), classes="title")
        yield PagedTable(contact_columns(with_customer=False), lambda n: calls.history(self.customer_id, n),
                         lambda row: contact_cells(row, settings.zone, with_customer=False), id="history")
        yield desk_footer()

    def on_mount(self) -> None:
        self._load_card()
        self.query_one(PagedTable).focus()

    def on_screen_resume(self) -> None:
        self._load_card()
        self.query_one(PagedTable).reload()

    def _load_card(self) -> None:
        backend.call(self, customers.card, self.customer_id, done=self._show_card)

    def _show_card(self, card) -> None:
        self.card = card
        panel = self.query_one("#card", CallerPanel)
        if card is None:
            panel.show_note(t("customer.gone"), error=True)
        else:
            panel.show_card(card, self.app.settings.zone)

    def action_call_out(self) -> None:
        if self.card is not None:
            self.app.open_call("out", phone_text=self.card.phone_raw)

    def action_project(self) -> None:
        """The customer's project (the newest when there are several: it is the one being built)."""
        if self.card is None or not self.card.projects:
            self.app.notify(t("customer.no_project"), severity="warning")
            return
        from callcenter.ui.screens.project import ProjectScreen

        self.app.push_screen(ProjectScreen(self.card.projects[0].id))

    def action_plan_followup(self) -> None:
        if self.card is None:
            return
        from callcenter.ui.screens.plan_followup import PlanFollowUp

        self.app.push_screen(PlanFollowUp(self.card.name, self.app.settings.zone), self._planned)

    def _planned(self, draft) -> None:
        if draft is not None:
            self._add_followup(draft)

    def _add_followup(self, draft) -> None:
        from callcenter.services import followups

        backend.call(self, followups.add_manual, self.app.clerk, self.customer_id, draft, done=self._followup_added)

    def _followup_added(self, _followup_id: int) -> None:
        self.app.notify(t("customer.followup_added"))
        self.app.refresh_counts()

    # ----- a supervisor's corrections ---------------------------------------------------------
    def _supervising(self) -> bool:
        if not self.app.clerk.is_supervisor:
            self.app.notify(t("customer.supervisor_only"), severity="error")
            return False
        return self.card is not None

    def action_edit(self) -> None:
        if self._supervising():
            from callcenter.ui.screens.customer_form import CustomerForm

            self.app.push_screen(CustomerForm(self.card, self.app.settings["sources"]),
                                 lambda changed: self._load_card() if changed else None)

    def action_merge(self) -> None:
        """Another record of the same person is merged into this one: find it, pick it, confirm."""
        if self._supervising():
            from callcenter.ui.screens.modals import AskText

            self.app.push_screen(AskText(t("customer.merge_find", name=self.card.name), self.card.name),
                                 self._find_twin)

    def _find_twin(self, query: str | None) -> None:
        if query:
            backend.call(self, customers.search, query, done=self._pick_twin)

    def _pick_twin(self, rows) -> None:
        from callcenter.rules.text import one_line
        from callcenter.ui.screens.modals import Pick

        choices = [(str(row.id), one_line(f"#{row.id} {row.name} {row.phone} {row.address}"))
                   for row in rows if row.id != self.customer_id]
        if not choices:
            self.app.notify(t("customer.merge_none"), severity="warning")
            return
        self.app.push_screen(Pick(t("customer.merge_pick", name=self.card.name), choices), self._confirm_merge)

    def _confirm_merge(self, picked: str | None) -> None:
        if picked is None:
            return
        gone = int(picked)
        self.app.confirm(t("customer.merge_confirm", id=gone, name=self.card.name),
                         lambda yes: self._merge(gone) if yes else None, destructive=True)

    def _merge(self, gone: int) -> None:
        backend.call(self, customers.merge, self.app.clerk, self.customer_id, gone, done=self._merged)

    def _merged(self, _moved) -> None:
        self.app.notify(t("customer.merged", name=self.card.name))
        self._load_card()
        self.query_one(PagedTable).reload()
