"""The dossiers app over HTTP: every view, form and page-only read lives here.

- ``staff``: the back office at /can-bo/ho-so/ (intake, inboxes, the dossier page and its
  actions), with ``staff_forms``, ``staff_actions`` (one form and service call per
  workflow action), ``staff_presenters`` (the clock panel, the control sheet) and
  ``staff_reads`` (the reads only these pages need); ``nav``: the staff menu's count.
- ``public``: the lookup at /tra-cuu/, with ``public_forms`` and ``throttle`` (its rate
  limits); what it may show is read by ``dossiers.lookup``.
- ``printouts``: the official forms (Mẫu 01–07) as HTML, PDF and .xlsx.
- ``recompute``: due-date recomputation runs after a calendar change.

Paths and their names are in ``dossiers/urls.py``.
"""
