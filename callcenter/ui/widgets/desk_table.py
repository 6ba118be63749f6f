"""A table of rows as the desk's lists want it: Home and End go to the first and last row
(DataTable's own scroll sideways), PgUp and PgDn move a screenful."""
from __future__ import annotations

from textual.widgets import DataTable

from callcenter.ui.backend import Guarded
from callcenter.ui.bindings import key, translate


class DeskTable(Guarded, DataTable):
    BINDINGS = [
        key("home", "first_row", "key.first_row", "table.first_row", show=False),
        key("end", "last_row", "key.last_row", "table.last_row", show=False),
    ]

    def __init__(self, *, id: str | None = None, zebra_stripes: bool = False):
        super().__init__(id=id, cursor_type="row", zebra_stripes=zebra_stripes)
        translate(self)

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
