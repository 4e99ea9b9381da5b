"""Report metadata: agency, year, published date, and the level of the body.

The agency is taken from the title (or the lines just above it), then a crawler's 发布机构 line, then the
signature; it stays None when the report never names itself ("我局"). The publication date comes from a
signature date after the last section or a page's 发布时间 — never from a file's modification time.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..model.report import Meta
from .values import normalize

_TITLE_TAIL = re.compile(r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_ORG_SUFFIX = re.compile(
    r"(人民政府|政府|管委会|管理委员会|委员会|办公室|办事处|局|委|厅|办|中心|院|处|所|站|馆|署|队|会|部|实验区|新区|开发区|"
    r"街道|镇|乡|公司|集团|银行|分局|支队|大队|总队|省|市|县|区|州|旗|盟)$"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_FIELD = re.compile(r"^(标题|发布时间|发布日期|发布机构|来源|成文日期)\s*[:：]\s*(.*)$")
_LEADING_GUANYU = re.compile(r"^关于")
_TRAILING_GUANYU = re.compile(r"(?:关于)?$")
_SENTENCE_PUNCT = re.compile(r"[，。；！？、]")
_LEADING_YEAR = re.compile(r"^\d{4}年度?")
_YEAR_IN_TITLE = re.compile(r"[（(]?(?:19|20)\d{2}年度?[)）]?")
_PERIOD_START = re.compile(r"((?:19|20)\d{2})年\s*1月\s*1日")


def _clean_agency(s: str) -> str | None:
    s = normalize(s).strip("：:，,。 ")
    s = _LEADING_GUANYU.sub("", s)
    s = _TRAILING_GUANYU.sub("", s)
    if s.endswith("人民"):
        s += "政府"  # "…区人民政府信息公开工作年度报告": 政府 is shared with the title tail
    if not (2 <= len(s) <= 40) or not _ORG_SUFFIX.search(s):
        return None
    if _SENTENCE_PUNCT.search(s):
        return None
    return s


def agency_from_title(title: str) -> str | None:
    t = normalize(title)
    t = _LEADING_YEAR.sub("", t)
    m = _TITLE_TAIL.search(t)
    head = t[: m.start()] if m else t
    # "洪泽区人民政府2023年" / "2019年福田区企业发展服务中心"
    head = _YEAR_IN_TITLE.sub("|", head)
    parts = [p for p in head.split("|") if p]
    for p in reversed(parts):
        a = _clean_agency(p)
        if a:
            return a
    return None


def find_title(lines: list[tuple[str, dict[str, Any]]], fields: dict[str, str]) -> tuple[str | None, int]:
    """The report title (joined over up to three lines), and the index of its last line."""
    if fields.get("标题"):
        return fields["标题"], -1
    for i, (text, _at) in enumerate(lines[:12]):
        t = normalize(text)
        if "报告" in t or "年报" in t:
            if len(t) > 80:
                continue
            joined = t
            # a title split over lines: "2019年福田区企业发展服务中心" + "政府信息公开工作年度报告"
            if i > 0 and not _YEAR.search(t) or i > 0 and _TITLE_TAIL.match(t):
                prev = normalize(lines[i - 1][0])
                if len(prev) <= 40:
                    joined = prev + t
            return joined, i
    return None, -1


def crawler_fields(lines: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for text, _at in lines[:15]:
        m = _FIELD.match(text.strip())
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def iso_date(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def extract_meta(
    lines: list[tuple[str, dict[str, Any]]],
    tail: list[tuple[str, dict[str, Any]]],
    properties: dict[str, Any],
) -> Meta:
    """``lines``: the paragraphs before the first section heading (title area); ``tail``: the last paragraphs."""
    meta = Meta()
    fields = crawler_fields(lines)
    title, title_idx = find_title(lines, fields)
    if title is None and properties.get("title"):
        title = str(properties["title"])
    if title:
        meta.evidence["title"] = title
        meta.agency = agency_from_title(title)
        if meta.agency:
            meta.evidence["agency"] = "title"
        y = _YEAR.search(normalize(title))
        if y:
            meta.year = int(y.group(1))
            meta.evidence["year"] = "title"
        if meta.agency is None and title_idx > 0:
            # agency on its own line above the title ("秀洲区经济信息商务局" / "2019年度…年度报告")
            for text, _at in reversed(lines[max(0, title_idx - 2) : title_idx]):
                a = _clean_agency(text)
                if a:
                    meta.agency = a
                    meta.evidence["agency"] = "line above title"
                    break
    if meta.agency is None and fields.get("发布机构"):
        meta.agency = _clean_agency(fields["发布机构"])
        if meta.agency:
            meta.evidence["agency"] = "发布机构"
    if meta.agency is None:
        for text, _at in reversed(tail[-4:]):
            a = _clean_agency(text)
            if a and len(normalize(text)) <= 30:
                meta.agency = a
                meta.evidence["agency"] = "signature"
                break
    if meta.year is None:
        for text, _at in lines:
            m = _PERIOD_START.search(normalize(text))
            if m:
                meta.year = int(m.group(1))
                meta.evidence["year"] = "统计期限"
                break
    # published date: a page's 发布时间, else a signature date at the very end
    for key in ("发布时间", "发布日期", "成文日期"):
        if fields.get(key):
            m = _DATE.search(fields[key])
            if m:
                meta.published_on = iso_date(*m.groups())
                meta.evidence["published_on"] = key
                break
    if meta.published_on is None:
        for text, _at in reversed(tail[-3:]):
            t = normalize(text)
            m = _DATE.fullmatch(t) or (len(t) <= 20 and _DATE.search(t))
            if m:
                d = iso_date(*m.groups())
                if d and (meta.year is None or int(d[:4]) > meta.year):
                    meta.published_on = d
                    meta.evidence["published_on"] = "signature"
                break
    meta.tier, meta.body = body_level(meta.agency)
    if meta.tier or meta.body:
        meta.level = f"{meta.tier or ''}级{'政府' if meta.body == 'government' else '部门'}" if meta.tier else None
    return meta


# a bare place name ("某某县", "平潭综合实验区") in a title is the government of that place
_GOV = re.compile(r"(人民政府|政府|管委会|管理委员会|实验区|新区|街道办事处|办事处|省|市|县|区|州|旗|盟|镇|乡|街道)$")
_GOV_SUFFIX = re.compile(r"(人民政府|政府|管委会|管理委员会|街道办事处|办事处)$")
_TIER_TOWN = re.compile(r"(镇|乡|街道)")
_TIER_COUNTY = re.compile(r"(区|县|旗)")
_ZONE_END = re.compile(r"(实验区|新区|开发区|自治区)$")
_TIER_CITY = re.compile(r"(自治州|盟|市)")
_TIER_PROVINCE = re.compile(r"(省|自治区)")
_ZONE = re.compile(r"(实验区|新区|开发区)")


def body_level(agency: str | None) -> tuple[str | None, str | None]:
    """(tier 省/市/县/乡, body government/department) from the agency name."""
    if not agency:
        return None, None
    a = agency
    body = "government" if _GOV.search(a) else "department"
    core = _GOV_SUFFIX.sub("", a) if body == "government" else a
    tier = None
    if _TIER_TOWN.search(core):
        tier = "乡"
    elif _TIER_COUNTY.search(core) and not _ZONE_END.search(core):
        tier = "县"
    elif _TIER_CITY.search(core):
        tier = "市"
    elif _TIER_PROVINCE.search(core) or core in ("北京市", "上海市", "天津市", "重庆市"):
        tier = "省"
    elif _ZONE.search(core):
        tier = "市"
    return tier, body


def signature_blocks(doc: Any) -> set[int]:
    """Block indices of the signature at the very end: a date line, with the body's name above it."""
    from ..ingest.document import Paragraph
    from .sections import is_page_number

    idx = [i for i, b in enumerate(doc.blocks)
           if isinstance(b, Paragraph) and b.text.strip() and not is_page_number(b.text)]
    out: set[int] = set()
    if not idx:
        return out
    last = idx[-1]
    t = normalize(doc.blocks[last].text)
    if not (len(t) <= 20 and _DATE.fullmatch(t)):
        return out
    out.add(last)
    for i in reversed(idx[:-1][-2:]):
        text = normalize(doc.blocks[i].text)
        if len(text) <= 30 and _clean_agency(text):
            out.add(i)
        else:
            break
    return out
