"""xxgk.ingest.html: a government CMS page → Document (encodings, site chrome, rowspan/colspan grids)."""

from __future__ import annotations

import quopri
import re
import sys
from pathlib import Path

import pytest

from xxgk.errors import UnreadableFile
from xxgk.ingest import Paragraph, read_document
from xxgk.ingest.html import decode_html, read_html
from xxgk.model.statutory import APPLICANT_COLUMNS, APPLICANT_GROUP_LABEL, APPLICATIONS_2021

sys.path.insert(0, str(Path(__file__).parent))
from truthfiles import TRUTHS, requires_corpus  # noqa: E402

TITLE = "某某县人民政府2023年政府信息公开工作年度报告"
ROWS = {r.key: r for r in APPLICATIONS_2021.rows}


def lab(key: str) -> str:
    r = ROWS[key]
    return f"{r.number or ''}{r.label}"


def vals(*v: str) -> str:
    return "".join(f"<td>{x}</td>" for x in v)


# Table 三 as CMS editors paste it: spans for the header and the vertical group labels, &nbsp; blanks.
TABLE3 = f"""
<table border="1" cellspacing="0"><tbody>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">{APPLICANT_COLUMNS[0].label}</td><td colspan="5">{APPLICANT_GROUP_LABEL}</td><td rowspan="2">{APPLICANT_COLUMNS[-1].label}</td></tr>
<tr>{vals(*(c.label for c in APPLICANT_COLUMNS[1:-1]))}</tr>
<tr><td colspan="3">{lab("new")}</td>{vals("20", "1", "0", "0", "0", "0", "21")}</tr>
<tr><td colspan="3">{lab("carried_over")}</td>{vals("2", "&nbsp;", "0", "0", "0", "0", "2")}</tr>
<tr><td rowspan="4">{ROWS["granted"].group}</td><td colspan="2">{lab("granted")}</td>{vals("10", "1", "0", "0", "0", "0", "11")}</tr>
<tr><td rowspan="3">{ROWS["denied_secret"].group}</td><td>{lab("denied_secret")}</td>{vals(*"0000000")}</tr>
<tr><td>{lab("denied_law")}</td><td><p>&nbsp;</p></td>{vals(*"000000")}</tr>
<tr><td>{lab("denied_safety")}</td>{vals("/", *"000000")}</tr>
</tbody></table>"""

CMS_PAGE = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{TITLE}_某某县人民政府</title>
<meta name="SiteName" content="某某县人民政府">
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2024-01-20 09:30">
<script>var x = "<p>脚本里的字</p>";</script><style>.a{{color:red}}</style>
</head><body>
<div class="header"><div class="logo">某某县人民政府门户网站</div>
  <ul class="nav"><li><a>首页</a></li><li><a>政务公开</a></li><li><a>政务服务</a></li></ul></div>
<div class="wrap">
 <div class="position">当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; 年度报告</div>
 <div class="left-menu"><ul><li>法定主动公开内容</li><li>政府信息公开年报</li><li>政府信息公开指南</li></ul></div>
 <div class="article">
  <h1 class="article-title">{TITLE}</h1>
  <div class="info">发布时间：2024-01-20　来源：县政府办　浏览次数：<span id="hits">128</span></div>
  <div class="TRS_Editor">
   <p style="text-indent:2em">本报告依据《中华人民共和国政府信息公开条例》编制。</p>
   <p><strong>一、总体情况</strong></p>
   <p>　　2023年，我县共收到政府信息公开申请21件，
      办理完毕20件。<br>其中依申请公开<span>21</span>件。</p>
   <p>三、收到和处理政府信息公开申请情况</p>
   {TABLE3}
   <p>六、其他需要报告的事项</p>
   <p>本年度未收取信息处理费。</p>
   <div style="display:none">隐藏的二维码说明</div>
  </div>
  <div class="bdsharebuttonbox"><span>分享到：</span><a>微信</a><a>微博</a></div>
  <p><a>【打印本页】</a> <a>【关闭窗口】</a></p>
  <p>附件下载：</p>
 </div>
</div>
<div class="footer"><p>主办单位：某某县人民政府办公室</p><p>网站标识码：1234567890</p></div>
</body></html>"""

BODY = [
    TITLE,
    "发布时间：2024-01-20　来源：县政府办　浏览次数：128",
    "本报告依据《中华人民共和国政府信息公开条例》编制。",
    "一、总体情况",
    "2023年，我县共收到政府信息公开申请21件，办理完毕20件。",
    "其中依申请公开21件。",
    "三、收到和处理政府信息公开申请情况",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
]


def span(cell) -> tuple[int, int, int, int]:
    return (cell.row, cell.col, cell.rowspan, cell.colspan)


@pytest.fixture(scope="module")
def cms():
    return read_html(CMS_PAGE.encode("gbk"), "gov/2023nb.html")


def test_cms_page_text_without_site_chrome(cms):
    assert [p.text for p in cms.paragraphs] == BODY
    assert [b.kind for b in cms.blocks] == ["paragraph"] * 7 + ["table"] + ["paragraph"] * 2
    assert cms.paragraphs[0].style == "h1"
    assert [p.at for p in cms.paragraphs] == [{"paragraph": i} for i in range(len(BODY))]
    text = cms.text()
    for chrome in ("当前位置", "首页", "法定主动公开内容", "分享到", "微信", "打印本页", "关闭窗口", "附件下载",
                   "主办单位", "门户网站", "脚本里的字", "color", "隐藏的"):
        assert chrome not in text, chrome
    assert cms.source == {"file": "gov/2023nb.html", "format": "html", "encoding": "gb18030",
                          "container": "/html/body/div[2]/div[3]"}
    assert cms.warnings == []


def test_cms_page_properties(cms):
    assert cms.properties["title"] == f"{TITLE}_某某县人民政府"
    assert cms.properties["article_title"] == TITLE
    assert cms.properties["site_name"] == "某某县人民政府"
    assert cms.properties["published_on"] == "2024-01-20"
    assert cms.properties["published_from"] == "meta:PubDate"


def test_cms_table_grid(cms):
    t = cms.tables[0]
    assert t.layout == "grid" and len(t.rows) == 9 and t.n_cols == 10
    assert span(t.rows[0][0]) == (0, 0, 3, 3)
    assert [(c.text, span(c)) for c in t.rows[1]] == [
        (APPLICANT_COLUMNS[0].label, (1, 3, 2, 1)),
        (APPLICANT_GROUP_LABEL, (1, 4, 1, 5)),
        (APPLICANT_COLUMNS[-1].label, (1, 9, 2, 1)),
    ]
    assert [c.col for c in t.rows[2]] == [4, 5, 6, 7, 8]
    dense = t.dense()
    assert [c.text for c in dense[3][3:]] == ["20", "1", "0", "0", "0", "0", "21"]
    assert [c.text for c in dense[4][3:]] == ["2", "", "0", "0", "0", "0", "2"]  # &nbsp; is blank
    assert span(t.rows[5][0]) == (5, 0, 4, 1) and t.rows[5][0].text == ROWS["granted"].group
    assert span(t.rows[6][0]) == (6, 1, 3, 1) and t.rows[6][0].text == ROWS["denied_secret"].group
    assert [(c.text, c.col) for c in t.rows[7][:2]] == [(lab("denied_law"), 2), ("", 3)]  # <p>&nbsp;</p>
    assert [c.text for c in dense[8][2:4]] == [lab("denied_safety"), "/"]
    assert dense[8][0].text == ROWS["granted"].group and dense[8][1].text == ROWS["denied_secret"].group
    assert t.rows[3][-1].at == {"table": 0, "row": 3, "col": 9}


# --- encodings ------------------------------------------------------------------------------------


def test_gb2312_declared_page_with_gbk_only_characters():
    page = '<html><head><meta charset="gb2312"></head><body><p>朱镕基　王珺</p></body></html>'.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        page.decode("gb2312")  # 镕 and 珺 are GBK, not GB2312: a strict gb2312 decoder fails
    doc = read_html(page, "a.html")
    assert [p.text for p in doc.paragraphs] == ["朱镕基　王珺"]
    assert doc.source["encoding"] == "gb18030" and doc.warnings == []


def test_utf8_page_without_declaration():
    doc = read_html(CMS_PAGE.replace("charset=gb2312", "").encode("utf-8"), "a.html")
    assert doc.source["encoding"] == "utf-8"
    assert [p.text for p in doc.paragraphs] == BODY


def test_declared_gbk_but_utf8_bytes():
    doc = read_html(CMS_PAGE.encode("utf-8"), "a.html")  # the meta still says gb2312
    assert doc.source["encoding"] == "utf-8"
    assert [p.text for p in doc.paragraphs] == BODY
    assert any("实为 UTF-8" in w for w in doc.warnings)


def test_gbk_bytes_without_declaration_use_detector():
    page = CMS_PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', "")
    doc = read_html(page.encode("gbk"), "a.html")
    assert doc.source["encoding"] == "gb18030"
    assert [p.text for p in doc.paragraphs] == BODY


def test_declared_utf8_but_gbk_bytes():
    page = CMS_PAGE.replace("charset=gb2312", "charset=utf-8")
    doc = read_html(page.encode("gbk"), "a.html")
    assert [p.text for p in doc.paragraphs] == BODY
    assert any("不是 UTF-8" in w for w in doc.warnings)


def test_decode_bom_and_xml_declaration():
    assert decode_html("\ufeff<p>年报</p>".encode())[:2] == ("<p>年报</p>", "utf-8")
    text, enc, _ = decode_html('<?xml version="1.0" encoding="GBK"?><html><p>年报</p></html>'.encode("gbk"))
    assert enc == "gb18030" and "年报" in text
    doc = read_html('<?xml version="1.0" encoding="GBK"?><html><body><p>年报</p></body></html>'.encode("gbk"), "x")
    assert [p.text for p in doc.paragraphs] == ["年报"]


# --- control characters ---------------------------------------------------------------------------


def _with_controls(c: str) -> str:
    """CMS_PAGE with ``c`` (a control character, raw or as a character reference) in the text beside the
    chrome that is dropped (the tails of the breadcrumb bar, the menu and the share box), in the title
    and in the article's text."""
    page = CMS_PAGE
    for old, new in (
        ('年度报告</div>\n <div class="left-menu">', f'年度报告</div>{c}\n <div class="left-menu">'),
        ("政府信息公开指南</li></ul></div>", f"政府信息公开指南</li></ul></div>{c}"),
        ("<a>微博</a></div>", f"<a>微博</a></div>{c}"),
        ('<div class="position">当前位置', f'{c}<div class="position">{c}当前位置'),
        ("本报告依据《", f"本报告依据{c}《"),
        ("2023年，我县", f"2023年，{c}我县"),
        (f">{TITLE}</h1>", ">" + TITLE.replace("年政", f"年{c}政") + "</h1>"),
    ):
        assert old in page, old
        page = page.replace(old, new)
    return page


CONTROLS = ["\x0c", "\x0b", "\x01", "\x08", "\x1f", "\x7f", "\x85", "&#12;", "&#x1;", "&#31;", "&#xFFFF;"]


@pytest.mark.parametrize("c", CONTROLS, ids=repr)
def test_control_characters_beside_dropped_chrome(c):
    """A form feed or another control character in the text next to dropped site chrome used to make
    lxml refuse the joined text (a raw ValueError); it is whitespace or nothing, as a browser shows it."""
    doc = read_html(_with_controls(c).encode("utf-8"), "gov/2023nb.html")  # (GBK has no C1 controls)
    assert [p.text for p in doc.paragraphs] == BODY
    assert doc.source["container"] == "/html/body/div[2]/div[3]"
    assert doc.tables[0].dense()[3][9].text == "21"
    assert "当前位置" not in doc.text() and "法定主动公开内容" not in doc.text()


@pytest.mark.parametrize("c", ["\x0c", "\x01", "&#1;"], ids=repr)
def test_control_characters_page_parses_to_a_report(c, tmp_path):
    import xxgk

    path = tmp_path / "2023nb.html"
    path.write_bytes(_with_controls(c).encode("utf-8"))
    assert [p.text for p in xxgk.read(path).paragraphs] == BODY
    report = xxgk.parse(path)
    assert (report.meta.agency, report.meta.year) == ("某某县人民政府", 2023)
    assert report.value("applications.new.total") == 21


def test_control_characters_read_as_a_browser_shows_them():
    """Form feed and vertical tab are whitespace; the other C0 controls, DEL, the C1 controls and the
    noncharacters U+FFFE/U+FFFF show nothing. Tab, line feed and carriage return stay whitespace."""
    text = "A\x0cB\x0bC\x01D\x1fE\x7fF\x85G\x9fH&#xFFFE;I\uffffJ\tK\r\nL"
    page = f"<html><head><title>T\x01itle\x0cX</title></head><body><p>{text}<span class='menu'>菜单</span>\x02尾</p></body></html>"
    doc = read_html(page.encode("utf-8"), "c.html")
    assert [p.text for p in doc.paragraphs] == ["A B CDEFGHIJ K L尾"]
    assert doc.properties["title"] == "Title X"


def test_drop_tree_writes_only_xml_text():
    """_drop_tree joins a dropped element's tail to the text before it: the joined text is one lxml
    accepts, even in a tree read without read_html's cleaning."""
    from xxgk.ingest.html import _drop_tree

    root = _page_tree("<html><body><div>a\x01<nav>n</nav>\x0cb<span>s</span>c\x1f<nav>m</nav>&#xFFFF;d</div></body></html>")
    div = root.find(".//div")
    for nav in div.findall("nav"):
        _drop_tree(nav)
    assert (div.text, div[0].tail) == ("a b", "cd")


# --- page shapes ----------------------------------------------------------------------------------


def test_old_layout_tables_are_flow_and_data_table_is_grid():
    article = "".join(f"<p>第{i}段：本机关认真贯彻落实政府信息公开条例，主动公开政府信息。</p>" for i in range(12))
    page = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<table width="980"><tr><td><img src="logo.gif">某某县人民政府</td></tr></table>
<table width="980"><tr>
  <td width="200"><table><tr><td>栏目导航</td></tr><tr><td>政府信息公开年报</td></tr></table></td>
  <td><table><tr><td align="center"><font size="5"><b>{TITLE}</b></font></td></tr>
       <tr><td>{article}<table border="1"><tr><td>行政复议</td><td>行政诉讼</td></tr>
          <tr><td>0</td><td>1</td></tr></table><p>结束语。</p></td></tr></table></td>
</tr></table></body></html>"""
    doc = read_html(page.encode("utf-8"), "old.html")
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == TITLE and texts[-1] == "结束语。" and len(texts) == 14
    assert "栏目导航" not in doc.text() and "某某县人民政府" not in texts
    assert [b.kind for b in doc.blocks][-2:] == ["table", "paragraph"]
    assert doc.tables[0].texts() == [["行政复议", "行政诉讼"], ["0", "1"]]


def test_article_header_with_title_is_kept():
    page = f"""<html><body><header class="site-header"><a>首页</a><a>机构</a></header>
<article><header class="article-header"><h2>{TITLE}</h2></header>
<div class="content"><p>一、总体情况</p><p>全年共收到申请21件。</p></div></article>
<footer>版权所有</footer></body></html>"""
    doc = read_html(page.encode("utf-8"), "h.html")
    assert [p.text for p in doc.paragraphs] == [TITLE, "一、总体情况", "全年共收到申请21件。"]


def test_page_wrapped_in_a_header_div_is_not_dropped():
    page = "<html><body><div id='header-wrap'>" + "".join(
        f"<p>第{i}段正文内容，说明本年度政府信息公开工作情况。</p>" for i in range(5)) + "</div></body></html>"
    doc = read_html(page.encode("utf-8"), "w.html")
    assert len(doc.paragraphs) == 5


def test_publication_date_from_text_line():
    page = "<html><body><div>发布时间：2025-03-10 10:00 来源：县司法局</div><p>正文</p></body></html>"
    doc = read_html(page.encode("utf-8"), "d.html")
    assert doc.properties["published_on"] == "2025-03-10"
    assert doc.properties["published_from"].startswith("text:发布时间")
    page2 = "<html><body><p>发布日期：2025年3月9日</p></body></html>"
    assert read_html(page2.encode("utf-8"), "d.html").properties["published_on"] == "2025-03-09"


def test_rowspan_past_the_end_and_zero():
    page = """<html><body><table>
<tr><td rowspan="9">甲</td><td>1</td></tr><tr><td>2</td></tr>
<tr><td rowspan="0">乙</td><td colspan="2">3</td></tr></table></body></html>"""
    t = read_html(page.encode("utf-8"), "r.html").tables[0]
    assert [span(c) for c in t.rows[0]] == [(0, 0, 3, 1), (0, 1, 1, 1)]  # capped at the 3 rows
    assert [span(c) for c in t.rows[2]] == [(2, 1, 1, 1), (2, 2, 1, 2)]
    assert len(t.dense()) == 3


def test_framed_page_warns():
    page = '<html><body><iframe src="content.html"></iframe></body></html>'
    doc = read_html(page.encode("utf-8"), "f.html")
    assert doc.blocks == [] and any("框架" in w for w in doc.warnings)


def test_empty_page():
    with pytest.raises(UnreadableFile):
        read_html(b"   ", "e.html")


def test_read_document_dispatches_html(tmp_path):
    f = tmp_path / "年报.html"
    f.write_bytes(CMS_PAGE.encode("gbk"))
    doc = read_document(f)
    assert doc.source["format"] == "html" and len(doc.source["sha256"]) == 64
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == TITLE
    assert doc.source["file"] == str(f)


def mht(html: str, charset: str = "gb2312") -> bytes:
    """A Word "single file web page" (MHT), as agencies often publish under a .doc name."""
    body = quopri.encodestring(html.encode("gbk")).decode("ascii")
    return (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_01DA0000"\r\n\r\n'
        "此文档为“单个文件网页”。\r\n\r\n".encode("gbk").decode("latin-1")
        + "------=_NextPart_01DA0000\r\n"
        "Content-Location: file:///C:/report.htm\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f'Content-Type: text/html; charset="{charset}"\r\n\r\n'
        + body.replace("\n", "\r\n")
        + "\r\n------=_NextPart_01DA0000--\r\n"
    ).encode("latin-1")


def test_mht_single_file_web_page_saved_as_doc(tmp_path):
    word_html = f"""<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312"><title>{TITLE}</title>
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>县政府办</o:Author></o:DocumentProperties></xml><![endif]-->
</head><body lang=ZH-CN><div class=WordSection1>
<p class=MsoTitle align=center><span>{TITLE}<o:p></o:p></span></p>
<p class=MsoNormal><![if !supportLists]><span>一、</span><![endif]><span>总体情况<o:p></o:p></span></p>
<table class=MsoNormalTable border=1><tr><td rowspan=2><p class=MsoNormal>行政复议</p></td>
<td><p class=MsoNormal>结果维持</p></td></tr><tr><td><p class=MsoNormal><span lang=EN-US>3<o:p></o:p></span></p></td></tr>
</table></div></body></html>"""
    f = tmp_path / "年报.doc"
    f.write_bytes(mht(word_html))
    doc = read_document(f)
    assert doc.source["format"] == "html" and doc.source["archive"] == "mht"
    assert doc.source["encoding"] == "gb18030"
    assert [p.text for p in doc.paragraphs] == [TITLE, "一、总体情况"]
    assert [[(c.text, span(c)) for c in r] for r in doc.tables[0].rows] == [
        [("行政复议", (0, 0, 2, 1)), ("结果维持", (0, 1, 1, 1))], [("3", (1, 1, 1, 1))]
    ]
    assert "Author" not in doc.text() and "县政府办" not in doc.text()


# --- real reports, rendered to HTML by xxgk.render and read back ----------------------------------


@requires_corpus
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_rendered_real_report_reads_back(truth, encoding, tmp_path):
    """Every value of a real report's answer file survives render → HTML (re-encoded) → read_html → extract."""
    import xxgk
    from xxgk.render.html import to_html

    want = truth.report()
    page = to_html(want)
    if encoding == "gbk":  # as a GBK CMS would serve it
        page = re.sub(r"(?i)<meta charset=[\"']?utf-8[\"']?\s*/?>", '<meta charset="gb2312">', page)
        assert "gb2312" in page
    path = tmp_path / "r.html"
    path.write_bytes(page.encode(encoding))
    got = xxgk.parse(path, checks=False)
    cells = {f"{t}.{r}.{c}": cell for t, rows in want.tables.items() for r, cols in rows.items()
             for c, cell in cols.items() if cell.status != "missing"}
    assert cells
    diffs = {p: (c.value, c.status, got.cell(p) and (got.cell(p).value, got.cell(p).status))
             for p, c in cells.items() if got.cell(p) is None or (got.cell(p).value, got.cell(p).status) != (c.value, c.status)}
    assert diffs == {}
    assert (got.meta.year, got.meta.template) == (want.meta.year, want.meta.template)


def test_word_sections_are_all_kept_and_link_lists_left_out():
    prose = "".join(f"<p class=MsoNormal>第{i}段：本机关认真贯彻落实政府信息公开条例，主动公开政府信息。</p>" for i in range(20))
    related = "".join(f"<li><a href='/{i}.html'>某某县2022年政府信息公开工作年度报告（第{i}号）</a></li>" for i in range(6))
    page = f"""<html><body><div class="main">
<div class="con"><div class=WordSection1><p class=MsoTitle>{TITLE}</p>{prose}</div>
<div class=WordSection2>{TABLE3}</div></div>
<div class="related"><ul>{related}</ul></div></div></body></html>"""
    doc = read_html(page.encode("utf-8"), "w.html")
    assert doc.source["container"] == "/html/body/div/div[1]"
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 21 + ["table"]
    assert doc.paragraphs[0].text == TITLE and "第2022" not in doc.text() and "第0号" not in doc.text()


def _page_tree(page: str):
    from lxml import etree

    return etree.fromstring(page, etree.HTMLParser(remove_comments=True, remove_pis=True))


def test_text_lengths_bottom_up_equal_text_content():
    from xxgk.ingest.html import _lengths, _text_content

    tricky = CMS_PAGE.replace("</body>", "<p>\u3000全角\u2003空格 a\xa0b<b>\t加粗 </b>\n尾\u3000</p></body>")
    root = _page_tree(tricky)
    lengths = _lengths(root)
    want = {el: len(re.sub(r"\s+", "", _text_content(el))) for el in root.iter()}
    assert lengths == want
    assert lengths[root.find("body")] > lengths[root.find(".//table")] > 100


def test_container_path_is_the_path_in_the_page_as_saved():
    from xxgk.ingest.html import _path

    root = _page_tree(CMS_PAGE)
    tree = root.getroottree()
    assert all(_path(el, {}) == tree.getpath(el) for el in root.iter())
    article = root.find(".//h1").getparent()
    wrap = article.getparent()
    before = {wrap: list(wrap)}
    for el in list(wrap)[:2]:  # the position bar and the menu, as chrome is dropped
        wrap.remove(el)
    assert tree.getpath(article) == "/html/body/div[2]/div"
    assert _path(article, before) == "/html/body/div[2]/div[3]"


def test_text_lengths_on_demand_equal_the_full_pass():
    from xxgk.ingest.html import _lengths, _nonws, _text_content, _tlen

    root = _page_tree(CMS_PAGE.replace("</body>", "<div><div><p>\u3000包\u2003装 <b>a\xa0b</b>\n尾</p></div></div></body>"))
    want = _lengths(root)
    body = root.find("body")
    for seed in ({}, {body: _nonws(_text_content(body))}):  # as read_html seeds it: wrappers derive down
        cache = dict(seed)
        assert {el: _tlen(el, cache) for el in root.iter()} == want


@pytest.mark.parametrize("value", ["2", " 3", "3x", "x", "", "0", "00", "-1", "1.5", "\uff13", "\u0663", "9" * 5])
def test_span_values_read_as_the_regex_reads_them(value):
    from xxgk.ingest.html import _span

    m = re.match(r"\s*(\d+)", value)
    n = int(m.group(1)) if m else 1
    for limit in (1, 4, 1000):
        assert _span(value, limit) == min(max(n, 1), limit)
        assert _span(value, limit, rowspan=True) == (limit if m and n == 0 else min(max(n, 1), limit))


def test_junk_hint_is_in_every_junk_line():
    from xxgk.ingest.html import _JUNK, _JUNK_HINT

    lines = ["当前位置：首页", "您现在的位置: 首页", "你的位置：", "分享到：", "附件下载：", "打印本页", "【 打印 】",
             "关闭窗口", "[关闭]", "字号：大 中 小", "【字体：大 中 小】", "扫一扫在手机打开", "收藏本页", "返回顶部",
             "浏览次数：123", "点击量:"]
    assert all(_JUNK.search(t) for t in lines)
    assert all(_JUNK_HINT.search(t) for t in lines)
    # and every top-level alternative of the pattern names one of the hint's characters
    alternatives, depth, cur, pattern, i = [], 0, "", _JUNK.pattern, 0
    while i < len(pattern):
        c = pattern[i : i + 2] if pattern[i] == "\\" else pattern[i]  # an escaped character is one
        if c == "|" and depth == 0:
            alternatives.append(cur)
            cur = ""
        else:
            cur += c
            depth += 1 if c in ("(", "[") else -1 if c in (")", "]") else 0
        i += len(c)
    alternatives.append(cur)
    assert len(alternatives) == 14 and all(_JUNK_HINT.search(a) for a in alternatives)
