"""The wording and tags of each shipped template (run scripts/make_templates.py, which saves them)."""

from __future__ import annotations

from docx.shared import Mm
from make_templates import CENTER, Template

F = "{{r %s|field }}"  # a field that is struck through when unused


def f(name: str) -> str:
    return F % name


CAUSE_FOUND = (f"经调查，认定起火时间为{f('case.ignition_time')}，起火部位为{f('case.ignition_area')}，"
               f"起火点位于{f('case.ignition_point')}，起火原因为{f('case.cause')}。")  # fmt: skip
CAUSE_NOT_FOUND = (f"经调查，起火时间为{f('case.ignition_time')}，起火部位为{f('case.ignition_area')}，"
                   f"起火点位于{f('case.ignition_point')}。起火原因无法查明，"
                   f"可以排除{f('case.excluded_causes')}引起火灾的可能。")  # fmt: skip
REVIEW_NOTICE = ("当事人对本认定有异议的，可以自收到本认定书之日起{{ periods.review_application }}内，"
                 "向{{ agency.review_agency }}提出书面复核申请。复核申请以一次为限。"
                 "当事人也可以就火灾事故引起的民事赔偿，直接向人民法院提起民事诉讼。")  # fmt: skip
DETERMINATION_DATE = "{{ determination.date or document.date }}"


def cause(t: Template) -> None:
    t.p("{%p if case.cause_found %}", "文书栏目")
    t.p(CAUSE_FOUND)
    t.p("{%p else %}", "文书栏目")
    t.p(CAUSE_NOT_FOUND)
    t.p("{%p endif %}", "文书栏目")


def determination() -> Template:
    t = Template(official=False)
    t.head("火灾事故认定书")
    t.number_line()
    t.heading("一、火灾基本情况")
    t.fields(f"起火时间：{f('case.ignition_time')}", f"起火地点：{f('case.place')}",
             f"接警时间：{f('case.alarm_time')}", f"出动力量：{f('case.units_dispatched')}",
             f"扑灭时间：{f('case.extinguished_time')}", f"过火面积：{f('case.burned_area')}",
             f"直接财产损失：{f('case.direct_property_loss')}", "人员伤亡：{{ case.casualties }}",
             "火灾等级：{{ case.grade }}", "火灾经过：")  # fmt: skip
    t.p(f("case.summary"))
    t.heading("二、起火原因")
    cause(t)
    t.heading("三、灾害成因")
    t.p(f("determination.disaster_causes"))
    t.heading("四、认定依据")
    t.each("line in basis", "{{ line }}", empty=f('""'))
    t.heading("五、复核告知")
    t.p(REVIEW_NOTICE)
    t.sign_off(DETERMINATION_DATE)
    return t


def simple_determination() -> Template:
    t = Template(official=False)
    t.one_page_form()
    t.head("火灾事故简易调查认定书")
    t.number_line()
    # A one-page form (signed on the spot): facts that are short share a line.
    t.fields(f"起火时间：{f('case.ignition_time')}\u3000接警时间：{{{{ case.alarm_time }}}}",
             f"起火地点：{f('case.place')}", "当事人：")  # fmt: skip
    t.table([10, 30, 24, 52, 40], ["序号", "姓名（名称）", "身份", "身份证件号码", "联系方式"],
            [["{%tr for p in parties %}"], ["{{ p.no }}", "{{ p.name }}", "{{ p.role }}", f("p.id_number"),
                                            f("p.contact")], ["{%tr endfor %}"]])  # fmt: skip
    t.fields(f"直接财产损失：{f('case.direct_property_loss')}\u3000人员伤亡：{{{{ case.casualties }}}}", "火灾事实：")
    t.p(f("case.summary"))
    t.fields("起火原因：")
    cause(t)
    t.p("当事人对上述火灾事实没有异议。")
    t.fields("调查人员签名：\u3000\u3000\u3000\u3000\u3000\u3000当事人签名：\u3000\u3000\u3000\u3000\u3000\u3000")
    t.sign_off(DETERMINATION_DATE, spaced=False)
    return t


def scene_inspection() -> Template:
    t = Template(official=False, signatures="勘验人签名|见证人签名")
    t.head("火灾现场勘验笔录")
    t.fields(f"勘验时间：{f('inspection.started_at')}至{f('inspection.ended_at')}",
             f"勘验地点：{f('inspection.place')}", "火灾：{{ case.place }}（案件编号 {{ case.number }}）",
             f"天气：{f('inspection.weather_sky')}\u3000风向风力：{f('inspection.wind')}\u3000"
             f"温度：{f('inspection.temperature')}", f"光照条件：{f('inspection.lighting')}", "勘验人员：")  # fmt: skip
    t.table([12, 36, 70, 38], ["序号", "姓名", "单位", "职务或职称"],
            [["{%tr for i in inspection.inspectors %}"], ["{{ i.no }}", "{{ i.name }}", f("i.unit"), f("i.title")],
             ["{%tr endfor %}"]])  # fmt: skip
    t.fields(f"见证人：{f('inspection.witness')}", "勘验情况：")
    t.each("stage in inspection.stages", ("{{ stage.no|cn }}、{{ stage.name }}", "一级标题"), f("stage.text"))
    t.p("勘验人员对以上笔录核对无误。", "文书正文")
    return t


def interview() -> Template:
    t = Template(official=False, signatures="被询问人签名|询问人签名|记录人签名")
    t.head("询问笔录")
    t.p("（第{{ interview.sitting }}次）", "文书栏目", CENTER)
    t.fields(f"时间：{f('interview.started_at')}至{f('interview.ended_at')}", f"地点：{f('interview.place')}",
             f"询问人：{f('interview.interviewers')}\u3000工作单位：{{{{ agency.name }}}}",
             f"被询问人：{f('interview.interviewee')}\u3000身份：{f('interview.role')}",
             f"身份证件号码：{f('interview.id_number')}", f"联系方式：{f('interview.contact')}")  # fmt: skip
    t.p("询问人：我们是{{ agency.name }}的火灾事故调查人员，现依法向你了解火灾有关情况，你应当如实回答，"
        "对与本案无关的问题有拒绝回答的权利。你听清楚了吗？")  # fmt: skip
    t.each("qa in interview.questions", "问：{{ qa.question }}", f"答：{f('qa.answer')}")
    t.p("{%p if interview.refused_to_sign %}", "文书栏目")
    t.p("被询问人拒绝签名。询问人：{{ interview.interviewers }}")
    t.p("{%p else %}", "文书栏目")
    t.p("以上笔录我看过（或向我宣读过），和我说的相符。")
    t.p("{%p endif %}", "文书栏目")
    return t


def evidence_list() -> Template:
    t = Template(official=False, signatures="提取人签名|见证人签名")
    t.head("火灾痕迹物品提取清单")
    t.fields("火灾：{{ case.place }}（案件编号 {{ case.number }}）", f"起火时间：{f('case.ignition_time')}")
    item = ["{{ item.no }}", "{{ item.evidence_number }}", "{{ item.name }}", f("item.position"), f("item.photos"),
            "{{ item.collector }}", f("item.witness"), "{{ item.collected_at }}"]  # fmt: skip
    t.table([9, 25, 22, 32, 15, 15, 15, 23],
            ["序号", "物品编号", "名称", "提取部位及尺寸", "照片编号", "提取人", "见证人", "提取时间"],
            [["{%tr for item in items %}"], item, ["{%tr endfor %}"]],
            padding=("{%tr for row in padding %}", "{%tr endfor %}"), text_columns={2, 3})  # fmt: skip
    sealed = "封存包装上标明火灾名称、物品名称、编号、提取时间，并由封存人签名"
    t.p("{%p if items and not unsealed %}", "文书栏目")
    t.p(f"提取的痕迹物品均已当场封存，{sealed}。")
    t.p("{%p elif sealed_count %}", "文书栏目")
    t.p(f"已封存的痕迹物品，{sealed}。未封存的物品：{{{{ unsealed }}}}。")
    t.p("{%p elif items %}", "文书栏目")
    t.p("提取的痕迹物品未封存。")
    t.p("{%p endif %}", "文书栏目")
    return t


def loss_declaration() -> Template:
    t = Template(official=False, signatures="申报人签名|受理人签名")
    t.head("火灾直接财产损失申报统计表")
    t.fields(f"申报人：{f('party_names')}", "火灾：{{ case.place }}（案件编号 {{ case.number }}）",
             f"起火时间：{f('case.ignition_time')}\u3000扑灭时间：{f('case.extinguished_time')}")  # fmt: skip
    item = ["{{ item.no }}", "{{ item.name }}", "{{ item.quantity }}", "{{ item.burned_area }}", "{{ item.price }}",
            "{{ item.years }}", "{{ item.loss }}"]  # fmt: skip
    table = t.table([10, 44, 14, 20, 24, 18, 26],
                    ["序号", "受损物品名称", "数量", "过火面积（m²）", "购置价格（元）", "已使用年限",
                     "损失金额（元）"],
                    [["{%tr for item in items %}"], item, ["{%tr endfor %}"]],
                    padding=("{%tr for row in padding %}", "{%tr endfor %}"), crossed=False)  # fmt: skip
    total = table.add_row()
    total.cells[0].merge(total.cells[5]).paragraphs[0].add_run("合计")
    total.cells[6].paragraphs[0].add_run("{{ declared_total }}")
    for cell in total.cells:
        cell.paragraphs[0].style = t.doc.styles["表格文字"]
    t.p("说明：当事人应当自火灾扑灭之日起{{ periods.loss_declaration }}内如实申报直接财产损失，并附有效证明材料。"
        "未用的行请划去。")  # fmt: skip
    return t


def hearing_record() -> Template:
    t = Template(official=False, signatures="当事人签名|调查人员签名")
    t.head("火灾事故认定前说明记录")
    t.fields(f"时间：{f('hearing.time')}", f"地点：{f('hearing.place')}",
             f"说明人：{f('hearing.performed_by')}（{{{{ agency.name }}}}火灾事故调查人员）",
             f"调查人员：{f('investigator_names')}", f"当事人：{f('party_names')}",
             f"未到场的当事人：{f('hearing.absent')}", "说明内容：")  # fmt: skip
    t.p("本机构对{{ case.alarm_time }}接警的{{ case.place }}火灾进行了调查，在作出火灾事故认定前，"
        "现将拟认定的起火原因和认定依据向当事人说明如下：")  # fmt: skip
    cause(t)
    t.fields("当事人意见：")
    t.p("{%p if hearing.opinion %}", "文书栏目")
    t.p("{{ hearing.opinion }}")
    t.p("{%p else %}", "文书栏目")
    t.handwriting(4)
    t.p("{%p endif %}", "文书栏目")
    t.fields(f"备注：{f('hearing.note')}")
    return t


def proof_of_service() -> Template:
    t = Template(official=False)
    t.head("送达回执")
    rows = [["送达文书", f"{{{{ served.title }}}}（{f('served.number')}）"], ["受送达人", f("party_names")],
            ["送达方式", f("service.method")], ["送达地点", f("service.place")], ["送达时间", f("service.time")],
            ["受送达人签名或盖章", ""], ["送达人", f("service.performed_by")], ["备注", f("service.note")]]  # fmt: skip
    table = t.table([44, 112], None, rows, text_columns={1}, form=True)
    for row in table.rows:
        row.height = Mm(14)
    table.rows[5].height = Mm(40)  # room for the signature or seal
    t.sign_off()
    return t


def public_notice() -> Template:
    t = Template(official=False)
    t.head("公告")
    t.number_line()
    t.p(f"{f('party_names')}：", "文书栏目")
    t.p(f"本机构对{{{{ case.alarm_time }}}}接警的{{{{ case.place }}}}火灾依法进行了调查，于{f('determination.date')}"
        f"作出{{{{ served.title }}}}（{f('served.number')}）。因无法直接送达或者邮寄送达，现依法公告送达。"
        "自本公告发布之日起经过{{ periods.public_notice_deemed_served }}，即视为送达。")  # fmt: skip
    t.p(REVIEW_NOTICE.replace("收到本认定书", "送达"))
    t.p("特此公告。")
    t.sign_off()
    return t


def review_head(t: Template, title: str) -> None:
    t.head(title)
    t.number_line()
    t.p(f"{f('review.applicant')}：", "文书栏目")


COPIES = "本通知书一式二份，一份送达复核申请人，一份存档。"
APPLIED = (f"你（单位）于{f('review.applied.date')}提出的对{{{{ served.title }}}}（{f('served.number')}）的"
           "复核申请")  # fmt: skip


def review_acceptance() -> Template:
    t = Template(official=False)
    review_head(t, "火灾事故认定复核申请受理通知书")
    t.p(f"{APPLIED}，符合《火灾事故调查规定》第三十六条规定的受理条件，本机构已于{f('review.accepted.date')}受理。"
        "本机构将自受理之日起{{ periods.review_conclusion }}内作出复核结论。")  # fmt: skip
    t.p("复核期间，复核申请人撤回复核申请的，或者当事人就火灾事故所涉民事赔偿向人民法院提起诉讼、人民法院已经受理的，"
        "本机构将终止复核。")  # fmt: skip
    t.p("特此通知。")
    t.sign_off()
    t.p(COPIES, "文书栏目")
    return t


def review_refusal() -> Template:
    t = Template(official=False)
    review_head(t, "火灾事故认定复核申请不予受理通知书")
    t.p(f"{APPLIED}，经审查，属于以下第{{{{ review.refusal_ground_no or '\u3000\u3000' }}}}项情形：")
    t.each("g in review.refusal_grounds", "（{{ g.no|cn }}）{{ g.label }}；", style="文书正文")
    t.p("{%p if review.refused.note %}", "文书栏目")
    t.p("说明：{{ review.refused.note }}")
    t.p("{%p endif %}", "文书栏目")
    t.p("根据《火灾事故调查规定》的有关规定，本机构决定不予受理。")
    t.p("特此通知。")
    t.sign_off()
    t.p(COPIES, "文书栏目")
    return t


def review_file_request() -> Template:
    t = Template(official=False)
    t.head("火灾事故认定复核调卷通知书")
    t.number_line()
    t.p(f"{f('review.original_agency')}：", "文书栏目")
    t.p(f"本机构已于{f('review.accepted.date')}受理{f('review.applicant')}对{{{{ served.title }}}}"
        f"（{f('served.number')}）提出的复核申请。请你单位自收到本通知之日起{{{{ periods.case_file_transfer }}}}内，"
        "将该起火灾的调查案卷和作出认定的书面说明报送本机构。")  # fmt: skip
    t.p("特此通知。")
    t.sign_off()
    return t


def review_conclusion() -> Template:
    t = Template(official=False)
    t.head("火灾事故认定复核结论书")
    t.number_line()
    t.fields(
        f"复核申请人：{f('review.applicant')}",
        f"原认定：{{{{ served.title }}}}（{f('served.number')}），起火原因：{f('case.cause')}",
        f"复核申请日期：{f('review.applied.date')}\u3000受理日期：{f('review.accepted.date')}",
        "复核结论：",
    )
    t.p("{%p if review.upheld %}", "文书栏目")
    t.p("经复核，原火灾事故认定事实清楚，证据确实充分，程序合法，起火原因认定正确。本机构决定维持原火灾事故认定。")
    t.p("{%p elif review.redetermine %}", "文书栏目")
    t.p("经复核，原火灾事故认定主要事实不清或者证据不足。本机构责令原认定机构自收到本复核结论之日起"
        "{{ periods.redetermination }}内重新作出火灾事故认定。")  # fmt: skip
    t.p("{%p else %}", "文书栏目")
    t.p(f('""'))
    t.p("{%p endif %}", "文书栏目")
    t.fields(f"理由：{f('review.concluded.note')}")
    t.p("复核以一次为限。")
    t.sign_off("{{ review.concluded.date or document.date }}")
    return t


def investigation_report() -> Template:
    t = Template(official=True)
    t.head("{{ case.subject_name }}“{{ case.date_tag }}”|火灾事故调查报告")
    t.p(f"{f('addressees')}：", "文书栏目")  # 主送机关 (GB/T 9704 7.3.3), flush left under the title
    t.p("{{ case.alarm_time }}，{{ agency.name }}接到报警，{{ case.place }}发生火灾。火灾{{ case.casualty_clause }}，"
        f"过火面积{f('case.burned_area')}，直接经济损失{f('case.direct_economic_loss')}，为{{{{ case.grade }}}}。"
        "火灾发生后，依法成立调查组，对火灾开展调查。现将调查情况报告如下：")  # fmt: skip
    t.heading("一、火灾单位基本情况")
    t.p(f"单位名称：{f('case.unit_name')}；地址：{{{{ case.address }}}}；场所类型：{f('case.place_type')}；"
        "消防安全重点单位：{{ case.key_unit }}；辖区：{{ case.district }}。")  # fmt: skip
    t.heading("二、火灾发生及扑救经过")
    t.p(f("case.summary"))
    t.p(f"{{{{ case.alarm_time }}}}接到报警，出动力量：{f('case.units_dispatched')}，"
        f"火灾于{f('case.extinguished_time')}扑灭。")  # fmt: skip
    t.heading("三、人员伤亡和财产损失情况")
    t.p("火灾{{ case.casualty_clause }}，受灾{{ case.affected_households }}户，"
        f"过火面积{f('case.burned_area')}，直接财产损失{f('case.direct_property_loss')}，"
        f"直接经济损失{f('case.direct_economic_loss')}。")  # fmt: skip
    t.heading("四、火灾原因和性质")
    t.heading("（一）起火原因", 2)
    cause(t)
    t.heading("（二）专家论证", 2)
    t.each("r in reviews", "{{ r.no }}. {{ r.held_on }}，{{ r.purpose }}（专家：{{ r.experts }}）：{{ r.conclusion }}",
           empty=f('""'))  # fmt: skip
    t.heading("（三）事故性质", 2)
    t.p("经调查认定，{{ case.subject_name }}“{{ case.date_tag }}”火灾是一起{{ case.grade }}事故。")
    t.heading("五、责任认定及处理建议")
    t.p("{%p for e in accountability %}", "文书栏目")
    t.heading("（{{ e.no|cn }}）{{ e.party }}（{{ e.party_kind }}）", 2)
    t.p(f"{f('e.breach')}，{{{{ e.finding }}}}{f('e.legal_basis')}。处理建议：{{{{ e.measure }}}}；"
        f"处理机关：{f('e.deciding_body')}；办理情况：{{{{ e.status }}}}。")  # fmt: skip
    t.p("{%p endfor %}", "文书栏目")
    t.p("{%p if not accountability %}", "文书栏目")
    t.p(f('""'))
    t.p("{%p endif %}", "文书栏目")
    t.heading("六、防范和整改措施")
    t.heading("（一）事故防范建议", 2)
    t.each("r in recommendations", "{{ r.no }}. {{ r.recommendation }}（建议对象：{{ r.addressee }}）", empty=f('""'))
    t.heading("（二）整改措施", 2)
    t.each("m in measures", "{{ m.no }}. {{ m.owner }}：{{ m.description }}，整改期限至{{ m.deadline }}。",
           empty=f('""'))  # fmt: skip
    t.heading("七、附件")
    t.each("line in attachments", "{{ line }}", empty=f('""'))
    t.heading("八、调查组成员签名")
    member = ["{{ i.no }}", "{{ i.name }}", f("i.unit"), f("i.title"), ""]
    members = t.table([14, 26, 58, 28, 30], ["序号", "姓名", "单位", "职务", "签名"],
                      [["{%tr for i in investigators %}"], member, ["{%tr endfor %}"]], form=True)  # fmt: skip
    members.rows[2].height = Mm(13)  # room for each member's signature
    t.sign_off()
    return t


def rectification_notice() -> Template:
    t = Template(official=True)
    t.head("关于{{ case.subject_name }}“{{ case.date_tag }}”|火灾事故整改的通知")
    t.p(f"{f('addressees')}：", "文书栏目")
    t.p("{{ case.alarm_time }}，{{ case.place }}发生火灾（{{ case.grade }}）。根据火灾事故调查报告"
        f"（{f('report_number')}），现将整改要求通知如下：")  # fmt: skip
    t.each("m in measures", "{{ m.no }}. {{ m.owner }}：{{ m.description }}，于{{ m.deadline }}前完成。", empty=f('""'))
    t.p("请按期完成整改，并将整改情况书面报送本机构。")
    t.p("特此通知。")
    t.sign_off()
    return t


def assessment_report() -> Template:
    t = Template(official=True)
    t.head("{{ case.subject_name }}“{{ case.date_tag }}”|火灾事故整改评估报告")
    t.p(f"{f('addressees')}：", "文书栏目")
    t.p(f"{{{{ case.place }}}}火灾案件于{f('assessment.closed_on')}结案。评估组（成员：{f('assessment.team')}）"
        f"于{f('assessment.visited_on')}进行现场核查和走访询问，现将整改评估情况报告如下：")  # fmt: skip
    t.heading("一、评估情况")
    t.p(f("assessment.findings"))
    t.heading("二、整改措施落实情况")
    t.p("本案共有整改措施{{ counts.total }}项：已落实{{ counts.done }}项，部分落实{{ counts.partly }}项，"
        "未落实{{ counts.not_done }}项，尚未评估{{ counts.unjudged }}项。")  # fmt: skip
    t.table([10, 56, 30, 24, 18, 18], ["序号", "整改措施", "责任单位", "整改期限", "评估结论", "说明"],
            [["{%tr for m in measures %}"], ["{{ m.no }}", "{{ m.description }}", "{{ m.owner }}",
                                             "{{ m.deadline }}", f("m.verdict"), f("m.verdict_note")],
             ["{%tr endfor %}"]],
            padding=("{%tr for row in padding %}", "{%tr endfor %}"), text_columns={1})  # fmt: skip
    t.heading("三、移交问责情况")
    t.each("e in referrals", "{{ e.no }}. {{ e.party }}：{{ e.breach }}，{{ e.measure }}（{{ e.status }}）。",
           empty=f('""'))  # fmt: skip
    t.sign_off()
    return t


KINDS = {
    "determination.docx": determination,
    "simple_determination.docx": simple_determination,
    "scene_inspection.docx": scene_inspection,
    "interview.docx": interview,
    "evidence_list.docx": evidence_list,
    "loss_declaration.docx": loss_declaration,
    "hearing_record.docx": hearing_record,
    "proof_of_service.docx": proof_of_service,
    "public_notice.docx": public_notice,
    "review_acceptance.docx": review_acceptance,
    "review_refusal.docx": review_refusal,
    "review_file_request.docx": review_file_request,
    "review_conclusion.docx": review_conclusion,
    "investigation_report.docx": investigation_report,
    "rectification_notice.docx": rectification_notice,
    "assessment_report.docx": assessment_report,
}
