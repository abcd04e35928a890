"""The reference for bench/throughput.py: the least a Flask app served by gunicorn can do.

One route returning a tiny HTML page, no database, no templates, no session. Served exactly as Lleisiau
is (`gunicorn -w N bench.minimal_app:app`, the same workers and the same client), its requests per
second are what this machine and this client can do at all; Lleisiau's pages are reported as a share
of it.
"""

from __future__ import annotations

from flask import Flask

PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Hello</title></head><body><p>Hello.</p></body></html>"
)

app = Flask(__name__)


@app.get("/")
def hello() -> tuple[str, int, dict[str, str]]:
    return PAGE, 200, {"Content-Type": "text/html; charset=utf-8"}
