"""The one catalog of every string a person sees: Simplified Chinese first, English complete.

`t(key, **params)` looks a key up in the current language. Company wording (script lines,
checklist, forbidden phrases) is data in the database, not here.
"""
from __future__ import annotations

LANGUAGES = ("zh", "en")
_language = "zh"

CATALOG: dict[str, tuple[str, str]] = {
    # Database and command line
    "db.not_sqlite": ("不是 SQLite 数据库：{path}", "not a SQLite database: {path}"),
    "db.read_only": ("数据库只读，无法写入：{path}", "the database is read-only: {path}"),
    "db.too_new": ("数据库版本 {found} 比本程序（{known}）新，请升级本程序", "the database schema {found} is newer than this program knows ({known}); upgrade the program"),
    "db.unusable": ("无法使用数据库 {path}：{error}", "cannot use the database {path}: {error}"),
    "cli.error": ("错误：{message}", "error: {message}"),
    "cli.demo_done": ("已生成演示数据：{customers} 位客户，{calls} 条来电，用时 {seconds:.1f} 秒", "demo data made: {customers} customers, {calls} calls in {seconds:.1f} s"),
    "cli.demo_filling": ("首次使用，正在生成演示数据……", "first use: making demo data..."),
    "cli.export_done": ("已导出 {rows} 条", "{rows} rows exported"),
    "cli.bad_date": ("无法识别的日期：{value}", "not a date: {value}"),
    # Refusals from services
    "phone.empty": ("请输入电话号码，或选择“无来电显示”", "type the phone number, or choose \"no caller ID\""),
    "phone.letters": ("电话号码只能包含数字、空格、+、-、括号和分机号", "a phone number holds only digits, spaces, +, -, brackets and an extension"),
    "phone.invalid": ("这不是有效的电话号码，请核对", "this is not a valid phone number; please check it"),
    "field.too_long": ("{field_name}太长：最多 {limit} 个字", "{field_name} is too long: at most {limit} characters"),
    "field.name": ("姓名", "Name"),
    "field.address": ("地址", "Address"),
    "field.source": ("来源", "Source"),
    "field.category": ("类别", "Category"),
    "field.notes": ("备注", "Notes"),
    "field.recipient": ("转告对象", "For"),
    "field.content": ("内容", "Content"),
    "customer.name_required": ("请填写客户姓名", "the customer's name is required"),
    "call.bad_kind": ("来电方式或方向无效", "unknown channel or direction"),
    "call.category_required": ("请选择来电类别", "choose a category for the call"),
    "call.bad_times": ("通话时间无效", "the call times are not valid"),
    "message.recipient_required": ("请填写转告对象", "say who the message is for"),
    "message.content_required": ("请填写留言内容", "the message needs its content"),
    "message.already_relayed": ("这条留言已经转告过了", "this message was relayed already"),
    "settings.supervisor_only": ("只有主管可以修改公司设置", "only a supervisor can change company settings"),
    "settings.unknown": ("没有这项设置：{key}", "no such setting: {key}"),
    "settings.bad_value": ("设置“{key}”的格式不对，未保存", "the value for \"{key}\" has the wrong form; nothing saved"),
    "staff.bad_login": ("登录名不能为空，最多 40 个字", "the login must be 1 to 40 characters"),
}


def set_language(language: str) -> None:
    global _language
    _language = language if language in LANGUAGES else "zh"


def language() -> str:
    return _language


def t(key: str, **params) -> str:
    """The text for `key` in the current language; an unknown key shows itself, loudly."""
    pair = CATALOG.get(key)
    if pair is None:
        return key
    text = pair[1] if _language == "en" else pair[0]
    if "field" in params:
        params.setdefault("field_name", t(f"field.{params['field']}"))
    return text.format(**params) if params else text


def refusal(error) -> str:
    """The message for a `Refused` or `DatabaseRefused`."""
    return t(error.code, **getattr(error, "params", getattr(error, "details", {})))
