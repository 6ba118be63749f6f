"""Company settings as the company's own rules state them (DOMAIN.md, SEED.zh.txt).

Seeded into the `setting` table at first start; from then on the database is the truth and a
supervisor edits it. Script lines may use {company}, {customer}, {clerk} and {department}; the
follow-up lines also {stage} and {event_date}, the day of the handover or acceptance the call is
about (a call made late must not say 今天 of another day).
"""

DEFAULTS: dict[str, object] = {
    "company_name": "红家装饰有限公司",
    "company_zone": "Asia/Shanghai",
    "phone_region": "CN",
    # Local landlines are often given without their area code (正阳县 is in 驻马店, 0396).
    "default_area_code": "0396",
    "departments": ["设计部", "工程部", "企划部", "行政部", "财务"],
    "categories": ["咨询", "投诉", "报修", "表扬", "预约", "回访", "其他"],
    "followup_category": "回访",  # the category a follow-up call is filed under
    "complaint_category": "投诉",  # choosing it opens the complaint form in the call
    "praise_category": "表扬",  # choosing it opens the praise form
    "sources": ["朋友介绍", "广告", "网络", "路过", "老客户", "其他"],
    "source_required": True,  # a new customer needs a source (the seed: 分清其信息的来源或渠道)
    # Every line below is the seed's own wording (SEED.zh.txt), except the few the desk adds of its
    # own; tests/test_seed_words.py finds each one in the seed and lists those few with why.
    "script": {
        "greeting": "您好，{company}。",
        "greeting_department": "您好，{department}。",  # a call transferred to the clerk's department
        # 呼声: said once the caller is known; {customer} is 陈先生 with a salutation, else the full name.
        "greeting_known": "{customer}，您好，请问有什么可以帮您？",
        "greeting_out": "您好，我是{company}的{clerk}。",
        "hold": "对不起，请稍候。",
        "resume": "对不起，让您久等了。",
        "transfer": "请稍等，我帮您转接{department}。",
        "message": "对不起，{department}暂时无人接听，我帮您记录下来，及时转告。",
        "closing": "若有不明之处，请随时来电咨询。谢谢您的来电，再见！",
        # Follow-up calls (回访), one opening line per purpose; {stage} names the acceptance step.
        "followup_handover": "您好，{customer}，我是{company}的{clerk}。{event_date}的设计交底进行得顺利吗？您对设计师还满意吗？",
        "followup_acceptance": "您好，{customer}，我是{company}的{clerk}。{event_date}的{stage}验收已经完成，请问您对施工质量和验收结果满意吗？",
        "followup_warranty": "您好，{customer}，我是{company}的{clerk}。这是保修期的定期回访，请问房子使用中有没有需要维修的地方？",
        "followup_complaint": "您好，{customer}，我是{company}的{clerk}。您之前反映的问题已经处理，请问您对处理结果满意吗？",
        "followup_manual": "您好，{customer}，我是{company}的{clerk}。",
    },
    # Rules 1, 2, 6 and 7, plus rule 8 (no forbidden phrase).
    "checklist": [
        "铃声响三声之内接听",
        "接听电话，一要规范、二要礼貌（自报家门）",
        "五声：迎声、呼声、谢声、谦声、送声",
        "十一字。是、您、您好、请、谢谢、对不起、再见",
        "未使用禁语",
        "通话完毕应待对方挂断电话后，方可挂断。",
    ],
    # The seed pairs three 禁语 with its first 礼貌用语; the others get the seed's own rule for them.
    "forbidden": [
        {"phrase": "你怎么能这样。", "instead": "使用礼貌用语、说话和气"},
        {"phrase": "不是我管的，你不知道。", "instead": "对不起，这件事我不太了解，我帮您咨询一下。"},
        {"phrase": "你原来怎么搞不清楚呢。", "instead": "若有不明之处，请随时来电咨询。"},
        {"phrase": "我们做不了，你自己想办法吧。", "instead": "请稍等，我帮您查一下。"},
        {"phrase": "这是公司的规定，我也没办法。", "instead": "这是管理处的规定，请多加谅解。"},
        {"phrase": "这是其他部门的事，你找他们吧。",
         "instead": "如接到的电话不在自己的业务范围之内，应尽快转相关业务人员接听。如无法联系应作好电话记录，并及时转告。"},
        {"phrase": "喂，讲谁/有什么事/哪里。", "instead": "您好，{company}。"},
    ],
    "polite": [
        "对不起，请稍候。",
        "我们已经发了停电/停水通知，请留意。",
        "对不起，让您久等了/让您多跑了一趟。",
        "多谢您的鼓励（支持）/这是我们应该做的。",
        "这是您的物品，请清点一下，看是否齐全完好。",
        "这是业主手册，请多加了解/这是收费收据，请收好。",
        "这是我们的维修价格表，请过目。",
        "这是房间单元的平面结构图，在装修时注意请多加留意。",
        "若有不明之处，请随时来电咨询。",
        "五声：迎声、呼声、谢声、谦声、送声",
        "十一字。是、您、您好、请、谢谢、对不起、再见",
    ],
    "talking_points": [
        "谈内在话题、整个小区情况、整体谈。",
        "公司：历史与现状、业绩与发展；公司宗旨、理念、文化、特色、成就；公司在社会上的知名度、客户们心目中的信誉度、美誉度等。",
        "设计：（实用）功能、格调、感觉（效果）等。",
        "施工：流程（工序）、谈工艺（新、好、环保、舒适度、简单/复杂性）等。",
        "管理：老总、工程总监、质检员（监理）、施工队、施工员、五重管理，确保工程质量。",
        "售后。售后保修、保修期限、定期的回访、维修人工费免收。",
        "服务：五心：热心、诚心、细心、耐心、专心；服务宗旨、职责、精神。",
        "材料：绿色、环保、物有所值、货有信誉、质量有保证。",
        "价格。性价比（公司在这一点上的立场；比广告打得响的公司低、比其他公司略高一些的原因；公司的定位、高品质、价格适中、"
        "材料上涨，但通过整合购货渠道，但公司决不将上涨因素转嫁给客户。千方百计降低/保持原来水准，使客户真正受益。）",
        "验收：八步验收、四步收款（有的公司分五～六步）收费：上面的分步收款，验收之后才付款。",
        "合同。具体条款及注意事项；合同签订时要向客户明确（不能有模棱两可或引起歧义的条款）。",
        "谈房子、所在地、乘车路线、朝向、拿钥匙情况。",
        "谈其工作、其家庭、其丈夫及子女等。",
        "不谈其他公司。",
    ],
    "work_hours": [["08:00", "12:00"], ["13:30", "17:30"]],
    # OS accounts several people share (a front-desk PC, the web server's account): whoever runs
    # the desk there signs in with a staff login and password.
    "shared_logins": [],
    "rest_weekday": 1,  # ISO weekday: Monday
    "closed_on_holidays": True,  # public holidays are closed days (a supervisor may open one)
    # 八步验收: seven staged inspections here, the eighth is the final acceptance (竣工验收).
    "acceptance_stages": ["开工", "水电", "防水", "泥瓦", "木工", "油漆", "安装"],
    "warranty_months": 24,
    "backup_keep_days": 14,  # the desk's daily copies of the database kept in the user data folder
    # 四步收款: the contract amount in four instalments, each due after an acceptance (percent).
    "payment_plan": [["开工", "30"], ["水电", "30"], ["木工", "30"], ["竣工", "10"]],
    # Rule 17: what regular calls pass on; the call records which were mentioned.
    "promotions": ["免费保洁一次", "贵宾卡", "节日贺卡邮寄"],
    "followup_takeover_hours": 4,  # a personal follow-up this overdue becomes anyone's
    "no_answer_attempts": 3,  # tries before "no answer" closes a follow-up
    "no_answer_retry_hours": 2,  # "no answer" tries again this much later, in working hours
    # Complaints (rules 11-13): the kinds a clerk picks from, the answer time, and how much
    # later a complaint still open goes on from the administrative assistant to the deputy GM.
    "complaint_kinds": ["质量", "工期", "态度", "价格", "材料", "其他"],
    "complaint_deadline_hours": 24,
    "complaint_escalate_after_hours": 24,
}

# Default lines of earlier versions: an upgrade replaces a line still equal to one of these.
OLD_SCRIPT_LINES = {
    "followup_handover": "您好，{customer}，我是{company}客服{clerk}。今天设计交底进行得顺利吗？您对设计师还满意吗？",
    "followup_acceptance": "您好，{customer}，我是{company}客服{clerk}。{stage}验收已经完成，请问您对施工质量和验收结果满意吗？",
}

# The lines of the schema-3 defaults that are the seed's words no longer. An upgrade replaces a
# script line, or a whole list, still equal to its entry here; what a supervisor edited stays.
OLD_LINES = {
    "script": {
        "greeting_known": "您好，{company}。{customer}，请问有什么可以帮您？",
        "followup_handover": "您好，{customer}，我是{company}客服{clerk}。{event_date}的设计交底进行得顺利吗？您对设计师还满意吗？",
        "followup_acceptance": "您好，{customer}，我是{company}客服{clerk}。{event_date}的{stage}验收已经完成，请问您对施工质量和验收结果满意吗？",
        "followup_warranty": "您好，{customer}，我是{company}客服{clerk}。这是保修期的定期回访，请问房子使用中有没有需要维修的地方？",
        "followup_complaint": "您好，{customer}，我是{company}客服{clerk}。您之前反映的问题已经处理，请问您对处理结果满意吗？",
        "followup_manual": "您好，{customer}，我是{company}客服{clerk}。",
    },
    "checklist": [
        "铃声响三声之内接听", "规范问候，自报家门", "五声：迎声、呼声、谢声、谦声、送声",
        "十一字：是、您、您好、请、谢谢、对不起、再见", "未使用禁语", "待对方挂断后再挂机",
    ],
    "forbidden": [
        {"phrase": "你怎么能这样。", "instead": "对不起，这件事我帮您查一下。"},
        {"phrase": "你原来怎么搞不清楚呢。", "instead": "对不起，这件事我帮您查一下。"},
        {"phrase": "不是我管的，你不知道。", "instead": "对不起，这件事我不太了解，我帮您咨询一下。"},
        {"phrase": "我们做不了，你自己想办法吧。", "instead": "请稍等，我帮您查一下。"},
        {"phrase": "这是公司的规定，我也没办法。", "instead": "这是管理处的规定，请多加谅解。"},
        {"phrase": "这是其他部门的事，你找他们吧。", "instead": "请稍等，我帮您转接相关部门；无人接听时记录下来，及时转告。"},
        {"phrase": "喂，讲谁/有什么事/哪里。", "instead": "您好，红家装饰有限公司。"},
    ],
    "polite": [
        "对不起，请稍候。", "对不起，让您久等了/让您多跑了一趟。", "多谢您的鼓励（支持）/这是我们应该做的。",
        "若有不明之处，请随时来电咨询。", "五声：迎声、呼声、谢声、谦声、送声", "十一字：是、您、您好、请、谢谢、对不起、再见",
    ],
    "talking_points": [
        "公司：历史与现状、业绩与发展；宗旨、理念、文化、特色、成就；知名度、信誉度、美誉度",
        "设计：（实用）功能、格调、感觉（效果）",
        "施工：流程（工序）、工艺（新、好、环保、舒适度、简单/复杂性）",
        "管理：老总、工程总监、质检员（监理）、施工队、施工员、五重管理，确保工程质量",
        "售后：售后保修、保修期限、定期的回访、维修人工费免收",
        "服务：五心：热心、诚心、细心、耐心、专心；服务宗旨、职责、精神",
        "材料：绿色、环保、物有所值、货有信誉、质量有保证",
        "价格：性价比；高品质、价格适中，决不将材料上涨因素转嫁给客户",
        "验收：八步验收；收费：四步收款，验收之后才付款",
        "合同：具体条款及注意事项，不能有模棱两可或引起歧义的条款",
        "房子：所在地、乘车路线、朝向、拿钥匙情况",
        "客户：其工作、其家庭",
        "不谈其他公司",
    ],
}
