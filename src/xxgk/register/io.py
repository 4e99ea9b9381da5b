"""Import and export the register as a spreadsheet (XLSX or CSV), one row per case.

Import is all or nothing: every row is checked first, and a file with any bad row is rejected
with a Chinese message per row (``第 37 行：收到日期“2024-13-01”不是有效日期``); the good rows
are then written in one transaction. Rows are numbered as the spreadsheet shows them (the header
is row 1). Columns are matched by their header (``COLUMNS``); other columns are ignored with a
warning. CSV is read as UTF-8 (with or without BOM) or GB18030, as Excel writes it in China.
"""

from __future__ import annotations

import csv
import io as _io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .cases import Application, EventRecord, Litigation
from .errors import ImportRejected, RegisterError
from .store import NewCase, Register, _normalize
from .vocab import (
    APPLICATION,
    CASE_KINDS,
    PENDING,
    REVIEW,
    SUIT,
    applicant_label,
    channel_label,
    outcome_label,
    parse_date,
    resolve_result,
    result_label,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("number", "编号", ("申请编号", "案件编号", "登记编号")),
    Column("kind", "类别", ("案件类别",)),
    Column("received_on", "收到日期", ("收到申请日期", "申请日期")),
    Column("channel", "提交方式", ("申请方式", "渠道")),
    Column("applicant", "申请人类型", ("申请人类别",)),
    Column("applicant_name", "申请人", ("申请人姓名或名称",)),
    Column("request", "申请内容", ("申请公开的信息",)),
    Column("correction_requested", "告知补正日期", ("补正告知日期",)),
    Column("correction_received", "收到补正日期", ("补正收到日期",)),
    Column("consult_started", "征求意见日期", ("征求意见开始日期",)),
    Column("consult_ended", "收到意见日期", ("征求意见结束日期",)),
    Column("extended_on", "延期批准日期", ("延长答复期限日期",)),
    Column("extended_days", "延长工作日数", ("延期工作日数",)),
    Column("fee_notice", "收费通知日期"),
    Column("fee_amount", "收费金额（元）", ("收费金额",)),
    Column("fee_paid", "缴费日期"),
    Column("replied_on", "答复日期", ("办结日期",)),
    Column("outcome", "办理结果", ("答复结果",)),
    Column("filed_on", "提起日期", ("立案日期", "受理日期")),
    Column("after_review", "是否经复议"),
    Column("subject", "关联申请编号"),
    Column("body", "复议机关或法院", ("复议机关", "法院")),
    Column("closed_on", "审结日期", ("结案日期",)),
    Column("result", "审理结果", ("复议诉讼结果",)),
    Column("note", "备注"),
)
HEADERS = tuple(c.header for c in COLUMNS)
KIND_NAMES = {
    APPLICATION: ("申请", "依申请", "政府信息公开申请", "application"),
    REVIEW: ("行政复议", "复议", "review"),
    SUIT: ("行政诉讼", "诉讼", "suit"),
}
KIND_EXPORT = {APPLICATION: "申请", REVIEW: "行政复议", SUIT: "行政诉讼"}
_SPLIT = re.compile(r"[;；,，\n]+")


@dataclass
class ImportResult:
    imported: int
    warnings: list[str] = field(default_factory=list)


# --- reading ----------------------------------------------------------------------------------


def _norm_header(h: Any) -> str:
    return re.sub(r"\s+", "", str(h or "")).replace("(", "（").replace(")", "）")


def _rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, cell values) of the first sheet / the CSV, header included."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a damaged file
            raise RegisterError(f"无法读取 Excel 文件：{e}", str(path)) from e
        try:
            ws = wb["登记册"] if "登记册" in wb.sheetnames else wb.worksheets[0]
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                yield i, list(row)
        finally:
            wb.close()
    elif suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RegisterError("CSV 文件编码无法识别（应为 UTF-8 或 GB18030）", str(path))
        for i, row in enumerate(csv.reader(_io.StringIO(text, newline="")), start=1):
            yield i, row
    else:
        raise RegisterError("只能导入 .xlsx 或 .csv 文件", str(path))


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    return str(v).strip()


def _dates(v: Any, what: str) -> list[date]:
    if v is None or _text(v) == "":
        return []
    if isinstance(v, date | datetime):
        return [parse_date(v, what)]
    return [parse_date(p, what) for p in _SPLIT.split(_text(v)) if p.strip()]


def _kind(v: str, has_received: bool) -> str:
    t = _norm_header(v)
    if not t:
        if has_received:
            return APPLICATION
        raise RegisterError("类别为空（应填 申请、行政复议 或 行政诉讼）")
    for kind, names in KIND_NAMES.items():
        if t in names:
            return kind
    raise RegisterError(f"类别“{v}”无法识别（应填 申请、行政复议 或 行政诉讼）")


def _yes(v: Any) -> bool:
    t = _text(v)
    if t in ("", "否", "不是", "直接起诉", "未经复议", "0", "N", "n", "no", "false", "False"):
        return False
    if t in ("是", "经复议", "复议后起诉", "1", "Y", "y", "yes", "true", "True"):
        return True
    raise RegisterError(f"是否经复议“{v}”应填 是 或 否")


def row_to_case(values: dict[str, Any], source: str | None = None) -> NewCase:
    """One spreadsheet row (column key -> cell value) as a new case with its events; raises in Chinese."""
    g = values.get
    number = _text(g("number"))
    if not number:
        raise RegisterError("编号为空")
    received = _dates(g("received_on"), "收到日期")
    kind = _kind(_text(g("kind")), bool(received))
    note = _text(g("note")) or None
    events: list[EventRecord] = []

    def ev(k: str, on: date, **data: Any) -> None:
        events.append(EventRecord(k, on, _normalize(k, on, data), note=None, source=source))

    if kind == APPLICATION:
        if len(received) != 1:
            raise RegisterError("收到日期为空" if not received else "收到日期只能填一个")
        ev("received", received[0], channel=_text(g("channel")), applicant=_text(g("applicant")),
           applicant_name=_text(g("applicant_name")), request=_text(g("request")))
        events[0].note = note
        pairs = (("correction_requested", "correction_received", "告知补正日期", "收到补正日期"),
                 ("consult_started", "consult_ended", "征求意见日期", "收到意见日期"),
                 ("fee_notice", "fee_paid", "收费通知日期", "缴费日期"))
        for start_key, end_key, start_name, end_name in pairs:
            starts, ends = _dates(g(start_key), start_name), _dates(g(end_key), end_name)
            if len(ends) > len(starts):
                raise RegisterError(f"{end_name}多于{start_name}")
            for i, s in enumerate(starts):
                data = {"amount": _text(g("fee_amount"))} if start_key == "fee_notice" and i == 0 else {}
                ev(start_key, s, **data)
                if i < len(ends):
                    ev(end_key, ends[i])
        ext_on, ext_days = _dates(g("extended_on"), "延期批准日期"), _text(g("extended_days"))
        if ext_days and not ext_on:
            raise RegisterError("填写了延长工作日数，但延期批准日期为空")
        if ext_on:
            if len(ext_on) != 1 or not ext_days:
                raise RegisterError("延期批准日期须为一个日期，并填写延长工作日数")
            ev("extended", ext_on[0], days=ext_days)
        replied = _dates(g("replied_on"), "答复日期")
        outcome = _text(g("outcome"))
        if replied:
            if len(replied) != 1:
                raise RegisterError("答复日期只能填一个")
            if not outcome:
                raise RegisterError("填写了答复日期，但办理结果为空")
            ev("replied", replied[0], outcome=outcome)
        elif outcome:
            raise RegisterError(f"填写了办理结果“{outcome}”，但答复日期为空")
    else:
        filed = _dates(g("filed_on"), "提起日期")
        if len(filed) != 1:
            raise RegisterError("提起日期为空" if not filed else "提起日期只能填一个")
        data: dict[str, Any] = {"subject": _text(g("subject")), "body": _text(g("body"))}
        if kind == SUIT:
            data["after_review"] = _yes(g("after_review"))
        ev("filed", filed[0], **data)
        events[0].note = note
        closed, result = _dates(g("closed_on"), "审结日期"), _text(g("result"))
        if closed:
            if len(closed) != 1:
                raise RegisterError("审结日期只能填一个")
            if not result:
                raise RegisterError("填写了审结日期，但审理结果为空")
            ev("closed", closed[0], result=result)
        elif result and resolve_result(result) != PENDING:
            raise RegisterError(f"审理结果为“{result}”，但审结日期为空")
    return NewCase(kind, number, events, source)


def read_cases(path: str | Path) -> tuple[list[NewCase], list[str]]:
    """Every row of a register spreadsheet as a new case; raises ``ImportRejected`` listing bad rows."""
    from .cases import fold

    path = Path(path)
    if not path.is_file():
        raise RegisterError("文件不存在", str(path))
    rows = _rows(path)
    header_row = next(rows, None)
    if header_row is None:
        raise ImportRejected(["文件为空"], str(path))
    _, header = header_row
    index: dict[str, int] = {}
    warnings: list[str] = []
    names = {(_norm_header(n)): c.key for c in COLUMNS for n in (c.header, *c.aliases)}
    for i, h in enumerate(header):
        key = names.get(_norm_header(h))
        if key is None:
            if _norm_header(h):
                warnings.append(f"第 1 行：忽略无法识别的列“{h}”")
            continue
        if key in index:
            raise ImportRejected([f"第 1 行：列“{h}”重复"], str(path))
        index[key] = i
    if "number" not in index:
        raise ImportRejected(["第 1 行：缺少“编号”列（第一行应为表头）"], str(path))

    problems: list[str] = []
    cases: list[NewCase] = []
    first_row: dict[str, int] = {}
    for n, row in rows:
        if all(_text(v) == "" for v in row):
            continue
        values = {k: (row[i] if i < len(row) else None) for k, i in index.items()}
        try:
            case = row_to_case(values, source=f"导入 {path.name} 第 {n} 行")
            fold(case.kind, case.number, case.events)
        except RegisterError as e:
            problems.append(f"第 {n} 行：{e}")
            continue
        if case.number in first_row:
            problems.append(f"第 {n} 行：编号 {case.number} 与第 {first_row[case.number]} 行重复")
            continue
        first_row[case.number] = n
        cases.append(case)
    if problems:
        raise ImportRejected(problems, str(path))
    return cases, warnings


def import_file(reg: Register, path: str | Path) -> ImportResult:
    """Import a register spreadsheet into ``reg``: every row, or none."""
    cases, warnings = read_cases(path)
    existing = reg.existing_numbers([c.number for c in cases])
    if existing:
        rows = {c.number: c.source for c in cases}
        raise ImportRejected(
            [f"{(rows[n] or '').removeprefix(f'导入 {Path(path).name} ')}：编号 {n} 已在登记册中" for n in sorted(existing)],
            str(path),
        )
    return ImportResult(reg.add_many(cases), warnings)


# --- writing ----------------------------------------------------------------------------------


def case_to_row(case: Application | Litigation) -> dict[str, Any]:
    """A case as one spreadsheet row (column key -> value; dates as ``date``)."""
    note = case.events[0].note if case.events else None
    if isinstance(case, Application):
        first_ext = case.extensions[0][0] if case.extensions else None
        return {
            "number": case.number,
            "kind": KIND_EXPORT[APPLICATION],
            "received_on": case.received_on,
            "channel": channel_label(case.channel),
            "applicant": applicant_label(case.applicant),
            "applicant_name": case.applicant_name,
            "request": case.request,
            "correction_requested": [p.start for p in case.corrections],
            "correction_received": [p.end for p in case.corrections if p.end],
            "consult_started": [p.start for p in case.consults],
            "consult_ended": [p.end for p in case.consults if p.end],
            "extended_on": first_ext,
            "extended_days": case.extension_days or None,
            "fee_notice": [p.start for p in case.fees],
            "fee_amount": case.fees[0].what if case.fees else None,
            "fee_paid": [p.end for p in case.fees if p.end],
            "replied_on": case.replied_on,
            "outcome": outcome_label(case.outcome) if case.outcome else None,
            "note": note,
        }
    return {
        "number": case.number,
        "kind": KIND_EXPORT[case.kind],
        "filed_on": case.filed_on,
        "after_review": ("是" if case.after_review else "否") if case.kind == SUIT else None,
        "subject": case.subject,
        "body": case.body,
        "closed_on": case.closed_on,
        "result": result_label(case.result).removeprefix("结果") if case.result else "尚未审结",
        "note": note,
    }


def _flat(v: Any) -> Any:
    if isinstance(v, list):
        if not v:
            return None
        if len(v) == 1:
            return v[0]
        return "；".join(d.isoformat() for d in v)
    return v


def export_file(reg: Register, path: str | Path) -> int:
    """Write every (non-void) case of ``reg`` to an XLSX or CSV file; returns the number of rows."""
    path = Path(path)
    rows = [case_to_row(c) for c in reg.cases()]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "登记册"
        ws.append(list(HEADERS))
        for r in rows:
            ws.append([_flat(r.get(c.key)) for c in COLUMNS])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        wb.save(path)
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADERS)
            for r in rows:
                vals = [_flat(r.get(c.key)) for c in COLUMNS]
                w.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in vals])
    else:
        raise RegisterError("只能导出为 .xlsx 或 .csv 文件", str(path))
    return len(rows)


__all__ = ["COLUMNS", "CASE_KINDS", "ImportResult", "case_to_row", "export_file", "import_file", "read_cases",
           "row_to_case"]
