"""What a refusal says is what a clerk reads: setting names, never the keys the code uses."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from callcenter import i18n
from callcenter.services import settings
from callcenter.services.errors import Refused
from db.defaults import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
KEYS = re.compile("|".join(sorted(map(re.escape, DEFAULTS), key=len, reverse=True)))


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("key, value", [("rest_weekday", 9), ("no_such_setting", 1), ("source_required", "yes"),
                                        ("company_name", "")])
def test_a_refused_setting_is_named_as_a_supervisor_knows_it(database, clerk, language, key, value):
    i18n.set_language(language)
    with pytest.raises(Refused) as caught:
        settings.save(clerk, key, value)
    said = i18n.refusal(caught.value)
    assert not KEYS.search(said) and key not in said, said


def test_every_setting_has_a_name():
    assert [key for key in DEFAULTS if f"setting.{key}" not in i18n.CATALOG] == []


def test_no_refusal_in_the_services_passes_a_setting_key_but_as_setting():
    """A literal setting key given to Refused under any name but `setting` would reach a clerk raw."""
    wrong = []
    for path in (ROOT / "callcenter" / "services").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Refused":
                for keyword in node.keywords:
                    literal = isinstance(keyword.value, ast.Constant) and keyword.value.value in DEFAULTS
                    if keyword.arg != "setting" and (literal or keyword.arg == "key"):
                        wrong.append(f"{path.name}:{node.lineno} {keyword.arg}")
    assert wrong == []
