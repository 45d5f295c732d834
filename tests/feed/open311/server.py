#!/usr/bin/env python3
"""An Open311 GeoReport v2 server for citywall's tests, on Python's http.server.

It serves the 40 real NYC 311 requests of tests/data/nyc311_sample.csv,
spread over the last 20 days (each keeps its real time to close), as
requests.json (and requests.xml): start_date/end_date, updated_after/
updated_before (unless --no-updated), page/page_size and service_request_id,
like the city servers it stands for. Every fourth request is still open at
start, with an expected_datetime; one has no coordinates. It misbehaves
once each: the third request answers HTTP 500, the sixth gets a body cut
off in the middle. Once citywall has polled up to now twice, the open requests
close (updated now, with the real resolution notes) and seven new ones
arrive in the same second (a bulk import: more than a page in one second).

Prints {"listening":PORT}, then {"expected":{id: status,...}}: what the
wall must end up holding (open -> filed, closed -> closed; the request
without coordinates absent).
  server.py CSV [--no-updated]
"""
import csv
import datetime as dt
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

UTC = dt.timezone.utc
NOW = dt.datetime.now(UTC).replace(microsecond=0)
SUPPORTS_UPDATED = "--no-updated" not in sys.argv


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None


def parse_time(text):
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def nyc(text):
    return dt.datetime.strptime(text, "%m/%d/%Y %I:%M:%S %p")


def code(complaint):
    return "".join(c if c.isalnum() else "-" for c in complaint.upper()).strip("-")


rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
start = NOW - dt.timedelta(days=20)
requests, later = [], []
for i, r in enumerate(rows):
    created = nyc(r["Created Date"])
    closed = nyc(r["Closed Date"])
    requested = start + dt.timedelta(hours=12 * i)
    req = {
        "service_request_id": r["Unique Key"],
        "status": "closed",
        "status_notes": r["Resolution Description"],
        "service_name": r["Complaint Type"],
        "service_code": code(r["Complaint Type"]),
        "description": r["Descriptor"],
        "agency_responsible": r["Agency Name"],
        "requested_datetime": iso(requested),
        "updated_datetime": iso(requested + (closed - created)),
        "expected_datetime": None,
        "address": f'{r["Incident Address"]}, {r["City"].title()}, NY {r["Incident Zip"]}',
        "zipcode": r["Incident Zip"],
        "lat": float(r["Latitude"]),
        "long": float(r["Longitude"]),
        "media_url": None,
    }
    if i == 7:  # a request without coordinates (as some servers send: no lat/long at all)
        del req["lat"], req["long"]
    if i % 4 == 0:  # still open; it closes while citywall watches
        later.append(dict(req, updated_datetime=None))
        req.update(status="open", status_notes="", updated_datetime=iso(requested + dt.timedelta(minutes=5)),
                   expected_datetime=iso(requested + dt.timedelta(hours=8)))
    requests.append(req)
newcomers = [dict(requests[1], service_request_id=f"NEW-{k:04d}", status="open", status_notes="",
                  requested_datetime=None, updated_datetime=None, expected_datetime=None) for k in range(1, 8)]

expected = {q["service_request_id"]: "closed" for q in requests if "lat" in q}
expected.update({n["service_request_id"]: "filed" for n in newcomers})
lock = threading.Lock()
state = {"caught_up": 0, "changed": False, "requests": 0}


def change():
    now = dt.datetime.now(UTC).replace(microsecond=0)
    for closing in later:
        for q in requests:
            if q["service_request_id"] == closing["service_request_id"]:
                q.update(status="closed", status_notes=closing["status_notes"], updated_datetime=iso(now))
    for n in newcomers:
        requests.append(dict(n, requested_datetime=iso(now - dt.timedelta(seconds=1)),
                             updated_datetime=iso(now - dt.timedelta(seconds=1))))
    state["changed"] = True


def as_xml(items):
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<service_requests>"]
    for q in items:
        out.append("<request>")
        for k, v in q.items():
            out.append(f"<{k}>{escape(str(v)) if v is not None else ''}</{k}>")
        out.append("</request>")
    out.append("</service_requests>")
    return "\n".join(out)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, kind="application/json"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind + "; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        xml = url.path.endswith("/requests.xml")
        if not (url.path.endswith("/requests.json") or xml):
            return self.answer(404, json.dumps([{"code": 404, "description": "no such resource"}]))
        page = int(q.get("page", "1"))
        size = int(q.get("page_size", "1000"))
        with lock:
            state["requests"] += 1
            if state["requests"] == 3:
                return self.answer(500, "Internal Server Error", "text/plain")
            if "service_request_id" in q:
                ids = q["service_request_id"].split(",")
                items = [r for r in requests if r["service_request_id"] in ids]
            elif SUPPORTS_UPDATED and "updated_after" in q:
                lo, hi = parse_time(q["updated_after"]), parse_time(q["updated_before"])
                items = [r for r in requests if lo <= parse_time(r["updated_datetime"]) <= hi]
                self.note(hi)
            else:
                lo, hi = parse_time(q["start_date"]), parse_time(q["end_date"])
                items = [r for r in requests if lo <= parse_time(r["requested_datetime"]) <= hi]
                self.note(hi)
            items.sort(key=lambda r: (r["requested_datetime"], r["service_request_id"]))
            items = items[(page - 1) * size: page * size]
            body = as_xml(items) if xml else json.dumps(items, ensure_ascii=False)
            if state["requests"] == 6:
                body = body[: len(body) // 2]  # a body cut off in the middle
        self.answer(200, body, "text/xml" if xml else "application/json")

    def note(self, window_end):
        # Polled up to now twice: the city moves on.
        if window_end >= dt.datetime.now(UTC) - dt.timedelta(seconds=30):
            state["caught_up"] += 1
            if state["caught_up"] == 2 and not state["changed"]:
                change()


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(json.dumps({"listening": server.server_address[1]}), flush=True)
print(json.dumps({"expected": expected}), flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
