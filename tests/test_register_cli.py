import json

import pytest
from click.testing import CliRunner

from xxgk.model.report import Report
from xxgk.register.cli import register


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("XXGK_REGISTER_DB", f"sqlite:///{tmp_path / 'reg.sqlite'}")
    monkeypatch.setenv("XXGK_USER", "办事员甲")
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(register, list(args), catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("command", list(register.commands.values()) + list(register.commands["add"].commands.values()))
def test_commands_have_help(command):
    assert command.help, f"{command.name} is missing its help"


def test_day_in_the_life(run, tmp_path):
    r = run("due")
    assert r.exit_code == 2 and "登记册尚未建立" in r.output and "Traceback" not in r.output
    assert run("init", "--agency", "某某市某某局").exit_code == 0
    r = run("add", "application", "2024-001", "--received", "2024-02-01", "--channel", "网络", "--applicant", "自然人",
            "--name", "张三")
    assert r.exit_code == 0 and "答复期限：2024-03-05" in r.output
    run("add", "application", "2024-002", "--received", "2024-03-04", "--channel", "当面", "--applicant", "商业企业")
    r = run("event", "2024-002", "告知补正", "--on", "2024-03-06")
    assert "待补正（计时中止）" in r.output
    r = run("event", "2024-002", "收到补正", "--on", "2024-03-11")
    assert "答复期限：2024-04-09" in r.output
    run("add", "application", "2024-003", "--received", "2024-03-18", "--channel", "邮寄", "--applicant", "科研机构")

    r = run("due", "--today", "2024-03-20")
    assert r.exit_code == 1, r.output
    lines = r.output.splitlines()
    first = next(i for i, x in enumerate(lines) if "2024-00" in x)
    assert "2024-001" in lines[first] and "已逾期" in lines[first]  # overdue first
    assert "共 3 件办理中，其中已逾期 1 件" in r.output
    r = run("due", "--today", "2024-03-20", "--within", "13")
    assert "2024-002" in r.output and "2024-003" not in r.output  # 2024-003 has 19 working days left

    r = run("event", "2024-001", "答复", "--on", "2024-03-06", "--outcome", "（一）予以公开")
    assert "晚于答复期限 2024-03-05" in r.output
    r = run("due", "--today", "2024-03-20")
    assert r.exit_code == 0 and "其中已逾期 0 件" in r.output

    r = run("event", "2024-002", "答复", "--on", "2024-03-01", "--outcome", "予以公开")
    assert r.exit_code == 2 and r.output.startswith("错误：") and "早于收到申请日期" in r.output

    run("add", "review", "FY-1", "--filed", "2024-05-01", "--application", "2024-001")
    run("add", "suit", "SS-1", "--filed", "2024-06-01", "--after-review")
    assert run("event", "FY-1", "审结", "--on", "2024-07-01", "--result", "维持").exit_code == 0

    r = run("log", "2024-001")
    assert "办事员甲" in r.output and "办理结果=（一）予以公开" in r.output
    r = run("show", "2024-001", "--today", "2024-03-20")
    assert "张三" in r.output and "记录" in r.output

    out = tmp_path / "2024.json"
    r = run("tables", "--year", "2024", "-o", str(out))
    assert r.exit_code == 0 and "本年新收 3 件" in r.output
    report = Report.from_dict(json.loads(out.read_text(encoding="utf-8")))
    assert (report.meta.agency, report.meta.template) == ("某某市某某局", "2021")
    assert report.value("applications.new.total") == 3
    assert report.value("applications.granted.natural") == 1
    assert report.value("applications.carried_forward.total") == 2
    assert report.value("reviews.review.upheld") == 1 and report.value("reviews.suit_after_review.pending") == 1
    r = run("tables", "--year", "2024", "--template", "2019")
    assert json.loads(r.output)["meta"]["template"] == "2019"

    xlsx = tmp_path / "out.xlsx"
    assert "已导出 5 件" in run("export", str(xlsx)).output
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    assert run("--db", other, "init").exit_code == 0
    assert "已导入 5 件" in run("--db", other, "import", str(xlsx)).output
    r = run("--db", other, "import", str(xlsx))
    assert r.exit_code == 2 and "已在登记册中" in r.output and "未导入任何记录" in r.output


def test_amend_and_retract(run):
    run("init")
    run("add", "application", "A", "--received", "2024-02-01", "--channel", "网络", "--applicant", "自然人")
    r = run("event", "A", "答复", "--on", "2024-02-10", "--outcome", "予以公开")
    event_id = int(r.output.split("#")[1].split("：")[0])
    r = run("amend", str(event_id), "--set", "outcome=部分公开", "--note", "录错")
    assert r.exit_code == 0 and f"更正 #{event_id}" in r.output
    assert "（二）部分公开" in run("show", "A").output
    r = run("amend", str(event_id), "--set", "outcome")
    assert r.exit_code == 2 and "应写作 字段=值" in r.output
    r = run("retract", str(event_id), "--reason", "未送达")
    assert r.exit_code == 0
    assert "办理中" in run("show", "A", "--today", "2024-02-12").output
    r = run("log")
    assert "撤销记录" in r.output and "未送达" in r.output and "更正记录" in r.output


def test_registered_in_main_cli_when_present():
    try:
        from xxgk.cli import cli
    except ImportError:
        pytest.skip("xxgk.cli not written yet")
    commands = getattr(cli, "commands", {})
    if "register" not in commands:
        pytest.skip("register group not yet added to xxgk.cli")
    assert commands["register"] is register
