"""The working calendar as the dossier clock needs it (an adapter over workcal.engine)."""

from __future__ import annotations

import datetime as dt

from motcua.workcal import calendars, engine

from .clock import StageEnd


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

    def stage_ends(self, start: dt.datetime, deadlines, *, received: bool) -> list[StageEnd]:
        ends = self.cal.stage_ends(self.cal.to_seconds(start), deadlines, received=received)
        return [StageEnd(self.cal.to_datetime(end.at), end.last_day) for end in ends]

    def calendar_day_end(self, last_day: dt.date) -> dt.datetime:
        return self.cal.to_datetime(self.cal.calendar_day_end_seconds(last_day))

    def due(self, received: dt.datetime, plan: engine.Plan) -> dt.datetime:
        return self.stage_ends(received, plan.deadlines, received=True)[-1].at


def calendar_for(agency) -> DossierCalendar:
    return DossierCalendar(calendars.calendar_for(agency))
