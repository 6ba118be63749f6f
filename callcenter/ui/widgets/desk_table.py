"""A table of rows as the desk's lists want it: Home and End go to the first and last row
(DataTable's own scroll sideways), PgUp and PgDn move a screenful."""
from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import DataTable

from callcenter.ui.backend import Guarded
from callcenter.ui.bindings import key, translate


class DeskTable(Guarded, DataTable):
    BINDINGS = [
        key("home", "first_row", "key.first_row", "table.first_row", show=False),
        key("end", "last_row", "key.last_row", "table.last_row", show=False),
    ]

    def __init__(self, *, id: str | None = None, zebra_stripes: bool = False, header_height: int = 1):
        super().__init__(id=id, cursor_type="row", zebra_stripes=zebra_stripes, header_height=header_height)
        translate(self)

    def add_column(self, label, *, width: int | None = None, key: str | None = None, default=None):
        # A heading is never cut: a column is at least as wide as its longest heading line.
        if width is not None:
            width = max(width, *(cell_len(line) for line in str(label).split("\n")))
        return super().add_column(label, width=width, key=key, default=default)

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
