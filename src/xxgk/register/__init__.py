"""The year's case register: applications, reviews and suits, their deadlines, and tables 三 and 四.

    >>> from xxgk.register import Register, deadline, register_report
    >>> reg = Register.open("sqlite:///xxgk-register.sqlite")
    >>> reg.add_application("2024-001", received_on="2024-02-01", channel="网络", applicant="自然人")
    >>> deadline(reg.case("2024-001")).due
    datetime.date(2024, 3, 5)
    >>> register_report(reg, 2024).to_json()
"""

from .cases import Application, EventRecord, Litigation, Period
from .deadlines import Deadline, deadline
from .errors import DuplicateCase, ImportRejected, RegisterError, UnknownCase
from .store import DEFAULT_URL, NewCase, Register
from .tables import build_report, register_report

__all__ = [
    "DEFAULT_URL", "Application", "Deadline", "DuplicateCase", "EventRecord", "ImportRejected", "Litigation",
    "NewCase", "Period", "Register", "RegisterError", "UnknownCase", "build_report", "deadline",
    "register_report",
]
