"""The statutory report format as data: sections, tables, rows, columns, labels.

Source: 《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2019〕60号 (report years 2019
and 2020) and its revision 国办公开办函〔2021〕30号 (report years 2021 on). Every key, printed label and
known label variant is written here once; extraction, checks, rendering, forms and the register all
read it from here. Keys follow ../shared/spec/report-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- sections ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    number: str  # 一 … 六
    title: str  # canonical heading without its number
    aliases: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", ("基本情况", "概述")),
    Section("active", "二", "主动公开政府信息情况", ("主动公开情况",)),
    Section(
        "applications",
        "三",
        "收到和处理政府信息公开申请情况",
        ("依申请公开政府信息情况", "收到和处理政府信息公开申请"),
    ),
    Section(
        "reviews",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        (
            "政府信息公开行政复议和行政诉讼情况",
            "行政复议、行政诉讼情况",
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        ),
    ),
    Section("problems", "五", "存在的主要问题及改进情况", ("存在的主要问题和改进情况", "存在的问题及改进措施")),
    Section("other", "六", "其他需要报告的事项", ("其他需要报告事项",)),
)
SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)
# Words reports put before a section title ("五、政府信息公开工作存在的主要问题及改进情况").
HEADING_FILLERS: tuple[str, ...] = ("政府信息公开工作", "政府信息公开", "本机关", "本单位")
SECTION_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}

# --- columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: str = "count"  # count | change (may be negative) | money (万元, decimal)

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


# table 二, 2019 template
C19_MADE = Column("made", "本年新制作数量", ("本年新制作", "新制作数量"))
C19_PUBLISHED = Column("published", "本年新公开数量", ("本年新公开", "新公开数量"))
C19_TOTAL = Column("total", "对外公开总数量", ("对外公开总数",))
C19_PREV = Column("prev_items", "上一年项目数量", ("上年项目数量",))
C19_CHANGE = Column("change", "本年增/减", ("本年增减", "增/减", "本年增/减数量"), kind="change")
C19_DECISIONS = Column("decisions", "处理决定数量", ("本年处理决定数量",))
C19_PROJECTS = Column("projects", "采购项目数量")
C19_AMOUNT = Column("amount", "采购总金额", ("采购总金额（万元）",), kind="money")
# table 二, 2021 template
C21_ISSUED = Column("issued", "本年制发件数", ("本年新制发件数", "本年制发"))
C21_REPEALED = Column("repealed", "本年废止件数", ("本年废止",))
C21_IN_FORCE = Column("in_force", "现行有效件数", ("现行有效",))
C21_DECISIONS = Column("decisions", "本年处理决定数量", ("处理决定数量",))
C21_FEES = Column("amount", "本年收费金额（单位：万元）", ("本年收费金额", "收费金额（万元）"), kind="money")

# table 三
APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("nonprofit", "社会公益组织"),
    Column("legal", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_GROUP_LABEL = "法人或其他组织"
APPLICANT_HEADER_LABEL = "申请人情况"
# The merged top-left cell of table 三 in both templates (the printed A3.BALANCE rule).
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# Header of table 二's first column.
CONTENT_LABEL = "信息内容"

# table 四
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

# --- rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # as printed in the official format (without group prefix)
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    group: str | None = None  # printed group label, e.g. 第二十条第（一）项 or （三）不予公开
    number: str | None = None  # printed item number, e.g. 一、 （一） 1.
    subtotal: bool = False  # a group subtotal row some reports print (not in the format)
    optional: bool = False  # may be absent without S.ROWS (subtotals)

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class TableSpec:
    key: str  # active | applications | reviews
    number: str  # 二 三 四
    title: str
    rows: tuple[Row, ...]

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows)

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @property
    def required_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if not r.optional)


G20_1 = "第二十条第（一）项"
G20_5 = "第二十条第（五）项"
G20_6 = "第二十条第（六）项"
G20_8 = "第二十条第（八）项"
G20_9 = "第二十条第（九）项"

_C19_DOCS = (C19_MADE, C19_PUBLISHED, C19_TOTAL)
_C19_ITEMS = (C19_PREV, C19_CHANGE, C19_DECISIONS)
_C21_DOCS = (C21_ISSUED, C21_REPEALED, C21_IN_FORCE)

ACTIVE_2019 = TableSpec(
    "active",
    "二",
    "主动公开政府信息情况",
    (
        Row("rules", "规章", _C19_DOCS, group=G20_1),
        Row("normative", "规范性文件", _C19_DOCS, ("行政规范性文件",), group=G20_1),
        Row("licensing", "行政许可", _C19_ITEMS, group=G20_5),
        Row("other_services", "其他对外管理服务事项", _C19_ITEMS, ("其他对外管理服务",), group=G20_5),
        Row("penalty", "行政处罚", _C19_ITEMS, group=G20_6),
        Row("coercion", "行政强制", _C19_ITEMS, group=G20_6),
        Row("fees", "行政事业性收费", (C19_PREV, C19_CHANGE), group=G20_8),
        Row("procurement", "政府集中采购", (C19_PROJECTS, C19_AMOUNT), group=G20_9),
    ),
)

ACTIVE_2021 = TableSpec(
    "active",
    "二",
    "主动公开政府信息情况",
    (
        Row("rules", "规章", _C21_DOCS, group=G20_1),
        Row("normative", "行政规范性文件", _C21_DOCS, ("规范性文件",), group=G20_1),
        Row("licensing", "行政许可", (C21_DECISIONS,), group=G20_5),
        Row("penalty", "行政处罚", (C21_DECISIONS,), group=G20_6),
        Row("coercion", "行政强制", (C21_DECISIONS,), group=G20_6),
        Row("fees", "行政事业性收费", (C21_FEES,), group=G20_8),
    ),
)

G3 = "（三）不予公开"
G4 = "（四）无法提供"
G5 = "（五）不予处理"
G6 = "（六）其他处理"
_A = APPLICANT_COLUMNS

_APPS_HEAD: tuple[Row, ...] = (
    Row("new", "本年新收政府信息公开申请数量", _A, ("本年新收",), number="一、"),
    Row("carried_over", "上年结转政府信息公开申请数量", _A, ("上年结转",), number="二、"),
    Row("granted", "予以公开", _A, group="三、本年度办理结果", number="（一）"),
    Row(
        "partial",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        _A,
        ("部分公开",),
        group="三、本年度办理结果",
        number="（二）",
    ),
    Row("denied", "不予公开", _A, group=G3, subtotal=True, optional=True),
    Row("denied_secret", "属于国家秘密", _A, group=G3, number="1."),
    Row("denied_law", "其他法律行政法规禁止公开", _A, group=G3, number="2."),
    Row("denied_safety", "危及“三安全一稳定”", _A, ("危及三安全一稳定",), group=G3, number="3."),
    Row("denied_third_party", "保护第三方合法权益", _A, group=G3, number="4."),
    Row("denied_internal", "属于三类内部事务信息", _A, group=G3, number="5."),
    Row("denied_process", "属于四类过程性信息", _A, group=G3, number="6."),
    Row("denied_enforcement", "属于行政执法案卷", _A, group=G3, number="7."),
    Row("denied_inquiry", "属于行政查询事项", _A, group=G3, number="8."),
    Row("unable", "无法提供", _A, group=G4, subtotal=True, optional=True),
    Row("unable_not_held", "本机关不掌握相关政府信息", _A, group=G4, number="1."),
    Row("unable_create", "没有现成信息需要另行制作", _A, ("没有现成信息需另行制作",), group=G4, number="2."),
    Row("unable_unclear", "补正后申请内容仍不明确", _A, group=G4, number="3."),
    Row("rejected", "不予处理", _A, group=G5, subtotal=True, optional=True),
    Row("rejected_petition", "信访举报投诉类申请", _A, group=G5, number="1."),
    Row("rejected_duplicate", "重复申请", _A, group=G5, number="2."),
    Row("rejected_publication", "要求提供公开出版物", _A, group=G5, number="3."),
    Row("rejected_excessive", "无正当理由大量反复申请", _A, group=G5, number="4."),
    Row(
        "rejected_confirm",
        "要求行政机关确认或重新出具已获取信息",
        _A,
        ("要求行政机关确认或重新出具",),
        group=G5,
        number="5.",
    ),
)
_APPS_TAIL: tuple[Row, ...] = (
    Row("total", "总计", _A, group="三、本年度办理结果", number="（七）"),
    Row("carried_forward", "结转下年度继续办理", _A, ("结转下年度",), number="四、"),
)
_OTHER_SINGLE = Row("other", "其他处理", _A, group="三、本年度办理结果", number="（六）")
_OTHER_SPLIT: tuple[Row, ...] = (
    Row("other", "其他处理", _A, group=G6, subtotal=True, optional=True),
    Row(
        "other_no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _A,
        ("逾期不补正",),
        group=G6,
        number="1.",
    ),
    Row(
        "other_unpaid_fee",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _A,
        ("逾期未按收费通知要求缴纳费用",),
        group=G6,
        number="2.",
    ),
    Row("other_misc", "其他", _A, group=G6, number="3."),
)

APPLICATIONS_2019 = TableSpec(
    "applications", "三", "收到和处理政府信息公开申请情况", (*_APPS_HEAD, _OTHER_SINGLE, *_APPS_TAIL)
)
APPLICATIONS_2021 = TableSpec(
    "applications", "三", "收到和处理政府信息公开申请情况", (*_APPS_HEAD, *_OTHER_SPLIT, *_APPS_TAIL)
)

REVIEWS = TableSpec(
    "reviews",
    "四",
    "政府信息公开行政复议、行政诉讼情况",
    (
        Row("review", "行政复议", REVIEW_COLUMNS),
        Row("suit_direct", "未经复议直接起诉", REVIEW_COLUMNS, ("行政诉讼未经复议直接起诉",), group="行政诉讼"),
        Row("suit_after_review", "复议后起诉", REVIEW_COLUMNS, ("行政诉讼复议后起诉",), group="行政诉讼"),
    ),
)

# Row keys whose sum is table 三's （七）总计 (rule A3.RESULTS). Subtotals are never in it.
RESULT_GROUPS: dict[str, tuple[str, ...]] = {
    "denied": tuple(r.key for r in APPLICATIONS_2021.rows if r.key.startswith("denied_")),
    "unable": tuple(r.key for r in APPLICATIONS_2021.rows if r.key.startswith("unable_")),
    "rejected": tuple(r.key for r in APPLICATIONS_2021.rows if r.key.startswith("rejected_")),
    "other": ("other_no_correction", "other_unpaid_fee", "other_misc"),
}


# --- templates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    key: str  # 2019 | 2021 | 2021-hybrid
    title: str
    active: TableSpec
    applications: TableSpec
    reviews: TableSpec = REVIEWS
    first_year: int | None = None
    last_year: int | None = None
    notes: str = ""
    tables: tuple[str, ...] = field(default=("active", "applications", "reviews"))

    def table(self, key: str) -> TableSpec:
        return {"active": self.active, "applications": self.applications, "reviews": self.reviews}[key]

    def specs(self) -> tuple[TableSpec, ...]:
        return (self.active, self.applications, self.reviews)


TEMPLATES: dict[str, Template] = {
    "2019": Template(
        "2019", "国办公开办函〔2019〕60号", ACTIVE_2019, APPLICATIONS_2019, first_year=2019, last_year=2020
    ),
    "2021": Template("2021", "国办公开办函〔2021〕30号", ACTIVE_2021, APPLICATIONS_2021, first_year=2021),
    "2021-hybrid": Template(
        "2021-hybrid",
        "2021 表二 with the 2019 single （六）其他处理 row",
        ACTIVE_2021,
        APPLICATIONS_2019,
        notes="2021 table 二, but table 三 keeps the single （六）其他处理 row of 2019",
    ),
}
# Printed in the statistics table of reports on the format before 2019 (2008 条例: 统计指标 | 单位 | 统计数);
# such reports are recognised as ``pre-2019``, not forced into a template.
PRE2019_MARKERS = ("政府信息公开情况统计表", "统计指标", "主动公开政府信息数", "收到申请数", "依申请公开情况")

# Values meta.template may take besides TEMPLATES' keys.
OTHER_TEMPLATE_KINDS = ("pre-2019", "unknown")


def template_for_year(year: int | None) -> Template:
    """The template a report of this year must use (条例 format notices 2019/2021)."""
    if year is not None and year <= 2020:
        return TEMPLATES["2019"]
    return TEMPLATES["2021"]


def template(key: str) -> Template:
    return TEMPLATES[key]


def cell_paths(tpl: Template) -> list[str]:
    """Every cell path `table.row.column` of a template, subtotals excluded."""
    out = []
    for spec in tpl.specs():
        for row in spec.rows:
            if row.subtotal:
                continue
            for col in row.columns:
                out.append(f"{spec.key}.{row.key}.{col.key}")
    return out


# Statutory publication deadlines (条例第四十九条, 第五十条): departments by 1月31日,
# governments (县级以上地方人民政府) by 3月31日 of the following year.
DEADLINE_DEPARTMENT = (1, 31)
DEADLINE_GOVERNMENT = (3, 31)
