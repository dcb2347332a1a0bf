"""One server process for files_bench.py: Django behind wsgiref, one request at a time,
so that the process measured is the one that parses the upload."""

import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

import benchenv  # noqa: F401  (sets Django up)
from django.core.wsgi import get_wsgi_application


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = make_server("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), handler_class=Quiet)
    print("ready", flush=True)
    server.serve_forever()
