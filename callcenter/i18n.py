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
    "demo.not_empty": ("数据库里已有客户：演示数据只能填入空数据库", "the database already holds customers: demo data goes into an empty database only"),
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
    # The desk
    "app.title": ("客服呼叫台", "Call desk"),
    "app.already_on_call": ("正在通话中：请先保存或放弃当前通话", "a call is open: save or discard it first"),
    "header.line": (" {company} │ {role}：{clerk} │ {date} {weekday}", " {company} │ {role}: {clerk} │ {date} {weekday}"),
    "header.clerk": ("客服", "Clerk"),
    "header.supervisor": ("主管", "Supervisor"),
    "header.messages": ("未转告留言 {count}", "Unrelayed messages {count}"),
    "weekday.1": ("星期一", "Monday"),
    "weekday.2": ("星期二", "Tuesday"),
    "weekday.3": ("星期三", "Wednesday"),
    "weekday.4": ("星期四", "Thursday"),
    "weekday.5": ("星期五", "Friday"),
    "weekday.6": ("星期六", "Saturday"),
    "weekday.7": ("星期日", "Sunday"),
    "key.help": ("帮助", "Help"),
    "key.new_call": ("新来电", "New call"),
    "key.search": ("查找客户", "Find customer"),
    "key.messages": ("电话留言", "Messages"),
    "key.settings": ("公司设置", "Settings"),
    "key.quit": ("退出", "Quit"),
    "key.save": ("保存", "Save"),
    "key.leave": ("离开", "Leave"),
    "key.back": ("返回", "Back"),
    "key.hold": ("保持/恢复", "Hold/resume"),
    "key.transfer": ("转接", "Transfer"),
    "key.forbidden": ("禁语", "Forbidden phrases"),
    "key.talking": ("要点", "Talking points"),
    "key.closing": ("结束语", "Closing"),
    "key.no_caller_id": ("无来电显示", "No caller ID"),
    "key.yes": ("是", "Yes"),
    "key.no": ("否", "No"),
    "key.close": ("关闭", "Close"),
    "key.cancel": ("取消", "Cancel"),
    "key.next_page": ("下一页", "Next page"),
    "key.prev_page": ("上一页", "Previous page"),
    "key.call_out": ("去电", "Call out"),
    "key.relay": ("已转告", "Mark relayed"),
    "key.show_all": ("全部/未转告", "All/open"),
    "help.digits": ("     1-9  选择类别、来源、方式、方向；勾选检查项（光标所在处）", "     1-9  pick a category, source, way or direction; tick a checklist item (where the cursor is)"),
    "help.title": ("按键一览（Esc 关闭）", "Keys (Esc closes)"),
    "palette": ("命令", "palette"),
    "palette.placeholder": ("搜索命令……", "Search for commands..."),
    "confirm.hint": ("Y/Enter 确定    N/Esc 取消", "Y/Enter yes    N/Esc no"),
    "col.time": ("时间", "Time"),
    "col.channel": ("方式", "Way"),
    "col.customer": ("客户", "Customer"),
    "col.phone": ("电话", "Phone"),
    "col.category": ("类别", "Type"),
    "col.clerk": ("客服", "Clerk"),
    "col.notes": ("备注", "Notes"),
    "col.address": ("地址", "Address"),
    "channel.phone": ("电话", "Phone"),
    "channel.visit": ("来访", "Visit"),
    "channel.fax": ("传真", "Fax"),
    "direction.in": ("来电", "In"),
    "direction.out": ("去电", "Out"),
    "role.clerk": ("客服", "clerk"),
    "role.supervisor": ("主管", "supervisor"),
    "role.designer": ("设计师", "designer"),
    "role.qc_inspector": ("质检员", "QC inspector"),
    "role.project_manager": ("项目经理", "project manager"),
    "role.assistant": ("行政助理", "administrative assistant"),
    "role.deputy_gm": ("副总经理", "deputy general manager"),
    "role.other": ("其他", "other"),
    "home.title": ("今日联系（第 {page} 页）  Enter 打开客户", "Today's contacts (page {page})  Enter opens the customer"),
    "home.empty": ("今天还没有联系记录。按 F2 接听新来电。", "No contacts today yet. Press F2 for a new call."),
    "db.busy": ("数据库正忙，未保存，请再按一次保存（{error}）", "the database is busy; nothing saved, save again ({error})"),
    # The call screen
    "call.status_in": ("来电 通话 {talk}  保持 {hold}", "Incoming  talk {talk}  hold {hold}"),
    "call.status_out": ("去电 通话 {talk}  保持 {hold}", "Outgoing  talk {talk}  hold {hold}"),
    "call.on_hold": ("【保持中】", "[ON HOLD]"),
    "call.say": ("话术：", "Say: "),
    "call.wait_hang_up": ("请待对方先挂断电话，再挂机。", "Wait for the caller to hang up first."),
    "call.phone": ("电话", "Phone"),
    "call.phone_hint": ("来电号码，Enter 查询；Ctrl+N 无来电显示", "caller's number, Enter looks up; Ctrl+N no caller ID"),
    "call.type_number": ("输入来电号码查找客户", "Type the caller's number to find the customer"),
    "call.unknown_number": ("新号码：未找到客户。可填写新客户信息（姓名留空则不建档）", "Unknown number: fill in a new customer (leave the name empty to skip)"),
    "call.short_number": ("服务号码/短号，不对应客户", "Service or short number: not a customer"),
    "call.no_caller_id": ("无来电显示：可询问姓名后建档", "No caller ID: ask for a name to record the customer"),
    "call.new_name_hint": ("新客户姓名", "new customer's name"),
    "call.channel": ("方式", "Way"),
    "call.direction": ("方向", "Dir."),
    "call.checklist": ("礼貌用语检查（数字键勾选）", "Courtesy checklist (digits tick)"),
    "call.message_title": ("电话记录（留言）", "Phone message"),
    "call.transfer_to": ("转接给（Enter 选择，Esc 取消）", "Transfer to (Enter picks, Esc cancels)"),
    "call.transfer_answered": ("{target} 接听了吗？Y 已接通；N 无人接听，记录留言", "Did {target} answer? Y connected; N nobody, take a message"),
    "call.forbidden_title": ("禁语 → 礼貌用语（Esc 关闭）", "Forbidden phrases -> what to say (Esc closes)"),
    "call.talking_title": ("与客户的谈话要点（Esc 关闭）", "Talking points (Esc closes)"),
    "call.saving": ("正在保存……", "Saving..."),
    "call.saved": ("已保存通话记录 #{id}", "Call #{id} saved"),
    "call.discard": ("放弃这次通话记录？已填写的内容将丢失。", "Discard this call? What you typed will be lost."),
    "card.source_address": ("来源：{source}  地址：{address}", "Source: {source}  Address: {address}"),
    "card.project": ("工地 {address}｜设计 {designer}｜质检 {qc}｜项目经理 {pm}", "Site {address} | designer {designer} | QC {qc} | PM {pm}"),
    "card.no_projects": ("暂无工地", "No projects yet"),
    "card.contacts": ("最近联系：", "Recent contacts:"),
    "card.contact": ("{at} {category} {clerk}：{notes}", "{at} {category} {clerk}: {notes}"),
    "card.message": ("未转告留言 → {recipient}：{content}", "Unrelayed message -> {recipient}: {content}"),
    "customer.history": ("联系记录（PgUp/PgDn 翻页，O 去电）", "Contacts (PgUp/PgDn pages, O calls out)"),
    "customer.gone": ("该客户已不存在", "This customer no longer exists"),
    # Search, messages, settings
    "search.hint": ("姓名、拼音首字母（zs）、电话或尾号 4 位", "name, pinyin initials (zs), phone or its last 4 digits"),
    "search.count": ("找到 {count} 位客户；Enter 打开", "{count} customers found; Enter opens"),
    "search.more": ("显示前 {count} 位，请输入更多字缩小范围", "first {count} shown; type more to narrow"),
    "messages.title": ("未转告的电话留言（第 {page} 页）  Enter/R 标记已转告", "Unrelayed messages (page {page})  Enter/R marks relayed"),
    "messages.title_all": ("全部电话留言（第 {page} 页）", "All messages (page {page})"),
    "message.caller": ("来电人", "Caller"),
    "message.callback": ("回电号码", "Call back"),
    "message.urgent": ("紧急", "Urgent"),
    "message.urgent_mark": ("急", "!"),
    "message.relayed": ("已标记为已转告", "Marked relayed"),
    "settings.title": ("公司设置（Ctrl+S 保存，Esc 返回）", "Company settings (Ctrl+S saves, Esc returns)"),
    "settings.saved": ("已保存：{key}", "Saved: {key}"),
    "settings.discard": ("放弃未保存的修改？", "Discard the unsaved change?"),
    "setting_help.script": ("每行一句：阶段 = 话术；可用 {company} {customer} {clerk} {department}", "One per line: stage = line; may use {company} {customer} {clerk} {department}"),
    "setting_help.forbidden": ("每行一条：禁语 => 应说的礼貌用语", "One per line: forbidden phrase => what to say instead"),
    "setting_help.hours": ("每行一段：08:00-12:00", "One period per line: 08:00-12:00"),
    "setting_help.lines": ("每行一项", "One item per line"),
    "setting_help.number": ("一个数字", "One number"),
    "setting_help.line": ("一行文字", "One line of text"),
    "setting.company_name": ("公司名称", "Company name"),
    "setting.company_zone": ("公司时区", "Company time zone"),
    "setting.phone_region": ("电话默认地区", "Default phone region"),
    "setting.default_area_code": ("本地区号", "Local area code"),
    "setting.departments": ("部门", "Departments"),
    "setting.categories": ("来电类别", "Call categories"),
    "setting.sources": ("客户来源/渠道", "Customer sources"),
    "setting.script": ("话术", "Script lines"),
    "setting.checklist": ("礼貌用语检查项", "Courtesy checklist"),
    "setting.forbidden": ("禁语与替代用语", "Forbidden phrases"),
    "setting.polite": ("礼貌用语", "Polite expressions"),
    "setting.talking_points": ("谈话要点", "Talking points"),
    "setting.work_hours": ("工作时间", "Working hours"),
    "setting.rest_weekday": ("休息日（1=星期一）", "Rest day (1 = Monday)"),
}


def set_language(language: str) -> None:
    global _language
    _language = language if language in LANGUAGES else "zh"


def language() -> str:
    return _language


def t(key: str, /, **params) -> str:
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
