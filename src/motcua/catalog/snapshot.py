"""The researched snapshot of the national catalogue shipped in ``data/``: 53 ward-level
procedures (procedures.csv) and the sources and doubts behind their values
(procedures-notes.md). The staff notes page shows the notes; the demo publishes the rows."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CSV_PATH = DATA_DIR / "procedures.csv"
NOTES_PATH = DATA_DIR / "procedures-notes.md"
