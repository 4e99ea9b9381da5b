"""The data model: cells, reports, findings, the statutory templates and the rule catalogue."""

from .cell import Cell
from .finding import Finding
from .report import SCHEMA, TABLE_KEYS, Meta, Report
from .rules import RULE_BY_ID, RULES, Rule
from .statutory import SECTIONS, TEMPLATES, Template

__all__ = ["Cell", "Finding", "Meta", "Report", "SCHEMA", "TABLE_KEYS", "RULES", "RULE_BY_ID", "Rule",
           "SECTIONS", "TEMPLATES", "Template"]
