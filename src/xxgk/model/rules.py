"""The rule catalogue (contract §7): id, severity, summary. Written once, read by checks, docs, CLI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # error | warning | info
    summary: str  # Chinese one-line description
    basis: str = ""  # the 条例 article or 国办 notice it comes from


RULES: tuple[Rule, ...] = (
    Rule("A3.BALANCE", "error", "表三每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理", "国办公开办函〔2021〕30号 表三勾稽关系"),
    Rule("A3.RESULTS", "error", "表三每列：（七）总计 = （一）至（六）各项之和", "国办公开办函〔2021〕30号 表三"),
    Rule("A3.SUBTOTAL", "error", "表三印有小计行时，小计等于其所属各项之和", "国办公开办函〔2021〕30号 表三"),
    Rule("A3.ROW", "error", "表三每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他", "国办公开办函〔2021〕30号 表三"),
    Rule("A4.BLOCK", "error", "表四每栏：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", "国办公开办函〔2021〕30号 表四"),
    Rule("N.NEGATIVE", "error", "计数不得为负（仅“本年增/减”可为负）", "年报格式"),
    Rule("N.NOT_NUMBER", "error", "应填数字的单元格为文字或无法识别", "年报格式"),
    Rule("N.BLANK", "warning", "应填数字的单元格为空或“/”（无数据应填0）", "年报格式"),
    Rule("S.SECTIONS", "warning", "六个部分齐全、顺序正确、编号正确", "条例第五十条"),
    Rule("S.ROWS", "error", "表格存在，但缺少模板规定的行或列", "年报格式"),
    Rule("S.TEMPLATE", "warning", "所用模板与年度不符（2021年起应使用新格式），或为新旧混合格式", "国办公开办函〔2021〕30号"),
    Rule("S.META", "warning", "无法确定发布机关或报告年度", "条例第四十九条"),
    Rule("X.CARRY", "warning", "本年“上年结转”与上年“结转下年度继续办理”不一致", "年报格式"),
    Rule("X.IN_FORCE", "warning", "现行有效件数 ≠ 上年现行有效件数 + 本年制发 − 本年废止", "国办公开办函〔2021〕30号 表二"),
    Rule("X.ITEMS", "warning", "上一年项目数量 ≠ 上年报告的上一年项目数量 + 本年增/减", "国办公开办函〔2019〕60号 表二"),
    Rule("T.TEXT_TABLE", "warning", "正文所述数字与表格不一致", "条例第五十条"),
    Rule("T.REVIEW_TEXT", "warning", "正文称无行政复议、行政诉讼（或均维持），表四却不同", "条例第五十条"),
    Rule("P.RULES_AUTHORITY", "warning", "无规章制定权的机关（区县、乡镇、部门）填报了规章", "立法法第九十三条"),
    Rule("P.FEE_NOTE", "info", "2021年格式：第六部分未说明信息处理费收取情况", "国办公开办函〔2021〕30号；国办函〔2020〕109号"),
    Rule("P.DEADLINE", "warning", "发布晚于法定期限（部门1月31日前，政府3月31日前）", "条例第四十九条"),
    Rule("P.OUTLIER", "info", "某项数字较上年变化超过5倍或降至不足1/5", ""),
)
RULE_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

# Rules that are arithmetic contradictions (the truth tests assert none is raised unexpectedly).
ARITHMETIC_RULES = ("A3.BALANCE", "A3.RESULTS", "A3.SUBTOTAL", "A3.ROW", "A4.BLOCK", "N.NEGATIVE")
