"""The ``new`` and ``render`` commands (registered on the main ``xxgk`` group in xxgk/cli.py)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReportHasErrors, XxgkError
from ..model.statutory import TEMPLATES
from . import FORMATS, blocking, format_findings
from . import render as render_report


@click.command("new")
@click.option("--template", "template_key", type=click.Choice(["2019", "2021"]), default=None,
              help="模板：2021（2021 年度起）或 2019（2019、2020 年度）；默认按年度选择")
@click.option("--agency", help="机关名称，如 某某市某某局")
@click.option("--year", type=int, help="报告年度，如 2025")
@click.option("--from", "from_path", type=click.Path(exists=True, dir_okay=False),
              help="上一年度的报告（任何 xxgk 能读取的文件或填报表），用于预填结转数据")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="输出的填报表：.xlsx（Excel/WPS 填写）或 .yaml（文本，便于版本管理）")
def new(template_key: str | None, agency: str | None, year: int | None, from_path: str | None, output: str) -> None:
    """生成年度报告填报表（XLSX 或 YAML），含各部分标题和表二、表三、表四。

    用 --from 指定上年报告时，预填“上年结转”（= 上年“结转下年度继续办理”）、
    现行有效件数或上一年项目数量、机关名称。

    例：

        xxgk new --template 2021 --agency 某某局 --year 2025 -o 2025.xlsx

        xxgk new --from 2024年度报告.pdf -o 2025.xlsx
    """
    from ..forms import blank_report, carry_over, load_report, write_form
    from ..model.statutory import template_for_year

    try:
        if from_path:
            prev = load_report(from_path)
            report = carry_over(prev, template_key)
            if year is not None:
                report.meta.year = year
            if agency:
                report.meta.agency = agency
        else:
            if year is None and template_key is None:
                raise click.UsageError("请用 --year 指定报告年度（或用 --template 指定模板）")
            tpl = TEMPLATES[template_key] if template_key else template_for_year(year)
            report = blank_report(tpl, agency, year)
        out = write_form(report, output)
    except XxgkError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"已生成填报表：{out}（{report.meta.agency or '未填机关'}，{report.meta.year or '未填'}年度，"
               f"{report.meta.template} 格式）")
    if from_path:
        carried = sum(1 for _, c in report.iter_cells() if c.status == "ok")
        click.echo(f"从上年报告预填了 {carried} 个单元格（上年结转、现行有效件数/上一年项目数量）")


def _default_output(src: Path, fmt: str) -> Path:
    out = src.with_suffix(f".{fmt}")
    return src.with_name(f"{src.stem}.xxgk.{fmt}") if out == src else out


@click.command("render")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "fmt", type=click.Choice(FORMATS), default="docx", show_default=True, help="输出格式")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="输出文件（默认与输入同名，扩展名按格式）")
@click.option("--force", is_flag=True, help="有错误也生成（仍会列出错误）")
def render(file: str, fmt: str, output: str | None, force: bool) -> None:
    """按官方格式生成年度报告：DOCX（公文格式）、PDF、HTML 或 Markdown。

    FILE 可以是填报表（.xlsx/.yaml）、报告数据（.json），也可以是任何 xxgk 能读取的报告
    （旧报告可借此重新排版）。生成前先做检查：有错误（如勾稽关系不符）时不生成并列出错误，
    除非加 --force。

    例：

        xxgk render 2025.xlsx --to docx

        xxgk render 2025.yaml --to pdf -o 2025年度报告.pdf
    """
    from ..forms import load_report

    src = Path(file)
    out = Path(output) if output else _default_output(src, fmt)
    try:
        report = load_report(src)
        path, findings = render_report(report, fmt, out, force=force)
    except ReportHasErrors as e:
        click.echo(str(e), err=True)
        raise SystemExit(1) from None
    except XxgkError as e:
        raise click.ClickException(str(e)) from None
    errors = blocking(findings)
    if errors:
        click.echo(f"注意：报告有 {len(errors)} 处错误，已按 --force 生成：\n{format_findings(errors)}", err=True)
    others = [f for f in findings if f.severity == "warning"]
    if others:
        click.echo(f"另有 {len(others)} 条警告（用 xxgk check 查看）", err=True)
    click.echo(f"已生成：{path}")
