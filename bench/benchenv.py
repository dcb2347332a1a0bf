"""Django for the bench scripts: ``import benchenv`` first (it puts src/ on the path).

DJANGO_SETTINGS_MODULE defaults to bench_settings (the product's with DEBUG off, see
there); DATABASE_URL picks the database, as for the product (docs/deployment.md).
"""

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
for folder in (ROOT / "src", BENCH_DIR):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import django  # noqa: E402

django.setup()

import warnings  # noqa: E402

# whitenoise: STATIC_ROOT exists only after collectstatic, which the bench does not need.
warnings.filterwarnings("ignore", message="No directory at")
