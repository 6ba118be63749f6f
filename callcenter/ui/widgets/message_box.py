"""A phone message for someone who could not be reached (rule 4), taken on the call screen."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label

from callcenter.i18n import t
from callcenter.services.messages import MessageDraft
from callcenter.ui.backend import Guarded
from callcenter.ui.widgets.caller_box import field_row


class MessageBox(Guarded, Vertical):
    def __init__(self):
        super().__init__(id="message", classes="hidden")

    def compose(self) -> ComposeResult:
        yield Label(t("call.message_title"), classes="title")
        yield field_row(t("field.recipient"), "msg_for")
        yield field_row(t("message.caller"), "msg_caller")
        yield field_row(t("message.callback"), "msg_callback")
        yield field_row(t("field.content"), "msg_content")
        yield Checkbox(t("message.urgent"), id="msg_urgent")

    @property
    def is_open(self) -> bool:
        return not self.has_class("hidden")

    def _input(self, input_id: str) -> Input:
        return self.query_one(f"#{input_id}", Input)

    def open(self, recipient: str = "", caller: str = "", callback: str = "") -> None:
        """Show it for `recipient`, filling what the call already knows and the clerk has not typed."""
        self.remove_class("hidden")
        self._input("msg_for").value = recipient or self._input("msg_for").value
        for input_id, known in (("msg_caller", caller), ("msg_callback", callback)):
            if not self._input(input_id).value:
                self._input(input_id).value = known
        self._input("msg_content").focus()

    def close(self) -> None:
        self.add_class("hidden")

    def draft_part(self) -> MessageDraft | None:
        if not self.is_open:
            return None
        return MessageDraft(recipient=self._input("msg_for").value, content=self._input("msg_content").value,
                            caller_name=self._input("msg_caller").value,
                            callback_text=self._input("msg_callback").value,
                            urgent=self.query_one("#msg_urgent", Checkbox).value)
