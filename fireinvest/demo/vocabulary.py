"""Words the demo generator builds plausible case facts from: streets, names, units, ignition places.

Names follow the anonymised style of published Chinese case files (王某某); trade names are invented.
"""

from __future__ import annotations

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
STREETS = (
    "中山路", "建设路", "人民路", "解放路", "和平路", "长江路", "北京东路", "中华路", "新街口大街", "龙蟠路",
    "汉中路", "虎踞路", "江东中路", "集庆路", "应天大街", "龙眠大道", "胜利路", "文昌路", "幸福街", "光华路",
    "紫金路", "石城路", "河西大街", "丰收路", "团结路", "滨江大道", "工业大道", "科技路", "学府路", "站前路",
)  # fmt: skip
TRADE_NAMES = (
    "鑫源", "宏达", "金盛", "瑞丰", "顺发", "佳和", "福满", "兴隆", "德润", "安泰", "恒通", "华美", "永昌",
    "万家", "新城", "盛世", "聚贤", "嘉禾", "天成", "利民",
)  # fmt: skip

# (name, title) of the demo investigators registered in the people register.
INVESTIGATORS = (
    ("张建国", "火灾调查科科长"), ("李明", "火灾调查员"), ("王芳", "火灾调查员"), ("刘洋", "火灾调查员"),
    ("陈静", "火灾调查员"), ("赵磊", "助理调查员"), ("周婷", "助理调查员"), ("孙强", "火灾调查员"),
)  # fmt: skip

# Place type -> patterns of the unit or household, "{trade}" / "{person}" / "{district}" filled in.
UNIT_PATTERNS: dict[str, tuple[str, ...]] = {
    "住宅": ("住户{person}",),
    "商场市场": ("{trade}商场", "{trade}超市", "{trade}农贸市场", "{trade}建材市场"),
    "宾馆饭店": ("{trade}大酒店", "{trade}宾馆", "{trade}饭店", "{trade}快捷酒店"),
    "公共娱乐场所": ("{trade}KTV", "{trade}影城", "{trade}洗浴中心", "{trade}电竞馆"),
    "学校": ("{district}实验小学", "{district}第一中学", "{district}职业技术学校", "{trade}幼儿园"),
    "医院": ("{district}人民医院", "{district}中医院", "{trade}口腔诊所"),
    "交通枢纽": ("{district}长途汽车客运站", "地铁{street}站", "{district}公交枢纽站"),
    "九小场所": ("{trade}小吃店", "{trade}理发店", "{trade}便利店", "{trade}网吧", "{trade}五金店", "{trade}面馆",
                 "{trade}洗衣店", "{trade}棋牌室"),
    "厂房": ("{trade}机械制造有限公司", "{trade}电子科技有限公司", "{trade}纺织有限公司", "{trade}塑料制品厂",
             "{trade}家具厂"),
    "仓储": ("{trade}物流有限公司仓库", "{trade}仓储中心", "{trade}冷库"),
    "交通工具": ("{person}的小型轿车", "{person}的电动自行车", "{trade}运输公司货车", "公交车", "{person}的摩托车"),
    "工地": ("{trade}建设工程项目部",),
    "农副业场所": ("{person}养殖场", "{person}蔬菜大棚", "{trade}农机合作社"),
    "户外": ("",),
    "其他": ("",),
}  # fmt: skip

# Place type -> where in it fires start (起火部位).
IGNITION_AREAS: dict[str, tuple[str, ...]] = {
    "住宅": ("厨房", "客厅", "卧室", "阳台", "楼道", "储藏室", "地下车库"),
    "交通工具": ("发动机舱", "驾驶室", "电池仓", "货箱"),
    "户外": ("绿化带", "垃圾堆放点", "荒草地", "露天堆场"),
    "厂房": ("生产车间", "原料仓库", "配电房", "办公区"),
    "仓储": ("库房", "装卸区", "配电间"),
    "工地": ("施工作业面", "工棚", "材料堆场"),
    "农副业场所": ("草料堆", "圈舍", "大棚"),
}
DEFAULT_AREAS = ("营业厅", "后厨", "仓库", "配电间", "办公室", "走廊")

# Cause category -> the object fires of that cause typically start at (起火点).
IGNITION_POINTS: dict[str, tuple[str, ...]] = {
    "电气": ("插线板", "配电箱", "电动自行车电池", "空调外机", "电视机后部", "照明线路", "电热毯"),
    "生产作业": ("焊接作业点", "切割机旁", "烘干设备"),
    "用火不慎": ("燃气灶", "取暖器", "蜡烛", "焚烧点"),
    "遗留火种": ("烟花残骸", "炭盆", "灰烬堆"),
    "吸烟": ("沙发", "床铺", "垃圾桶", "草堆"),
    "玩火": ("打火机", "纸箱"),
    "自燃": ("堆垛内部", "油布堆"),
    "雷击": ("屋顶", "树木"),
    "静电": ("油罐口",),
    "放火": ("门口", "车辆旁"),
}
DEFAULT_POINTS = ("起火部位中心", "墙角")

# 灾害成因 of larger demo fires: how the alarm, first response and evacuation went, why the fire spread.
DISASTER_CAUSES = (
    "起火后现场人员未及时报警，自行扑救延误约十分钟；楼梯间防火门处于常开状态，烟气沿楼梯间向上蔓延，造成人员疏散困难。",
    "起火部位堆放大量可燃纸箱，火灾荷载大；室内消火栓无水，初期火灾未能控制；员工未经消防安全培训，疏散组织混乱。",
    "电动自行车在楼道内充电，起火后产生大量有毒烟气；住户夜间熟睡发现较晚；楼道内杂物堵塞安全出口。",
    "厂房与仓库未按规定进行防火分隔，火势迅速蔓延至相邻区域；自动喷水灭火系统阀门处于关闭状态，未能启动。",
    "违规使用易燃可燃材料装修，燃烧速度快；疏散通道被锁闭，人员无法及时逃生；单位未落实每日防火巡查制度。",
)
