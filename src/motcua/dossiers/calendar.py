"""The working calendar as the dossier clock needs it (an adapter over workcal.engine)."""

from __future__ import annotations

import datetime as dt

from motcua.workcal import calendars, engine


class DossierCalendar:
    """clock.WorkingCalendar over an engine.Calendar: aware datetimes in, aware out."""

    def __init__(self, cal: engine.Calendar):
        self.cal = cal

    def effective_start(self, moment: dt.datetime) -> dt.datetime:
        return self.cal.effective_start(moment)

    def add_working_seconds(self, start: dt.datetime, seconds: int) -> dt.datetime:
        return self.cal.to_datetime(self.cal.due_seconds(self.cal.to_seconds(start), seconds))

    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> int:
        return self.cal.elapsed_seconds(self.cal.to_seconds(start), self.cal.to_seconds(end))

    def due(self, received: dt.datetime, deadline: engine.Deadline) -> dt.datetime:
        return self.cal.due_at(received, deadline)


def calendar_for(agency) -> DossierCalendar:
    return DossierCalendar(calendars.calendar_for(agency))
