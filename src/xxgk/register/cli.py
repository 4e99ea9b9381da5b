"""`xxgk register`: keep the year's case register from the command line.

One function per command; each calls the library (``store``, ``deadlines``, ``tables``, ``io``).
Errors (``XxgkError``) are shown as one Chinese line, never a traceback.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ..errors import XxgkError
from ..model.statutory import TEMPLATES
from .cases import Application, Litigation
from .deadlines import REPLIED, STATE_LABELS, deadline
from .store import DEFAULT_URL, ENV_URL, ENV_USER, Register
from .tables import SCOPES, register_report
from .vocab import (
    CASE_KINDS,
    CHANNELS,
    EVENT_KINDS,
    applicant_label,
    channel_label,
    describe,
    outcome_label,
    parse_date,
    result_label,
)


class RegisterFailed(click.ClickException):
    exit_code = 2  # as xxgk's other commands; `due` uses 1 for "something is overdue"

    def show(self, file: Any = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


class _Group(click.Group):
    """A click group that shows XxgkError as a Chinese message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except XxgkError as e:
            raise RegisterFailed(str(e)) from None


def _console() -> Console:
    return Console(highlight=False)


def _date(value: str | None, what: str = "日期") -> date | None:
    return parse_date(value, what) if value else None


def _open(ctx: click.Context, create: bool = False) -> Register:
    o = ctx.find_object(dict) or {}
    return Register.open(o.get("db"), user=o.get("by"), create=create)


@click.group("register", cls=_Group)
@click.option("--db", envvar=ENV_URL, default=DEFAULT_URL, show_default=True,
              help=f"登记册数据库地址（sqlite:///文件 或 postgresql+psycopg://…；环境变量 {ENV_URL}）")
@click.option("--by", envvar=ENV_USER, default=None, help=f"记录人（默认当前系统用户；环境变量 {ENV_USER}）")
@click.pass_context
def register(ctx: click.Context, db: str, by: str | None) -> None:
    """政府信息公开申请、行政复议、行政诉讼登记册：办理期限提醒，并生成年报表三、表四。

    Example:

        xxgk register init --agency "某某市某某局"

        xxgk register add application 2024-001 --received 2024-02-01 --channel 网络 --applicant 自然人

        xxgk register due --within 5
    """
    ctx.ensure_object(dict)
    ctx.obj["db"], ctx.obj["by"] = db, by


@register.command("init")
@click.option("--agency", help="本机关名称（写入年报 meta.agency）")
@click.pass_context
def init_cmd(ctx: click.Context, agency: str | None) -> None:
    """建立登记册（已存在时不改动已有记录），可设置本机关名称。

    Example: xxgk register --db sqlite:///登记册.sqlite init --agency "某某市某某局"
    """
    reg = _open(ctx, create=True)
    if agency:
        reg.set_setting("agency", agency)
    click.echo(f"登记册已就绪：{reg.display_url}" + (f"（机关：{reg.agency}）" if reg.agency else ""))


@register.group("add", cls=_Group)
def add() -> None:
    """登记新案件：application（申请）、review（行政复议）、suit（行政诉讼）。"""


@add.command("application")
@click.argument("number")
@click.option("--received", required=True, help="收到申请之日（按条例第三十一条确定），如 2024-02-01")
@click.option("--channel", required=True, help="提交方式：" + "、".join(c.label for c in CHANNELS))
@click.option("--applicant", required=True, help="申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他")
@click.option("--name", "applicant_name", help="申请人姓名或名称")
@click.option("--request", help="申请公开的信息")
@click.option("--note", help="备注")
@click.pass_context
def add_application(ctx: click.Context, number: str, received: str, channel: str, applicant: str,
                    applicant_name: str | None, request: str | None, note: str | None) -> None:
    """登记一件政府信息公开申请。

    Example: xxgk register add application 2024-001 --received 2024-02-01 --channel 网络 --applicant 自然人
    """
    reg = _open(ctx)
    app = reg.add_application(number, received_on=received, channel=channel, applicant=applicant,
                              applicant_name=applicant_name, request=request, note=note)
    d = deadline(app)
    click.echo(f"已登记申请 {app.number}（{app.received_on} 收到），答复期限：{d.due}"
               + ("（估算）" if d.estimated else ""))


@add.command("review")
@click.argument("number")
@click.option("--filed", required=True, help="提起日期")
@click.option("--application", "subject", help="所涉申请编号")
@click.option("--body", help="复议机关")
@click.option("--note", help="备注")
@click.pass_context
def add_review(ctx: click.Context, number: str, filed: str, subject: str | None, body: str | None,
               note: str | None) -> None:
    """登记一件政府信息公开行政复议。

    Example: xxgk register add review FY-2024-01 --filed 2024-03-01 --application 2024-001
    """
    case = _open(ctx).add_review(number, filed_on=filed, subject=subject, body=body, note=note)
    click.echo(f"已登记行政复议 {case.number}（{case.filed_on} 提起）")


@add.command("suit")
@click.argument("number")
@click.option("--filed", required=True, help="起诉日期")
@click.option("--after-review", is_flag=True, help="复议后起诉（默认未经复议直接起诉）")
@click.option("--application", "subject", help="所涉申请编号")
@click.option("--body", help="法院")
@click.option("--note", help="备注")
@click.pass_context
def add_suit(ctx: click.Context, number: str, filed: str, after_review: bool, subject: str | None,
             body: str | None, note: str | None) -> None:
    """登记一件政府信息公开行政诉讼。

    Example: xxgk register add suit SS-2024-01 --filed 2024-04-01 --after-review
    """
    case = _open(ctx).add_suit(number, filed_on=filed, after_review=after_review, subject=subject, body=body,
                               note=note)
    kind = "复议后起诉" if case.after_review else "未经复议直接起诉"
    click.echo(f"已登记行政诉讼 {case.number}（{kind}，{case.filed_on} 提起）")


_EVENT_HELP = "、".join(k.label for k in EVENT_KINDS if k.key not in ("received", "filed", "amend", "retract"))


@register.command("event")
@click.argument("number")
@click.argument("kind")
@click.option("--on", "on", required=True, help="事项发生日期")
@click.option("--outcome", help="答复：办理结果（表三的行，如 予以公开、（三）1.属于国家秘密）")
@click.option("--days", help="延长答复期限：延长的工作日数（累计不超过20）")
@click.option("--party", help="征求意见：第三方或其他机关")
@click.option("--amount", help="发出收费通知：金额（元）")
@click.option("--result", help="审结：维持、纠正、其他")
@click.option("--note", help="备注")
@click.pass_context
def event_cmd(ctx: click.Context, number: str, kind: str, on: str, note: str | None, **data: Any) -> None:
    """记录办理事项（KIND：告知补正、收到补正、征求意见、收到意见、延长答复期限、发出收费通知、缴费完成、答复、审结）。

    Example: xxgk register event 2024-001 答复 --on 2024-02-20 --outcome 予以公开
    """
    data = {k: v for k, v in data.items() if v is not None}
    reg = _open(ctx)
    rec = reg.record(number, kind, on, note=note, **data)
    click.echo(f"已记录 #{rec.id}：{number} {rec.label}（{rec.on}）")
    case = reg.case(number)
    if isinstance(case, Application):
        d = deadline(case)
        if d.state == REPLIED:
            if d.late:
                click.echo(f"注意：答复日 {d.replied_on} 晚于答复期限 {d.due}")
        else:
            click.echo(f"答复期限：{d.due or STATE_LABELS[d.state]}")


@register.command("amend")
@click.argument("event_id", type=int)
@click.option("--on", "on", help="更正后的日期")
@click.option("--set", "sets", multiple=True, metavar="字段=值",
              help="更正的内容，如 outcome=予以公开、days=10、channel=邮寄（可多次）")
@click.option("--note", help="更正说明")
@click.pass_context
def amend_cmd(ctx: click.Context, event_id: int, on: str | None, sets: tuple[str, ...], note: str | None) -> None:
    """更正一条记录（原记录保留在日志中）。EVENT_ID 见 `xxgk register log`。

    Example: xxgk register amend 12 --on 2024-02-21 --note "答复日期录入错误"
    """
    fields: dict[str, Any] = {}
    for s in sets:
        if "=" not in s:
            raise RegisterFailed(f"--set“{s}”应写作 字段=值")
        k, v = s.split("=", 1)
        fields[k.strip()] = v.strip()
    if on:
        fields["on"] = on
    rec = _open(ctx).amend(event_id, note=note, **fields)
    click.echo(f"已记录更正 #{rec.id}（更正 #{event_id}）")


@register.command("retract")
@click.argument("event_id", type=int)
@click.option("--reason", required=True, help="撤销理由")
@click.pass_context
def retract_cmd(ctx: click.Context, event_id: int, reason: str) -> None:
    """撤销一条记录（原记录保留在日志中；撤销案件的第一条记录即撤销该案件）。

    Example: xxgk register retract 12 --reason "重复录入"
    """
    rec = _open(ctx).retract(event_id, reason=reason)
    click.echo(f"已记录撤销 #{rec.id}（撤销 #{event_id}）")


@register.command("due")
@click.option("--within", type=int, help="只列出已逾期及剩余不超过 N 个工作日的申请")
@click.option("--today", help="以该日期为今天（默认系统日期）")
@click.pass_context
def due_cmd(ctx: click.Context, within: int | None, today: str | None) -> None:
    """列出办理中的申请及其答复期限，已逾期的在前；有逾期时退出码为 1。

    Example: xxgk register due --within 5
    """
    now = _date(today, "今天") or date.today()
    rows = []
    for app in _open(ctx).applications():
        if not app.is_open:
            continue
        d = deadline(app, now)
        rem = d.remaining(now)
        if within is not None and (rem is None or rem > within):
            continue
        rows.append((app, d, rem))
    rows.sort(key=lambda r: (not r[1].overdue(now), r[1].due is None, r[1].due or date.max, r[0].number))
    overdue = sum(1 for _, d, _ in rows if d.overdue(now))
    table = Table(title=f"办理中的政府信息公开申请（{now}）")
    for h in ("编号", "收到日期", "申请人", "状态", "答复期限", "剩余工作日", "说明"):
        table.add_column(h, overflow="fold")
    for app, d, rem in rows:
        state = "[red]已逾期[/red]" if d.overdue(now) else STATE_LABELS[d.state]
        due = f"{d.due}{'（估算）' if d.estimated else ''}" if d.due else "—"
        who = app.applicant_name or applicant_label(app.applicant)
        table.add_row(app.number, str(app.received_on), who, state, due, "" if rem is None else str(rem),
                      "；".join(d.notes))
    con = _console()
    if rows:
        con.print(table)
    con.print(f"共 {len(rows)} 件办理中，其中已逾期 {overdue} 件。")
    if overdue:
        ctx.exit(1)


@register.command("show")
@click.argument("number")
@click.option("--today", help="以该日期为今天（默认系统日期）")
@click.pass_context
def show_cmd(ctx: click.Context, number: str, today: str | None) -> None:
    """显示一件案件的现状、答复期限和全部记录。

    Example: xxgk register show 2024-001
    """
    now = _date(today, "今天") or date.today()
    reg = _open(ctx)
    case = reg.case(number)
    con = _console()
    if isinstance(case, Application):
        d = deadline(case, now)
        con.print(f"申请 {case.number}：{channel_label(case.channel)}提交，{case.received_on} 收到，"
                  f"申请人 {case.applicant_name or ''}（{applicant_label(case.applicant)}）")
        if case.replied_on:
            con.print(f"已于 {case.replied_on} 答复：{outcome_label(case.outcome)}；答复期限 {d.due or '—'}"
                      + ("（逾期答复）" if d.late else ""))
        else:
            status = "已逾期" if d.overdue(now) else STATE_LABELS[d.state]
            con.print(f"{status}；答复期限 {d.due or '—'}{'（估算）' if d.estimated else ''}"
                      f"（{d.days} 个工作日，自 {d.start or '收到补正'} 起算）")
        for n in d.notes:
            con.print(f"提示：{n}")
    else:
        assert isinstance(case, Litigation)
        con.print(f"{CASE_KINDS[case.kind]} {case.number}：{case.filed_on} 提起；"
                  + (f"{case.closed_on} 审结，{result_label(case.result)}" if case.closed_on else "尚未审结"))
    _print_log(con, reg.log(number))


def _print_log(con: Console, entries: list) -> None:
    table = Table(title="记录")
    for h in ("#", "编号", "事项", "日期", "内容", "记录人", "记录时间", "说明"):
        table.add_column(h, overflow="fold")
    for number, e in entries:
        content = describe(e.data)
        at = e.recorded_at.strftime("%Y-%m-%d %H:%M") if e.recorded_at else ""
        table.add_row(str(e.id), number, e.label, str(e.on or ""), content, e.recorded_by or "", at,
                      "；".join(x for x in (e.note, e.source) if x))
    con.print(table)


@register.command("log")
@click.argument("number", required=False)
@click.pass_context
def log_cmd(ctx: click.Context, number: str | None) -> None:
    """显示登记册的全部记录（谁、何时、记录了什么），可只看一件案件。

    Example: xxgk register log 2024-001
    """
    _print_log(_console(), _open(ctx).log(number))


@register.command("tables")
@click.option("--year", type=int, required=True, help="报告年度")
@click.option("--template", type=click.Choice(list(TEMPLATES)), help="年报格式（默认按年度：2020年及以前2019，此后2021）")
@click.option("--agency", help="机关名称（默认 init 时设置的名称）")
@click.option("--reviews-scope", type=click.Choice(SCOPES), default="active", show_default=True,
              help="表四口径：active＝本年提起及年初未审结的案件；filed＝仅本年提起的案件")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写入文件（默认输出到屏幕）")
@click.pass_context
def tables_cmd(ctx: click.Context, year: int, template: str | None, agency: str | None, reviews_scope: str,
               output: Path | None) -> None:
    """按登记册生成年报表三、表四（报告数据文件，JSON），可交 xxgk check 检查。

    Example: xxgk register tables --year 2024 -o 2024-表三表四.json
    """
    report = register_report(_open(ctx), year, template=template, agency=agency, reviews_scope=reviews_scope)
    text = report.to_json()
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        apps = report.values()["applications"]
        click.echo(f"已写入 {output}：{year}年度，格式 {report.meta.template}，本年新收 {apps['new']['total']} 件，"
                   f"上年结转 {apps['carried_over']['total']} 件，办结 {apps['total']['total']} 件，"
                   f"结转下年度 {apps['carried_forward']['total']} 件")
    else:
        sys.stdout.write(text + "\n")


@register.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def import_cmd(ctx: click.Context, file: Path) -> None:
    """从 Excel（.xlsx）或 CSV 导入案件，一行一件；有任何错误行则全部不导入。

    Example: xxgk register import 2024登记表.xlsx
    """
    from .io import import_file

    result = import_file(_open(ctx), file)
    for w in result.warnings:
        click.echo(f"提示：{w}", err=True)
    click.echo(f"已导入 {result.imported} 件")


@register.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def export_cmd(ctx: click.Context, file: Path) -> None:
    """把登记册导出为 Excel（.xlsx）或 CSV，一行一件，可再导入。

    Example: xxgk register export 登记册.xlsx
    """
    from .io import export_file

    n = export_file(_open(ctx), file)
    click.echo(f"已导出 {n} 件到 {file}")


def main() -> None:  # pragma: no cover - for `python -m xxgk.register.cli`
    register(prog_name="xxgk register")


if __name__ == "__main__":  # pragma: no cover
    main()
