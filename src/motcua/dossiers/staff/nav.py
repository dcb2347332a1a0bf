"""Kept only because core/navigation.py (outside the dossiers app, not changed by this
move) names ``motcua.dossiers.staff.nav.open_in_my_inbox`` by path; point it at
``motcua.dossiers.web.nav.open_in_my_inbox`` and delete this package."""

from motcua.dossiers.web.nav import open_in_my_inbox

__all__ = ["open_in_my_inbox"]
