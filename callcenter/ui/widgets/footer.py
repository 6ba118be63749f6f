"""The key line at the bottom: compact, since 80 columns must hold a call screen's keys."""
from textual.widgets import Footer


def desk_footer() -> Footer:
    # The palette key is listed by F1 instead: its footer slot would push a desk key off screen.
    return Footer(show_command_palette=False, compact=True)
