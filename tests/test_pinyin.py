"""Pinyin-initials keys (zs finds 张三) and customer search by initials, phone and name part."""
import pytest

from callcenter.rules.pinyin import MAX_KEYS, initials_keys
from callcenter.services import customers


@pytest.mark.parametrize(
    "name, keys",
    [
        ("张三", {"zs"}),
        ("李四", {"ls"}),
        ("张 三", {"zs"}),
        ("欧阳娜娜", {"oynn"}),
        ("Tom", {"tom"}),
        ("", set()),
        ("  ", set()),
        ("·", set()),
    ],
)
def test_initials(name, keys):
    assert set(initials_keys(name)) == keys


@pytest.mark.parametrize(
    "name, expected",
    [
        ("曾丽", {"zl", "cl"}),  # 曾 zeng / ceng
        ("单田芳", {"stf", "dtf"}),  # 单 shan / dan
        ("解放", {"xf", "jf"}),  # 解 xie / jie
    ],
)
def test_polyphonic_surnames_give_every_reading(name, expected):
    assert expected <= set(initials_keys(name))


def test_keys_are_lowercase_ascii_and_unique():
    for name in ("曾单解", "张三", "Wang 王"):
        keys = initials_keys(name)
        assert len(keys) == len(set(keys))
        assert all(key.isascii() and key == key.lower() for key in keys)


def test_a_long_name_of_polyphonic_characters_stays_a_handful_of_keys():
    keys = initials_keys("曾单解曾单解曾单解")
    assert 1 <= len(keys) <= MAX_KEYS


# ---- search -----------------------------------------------------------------------------


@pytest.fixture
def people(clerk):
    """A few customers as a clerk would have entered them."""
    ids = {
        "张三": customers.create(clerk, "张三", "正阳县一号", "广告", "138 1234 5678"),
        "曾丽": customers.create(clerk, "曾丽", "", "其他", "0396-2349876"),
        "单田芳": customers.create(clerk, "单田芳", "", "其他", ""),
        "解放": customers.create(clerk, "解放", "", "其他", "+86 139 0000 1111"),
        "张三丰": customers.create(clerk, "张三丰", "", "其他", "15900002222"),
        "李四": customers.create(clerk, "李四", "", "其他", "95588"),
    }
    return ids


def names(rows):
    return {row.name for row in rows}


def test_search_by_initials_finds_the_customer(people):
    assert names(customers.search("zs")) == {"张三", "张三丰"}
    assert names(customers.search("zsf")) == {"张三丰"}
    assert names(customers.search("ZS")) == {"张三", "张三丰"}
    assert names(customers.search(" zs ")) == {"张三", "张三丰"}


@pytest.mark.parametrize(
    "query, name",
    [("zl", "曾丽"), ("cl", "曾丽"), ("stf", "单田芳"), ("dtf", "单田芳"), ("xf", "解放"), ("jf", "解放")],
)
def test_search_by_any_reading_of_a_polyphonic_surname(people, query, name):
    assert names(customers.search(query)) == {name}


def test_search_by_initials_of_nobody_finds_nobody(people):
    assert customers.search("qq") == []
    assert customers.search("") == []
    assert customers.search("   ") == []


def test_full_width_initials_from_a_chinese_input_method(people):
    assert names(customers.search("ｚｓｆ")) == {"张三丰"}


@pytest.mark.parametrize(
    "query, name",
    [("5678", "张三"), ("9876", "曾丽"), ("1111", "解放"), ("2222", "张三丰"), ("５６７８", "张三"),
     ("0000", None)],
)
def test_search_by_last_four_digits(people, query, name):
    assert names(customers.search(query)) == ({name} if name else set())


@pytest.mark.parametrize(
    "query, name",
    [
        ("13812345678", "张三"),
        ("+86 138-1234-5678", "张三"),
        ("0086 138 1234 5678", "张三"),
        ("１３８１２３４５６７８", "张三"),
        ("(0396) 234 9876", "曾丽"),
        ("03962349876", "曾丽"),
        ("2349876", "曾丽"),  # a local number without its area code
        ("139 0000 1111", "解放"),
        ("95588", "李四"),
    ],
)
def test_search_by_a_number_typed_differently_than_stored(people, query, name):
    assert names(customers.search(query)) == {name}


@pytest.mark.parametrize(
    "query, expected",
    [("张", {"张三", "张三丰"}), ("三", {"张三", "张三丰"}), ("三丰", {"张三丰"}), ("曾", {"曾丽"}),
     ("田芳", {"单田芳"}), ("王", set())],
)
def test_search_by_one_or_two_chinese_characters_of_the_name(people, query, expected):
    assert names(customers.search(query)) == expected


def test_like_wildcards_in_a_query_are_plain_text(people, clerk):
    customers.create(clerk, "100%满意", "", "其他", "")
    assert names(customers.search("%")) == {"100%满意"}
    assert names(customers.search("_")) == set()


def test_search_rows_show_the_number_readably(people):
    (row,) = customers.search("zsf")
    assert row.phone.replace(" ", "") == "15900002222"
    assert row.id == people["张三丰"]


def test_search_is_limited(clerk):
    for n in range(8):
        customers.create(clerk, f"张{n}", "", "其他", "")
    assert len(customers.search("z", limit=5)) == 5
    assert len(customers.search("张", limit=5)) == 5
