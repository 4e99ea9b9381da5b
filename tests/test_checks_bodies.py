"""Kinds of body from their names, and who may make 规章 (立法法第九十三条)."""

from __future__ import annotations

import pytest

from xxgk.checks.bodies import has_rule_power, infer_body, resolve_body


@pytest.mark.parametrize(("agency", "tier", "body"), [
    ("淮安市人民政府", "市", "government"),
    ("淮安市洪泽区人民政府", "县", "government"),
    ("洪泽区人民政府", "县", "government"),
    ("四方台区人民政府", "县", "government"),
    ("浙江省人民政府", "省", "government"),
    ("内蒙古自治区人民政府", "省", "government"),
    ("北京市人民政府", "省", "government"),
    ("北京市朝阳区人民政府", "县", "government"),
    ("延边朝鲜族自治州人民政府", "市", "government"),
    ("某某旗政府", "县", "government"),
    ("某某镇人民政府", "乡", "government"),
    ("某某街道办事处", "乡", "government"),
    ("洪泽区", "县", "government"),
    ("平潭综合实验区", None, "government"),
    ("秀洲区经济信息商务局", "县", "department"),
    ("福田区企业发展服务中心", "县", "department"),
    ("广州开发区民营经济和企业服务局", "县", "department"),
    ("淮安市市场监督管理局", "市", "department"),
    ("淮安市人民政府办公室", "市", "department"),
    ("国家统计局", None, None),
    ("某某经济开发区管委会", None, None),
    (None, None, None),
])
def test_infer_body(agency, tier, body):
    assert infer_body(agency) == (tier, body)


@pytest.mark.parametrize(("tier", "body", "power"), [
    ("省", "government", True), ("市", "government", True), ("县", "government", False),
    ("乡", "government", False), ("市", "department", False), ("省", "department", False),
    (None, "department", None), (None, "government", None), ("县", None, None),
])
def test_rule_power(tier, body, power):
    assert has_rule_power(tier, body) is power


def test_resolve_prefers_meta():
    assert resolve_body("市", "government", "某某县人民政府") == ("市", "government")
    assert resolve_body(None, None, "某某县人民政府") == ("县", "government")
    assert resolve_body(None, "department", "某某县人民政府") == ("县", "department")
