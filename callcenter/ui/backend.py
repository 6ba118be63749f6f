"""The one way the desk's screens reach the services: in a thread, every failure put into words.

`call(node, job, *args, done=...)` runs `job(*args)` in a thread worker and hands its result to
`done` on the event loop, unless the node has left the screen or a newer call of the same group
replaced it. A refusal becomes its catalog message, a busy database "try again", anything else
is logged with its traceback and named in one line: the desk stays up and the screen keeps what
was typed. Workers never exit the app (Textual's default `exit_on_error=True` would).
"""
from __future__ import annotations

from typing import Any, Callable

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from callcenter.i18n import refusal, t
from callcenter.services.errors import Refused, trouble

Failed = Callable[[str], None]


def call(node: DOMNode, job: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None,
         failed: Failed | None = None, group: str | None = None, exclusive: bool = True,
         background: bool = False) -> Worker:
    """Run `job(*args)` off the event loop; `done(result)` or `failed(message)` back on it.

    `group` defaults to the job's name: a second call of the same job replaces the first.
    `failed` defaults to the screen's problem line (see `problem`). A `background` job (the
    escalation pass, the header counts) is nobody's form: a busy database waits for its next
    turn in silence, and other failures are a notification.
    """
    app = node.app

    def deliver(callback: Callable, value: Any) -> None:
        if not get_current_worker().is_cancelled:
            app.call_from_thread(_if_attached, node, callback, value)

    def run() -> None:
        try:
            result = job(*args)
            if done is not None:
                deliver(done, result)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message, none a crash
            if background and trouble(error) is not None:
                return
            message, severity = describe(error, getattr(job, "__qualname__", ""))
            report = failed or (lambda text: (app.notify(text, severity=severity) if background
                                              else problem(node, text, severity)))
            try:
                deliver(report, message)
            except Exception:  # the app is closing: nobody to tell
                pass

    return node.run_worker(run, name=getattr(job, "__name__", "job"), group=group or getattr(job, "__name__", "job"),
                           exclusive=exclusive, thread=True, exit_on_error=False)


def describe(error: BaseException, where: str = "") -> tuple[str, str]:
    """The clerk's one line for a failure, and its severity; unexpected ones go to the log."""
    if isinstance(error, Refused):
        return refusal(error), "warning"
    code = trouble(error)
    if code is not None:
        return t(code), "warning"
    from callcenter import errorlog

    return t("error.unexpected", path=str(errorlog.record(error, where))), "error"


def problem(node: DOMNode, message: str, severity: str = "error") -> None:
    """Say it on the screen's problem line when it has one (forms do), else as a notification."""
    screen = node.screen  # the App's is the one showing
    show = getattr(screen, "show_problem", None)
    if show is not None and show(message):
        return
    node.app.notify(message, severity=severity)


def _if_attached(node: DOMNode, callback: Callable, value: Any) -> None:
    if node is node.app or node.is_attached:
        callback(value)


def run_now(job: Callable[..., Any], *args: Any) -> bool:
    """Run `job` here and now, for the last write before the desk goes (SIGHUP, quitting): there
    is no later turn of the event loop to hand it to. False when it failed (and was logged)."""
    try:
        job(*args)
    except Exception as error:  # noqa: BLE001 - going down: log it, never raise over the exit
        describe(error, getattr(job, "__qualname__", ""))
        return False
    return True


class Guarded:
    """Mixed into the desk's App, screens and widgets: an exception in one of their handlers or
    actions is logged and said in one line, and the widget goes on handling messages (Textual
    would end the whole desk, and with it the call on screen)."""

    async def _dispatch_message(self, message) -> None:
        try:
            await super()._dispatch_message(message)
        except Exception as error:  # noqa: BLE001 - see the class comment
            text, severity = describe(error, type(self).__name__)
            problem(self, text, severity)
