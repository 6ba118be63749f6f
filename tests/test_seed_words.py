"""Every default line the desk shows is the company's own wording, found verbatim in its rules
(SEED.zh.txt), but for the few lines the desk adds of its own, listed here with why.

The rules document sits beside the repository (../shared/SEED.zh.txt, as CI clones it), or where
$CALLCENTER_SEED points. Both sides are compared after NFKC: the seed mixes ASCII and full-width
punctuation, the defaults use full-width.
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from callcenter.rules.text import fill
from db.defaults import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(os.environ.get("CALLCENTER_SEED") or ROOT.parent / "shared" / "SEED.zh.txt")
COMPANY = "红家装饰有限公司"  # the seed's company, which {company} stands for in it

# Sentences the desk adds of its own: the seed has no such line.
DESK_OWN = {
    "{customer},您好,请问有什么可以帮您?": "the 呼声 after the greeting, once the caller is known",
    "您好,我是{company}的{clerk}。": "the seed has no line for calling out",
    "请稍等,我帮您转接{department}。": "transferring (the seed: 应尽快转相关业务人员接听)",
    "对不起,{department}暂时无人接听,我帮您记录下来,及时转告。": "the seed's 作好电话记录,并及时转告, said to the caller",
    "谢谢您的来电,再见!": "送声, the farewell of the five voices",
    "未使用禁语": "a checklist item: the 禁语 were not used",
    "对不起,让您久等了。": "the first of the seed's 对不起,让您久等了/让您多跑了一趟。, said on resuming",
    "请稍等,我帮您查一下。": "the seed's 请稍等地,我帮您查一下。 without the stray 地",
    "您好,{customer},我是{company}的{clerk}。": "follow-up calls (回访): the seed has no script for them",
    "{event_date}的设计交底进行得顺利吗?": "follow-up after the design handover",
    "您对设计师还满意吗?": "follow-up after the design handover",
    "{event_date}的{stage}验收已经完成,请问您对施工质量和验收结果满意吗?": "follow-up after an acceptance",
    "这是保修期的定期回访,请问房子使用中有没有需要维修的地方?": "warranty follow-up",
    "您之前反映的问题已经处理,请问您对处理结果满意吗?": "complaint confirmation call",
}
# The seed's one typo, read as meant.
TYPOS = {"若有不明之处": "若有不明之外"}
# The seed's own placeholders, as the script writes them.
SEED_FORMS = {"{department}": "×××(部门)"}
SENTENCE = re.compile(r"[^。!?]+[。!?]?")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def lines() -> list[tuple[str, str]]:
    """(setting, line) for every default line a clerk reads."""
    found = [("script", line) for line in DEFAULTS["script"].values()]
    found += [(key, line) for key in ("checklist", "polite", "talking_points") for line in DEFAULTS[key]]
    found += [("forbidden", item[part]) for item in DEFAULTS["forbidden"] for part in ("phrase", "instead")]
    return found


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.is_file():
        pytest.skip(f"the company's rules document is not at {SEED} (set CALLCENTER_SEED to its path)")
    return nfkc(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("setting, line", lines())
def test_each_default_sentence_is_the_seeds_own_or_listed_as_the_desks(seed, setting, line):
    for sentence in SENTENCE.findall(nfkc(line)):
        if sentence in DESK_OWN:
            continue
        as_in_seed = fill(sentence, company=COMPANY)
        for ours, theirs in {**TYPOS, **SEED_FORMS}.items():
            as_in_seed = as_in_seed.replace(nfkc(ours), nfkc(theirs))
        assert as_in_seed in seed, (setting, sentence)


def test_the_listed_exceptions_are_all_still_used():
    used = {sentence for _, line in lines() for sentence in SENTENCE.findall(nfkc(line))}
    assert set(DESK_OWN) <= used


@pytest.mark.parametrize("words", [
    "停电/停水通知", "请清点一下", "这是业主手册", "这是收费收据", "维修价格表", "平面结构图",  # 礼貌用语 once missing
    "其丈夫及子女", "整个小区情况",  # talking points once cut short
])
def test_what_was_left_out_is_there(words):
    shown = DEFAULTS["polite"] + DEFAULTS["talking_points"]
    assert any(words in nfkc(line) for line in map(nfkc, shown)), words


def test_the_greetings_and_the_correction_for_wei_use_the_settings():
    assert DEFAULTS["script"]["greeting"] == "您好，{company}。"
    assert DEFAULTS["script"]["greeting_department"] == "您好，{department}。"
    wei = next(item for item in DEFAULTS["forbidden"] if item["phrase"].startswith("喂"))
    assert wei["instead"] == "您好，{company}。"  # the company-name setting, never the seed's name
    instead = [item["instead"] for item in DEFAULTS["forbidden"]]
    assert len(set(instead)) == len(instead)  # no two phrases share a spliced stand-in


DOUBLED = re.compile(r"(.{2,})\1")


@pytest.mark.parametrize("clerk", ["客服小王", "王丽", "wang"])
@pytest.mark.parametrize("customer", ["陈先生", "陈强玉"])
def test_no_script_line_doubles_a_word(clerk, customer):
    for stage, line in DEFAULTS["script"].items():
        said = fill(line, company=COMPANY, customer=customer, clerk=clerk, department="设计部", stage="水电",
                    event_date="11 月 28 日")
        assert not DOUBLED.search(said), (stage, said)
