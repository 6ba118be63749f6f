"""Sign in, on an OS account several people share: a staff login and password before anything else."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from callcenter.i18n import t
from callcenter.services import signin
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.widgets.desk_input import DeskInput


class SignInScreen(DeskScreen):
    DEFAULT_CSS = """
    SignInScreen { align: center middle; }
    SignInScreen Vertical { width: 60; height: auto; border: round $primary; padding: 0 1; }
    SignInScreen #problem { height: auto; }
    SignInScreen #problem.error { color: $error; }
    """
    BINDINGS = [key("ctrl+s", "sign_in", "key.save", "signin.submit", priority=True)]

    def __init__(self, os_login: str):
        super().__init__()
        self.os_login = os_login

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("signin.title")), classes="title")
            yield Static(Text(t("signin.shared")))
            yield DeskInput(placeholder=t("signin.ask_login"), id="login")
            yield DeskInput(placeholder=t("signin.ask_password"), password=True, id="password")
            yield Static(id="problem")

    def on_mount(self) -> None:
        self.query_one("#login", DeskInput).focus()

    @on(Input.Submitted, "#login")
    def _to_password(self) -> None:
        self.query_one("#password", DeskInput).focus()

    @on(Input.Submitted, "#password")
    def action_sign_in(self) -> None:
        login = self.query_one("#login", DeskInput).value
        password = self.query_one("#password", DeskInput).value
        self.query_one("#password", DeskInput).value = ""  # a wrong one is typed again, never kept on screen
        backend.call(self, signin.with_password, login, password, self.os_login, done=self.app.signed_in)
