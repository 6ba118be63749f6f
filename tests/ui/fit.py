"""What a screen cuts off: footer keys, input hints, table columns and cells, and lines of text
that do not fit their widget. An empty list means the clerk sees every word the screen has."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable, Input, Label, Static

from callcenter.i18n import t

# Free text that a list may cut, since the row's own screen shows it whole. Names, phones, times
# and states never are.
MAY_CUT = ("col.address", "col.content", "col.notes", "col.note", "col.description", "col.project", "col.why")


def _cut_columns() -> set[str]:
    return {t(key) for key in MAY_CUT}


def _footer(widget) -> list[str]:
    from callcenter.ui.widgets.footer import wrap

    lines = wrap(widget._entries, widget.size.width)
    problems = [f"footer key {entry.shown} {entry.description!r} wider than the screen"
                for line in lines for entry in line if entry.width > widget.size.width]
    if len(lines) > widget.size.height:
        problems.append(f"footer has {len(lines)} lines in {widget.size.height}")
    return problems


def _table(table: DataTable) -> list[str]:
    problems, may_cut = [], _cut_columns()
    room, left = table.scrollable_content_region.width, 0
    for column in table.ordered_columns:
        width = column.get_render_width(table)
        label = column.label.plain
        inner = width - 2 * table.cell_padding
        if max(cell_len(line) for line in label.split("\n")) > inner:
            problems.append(f"column {label!r} cut to {inner}")
        if left + width > room and label not in may_cut:
            problems.append(f"column {label!r} off the screen's right edge")
        left += width
        if label in may_cut:
            continue
        first = table.scroll_offset.y
        for row in table.ordered_rows[first:first + table.size.height]:
            value = table.get_cell(row.key, column.key)
            plain = value.plain if isinstance(value, Text) else str(value)
            if plain.endswith("…") or cell_len(plain) > inner:
                problems.append(f"cell {plain!r} cut in column {label!r}")
    return problems


def _text(widget) -> list[str]:
    """A label's text: wider than its widget when it may not wrap, taller when it may."""
    region = widget.content_region
    if not region.width:
        return []
    plain = str(widget.visual.plain if hasattr(widget.visual, "plain") else widget.render()).strip()
    if not plain:
        return []
    viewport = widget.app.size
    if widget.styles.text_wrap == "nowrap":
        wide = widget.get_content_width(region.size, viewport)
        return [f"text {plain[:50]!r} {wide} wide in {region.width}"] if wide > region.width else []
    if widget.styles.overflow_y in ("auto", "scroll"):
        return []  # it scrolls: the rest is a scroll away (the caller's card under its first lines)
    tall = widget.get_content_height(region.size, viewport, region.width)
    return [f"text {plain[:50]!r} {tall} lines in {region.height}"] if tall > region.height else []


def cut_off(app) -> list[str]:
    """Everything on the current screen (and the screen under a modal) that does not fit."""
    from callcenter.ui.widgets.footer import DeskFooter

    problems = []
    screen_region = app.screen.region
    for widget in app.screen.query("*"):
        if not widget.display or not widget.region.width or not widget.region.height:
            continue
        where = f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__
        if isinstance(widget, DeskFooter):
            found = _footer(widget)
        elif isinstance(widget, Input):
            hint = widget.placeholder
            found = ([f"hint {hint!r} cut to {widget.content_region.width}"]
                     if not widget.value and cell_len(hint) > widget.content_region.width else [])
        elif isinstance(widget, DataTable):
            found = _table(widget)
        elif isinstance(widget, (Label, Static)) and not widget.children:
            found = _text(widget)
        else:
            found = []
        if widget.region.right > screen_region.right or widget.region.x < screen_region.x:
            found.append(f"reaches past the screen's side ({widget.region})")
        problems += [f"{where}: {problem}" for problem in found]
    return problems
