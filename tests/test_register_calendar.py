from datetime import date

from xxgk.register.calendar import add_workdays, is_known, is_workday, known_years, workday, workdays_between


def test_spring_festival_2024_holidays_and_adjusted_workdays():
    # 国办发明电〔2023〕7号: 2月10日至17日放假调休，共8天；2月4日（星期日）、2月18日（星期日）上班
    assert all(not is_workday(date(2024, 2, d)) for d in range(10, 18))
    assert is_workday(date(2024, 2, 4)) and date(2024, 2, 4).weekday() == 6
    assert is_workday(date(2024, 2, 18)) and date(2024, 2, 18).weekday() == 6
    assert not is_workday(date(2024, 2, 3))  # an ordinary Saturday


def test_national_day_2024():
    assert all(not is_workday(date(2024, 10, d)) for d in range(1, 8))
    assert is_workday(date(2024, 9, 29)) and is_workday(date(2024, 10, 12))  # 调休 Sunday / Saturday


def test_add_workdays_does_not_count_start_day():
    # Friday 2024-03-01 + 1 working day = Monday 03-04
    assert add_workdays(date(2024, 3, 1), 1) == (date(2024, 3, 4), False)
    assert add_workdays(date(2024, 3, 1), 0) == (date(2024, 3, 1), False)


def test_beyond_known_schedule_is_plain_weekdays_and_flagged():
    first, last = known_years()
    assert first <= 2019 and last >= 2025
    beyond = date(last + 3, 1, 2)
    assert not is_known(beyond)
    assert workday(beyond) == (beyond.weekday() < 5, False)
    # 2030-01-02 is a Wednesday: 20 weekdays later is 2030-01-30 (no holiday data: New Year ignored)
    assert add_workdays(date(2030, 1, 2), 20) == (date(2030, 1, 30), True)


def test_workdays_between():
    assert workdays_between(date(2024, 2, 8), date(2024, 2, 19)) == 3  # 9th, 18th, 19th
    assert workdays_between(date(2024, 2, 19), date(2024, 2, 8)) == -3
    assert workdays_between(date(2024, 2, 8), date(2024, 2, 8)) == 0
    skip = {date(2024, 2, 9)}.__contains__
    assert workdays_between(date(2024, 2, 8), date(2024, 2, 19), skip=skip) == 2
