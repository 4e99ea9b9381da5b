"""HTML page (as saved from a government website) → Document.

Steps, each kept simple and inspectable (``doc.source["container"]`` names the element read):

1. decode: BOM, else the declared ``<meta charset>`` / ``http-equiv`` / XML encoding (GB2312 and GBK are
   read as their superset GB18030), else UTF-8, else charset-normalizer's guess; control characters in the
   text are read as a browser shows them (a form feed is a space, most show nothing: see _shown);
2. metadata: ``<title>``, CMS ``<meta>`` tags (PubDate, SiteName…), a "发布时间：…" line;
3. drop site chrome: scripts, ``nav``/``header``/``footer``, elements whose class or id says nav, menu,
   breadcrumb, share…, unless they hold the report's title or a large part of the page's text;
4. pick the main container: from ``<body>`` go down while one child holds most of the text and keeps the
   report title (the element "holding the report title + most text");
5. walk it: block elements become paragraphs, ``<br>`` breaks a line, data tables become grids with
   rowspan/colspan, layout tables (a table holding tables, or long prose) are read as flow.

Positions (``at``) are 0-based: ``{"paragraph": i}`` counts the paragraphs emitted,
``{"table": t, "row": r, "col": c}`` is the cell's grid position.
"""

from __future__ import annotations

import codecs
import email
import re
import sys
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree

from ..errors import UnreadableFile
from .document import Block, Document, GridCell, Paragraph, Table

__all__ = ["HtmlSettings", "SETTINGS", "decode_html", "read_html"]


@dataclass
class HtmlSettings:
    descend_share: float = 0.5  # a child holding this share of its parent's text is the better container
    left_behind_chars: int = 80  # … unless a sibling holds more unlinked text than this
    left_behind_share: float = 0.15  # … and more than this share of the parent's text
    protect_share: float = 0.3  # chrome-looking elements holding this share of the page text are kept
    layout_cell_chars: int = 300  # a table cell with more text than this is page layout, not data
    junk_line_chars: int = 120  # "当前位置：…"-style lines longer than this are kept (they are text)


SETTINGS = HtmlSettings()

# Encodings: WHATWG maps gb2312/gbk to GBK; GB18030 is its superset and decodes every GBK page.
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "csgb2312", "gb18030", "chinese", "euc-cn",
       "x-euc-cn", "cp936", "ms936", "windows-936", "hz-gb-2312"}
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)

_SKIP_TAGS = {"script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg",
              "canvas", "select", "option", "button", "input", "textarea", "map", "audio", "video",
              "head", "title", "meta", "link", "base"}
_CHROME_TAGS = {"nav", "header", "footer", "aside"}
_CHROME_ATTR = re.compile(
    r"nav|menu|breadcrumb|crumb|share|footer|header|topbar|sidebar|banner|toolbar|copyright|"
    r"position|location|dqwz|weizhi|jiathis|bdshare|fenxiang",
    re.I,
)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
               "section", "article", "main", "blockquote", "pre", "center", "address", "figure",
               "figcaption", "hr", "form", "fieldset", "legend", "caption", "body", "html", "tr", "td",
               "th", "thead", "tbody", "tfoot"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Lines of site furniture inside the article area (short lines only; see SETTINGS.junk_line_chars).
_JUNK = re.compile(
    r"^(当前位置|您当前的位置|您现在的位置|你现在的位置|您的位置|你的位置|当前的位置)\s*[:：]"
    r"|分享到|^附件下载|打印本页|打印此页|[【\[]\s*打印\s*[】\]]|关闭窗口|[【\[]\s*关闭\s*[】\]]"
    r"|^字号\s*[:：]?\s*[【\[]?\s*大|^[【\[]?\s*字体\s*[:：]?\s*[【\[]?\s*大|扫一扫在手机|收藏本页|返回顶部"
    r"|^(浏览|访问|阅读|点击)(次数|量)\s*[:：]\s*\d*\s*$"
)
# Every top-level alternative of _JUNK holds one of these characters: a line without any is not junk.
_JUNK_HINT = re.compile("[位享附印闭字扫藏顶次量]")
_TITLE_WORDS = re.compile(r"年度报告|年报")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUB_LINE = re.compile(r"(发布时间|发布日期|发表时间|发表日期|发布于|发文日期)\s*[:：]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_PUB_META = ("pubdate", "firstpublishedtime", "publishdate", "publishtime", "article:published_time",
             "dc.date.issued", "releasedate")
_META_PROPS = {"articletitle": "article_title", "sitename": "site_name", "contentsource": "content_source",
               "columnname": "column_name"}
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_WS = re.compile(r"[ \t\r\n\f\v\xa0]+")
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_TITLE_ATTR = re.compile(r"title|biaoti")
_SPAN = re.compile(r"\s*(\d+)")
_PUB_HINT = re.compile(r"发\s*(?:布\s*(?:时\s*间|日\s*期|于)|表\s*(?:时\s*间|日\s*期)|文\s*日\s*期)\s*[:：]?\s*\d{4}")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# Control characters in a page's text (raw, or character references like "&#12;" that libxml2 reads as
# the character): the C0 controls but tab, line feed and carriage return, DEL, the C1 controls, and the
# noncharacters U+FFFE/U+FFFF. lxml refuses to write the C0 ones and the noncharacters into a tree (XML
# forbids them); a browser shows nothing for any of them, except the form feed and the vertical tab, which
# are whitespace (as _WS and str.split() have them). See _shown.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_AS_SHOWN = {c: (" " if c in (0x0B, 0x0C) else None)
             for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF)}


# --- decoding ----------------------------------------------------------------------------------


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    label = (name.decode("ascii", "ignore") if isinstance(name, bytes) else name).strip().lower()
    if label in _GB:
        return "gb18030"
    if label in ("big5", "big5-hkscs", "x-x-big5"):
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf8(data: bytes) -> str | None:
    """The bytes decoded as UTF-8, or None if they are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str, list[str]]:
    """Decode page bytes; returns (text, encoding used, warnings). ``charset``: one given from outside
    the page (an MHT part's MIME header), tried before the page's own declaration."""
    warnings: list[str] = []
    outer = _codec(charset)
    if outer:
        try:
            return data.decode(outer), outer, warnings
        except UnicodeDecodeError:
            pass
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, "replace"), enc.replace("-sig", ""), warnings
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    declared = _codec(m.group(1)) if m else None
    if declared and declared != "utf-8" and not declared.startswith("utf-16"):
        # Some CMS templates say gb2312 while serving UTF-8; Chinese GBK text is practically never
        # also valid UTF-8, so bytes that are valid UTF-8 (and not plain ASCII) are taken as UTF-8.
        if declared == "gb18030" and not data.isascii():
            text = _utf8(data)
            if text is not None:
                warnings.append("页面声明编码为 GB2312/GBK，但内容实为 UTF-8，已按 UTF-8 读取")
                return text, "utf-8", warnings
        try:
            return data.decode(declared), declared, warnings
        except UnicodeDecodeError:
            warnings.append(f"页面声明的编码 {m.group(1).decode('ascii', 'ignore')} 与内容不符，已自动判断编码")
    text = _utf8(data)
    if text is not None:
        return text, "utf-8", warnings
    if declared == "utf-8":
        warnings.append("页面声明编码为 UTF-8，但内容不是 UTF-8，已自动判断编码")
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        enc = _codec(best.encoding) or best.encoding
        try:
            return data.decode(enc), enc, warnings
        except (UnicodeDecodeError, LookupError):
            pass
    warnings.append("无法确定页面编码，已按 GB18030 读取，个别字符可能显示为乱码")
    return data.decode("gb18030", "replace"), "gb18030", warnings


# --- helpers -----------------------------------------------------------------------------------


def _junk(text: str) -> bool:
    """A short line of site furniture (see SETTINGS.junk_line_chars), e.g. "当前位置：首页 > …"."""
    return len(text) <= SETTINGS.junk_line_chars and bool(_JUNK_HINT.search(text)) and bool(_JUNK.search(text))


def _shown(text: str) -> str:
    """text as a browser shows it as far as control characters go (see _CONTROLS): the form feed and the
    vertical tab as a space, the others not at all. What it gives is text lxml accepts in a tree."""
    return text.translate(_AS_SHOWN) if _CONTROLS.search(text) else text


def _show_tree(root: Any) -> None:
    """Every text in root (its own tail aside) as _shown gives it: what is read from the tree, and every
    text joined from it and written back (_drop_tree), then holds no control character."""
    for el in root.iter():
        t = el.text
        if t and _CONTROLS.search(t):
            el.text = t.translate(_AS_SHOWN) or None
        t = el.tail
        if t and el is not root and _CONTROLS.search(t):
            el.tail = t.translate(_AS_SHOWN) or None


def _norm(text: str) -> str:
    if text.isprintable() and " " not in text:  # none of _WS's characters, nor U+3000: nothing to do
        return text
    text = _WS.sub(" ", text).strip(" \u3000")
    return _CJK_SPACE.sub("", text) if " " in text else text


# Plain lxml elements (no lxml.html element classes: their Python class lookup runs for every element
# touched); these two are lxml.html's text_content() and drop_tree().
def _text_content(el: Any) -> str:
    """Every text in el, not its tail: the XPath string value, as libxml2 joins it (xmlNodeGetContent),
    here without an XPath evaluation."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _drop_tree(el: Any) -> None:
    """Remove el with its children and text; its tail joins the previous element or the parent.
    (The joined text is _shown: lxml refuses to write control characters into the tree, and read_html's
    tree holds none, so there it changes nothing.)"""
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = _shown((parent.text or "") + el.tail)
        else:
            previous.tail = _shown((previous.tail or "") + el.tail)
    parent.remove(el)


_TAG_NAMES: dict[Any, str] = {}  # raw tag (or lxml's Comment/PI factory) → lower-case name or ""


def _tag(el: Any) -> str:
    t = el.tag
    name = _TAG_NAMES.get(t)
    if name is None:
        name = t.lower() if isinstance(t, str) else ""
        if len(_TAG_NAMES) < 4096:
            _TAG_NAMES[t] = name
    return name


def _scan(root: Any) -> tuple[dict[Any, int], list[Any]]:
    """One pass over the tree, children before their parent: the non-whitespace length of every element's
    ``text_content()``, and (in document order) the elements of at most 100 such characters whose text
    holds a 报 — the only places a report title can be (see _find_title).
    Keyed by the element itself, not id(): the dict keeps the lxml proxies alive, so they stay the same.
    (``str.split``/``str.isspace`` and the regex ``\\s`` agree on what whitespace is; letters and digits
    are never whitespace, so an ``isalnum()`` string needs no split.) The parser leaves no comments or
    processing instructions in the tree: every node is an element."""
    out: dict[Any, int] = {}
    get = out.get
    holders = []  # elements whose own text, or a child's tail, holds 报
    els = list(root.iter())
    for el in reversed(els[1:]):  # reversed document order: every child before its parent
        n = get(el, 0)  # the children's lengths and tails, added as each child was done
        t = el.text
        if t:
            n += len(t) if t.isalnum() else len("".join(t.split()))
            if "报" in t:
                holders.append(el)
        out[el] = n
        t = el.tail
        if t and not t.isspace():
            n += len(t) if t.isalnum() else len("".join(t.split()))
            if "报" in t:
                holders.append(el.getparent())
        if n:
            parent = el.getparent()
            out[parent] = get(parent, 0) + n
    t = root.text
    out[root] = get(root, 0) + (len("".join(t.split())) if t else 0)
    if t and "报" in t:
        holders.append(root)
    # the holders and their ancestors up to 100 characters (an element is at least as long as its children)
    short: set[Any] = set()
    for el in holders:
        while el not in short and out.get(el, 101) <= 100:  # (root's parent is not in out)
            short.add(el)
            el = el.getparent()
    return out, [el for el in els if el in short] if short else []


def _lengths(root: Any) -> dict[Any, int]:
    """Non-whitespace length of every element's ``text_content()`` (see _scan)."""
    return _scan(root)[0]


def _nonws(t: str | None) -> int:
    """Number of non-whitespace characters (as _scan counts them)."""
    if not t:
        return 0
    return len(t) if t.isalnum() else len("".join(t.split()))


def _tlen(el: Any, cache: dict[Any, int]) -> int:
    """Non-whitespace length of el's ``text_content()``, from ``cache`` or computed into it: libxml2
    builds the text, except where a single child and its parent's own text make the parent's length."""
    n = cache.get(el)
    if n is not None:
        return n
    parent = el.getparent()
    if parent is not None and len(parent) == 1 and parent in cache:  # the parent's length but its text
        n = cache[el] = cache[parent] - _nonws(parent.text) - _nonws(el.tail)
        return n
    chain = []  # wrappers of a single child, outermost first
    node = el
    while len(node) == 1 and node not in cache:
        chain.append(node)
        node = node[0]
    n = cache.get(node)
    if n is None:
        n = cache[node] = _nonws(_text_content(node) if len(node) else node.text)
    for wrapper in reversed(chain):
        n += _nonws(wrapper.text) + _nonws(node.tail)
        cache[wrapper] = n
        node = wrapper
    return n


def _path(el: Any, before: dict[Any, list[Any]]) -> str:
    """``tree.getpath(el)`` as it was before elements were dropped: ``before`` holds the original
    children of every parent that lost some."""
    parts = []
    node, parent = el, el.getparent()
    while parent is not None:
        tag = node.tag
        same = [s for s in before.get(parent, parent) if s.tag == tag]
        parts.append(tag if len(same) == 1 else f"{tag}[{same.index(node) + 1}]")
        node, parent = parent, parent.getparent()
    parts.append(node.tag)
    return "/" + "/".join(reversed(parts))


def _iso(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _contains(el: Any, other: Any) -> bool:
    return other is not None and (el is other or any(a is el for a in other.iterancestors()))


def _rows(table: Any) -> list[Any]:
    """The table's own rows (not those of tables nested in its cells)."""
    out = []
    for child in table:
        t = _TAG_NAMES.get(child.tag) or _tag(child)  # (_tag, without a call once the name is known)
        if t == "tr":
            out.append(child)
        elif t in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if (_TAG_NAMES.get(c.tag) or _tag(c)) == "tr")
    return out


def _cells(tr: Any) -> list[Any]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _span(v: str | None, limit: int, rowspan: bool = False) -> int:
    """A rowspan/colspan attribute value as a number of rows/columns, at most ``limit``."""
    if not v:
        return 1  # limit is at least 1
    if v.isdecimal():  # the usual "2", read as the regex would (its \d is any decimal digit)
        n = int(v)
    else:
        m = _SPAN.match(v)
        if m is None:
            return 1
        n = int(m.group(1))
    if n == 0 and rowspan:  # rowspan="0": to the end of the table section
        return limit
    return 1 if n < 1 else n if n < limit else limit


# The rowspan / colspan attributes in an element (on table cells, and maybe others never asked for),
# found in C rather than by asking every cell. (No "|" in these paths: libxml2 merges node sets in
# quadratic time. regexp=False: no EXSLT regular expression functions to set up at every call.)
_ROWSPANS = etree.XPath("descendant::*/@rowspan", regexp=False)
_COLSPANS = etree.XPath("descendant::*/@colspan", regexp=False)


# --- the page ----------------------------------------------------------------------------------


def _properties(root: Any, body: Any, body_text: str) -> dict[str, str]:
    """The page's metadata; ``body_text``: body's text_content()."""
    props: dict[str, str] = {}
    title = next(root.iterdescendants("title"), None)
    title_text = "" if title is None else _norm(_shown(_text_content(title) or ""))  # (no _show_tree in head)
    if title_text:
        props["title"] = title_text
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("http-equiv") or "").strip().lower()
        content = _norm(_shown(meta.get("content") or ""))
        if not content:
            continue
        if name in _PUB_META and "published_on" not in props:
            iso = _iso(_DATE.search(content))
            if iso:
                props["published_on"] = iso
                props["published_from"] = f"meta:{meta.get('name') or meta.get('property')}"
        elif name in _META_PROPS:
            props.setdefault(_META_PROPS[name], content)
    if "published_on" not in props:
        # _norm only takes out whitespace, so a "发布时间：…" in the page's normalised text is there before
        # it too, with whitespace in between: most pages are not normalised for nothing
        m = _PUB_LINE.search(_norm(body_text)) if _PUB_HINT.search(body_text) else None
        iso = _iso(_DATE.search(m.group(2))) if m else None
        if iso:
            props["published_on"] = iso
            props["published_from"] = f"text:{m.group(0)}"
    return props


_ATTR_WORDS: dict[str, tuple[bool, bool]] = {}  # class or id value → (_CHROME_ATTR, _TITLE_ATTR) found


def _attr_words(value: str) -> tuple[bool, bool]:
    """Whether a class or id value says chrome (nav, menu…) and title; memoised (values repeat)."""
    words = _ATTR_WORDS.get(value)
    if words is None:
        words = (bool(_CHROME_ATTR.search(value)), bool(_TITLE_ATTR.search(value.lower())))
        if len(_ATTR_WORDS) > 10000:
            _ATTR_WORDS.clear()
        _ATTR_WORDS[str(value)] = words  # a plain str: XPath's keeps its element (and page) alive
    return words


def _doc_order(el: Any) -> list[int]:
    """A sort key putting elements of one tree in document order (ancestors before their descendants)."""
    key = []
    parent = el.getparent()
    while parent is not None:
        key.append(parent.index(el))
        el, parent = parent, parent.getparent()
    key.reverse()
    return key


def _find_title(body: Any, page_title: str | None, attr_values: list[Any], cache: dict[Any, int]) -> Any:
    """The element printing the report's title: a heading or a *title* element naming a 年度报告,
    else the innermost element whose whole text is the page title (old pages: <td><font><b>…).
    ``attr_values``: the class and id attribute values in body (from _ATTRS). Only when there is no such
    heading does the page title matter, and only then is the whole page looked at (``cache`` gets every
    element's text length)."""

    def text_of(el: Any) -> str | None:  # its normalised text, if a title could read so
        if _tag(el) in _SKIP_TAGS:
            return None
        raw = (_text_content(el) if len(el) else el.text) or ""
        if "年" not in raw or "报" not in raw:  # _norm only removes characters
            return None
        text = _norm(raw)
        return text if 6 <= len(text) <= 100 and _TITLE_WORDS.search(text) else None

    # headings (the parser gives tag names in lower case) and elements whose class or id says title
    marked = dict.fromkeys(body.iter("h1", "h2", "h3", "h4"))
    marked.update((v.getparent(), None) for v in attr_values if _attr_words(v)[1])
    found = [(el, text) for el in marked if (text := text_of(el)) is not None]
    if len(found) > 1:
        found.sort(key=lambda f: _doc_order(f[0]))
    if page_title:  # the page <title> usually repeats the article title, so prefer the one it names
        for el, text in found:
            if text in page_title or page_title in text:
                return el
    if found or not page_title:
        return found[0][0] if found else None
    # no heading: the innermost element whose whole text starts the page title. Only elements of at
    # most 100 non-whitespace characters holding a 报 can (the normalised text keeps every one).
    lengths, candidates = _scan(body)
    cache.update(lengths)
    same = None
    for el in candidates:
        text = text_of(el)
        if text is not None and page_title.startswith(text):
            same = el  # document order: the last match is the innermost
    return same


# Elements that may be chrome: those of a chrome tag and those with a class, id or style, found in C.
# lxml's HTML parser gives tag names in lower case; str.lower() (see _tag) turns one non-ASCII letter into
# an ASCII one, the KELVIN SIGN into k, so "link" has one more spelling.
_CHROME_TAG_SPELLINGS = (*sorted(_SKIP_TAGS | _CHROME_TAGS), "lin\u212a")
# ... and those with a class or id, or a style saying "none" in any case (as any match of _HIDDEN does).
# These give the attributes (the elements are their getparent()): libxml2 takes quadratic time to merge
# node sets, for "|" and for a step to the parent.
_ATTRS = (
    etree.XPath("descendant-or-self::*/@class", regexp=False),
    etree.XPath("descendant-or-self::*/@id", regexp=False),
    etree.XPath("descendant-or-self::*/@style[contains(translate(., 'NOE', 'noe'), 'none')]", regexp=False),
)


def _drop_chrome(
    body: Any, title_el: Any, cache: dict[Any, int], attrs: tuple[list[Any], ...]
) -> dict[Any, list[Any]]:
    """Drop site chrome; ``cache`` (text lengths) is kept up to date. Returns the original children of
    every parent that lost some (for ``_path``). ``attrs``: what the _ATTRS paths give for body."""
    total = max(_tlen(body, cache), 1)
    doomed = []
    # chrome tags, hidden-looking styles, and a class or id saying chrome (no match crosses the space
    # joining the two below): the others are never dropped
    maybe = dict.fromkeys(body.iter(*_CHROME_TAG_SPELLINGS))
    classes, ids, hidden = attrs
    maybe.update((a.getparent(), None) for a in hidden)
    maybe.update((a.getparent(), None) for a in (*classes, *ids) if _attr_words(a)[0])
    for el in maybe:
        t = _tag(el)
        if not t:
            continue
        if t in _SKIP_TAGS:
            doomed.append(el)
            continue
        style = el.get("style")
        if style and _HIDDEN.search(style):
            doomed.append(el)  # hidden widgets (share panels, QR codes) are not shown to readers
            continue
        cls, ident = el.get("class"), el.get("id")
        if cls is None and ident is None and t not in _CHROME_TAGS:
            continue
        attrs = f"{cls or ''} {ident or ''}"
        if t in _CHROME_TAGS or (attrs.strip() and _CHROME_ATTR.search(attrs)):
            big = _tlen(el, cache) >= SETTINGS.protect_share * total
            holds_table = any(len(_rows(tb)) >= 4 for tb in el.iter("table"))
            if not (big or holds_table or _contains(el, title_el)):
                doomed.append(el)
    doomed_set = set(doomed)
    # the outermost ones; their parents' children are noted before any is dropped (the result does not
    # depend on the order of the drops: each dropped tail joins the text just before it)
    doomed = [el for el in doomed if el.getparent() is not None
              and not any(a in doomed_set for a in el.iterancestors())]
    before: dict[Any, list[Any]] = {}
    for el in doomed:
        parent = el.getparent()
        if parent not in before:
            before[parent] = list(parent)
    for el in doomed:
        n = _tlen(el, cache)
        for a in el.iterancestors():  # text lengths are additive: the ancestors lose el's text
            if a in cache:
                cache[a] -= n
        _drop_tree(el)  # keeps el.tail in the flow (its text stays in the same ancestors)
    return before


def _layout_shape(table: Any) -> bool:
    """Layout by its shape alone: marked as presentation, or holding tables."""
    if (table.get("role") or "").lower() == "presentation":
        return True
    return any(True for _ in table.iterdescendants("table"))


def _long_cell(cell: Any, limit: int) -> bool:
    """More text than a data cell holds (see SETTINGS.layout_cell_chars)."""
    if len(cell):
        return len(_norm(_text_content(cell) or "")) > limit
    t = cell.text
    return bool(t) and len(t) > limit and len(_norm(t)) > limit  # _norm never lengthens


def _is_layout(table: Any) -> bool:
    if _layout_shape(table):
        return True
    cells = [c for r in _rows(table) for c in _cells(r)]
    if len(cells) <= 1:
        return True
    limit = SETTINGS.layout_cell_chars
    return any(_long_cell(c, limit) for c in cells)


def _main_container(body: Any, title_el: Any, cache: dict[Any, int]) -> Any:
    """Go down from <body> while one child holds most of the text, keeps the title, and what is left
    behind in its siblings is links or a line or two (a "related articles" list, an info bar) — never
    prose or a table (Word's HTML puts landscape table pages in a sibling WordSection2)."""

    # title_el and its ancestors (_contains(el, title_el) for every el at once)
    holders = set() if title_el is None else {title_el, *title_el.iterancestors()}
    title_len = 0 if title_el is None else _tlen(title_el, cache)

    def rest(el: Any) -> int:  # text apart from the title itself: a short page is mostly its title
        return _tlen(el, cache) - (title_len if el in holders else 0)

    def unlinked(el: Any) -> int:
        return _tlen(el, cache) - sum(_tlen(a, cache) for a in el.iter("a"))

    node = body
    while True:
        kids = [c for c in node if _tag(c)]
        if not kids:
            return node
        best = max(kids, key=rest)
        total = rest(node)
        if rest(best) < SETTINGS.descend_share * total or rest(best) == 0:
            return node
        if node in holders and best not in holders:
            return node
        if _tag(best) == "table" and not _is_layout(best):
            return node
        left_behind = max((unlinked(k) for k in kids if k is not best), default=0)
        if left_behind > max(SETTINGS.left_behind_chars, SETTINGS.left_behind_share * total):
            return node
        node = best


class _Flow:
    def __init__(self, root: Any) -> None:
        self.root = root  # the element read (its tables' spans are found at once)
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.n_par = 0
        self.n_tbl = 0
        self._spans: dict[Any, list[int]] | None = None

    def spans(self) -> dict[Any, list[int]]:
        """Cell → [rows (before the cap at its table's end), columns] it spans, for every cell in root
        with a rowspan or colspan."""
        if self._spans is None:
            self._spans = {}
            for a in _ROWSPANS(self.root):
                self._spans[a.getparent()] = [_span(a, sys.maxsize, rowspan=True), 1]
            for a in _COLSPANS(self.root):
                self._spans.setdefault(a.getparent(), [1, 1])[1] = _span(a, 1000)  # HTML caps colspan at 1000
        return self._spans

    def flush(self, style: str | None = None) -> None:
        if not self.buf:
            return
        text = _norm("".join(self.buf))
        self.buf = []
        if not text or _junk(text):
            return
        self.blocks.append(Paragraph(text, {"paragraph": self.n_par}, style))
        self.n_par += 1

    def walk(self, el: Any) -> None:
        t = _TAG_NAMES.get(el.tag) or _tag(el)  # (_tag, without a call once the name is known)
        if t in _SKIP_TAGS:
            pass
        elif t == "br":
            self.flush()
        elif t == "table":
            self.flush()
            # a data table's grid; a layout one (see _is_layout: the grid tells the cells apart) is flow
            table = None if _layout_shape(el) else self.grid(el)
            if table is None:
                for tr in _rows(el):
                    for cell in _cells(tr):
                        self.block(cell)
            else:
                self.n_tbl += 1
                cap = next(el.iterchildren("caption"), None)
                if cap is not None:
                    self.block(cap)
                self.blocks.append(table)
        elif t in _BLOCK_TAGS:
            self.block(el, t if t in _HEADINGS else None)
        elif t:
            self.inline(el)
        tail = el.tail  # (lxml makes a new string at every read)
        if tail:
            self.buf.append(tail)

    def inline(self, el: Any) -> None:
        text = el.text
        if text:
            self.buf.append(text)
        for child in el:
            self.walk(child)

    def block(self, el: Any, style: str | None = None) -> None:
        if self.buf:
            self.flush()
        self.inline(el)
        self.flush(style)

    def grid(self, el: Any) -> Table | None:
        """The table's grid (to be table number self.n_tbl), or None if it has at most one cell or a cell
        with more text than a data cell holds (a layout table: _is_layout)."""
        t = self.n_tbl
        rows = _rows(el)
        n_rows = len(rows)
        limit = SETTINGS.layout_cell_chars
        texts = _CELL_TEXTS.setdefault((limit, SETTINGS.junk_line_chars), {})
        if len(texts) > 10000:
            texts.clear()
        table = Table(at={"table": t}, layout="grid")
        taken: dict[int, set[int]] = {}  # row → columns covered by cells spanning down from rows above
        span_of, text_of = self.spans().get, texts.get
        for r, tr in enumerate(rows):
            row: list[GridCell] = []
            col = 0
            covered = taken.get(r)
            for td in tr:
                tag = td.tag
                if tag != "td" and tag != "th" and _tag(td) not in ("td", "th"):  # (as _cells)
                    continue
                if covered:
                    while col in covered:
                        col += 1
                sp = span_of(td)
                if sp is None:
                    rs = cs = 1
                else:
                    rs, cs = sp
                    if rs > n_rows - r:
                        rs = n_rows - r
                if len(td):
                    if _long_cell(td, limit):
                        return None
                    sub = _Flow(self.root)
                    sub.inline(td)
                    sub.flush()
                    text = "\n".join(p.text for p in sub.blocks if isinstance(p, Paragraph))
                else:  # a cell holding only text: the one line a sub-flow would make of it
                    raw = td.text
                    if not raw:
                        text = ""
                    elif (text := text_of(raw)) is None:  # (texts holds no long one)
                        if len(raw) > limit and len(_norm(raw)) > limit:
                            return None
                        text = raw if raw.isalnum() else _norm(raw)  # letters and digits: nothing to do
                        if _junk(text):
                            text = ""
                        texts[raw] = text
                row.append(GridCell(text, r, col, rs, cs, {"table": t, "row": r, "col": col}))
                if rs > 1:  # only later rows ever ask: this row's columns are passed by col
                    for i in range(r + 1, r + rs):
                        taken.setdefault(i, set()).update(range(col, col + cs))
                col += cs
            table.rows.append(row)
        return table if sum(map(len, table.rows)) > 1 else None


# A leaf cell's raw text → its text, per SETTINGS.layout_cell_chars and .junk_line_chars (tables repeat
# labels, "0", "/"…). Texts too long for a data cell are not kept.
_CELL_TEXTS: dict[tuple[int, int], dict[str, str]] = {}


def _unwrap_mht(data: bytes) -> tuple[bytes, str | None] | None:
    """The HTML part of an MHT/MHTML archive (RFC 2557) and its MIME charset; None if not an archive."""
    head = data[:4096].lower()
    if b"mime-version:" not in head or b"multipart/related" not in head:
        return None
    msg = email.message_from_bytes(data)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    return None


def read_html(data: bytes, name: str) -> Document:
    """Read a saved web page (HTML, or an MHT archive) into a Document: the report's article,
    without the site around it."""
    mht = _unwrap_mht(data)
    charset = None
    if mht is not None:
        data, charset = mht
    text, encoding, warnings = decode_html(data, charset)
    declaration = _XML_DECLARATION.match(text)
    if declaration:
        text = text[declaration.end():]
    nul = "\x00" in text
    if nul:
        text = text.replace("\x00", "")
    if not text or text.isspace():  # as not text.strip(), without the copy
        raise UnreadableFile("网页文件没有内容", name)
    # libxml2 reads UTF-8: the page's own bytes, when they are exactly the text, spare it a conversion
    # from the str (lxml hands it libxml2 as UCS-4 or UTF-16)
    as_read = encoding == "utf-8" and not (declaration or nul or data.startswith(codecs.BOM_UTF8))
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8" if as_read else None)
    try:
        root = etree.fromstring(data if as_read else text, parser)
        if root is None:
            raise etree.ParserError("Document is empty")  # as lxml.html.document_fromstring
    except (etree.ParserError, ValueError) as e:
        raise UnreadableFile(f"无法解析网页（{e}）", name) from e
    body = next(root.iterchildren("body"), None)
    if body is None:
        body = root
    body_text = _text_content(body) or ""
    if _CONTROLS.search(body_text):  # the page's text as shown, and text lxml accepts when written back
        _show_tree(body)
        body_text = _text_content(body) or ""
    props = _properties(root, body, body_text)
    framed = next(root.iterdescendants("frameset", "iframe"), None) is not None
    cache = {body: _nonws(body_text)}  # text lengths (_tlen)
    attrs = tuple(xpath(body) for xpath in _ATTRS)
    page_title = props.get("article_title") or props.get("title")
    title_el = _find_title(body, page_title, [*attrs[0], *attrs[1]], cache)
    before = _drop_chrome(body, title_el, cache, attrs)
    container = _main_container(body, title_el, cache)
    # the container's path in the page as saved (block elements), else in the page without chrome
    path = _path(container, before if _tag(container) in _BLOCK_TAGS or _tag(container) == "table" else {})
    flow = _Flow(container)
    if _tag(container) == "table":  # only a layout table is ever chosen
        for tr in _rows(container):
            for cell in _cells(tr):
                flow.block(cell)
    else:
        flow.block(container)
    if framed and not flow.blocks:
        warnings.append("页面正文在框架（frame/iframe）中，本文件只含外框；请保存框架内的页面再试")
    return Document(
        blocks=flow.blocks,
        source={
            "file": name,
            "format": "html",
            "encoding": encoding,
            **({"archive": "mht"} if mht else {}),
            "container": path,
        },
        properties=props,
        warnings=warnings,
    )
