"""Key bindings whose descriptions come from the catalog, and the palette commands they make."""
from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from callcenter.i18n import t


def key(keys: str, action: str, label: str, binding_id: str, *, show: bool = True, priority: bool = False) -> Binding:
    """A binding with an id (for the clerk's key map) and a catalog key as its description."""
    return Binding(keys, action, label, show=show, priority=priority, id=binding_id)


def translate(node) -> None:
    """Replace catalog keys in `node`'s bindings by their text in the current language.

    Bindings are declared at class level, before the language is chosen; this runs per instance.
    """
    mapping = node._bindings.key_to_bindings  # Textual keeps instance bindings here
    for keys, bindings in mapping.items():
        mapping[keys] = [replace(b, description=t(b.description)) if b.description else b for b in bindings]
