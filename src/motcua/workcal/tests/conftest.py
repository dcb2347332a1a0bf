import pytest

from motcua.workcal import calendars


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # Agency ids repeat between tests on a rolled-back database: start each test cold.
    calendars.clear_cache()
    yield
    calendars.clear_cache()
