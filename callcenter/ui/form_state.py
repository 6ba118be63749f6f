"""What a clerk has typed, picked and ticked on a screen, as plain JSON-able values.

One reading serves two ends: a form asks before it is left only when its values differ from
those it opened with, and the call screen's draft is these values, restored after a crash.
Fields are found by id; a field without an id is not a field of the form.
"""
from __future__ import annotations

from typing import Any

from textual.dom import DOMNode
from textual.widgets import Checkbox, Input, TextArea

from callcenter.ui.widgets.checklist import Checklist
from callcenter.ui.widgets.choice_bar import ChoiceBar
from callcenter.ui.widgets.staff_field import StaffField

FIELDS = (Input, ChoiceBar, Checklist, Checkbox, StaffField, TextArea)


def read(widget) -> Any:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, ChoiceBar):
        return widget.value
    if isinstance(widget, Checklist):
        return sorted(widget.ticked)
    if isinstance(widget, Checkbox):
        return widget.value
    return None if widget.person is None else [widget.person.id, widget.person.name, widget.person.role, widget.person.department]


def write(widget, value: Any) -> None:
    if isinstance(widget, Input):
        widget.value = str(value)
    elif isinstance(widget, TextArea):
        widget.load_text(str(value))
    elif isinstance(widget, ChoiceBar):
        if value is not None:
            widget.select_value(value)
    elif isinstance(widget, Checklist):
        widget.ticked = frozenset(i for i in value if isinstance(i, int) and 0 <= i < len(widget.items))
    elif isinstance(widget, Checkbox):
        widget.value = bool(value)
    elif value is not None:
        widget.set_person(*value)


def capture(root: DOMNode) -> dict[str, Any]:
    """Every field under `root` that has an id: {id: value}."""
    return {widget.id: read(widget) for widget in root.query("*") if isinstance(widget, FIELDS) and widget.id}


def restore(root: DOMNode, values: dict[str, Any]) -> None:
    """Put values back into the fields that exist now; ids the screen no longer has are skipped."""
    for field_id, value in values.items():
        found = root.query(f"#{field_id}") if field_id.replace("_", "").isalnum() else ()
        for widget in found:
            if isinstance(widget, FIELDS):
                write(widget, value)
