"""What kind of body issued a report, from its name, when the extractor could not say.

Used by P.RULES_AUTHORITY and P.DEADLINE only when ``meta.tier`` / ``meta.body`` are None.

- tier 省/市/县/乡 comes from the last administrative unit at the start of the name: "淮安市洪泽区教育局"
  → 淮安市 → 洪泽区 → 县; "浙江省人民政府" → 省; "…镇人民政府", "…街道办事处" → 乡.
- body is "government" for "…人民政府"/"…政府"/"…街道办事处", else "department" ("…局", "…委员会",
  "…中心", "…人民政府办公室").

Rule-making power (立法法第九十三条): only the people's governments of 省、自治区、直辖市 and of
设区的市、自治州 may make 规章 (local ones). 区县 and 乡镇 governments and every department of a
local government have none. Limits: a 县级市 ("…市人民政府" of a county-level city) cannot be told
from a 设区的市 by name, so it is assumed to have the power (no warning rather than a false one);
管委会 of development zones and central bodies are left undecided (None).
"""

from __future__ import annotations

import re

# Administrative units, longest first so 自治区 is not read as 区.
_UNIT = r"(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|州|盟|区|县|旗|林区|特区)"
_PLACE = re.compile(rf"^(?:[\u4e00-\u9fff]{{1,7}}?{_UNIT})+")
_TOWNSHIP = re.compile(r"(?:乡|镇|街道|街道办事处|办事处)$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)$")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_CENTRAL = re.compile(r"^(?:国务院|中华人民共和国|国家)")
TIERS = ("省", "市", "县", "乡")
_SPACES = re.compile(r"\s+")
_ZONES = ("实验区", "新区", "开发区", "高新区", "示范区", "试验区", "合作区")


def _tier_of_place(place: str) -> str | None:
    if not place:
        return None
    if place in _MUNICIPALITIES or place.endswith(("省", "自治区", "特别行政区")):
        return "省"
    if _TOWNSHIP.search(place):
        return "乡"
    if place.endswith(("区", "县", "旗", "自治县", "自治旗", "林区", "特区")):
        return "县"
    if place.endswith(("市", "州", "盟", "自治州")):
        return "市"
    return None


def infer_body(agency: str | None) -> tuple[str | None, str | None]:
    """(tier 省/市/县/乡 or None, body government/department or None) from an agency name."""
    if not agency:
        return None, None
    name = _SPACES.sub("", agency)
    if name.endswith(("街道办事处", "办事处")):
        return "乡", "government"
    if _GOVERNMENT.search(name):
        place = _GOVERNMENT.sub("", name)
        if _TOWNSHIP.search(place):
            return "乡", "government"
        m = _PLACE.match(place)
        return _tier_of_place(m.group(0) if m else place), "government"
    if name.endswith(("管委会", "管理委员会")) or _CENTRAL.match(name):
        return None, None
    m = _PLACE.match(name)
    if m and m.group(0) == name:
        # The name is only a place ("平潭综合实验区", "洪泽区"): the report of that area's government.
        # Zones (实验区, 新区, 开发区) are run by 管委会 whose tier the name does not tell.
        return (None if name.endswith(_ZONES) else _tier_of_place(name)), "government"
    return (_tier_of_place(m.group(0)) if m else None), "department"


def resolve_body(meta_tier: str | None, meta_body: str | None, agency: str | None) -> tuple[str | None, str | None]:
    """The extractor's tier/body where set, the name's otherwise."""
    tier, body = infer_body(agency) if (meta_tier is None or meta_body is None) else (None, None)
    return meta_tier or tier, meta_body or body


def has_rule_power(tier: str | None, body: str | None) -> bool | None:
    """Whether such a body may make 规章 (立法法第九十三条); None when it cannot be told."""
    if body == "department" and tier in TIERS:
        return False
    if body == "government":
        if tier in ("省", "市"):
            return True
        if tier in ("县", "乡"):
            return False
    return None


def describe(tier: str | None, body: str | None) -> str:
    """"县级部门", "市级政府"."""
    kind = {"government": "政府", "department": "部门"}.get(body or "", "机关")
    return f"{tier}级{kind}" if tier else kind
