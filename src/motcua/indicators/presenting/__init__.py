"""What the indicators pages show, shaped from the figures (``indicators/figures.py``):
each number paired with the address of the list of dossiers behind it.

- ``links``: the page's scope and period (``Selection``) and the address behind a number.
- ``wording``: sentences the pages share ("Số liệu tính đến …").
- ``tables``: the Decision 766 scorecard and the directive's rate tables.
- ``dashboard``: the leadership dashboard (tables, trend, rankings).
- ``public``: the public statistics (no links, no names).
- ``charts``: what Chart.js draws (the same numbers as the tables).

Nothing here counts or reads the database: a link is built from the same scope, period
and code the number was computed with, so the drill-down page (drilldown.drill) lists
exactly the rows that were counted.
"""
