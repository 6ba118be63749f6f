"""The yardstick for typing over SSH: a bare Textual app with one Input, as Textual draws it
(three rows with a border, the terminal's width), or with --one-line as the desk draws its fields
(one row, no border).

Its cursor does not blink, like the desk's by default: a blink repaints twice a second whether
or not anyone types, which is not what a keystroke costs.
"""
import sys

from textual.app import App
from textual.widgets import Input

ONE_LINE = "Input { height: 1; border: none; padding: 0 1; }"  # callcenter/ui/app.tcss


class BareInput(App):
    CSS = ONE_LINE if "--one-line" in sys.argv[1:] else ""

    def compose(self):
        yield Input(placeholder="type here")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False


if __name__ == "__main__":
    BareInput().run()
