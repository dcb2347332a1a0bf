"""The web layer above the apps: what every page shares (the staff menu, the site context).
It may import any app; no app imports it."""
