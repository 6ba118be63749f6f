"""The yardstick for start-up: a bare Textual app with Header, Input, DataTable and Footer."""
from textual.app import App
from textual.widgets import DataTable, Footer, Header, Input


class Bare(App):
    BINDINGS = [("ctrl+q", "quit", "READY")]

    def compose(self):
        yield Header()
        yield Input()
        yield DataTable()
        yield Footer()


if __name__ == "__main__":
    Bare().run()
