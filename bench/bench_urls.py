"""URL conf of the benchmarks only (bench_settings): the product's URLs plus baselines.

- ``/bench/bare/``: a Django view that returns two bytes — the cost of the framework,
  the middleware and gunicorn, with no database.
- ``/bench/ma/?ma=<code>``: the same plus one indexed query by dossier code, plain text.

Side by side with ``/tra-cuu/?ma=<code>`` they split the lookup's latency into framework,
database and page. Never included by motcua.urls.
"""

from django.http import HttpResponse
from django.urls import include, path

from motcua.dossiers.models import Dossier
from motcua.urls import handler400, handler403, handler404, handler500  # noqa: F401


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


def one_query(request):
    found = Dossier.objects.filter(code=request.GET.get("ma", "")).values_list("status").first()
    return HttpResponse(str(found[0] if found else "-"), content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/ma/", one_query, name="bench-one-query"),
    path("", include("motcua.urls")),
]
