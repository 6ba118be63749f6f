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
        self._fill_last = False  # the last column added has no width: it takes what the others leave
        translate(self)

    def add_column(self, label, *, width: int | None = None, key: str | None = None, default=None):
        # A heading is never cut: a column is at least as wide as its longest heading line.
        if width is not None:
            width = max(width, *(cell_len(line) for line in str(label).split("\n")))
        self._fill_last = width is None
        added = super().add_column(label, width=width, key=key, default=default)
        self._fill_last_column()
        return added

    def on_resize(self) -> None:
        self._fill_last_column()

    def _fill_last_column(self) -> None:
        """A last column of free text (notes, addresses) takes the width the others leave: sized to
        its content it made the table scroll sideways, and a scrollbar is all the row showed of it."""
        columns = self.ordered_columns
        if not self._fill_last or not columns or not self.size.width:
            return
        if any(column.auto_width for column in columns[:-1]):
            return  # the others grow with their rows (attendance): nothing is left to fill
        others = sum(column.get_render_width(self) for column in columns[:-1])
        room = self.size.width - self.styles.scrollbar_size_vertical - others - 2 * self.cell_padding
        last = columns[-1]
        room = max(room, cell_len(last.label.plain))  # never narrower than its heading
        if last.auto_width or last.width != room:
            last.auto_width, last.width = False, room
            self._require_update_dimensions = True
            self.refresh()

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
