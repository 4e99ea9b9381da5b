"""The ``xxgk`` command: one group, one thin function per command; the library does the work."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table as RichTable

from . import load
from .errors import XxgkError
from .model.report import Report
from .model.rules import RULES
from .model.statutory import SECTIONS
from .present import findings_table, report_tables

SOURCE_SUFFIXES = {".txt", ".text", ".docx", ".doc", ".wps", ".rtf", ".pdf", ".html", ".htm", ".shtml",
                   ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".json"}

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def expand(paths: Iterable[str]) -> list[Path]:
    """Files as given; a directory gives every report file in it (recursively), sorted."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES
                                and not f.name.endswith(".truth.json")))
        else:
            files.append(p)
    return files


def _load_all(files: list[Path], checks: bool = True, prev: Report | None = None) -> Iterator[tuple[Path, Report | XxgkError]]:
    """Each file's report, or its error; a bad file never stops the others."""
    show = len(files) > 3 and err.is_terminal
    with Progress(console=err, transient=True, disable=not show) as progress:
        task = progress.add_task("解析报告", total=len(files))
        for f in files:
            try:
                yield f, load(f, checks=checks, prev=prev)
            except XxgkError as e:
                yield f, e
            except Exception as e:  # an unexpected failure is reported per file, not as a traceback
                yield f, XxgkError(f"处理时发生内部错误（{type(e).__name__}: {e}），请将此文件报告给 xxgk 开发者", str(f))
            progress.advance(task)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xxgk")
def cli() -> None:
    """xxgk：政府信息公开工作年度报告的解析、核查、编写与登记。

    Example: xxgk check 2023年报.pdf
    """


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table", "csv"]), default="json",
              show_default=True, help="输出格式")
@click.option("--no-checks", is_flag=True, help="只提取数据，不运行核查规则")
def parse(files: tuple[str, ...], fmt: str, no_checks: bool) -> None:
    """解析年度报告，输出数据（JSON、JSON Lines、CSV，或在终端中按表格显示）。

    JSON 为一个报告对象（多个文件时为数组）；表格中推断值带 *，无法识别的单元格以 ? 标出。

    示例：xxgk parse --format table 2023年报.docx
    """
    paths = expand(files)
    if not paths:
        _fail("没有找到可处理的报告文件")
    results = list(_load_all(paths, checks=not no_checks))
    failed = False
    reports: list[Report] = []
    for _path, r in results:
        if isinstance(r, XxgkError):
            err.print(f"[red]错误[/red] {r}")
            failed = True
        else:
            reports.append(r)
    if fmt == "json":
        if len(paths) == 1 and reports:
            click.echo(reports[0].to_json())
        elif reports:
            click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for r in reports:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["file", "cell", "value", "raw", "status", "confidence", "at"])
        for r in reports:
            for path, cell in r.iter_cells():
                w.writerow([r.source.get("file"), path, "" if cell.value is None else cell.value, cell.raw or "",
                            cell.status, cell.confidence, json.dumps(cell.at, ensure_ascii=False)])
    else:
        for r in reports:
            for renderable in report_tables(r):
                out.print(renderable)
    if failed:
        sys.exit(2)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--prev", "prev_path", type=click.Path(dir_okay=False), help="同一机关上一年度的报告（跨年度核查）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="也列出无法核对（有空格）的规则")
def check(files: tuple[str, ...], prev_path: str | None, fmt: str, show_all: bool) -> None:
    """按年报格式的全部规则核查报告，按严重程度列出问题。

    可以给出多个文件或一个目录。退出状态：0 无错误；1 有错误级问题；2 有文件无法读取。

    示例：xxgk check 2024年报.pdf --prev 2023年报.pdf
    """
    paths = expand(files)
    if not paths:
        _fail("没有找到可处理的报告文件")
    prev = None
    if prev_path:
        try:
            prev = load(prev_path, checks=False)
        except XxgkError as e:
            _fail(str(e))
    any_error = unusable = False
    summary: list[tuple[str, str, int, int, int]] = []
    as_json = []
    for path, r in _load_all(paths, prev=prev):
        if isinstance(r, XxgkError):
            err.print(f"[red]无法处理[/red] {r}")
            unusable = True
            summary.append((str(path), "—", -1, -1, -1))
            continue
        findings = [f for f in r.findings if show_all or f.evaluable]
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
        if any(f.severity == "error" and f.evaluable for f in r.findings):
            any_error = True
        summary.append((str(path), r.meta.agency or "（未识别）", counts["error"], counts["warning"], counts["info"]))
        if fmt == "json":
            as_json.append({"file": str(path), "meta": r.meta.to_dict(), "findings": [f.to_dict() for f in findings]})
        else:
            out.print(findings_table(r, findings))
    if fmt == "json":
        click.echo(json.dumps(as_json if len(paths) > 1 else (as_json[0] if as_json else []), ensure_ascii=False, indent=2))
    elif len(paths) > 1:
        t = RichTable(title="核查汇总")
        for col in ("文件", "机关", "错误", "警告", "提示"):
            t.add_column(col)
        for f, a, e, w, i in summary:
            t.add_row(f, a, *(("无法读取", "", "") if e < 0 else (str(e), str(w), str(i))))
        out.print(t)
    sys.exit(2 if unusable else 1 if any_error else 0)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def rules(fmt: str) -> None:
    """列出 xxgk 核查的全部规则、级别和依据。

    示例：xxgk rules --format json
    """
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ for r in RULES], ensure_ascii=False, indent=2))
        return
    t = RichTable(title="核查规则")
    for col in ("规则", "级别", "说明", "依据"):
        t.add_column(col)
    for r in RULES:
        t.add_row(r.id, r.severity, r.summary, r.basis)
    out.print(t)


@cli.command()
def sections() -> None:
    """列出年报的六个部分及其数据键名。

    示例：xxgk sections
    """
    for s in SECTIONS:
        click.echo(f"{s.key}\t{s.heading}")


def _fail(message: str) -> None:
    err.print(f"[red]错误[/red] {message}")
    sys.exit(2)


def _add_optional_commands() -> None:
    """Commands that live with their feature (forms/render, the register)."""
    try:
        from .render.cli import new, render

        cli.add_command(new)
        cli.add_command(render)
    except ImportError:
        pass
    try:
        from .register.cli import register

        cli.add_command(register)
    except ImportError:
        pass


_add_optional_commands()


def main() -> None:
    try:
        cli(standalone_mode=True)
    except XxgkError as e:  # the one place errors become messages
        err.print(f"[red]错误[/red] {e}")
        sys.exit(2)


if __name__ == "__main__":
    main()
