import random
from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from register_support import PgRegister, needs_pg

from xxgk.register import ImportRejected, Register, RegisterError, register_report
from xxgk.register.io import HEADERS, export_file, import_file, read_cases
from xxgk.register.vocab import APPLICANTS, CHANNELS, outcome_label, outcomes_for_year


def make_rows(n: int, seed: int = 5) -> list[dict]:
    """A realistic register: applications received 2023–2024 with pauses, plus reviews and suits."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        if i % 50 == 49:
            filed = date(2023, 1, 1) + timedelta(days=rnd.randint(0, 700))
            kind = rnd.choice(["行政复议", "行政诉讼"])
            row = {"编号": f"F{i:04d}", "类别": kind, "提起日期": filed}
            if kind == "行政诉讼":
                row["是否经复议"] = rnd.choice(["是", "否"])
            if rnd.random() < 0.7:
                row["审结日期"] = filed + timedelta(days=rnd.randint(10, 300))
                row["审理结果"] = rnd.choice(["维持", "纠正", "其他"])
            else:
                row["审理结果"] = "尚未审结"
            rows.append(row)
            continue
        received = date(2023, 1, 1) + timedelta(days=rnd.randint(0, 720))
        row = {
            "编号": f"2-{i:04d}",
            "类别": "申请" if i % 3 else "",
            "收到日期": received if i % 2 else received.isoformat(),
            "提交方式": rnd.choice(CHANNELS).label,
            "申请人类型": rnd.choice(APPLICANTS).label,
            "申请人": f"申请人{i}",
        }
        day = received
        if rnd.random() < 0.1:
            row["告知补正日期"] = day = day + timedelta(days=2)
            row["收到补正日期"] = day = day + timedelta(days=5)
        if rnd.random() < 0.1:
            row["征求意见日期"] = day = day + timedelta(days=3)
            row["收到意见日期"] = day = day + timedelta(days=10)
        if rnd.random() < 0.05:
            row["延期批准日期"] = day = day + timedelta(days=15)
            row["延长工作日数"] = rnd.randint(1, 20)
        if rnd.random() < 0.85:
            replied = day + timedelta(days=rnd.randint(0, 60))
            row["答复日期"] = replied
            row["办理结果"] = outcome_label(rnd.choice(outcomes_for_year(replied.year)))
        rows.append(row)
    return rows


def write_xlsx(path, rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append([r.get(h) for h in headers])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def rows():
    return make_rows(1000)


def test_bad_row_rejects_the_whole_file_then_imports_when_fixed(tmp_path, rows):
    bad = [dict(r) for r in rows]
    bad[35]["收到日期"] = "2024-13-01"  # spreadsheet row 37 (header is row 1)
    bad[35]["类别"] = "申请"
    path = write_xlsx(tmp_path / "登记表.xlsx", bad)
    reg = Register.open(f"sqlite:///{tmp_path / 'r.sqlite'}", user="导入员")
    with pytest.raises(ImportRejected) as e:
        import_file(reg, path)
    assert e.value.problems == ["第 37 行：收到日期“2024-13-01”不是有效日期"]
    assert "未导入任何记录" in str(e.value)
    assert reg.cases() == [] and reg.log() == []
    # fixed: everything goes in, each event remembers its source row
    bad[35]["收到日期"] = rows[35]["收到日期"]
    result = import_file(reg, write_xlsx(tmp_path / "登记表.xlsx", bad))
    assert result.imported == 1000 and result.warnings == []
    assert len(reg.cases()) == 1000
    n, first = reg.log("2-0035")[0]
    assert (first.source, first.recorded_by) == ("导入 登记表.xlsx 第 37 行", "导入员")
    assert first.on.isoformat() == str(rows[35]["收到日期"])[:10]
    # importing again: every number is already there, nothing is added
    before = len(reg.log())
    with pytest.raises(ImportRejected, match="第 2 行：编号 2-0000 已在登记册中"):
        import_file(reg, tmp_path / "登记表.xlsx")
    assert len(reg.log()) == before
    reg.close()


def test_row_errors_are_reported_per_row(tmp_path):
    rows = [
        {"编号": "A", "收到日期": "2024-02-01", "提交方式": "网络", "申请人类型": "自然人"},
        {"编号": "B", "收到日期": "2024-02-01", "提交方式": "飞鸽", "申请人类型": "自然人"},
        {"编号": "A", "收到日期": "2024-02-01", "提交方式": "网络", "申请人类型": "自然人"},
        {"编号": "C", "收到日期": "2024-02-01", "提交方式": "网络", "申请人类型": "自然人",
         "答复日期": "2024-01-01", "办理结果": "予以公开"},
        {"编号": "D", "收到日期": "2024-02-01", "提交方式": "网络", "申请人类型": "自然人", "办理结果": "予以公开"},
        {"编号": "E", "类别": "行政复议", "提起日期": "2024-02-01", "审理结果": "维持"},
        {"编号": "", "收到日期": "2024-02-01"},
        {"编号": "G", "收到日期": "2024-02-01", "提交方式": "网络", "申请人类型": "自然人",
         "延期批准日期": "2024-02-20", "延长工作日数": 25},
    ]
    path = write_xlsx(tmp_path / "x.xlsx", rows, headers=[*HEADERS, "经办人"])
    with pytest.raises(ImportRejected) as e:
        read_cases(path)
    assert e.value.problems == [
        "第 3 行：提交方式“飞鸽”无法识别，可填：当面、邮寄、网络、传真",
        "第 4 行：编号 A 与第 2 行重复",
        "第 5 行：编号 C：答复（2024-01-01）早于收到申请日期（2024-02-01）",
        "第 6 行：填写了办理结果“予以公开”，但答复日期为空",
        "第 7 行：审理结果为“维持”，但审结日期为空",
        "第 8 行：编号为空",
        "第 9 行：编号 G：延长答复期限（2024-02-20）：延长期限累计 25 个工作日，超过条例第三十三条规定的最长20个工作日",
    ]


def test_headers_and_files(tmp_path):
    with pytest.raises(ImportRejected, match="缺少“编号”列"):
        read_cases(write_xlsx(tmp_path / "h.xlsx", [], headers=["序号", "收到日期"]))
    with pytest.raises(RegisterError, match="文件不存在"):
        read_cases(tmp_path / "none.xlsx")
    (tmp_path / "a.txt.pdf").write_bytes(b"%PDF")
    with pytest.raises(RegisterError, match="只能导入 .xlsx 或 .csv"):
        read_cases(tmp_path / "a.txt.pdf")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(RegisterError, match="无法读取 Excel 文件"):
        read_cases(tmp_path / "broken.xlsx")
    # extra columns are ignored with a warning; aliases of headers are accepted
    path = write_xlsx(tmp_path / "w.xlsx", [{"申请编号": "A", "申请日期": datetime(2024, 2, 1), "申请方式": "当面",
                                             "申请人类别": "其他", "序号": 1}],
                      headers=["序号", "申请编号", "申请日期", "申请方式", "申请人类别"])
    cases, warnings = read_cases(path)
    assert warnings == ["第 1 行：忽略无法识别的列“序号”"]
    assert [(c.number, c.events[0].on, c.events[0].data) for c in cases] == [
        ("A", date(2024, 2, 1), {"channel": "in_person", "applicant": "other_org"})]


def test_csv_in_gb18030_as_excel_writes_it(tmp_path):
    text = "编号,收到日期,提交方式,申请人类型,答复日期,办理结果\r\n甲-1,2024/2/1,邮寄,商业企业,2024年3月1日,（四）1.本机关不掌握相关政府信息\r\n"
    (tmp_path / "gbk.csv").write_bytes(text.encode("gb18030"))
    cases, _ = read_cases(tmp_path / "gbk.csv")
    assert cases[0].number == "甲-1"
    assert [(e.kind, e.on) for e in cases[0].events] == [("received", date(2024, 2, 1)), ("replied", date(2024, 3, 1))]
    assert cases[0].events[1].data == {"outcome": "unable_not_held"}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_import_round_trip_keeps_the_tables(tmp_path, rows, suffix):
    a = Register.open(f"sqlite:///{tmp_path / 'a.sqlite'}")
    import_file(a, write_xlsx(tmp_path / "in.xlsx", rows[:300]))
    assert export_file(a, tmp_path / f"out{suffix}") == 300
    b = Register.open(f"sqlite:///{tmp_path / 'b.sqlite'}")
    assert import_file(b, tmp_path / f"out{suffix}").imported == 300
    for year in (2023, 2024, 2025):
        assert register_report(a, year).values() == register_report(b, year).values()
    if suffix == ".xlsx":
        ws = load_workbook(tmp_path / "out.xlsx").active
        assert [c.value for c in ws[1]] == list(HEADERS)


@needs_pg
def test_sqlite_and_postgresql_give_identical_tables(tmp_path, rows):
    path = write_xlsx(tmp_path / "登记表.xlsx", rows)
    lite = Register.open(f"sqlite:///{tmp_path / 'r.sqlite'}")
    import_file(lite, path)
    with PgRegister() as pg:
        assert import_file(pg, path).imported == 1000
        for year in (2023, 2024, 2025):
            for template in (None, "2019"):
                x = register_report(lite, year, template=template, agency="某局").to_dict()
                y = register_report(pg, year, template=template, agency="某局").to_dict()
                x["source"].pop("file"), y["source"].pop("file")
                assert x == y
        t = register_report(pg, 2024).values()["applications"]
        assert t["new"]["total"] > 400 and t["carried_over"]["total"] > 0
