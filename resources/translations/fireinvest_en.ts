<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>BasicPage</name>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="80"/>
        <source>未扑灭/未填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="82"/>
        <source>区、街道、门牌号、楼栋及房号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="83"/>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="85"/>
        <source>（请选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="87"/>
        <source>消防安全重点单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="89"/>
        <source>单位名称或住户姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="103"/>
        <source>当事人对事实有争议</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="113"/>
        <source>火灾发生、发现、报警、扑救的简要经过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="117"/>
        <source>接警时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="118"/>
        <source>扑灭时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="119"/>
        <source>起火地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="120"/>
        <source>辖区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="121"/>
        <source>场所类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="122"/>
        <source>单位/住户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="125"/>
        <source>调查程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="127"/>
        <source>主办调查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="128"/>
        <source>协办调查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="134"/>
        <source>简要案情</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="167"/>
        <source>%1（已停用）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="172"/>
        <source>（未指定）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalendarDialog</name>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="45"/>
        <source>节假日设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="55"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="55"/>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="55"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="60"/>
        <source>添加日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="60"/>
        <source>删除所选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="64"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="65"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="70"/>
        <source>年份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="103"/>
        <source>休息日（节假日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="104"/>
        <source>上班日（调休）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="132"/>
        <source>无法保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="134"/>
        <source>节假日已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/calendar_dialog.py" line="134"/>
        <source>已重新计算 %1 个未结案件的期限。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseEditor</name>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="109"/>
        <source>基本情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="110"/>
        <source>起火原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="111"/>
        <source>伤亡与损失</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="112"/>
        <source>当事人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="119"/>
        <location filename="../../fireinvest/ui/case_editor.py" line="134"/>
        <location filename="../../fireinvest/ui/case_editor.py" line="302"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="121"/>
        <source>保存 (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="122"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="171"/>
        <location filename="../../fireinvest/ui/case_editor.py" line="195"/>
        <source>新案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="188"/>
        <source>本案件已作废，不能修改。作废原因：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="196"/>
        <source>保存后自动编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="199"/>
        <source>案件 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="200"/>
        <source>状态：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="203"/>
        <source>登记：%1 %2&#x3000;&#x3000;最后修改：%3 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="214"/>
        <source>编辑案件 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="214"/>
        <source>新建案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="221"/>
        <source>火灾等级：—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="224"/>
        <source>火灾等级：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="248"/>
        <source>未保存。请更正以下问题：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="295"/>
        <source>无法保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_editor.py" line="302"/>
        <source>正在保存…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="44"/>
        <source>案件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="45"/>
        <source>接警时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="46"/>
        <source>辖区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="47"/>
        <source>起火地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="48"/>
        <source>单位/住户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="49"/>
        <source>场所类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="50"/>
        <source>起火原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="51"/>
        <source>火灾等级</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="52"/>
        <source>死亡</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="53"/>
        <source>直接经济损失(元)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="54"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="265"/>
        <source>已作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_table_model.py" line="297"/>
        <source>待认定</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CausePage</name>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="250"/>
        <source>不详/未填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="252"/>
        <source>例如：厨房、一层仓库东侧</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="254"/>
        <source>例如：冰箱压缩机附近</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="255"/>
        <source>待认定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="257"/>
        <source>（未细分）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="260"/>
        <source>起火时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="261"/>
        <source>起火部位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="262"/>
        <source>起火点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="263"/>
        <source>起火原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="264"/>
        <source>细分原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/case_form_pages.py" line="266"/>
        <source>起火原因尚未认定时选择“待认定”。细分原因随起火原因分类变化；分类可由管理员在参考数据中扩充。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChoiceCombo</name>
    <message>
        <location filename="../../fireinvest/ui/editor_widgets.py" line="172"/>
        <source>%1（已停用）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="34"/>
        <source>年份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="35"/>
        <source>辖区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="36"/>
        <source>起火原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="37"/>
        <source>火灾等级</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="38"/>
        <location filename="../../fireinvest/ui/filter_bar.py" line="43"/>
        <location filename="../../fireinvest/ui/filter_bar.py" line="88"/>
        <location filename="../../fireinvest/ui/filter_bar.py" line="89"/>
        <location filename="../../fireinvest/ui/filter_bar.py" line="90"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="42"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="46"/>
        <source>全部（含已作废）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="51"/>
        <source>编号/地址/单位 (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="58"/>
        <source>清除筛选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/filter_bar.py" line="59"/>
        <source>显示全部案件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LossesPage</name>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="40"/>
        <source> 人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="44"/>
        <source> 户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="49"/>
        <source>人员伤亡</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="51"/>
        <source>死亡</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="52"/>
        <source>重伤</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="53"/>
        <source>轻伤</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="54"/>
        <source>受灾户数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="57"/>
        <source>面积与损失</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="59"/>
        <source>过火面积（m²）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="60"/>
        <source>直接财产损失（元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="61"/>
        <source>直接经济损失（元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="62"/>
        <source>直接经济损失 = 直接财产损失 + 现场处置费用 + 人身伤亡费用（XF 185-2014）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="74"/>
        <source>火灾等级由系统按标准自动计算，不能手工填写。2025年5月1日起发生的火灾，死亡人数统计至火灾发生之日起30日内（此前为7日）；受灾户数标准由省级规定，可在火灾等级标准中设置。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="125"/>
        <source>过火面积</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="126"/>
        <source>直接财产损失</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="127"/>
        <source>直接经济损失</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="135"/>
        <source>%1“%2”不是有效数字。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="166"/>
        <source>火灾等级：—（请填写有效的接警时间和损失金额）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="170"/>
        <source>火灾等级：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/losses_page.py" line="173"/>
        <source>适用标准：%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="79"/>
        <source>数据库：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="80"/>
        <source>当前案件数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="149"/>
        <source>导入(&amp;I)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="149"/>
        <source>从文件导入案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="150"/>
        <source>导出(&amp;E)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="150"/>
        <source>导出当前列表中的案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="152"/>
        <source>设置(&amp;S)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="152"/>
        <source>机构、编号与辖区设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="154"/>
        <source>退出(&amp;X)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="155"/>
        <source>新建案件(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="155"/>
        <source>登记新的火灾案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="156"/>
        <source>打开(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="156"/>
        <source>打开所选案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="157"/>
        <source>作废/删除(&amp;D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="157"/>
        <source>作废所选案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="166"/>
        <source>刷新(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="166"/>
        <source>重新读取案件列表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="167"/>
        <source>查找(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="168"/>
        <source>人员名册(&amp;P)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="168"/>
        <source>调查人员名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="169"/>
        <source>关于(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="173"/>
        <source>文件(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="179"/>
        <source>案件(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="183"/>
        <source>人员(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="184"/>
        <source>帮助(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="186"/>
        <source>工具栏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="220"/>
        <source>FireInvest 火灾事故调查案件管理 — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="235"/>
        <source>共 %1 起案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="281"/>
        <source>案件已保存，但不在当前筛选结果中。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="290"/>
        <source>正在查询…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="320"/>
        <source>无法新建案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="334"/>
        <source>无法打开案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="360"/>
        <source>案件 %1 已作废。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/main_window.py" line="362"/>
        <source>无法作废</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartiesPage</name>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="35"/>
        <source>姓名/名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="35"/>
        <source>身份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="35"/>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="35"/>
        <source>联系方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="50"/>
        <source>添加当事人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="51"/>
        <location filename="../../fireinvest/ui/parties_page.py" line="96"/>
        <source>删除当事人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="95"/>
        <source>第%1行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="96"/>
        <source>确定删除当事人“%1”吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/parties_page.py" line="96"/>
        <source>删除</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeopleDialog</name>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="120"/>
        <source>人员名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="129"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="129"/>
        <source>职务/职称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="129"/>
        <source>单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="129"/>
        <source>执法证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="129"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="130"/>
        <source>调查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="130"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="141"/>
        <source>新增人员…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="142"/>
        <source>编辑…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="143"/>
        <location filename="../../fireinvest/ui/people_dialog.py" line="194"/>
        <location filename="../../fireinvest/ui/people_dialog.py" line="224"/>
        <source>停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="144"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="168"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="168"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="169"/>
        <source>在用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="169"/>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="194"/>
        <source>重新启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="222"/>
        <source>停用人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="223"/>
        <source>停用“%1”后，新案件不能再选择此人；已有案件中的记录不变。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="230"/>
        <source>无法保存人员</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="51"/>
        <source>新增人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="51"/>
        <source>编辑人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="62"/>
        <source>例如：火灾调查员、工程师</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="65"/>
        <source>可担任火灾调查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="68"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="69"/>
        <source>单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="70"/>
        <source>职务/职称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="71"/>
        <source>执法证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="72"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="75"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="76"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="97"/>
        <source>请填写姓名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/people_dialog.py" line="105"/>
        <source>无法保存人员</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="41"/>
        <source>设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="60"/>
        <source>用于新案件编号，例如 %1-2026-00001；已登记案件的编号不变。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="72"/>
        <source>每行一个辖区，按此顺序显示。删去的辖区停用，已登记案件中的辖区不变。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="77"/>
        <source>机构名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="78"/>
        <source>机构代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="80"/>
        <source>简易程序财产损失上限（元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="81"/>
        <source>时区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="82"/>
        <source>辖区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="86"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="88"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="108"/>
        <source>未保存。请更正以下问题：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="125"/>
        <source>简易程序财产损失上限不是有效数字。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="139"/>
        <source>辖区列表不能为空。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/settings_dialog.py" line="163"/>
        <source>无法保存设置</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="56"/>
        <source>记录程序步骤</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="83"/>
        <source>例如：省消防救援总队（批准文号）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="85"/>
        <source>送检物证的名称或编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="97"/>
        <source>步骤：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="98"/>
        <source>时间：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="99"/>
        <source>承办人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="112"/>
        <source>说明：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="115"/>
        <source>记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="117"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/step_dialog.py" line="189"/>
        <source>无法记录</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelinePage</name>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="106"/>
        <source>保存案件后即可记录程序步骤并计算法定期限。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="112"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="112"/>
        <source>步骤</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="112"/>
        <source>承办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="112"/>
        <source>详情</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="114"/>
        <source>期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="114"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="114"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="114"/>
        <source>计算依据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="116"/>
        <source>记录程序步骤…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="123"/>
        <source>&lt;b&gt;程序事件&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="128"/>
        <source>&lt;b&gt;法定期限&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="177"/>
        <source>（当事人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="181"/>
        <source>已完成 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="183"/>
        <source>检验鉴定中，暂停</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="186"/>
        <source>已逾期 %1 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/timeline_page.py" line="187"/>
        <source>还有 %1 天</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodoPanel</name>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="43"/>
        <source>我的案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="45"/>
        <source>全部案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="53"/>
        <source> 天内到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="59"/>
        <source>期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="59"/>
        <source>剩余</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="59"/>
        <source>案件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="59"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="59"/>
        <source>起火地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="99"/>
        <source>逾期 %1 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="101"/>
        <source>还有 %1 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/todo_panel.py" line="112"/>
        <source>已逾期 %1 项，%2 天内到期 %3 项</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoidCaseDialog</name>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="95"/>
        <source>作废案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="99"/>
        <source>确定要作废案件 %1 吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="101"/>
        <source>作废后案件从列表中移除，编号保留并记录为已作废，不能再修改。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="106"/>
        <source>作废原因（必填）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="109"/>
        <source>例如：重复登记，与案件 … 为同一起火灾</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="113"/>
        <source>作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="115"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../fireinvest/ui/app.py" line="82"/>
        <source>无法打开案件数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/app.py" line="83"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="32"/>
        <source>未保存的修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="33"/>
        <source>“%1”有尚未保存的修改。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="34"/>
        <source>是否在关闭前保存？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="38"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="39"/>
        <source>不保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="40"/>
        <location filename="../../fireinvest/ui/dialogs.py" line="54"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="66"/>
        <location filename="../../fireinvest/ui/dialogs.py" line="85"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="72"/>
        <source>关于 FireInvest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/dialogs.py" line="75"/>
        <source>&lt;h3&gt;FireInvest %1&lt;/h3&gt;&lt;p&gt;火灾事故调查案件管理&lt;/p&gt;&lt;p&gt;机构：%2&lt;/p&gt;&lt;p&gt;数据库：%3&lt;/p&gt;&lt;p&gt;界面：PySide6 %4&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exchange</name>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="32"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="43"/>
        <source>正在取消，撤销已做的修改…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="68"/>
        <source>已导入 %1 起案件（沿用原编号 %2 起，新编号 %3 起）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="73"/>
        <source>以下调查人员已加入人员名册：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="83"/>
        <source>导入案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="86"/>
        <source>案件交换文件 (*.xlsx *.json);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="90"/>
        <source>正在导入 %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="105"/>
        <source>导入失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="114"/>
        <source>导出案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="119"/>
        <source>火灾案件.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="120"/>
        <source>Excel 工作簿 (*.xlsx);;JSON 交换文件 (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="124"/>
        <source>正在导出到 %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="131"/>
        <source>已将 %1 起案件导出到
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/exchange_actions.py" line="139"/>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>operations</name>
    <message>
        <location filename="../../fireinvest/ui/operations.py" line="106"/>
        <source>错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/operations.py" line="111"/>
        <source>操作未能完成，发生了意外错误。数据没有被部分修改。
请将详细信息告知系统管理员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../fireinvest/ui/operations.py" line="114"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
