"""The command line, through click's runner (in process)."""

from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner
from textfixtures import random_values, render_text

from xxgk import cli


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def good(tmp_path):
    values = random_values("2021", 4)
    p = tmp_path / "good.txt"
    p.write_text(render_text(values, "2021", "tabs"), encoding="utf-8")
    return p, values


@pytest.fixture
def broken(tmp_path):
    """A report whose table 三 does not add up: A3.ROW and A3.BALANCE break."""
    values = random_values("2021", 4)
    values["applications"]["new"]["natural"] += 1
    p = tmp_path / "broken.txt"
    p.write_text(render_text(values, "2021", "tabs"), encoding="gb18030")
    return p


@pytest.mark.parametrize("command", list(cli.cli.commands.values()), ids=lambda c: c.name)
def test_commands_have_help(command: click.Command):
    assert command.help, f"{command.name} is missing its help"
    assert "xxgk " in command.help or isinstance(command, click.Group), f"{command.name} help has no example"


def test_parse_json_one_file_is_an_object(runner, good):
    path, values = good
    res = runner.invoke(cli.cli, ["parse", str(path)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["schema"] == "xxgk.report/1"
    assert data["applications"]["new"]["total"]["value"] == values["applications"]["new"]["total"]
    assert data["applications"]["new"]["total"]["status"] == "ok"
    assert data["meta"]["agency"] == "某某市某某局"


def test_parse_json_several_files_is_an_array_and_jsonl_a_line_each(runner, good, broken):
    path, _ = good
    res = runner.invoke(cli.cli, ["parse", str(path), str(broken)])
    assert res.exit_code == 0
    assert [d["source"]["file"] for d in json.loads(res.stdout)] == [str(path), str(broken)]
    res = runner.invoke(cli.cli, ["parse", "--format", "jsonl", str(path), str(broken)])
    assert len(res.stdout.strip().splitlines()) == 2


def test_parse_csv_has_one_line_per_cell(runner, good):
    path, values = good
    res = runner.invoke(cli.cli, ["parse", "--format", "csv", str(path)])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    by_cell = {r["cell"]: r for r in rows}
    assert by_cell["reviews.review.total"]["value"] == str(values["reviews"]["review"]["total"])
    assert len(rows) == sum(len(cols) for t in values.values() for cols in t.values())


def test_parse_table_shows_labels_and_marks(runner, good):
    path, _ = good
    res = runner.invoke(cli.cli, ["parse", "--format", "table", str(path)], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "表三" in res.stdout and "结转下年度继续办理" in res.stdout and "某某市某某局" in res.stdout


def test_check_exit_status(runner, good, broken):
    path, _ = good
    res = runner.invoke(cli.cli, ["check", str(path)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli.cli, ["check", str(broken)])
    assert res.exit_code == 1
    assert "A3.ROW" in res.stdout and "自然人" in res.stdout


def test_check_json_lists_findings(runner, broken):
    res = runner.invoke(cli.cli, ["check", "--format", "json", str(broken)])
    data = json.loads(res.stdout)
    rules = {f["rule"] for f in data["findings"]}
    assert {"A3.ROW", "A3.BALANCE"} <= rules


def test_check_directory_with_a_bad_file_still_checks_the_others(runner, tmp_path, good):
    path, _ = good
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    res = runner.invoke(cli.cli, ["check", str(tmp_path)])
    assert res.exit_code == 2
    assert "empty.txt" in res.output and "为空" in res.output
    assert "broken.docx" in res.output
    assert "核查汇总" in res.stdout and "某某市某某局" in res.stdout
    assert "Traceback" not in res.output


def test_check_missing_file_is_exit_2_in_chinese(runner, tmp_path):
    res = runner.invoke(cli.cli, ["check", str(tmp_path / "nope.pdf")])
    assert res.exit_code == 2
    assert "文件不存在" in res.output


def test_check_accepts_a_report_data_file(runner, tmp_path, good):
    path, _ = good
    res = runner.invoke(cli.cli, ["parse", str(path)])
    data_file = tmp_path / "report.json"
    data_file.write_text(res.stdout, encoding="utf-8")
    res = runner.invoke(cli.cli, ["check", str(data_file)])
    assert res.exit_code == 0, res.output


def test_check_prev_runs_cross_year_rules(runner, tmp_path):
    last = random_values("2021", 8)
    this = random_values("2021", 9)
    this["applications"]["carried_over"] = dict(this["applications"]["carried_over"])
    a, b = tmp_path / "2022.txt", tmp_path / "2023.txt"
    a.write_text(render_text(last, "2021", "tabs", year=2022), encoding="utf-8")
    b.write_text(render_text(this, "2021", "tabs", year=2023), encoding="utf-8")
    res = runner.invoke(cli.cli, ["check", "--format", "json", str(b), "--prev", str(a)])
    rules = {f["rule"] for f in json.loads(res.stdout)["findings"]}
    differs = last["applications"]["carried_forward"] != this["applications"]["carried_over"]
    assert ("X.CARRY" in rules) == differs


def test_rules_lists_the_catalogue(runner):
    res = runner.invoke(cli.cli, ["rules", "--format", "json"])
    ids = [r["id"] for r in json.loads(res.stdout)]
    assert "A3.BALANCE" in ids and "P.OUTLIER" in ids and len(ids) == len(set(ids))
