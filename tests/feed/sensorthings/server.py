#!/usr/bin/env python3
"""An OGC SensorThings service for citywall's tests: HTTP on Python's
http.server, MQTT through a Mosquitto broker it starts (Debian's mosquitto)
and publishes to with a small MQTT 3.1.1 client of its own.

The twelve Beijing stations of tests/data/beijing_stations.csv are Things
with a Location; each has a PM2.5 and an NO2 Datastream (Dongsi's with string
ids, the others numbered); a thirteenth Thing has no Location. The
Datastreams come in pages of $top with @iot.nextLink, each with its latest
Observation (hour 0 of tests/data/beijing_aq_sample.csv for the two stations
it holds). Once the Datastreams have been read, hours 1-11 of the two
stations are published, one hour every 0.2 s, on
v1.1/Datastreams(ID)/Observations; then the broker is killed and started
again on the same port; then hours 12-23, and hour 23 again every second
until the end (a late subscriber still gets the final reading).

With --secure, the service is what a city's secured platform looks like:
HTTPS with Basic authentication, the broker on MQTT over TLS with a password
file and no anonymous logins (the publisher logs in too, on a plain listener
of its own); CERT_DIR holds cert.pem and key.pem for 127.0.0.1.

Prints {"listening":HTTP_PORT}, then {"mqtt":PORT,"expected":{sensor:{metric:value}}}:
the readings the wall must end up showing.
  server.py STATIONS.csv SAMPLE.csv [--secure CERT_DIR USER PASSWORD]
"""
import base64
import csv
import ssl
import datetime as dt
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECURE = len(sys.argv) >= 7 and sys.argv[3] == "--secure"
CERT_DIR, USER, PASSWORD = (sys.argv[4], sys.argv[5], sys.argv[6]) if SECURE else (None, None, None)
stations = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
samples = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
PROPERTIES = [("PM2.5", "pm2_5"), ("NO2", "NO2")]

things, datastreams = [], []
for n, s in enumerate(stations, 1):
    thing = {"@iot.id": n, "name": s["name_zh"], "properties": {"station": s["station"]},
             "Locations": [{"@iot.id": n, "encodingType": "application/geo+json",
                            "location": {"type": "Point", "coordinates": [float(s["lon"]), float(s["lat"])]}}]}
    for prop, column in PROPERTIES:
        ds_id = f'{s["station"].lower()}-{column.lower()}' if s["station"] == "Dongsi" else len(datastreams) + 1
        datastreams.append({"@iot.id": ds_id, "name": f'{s["station"]} {prop}', "station": s["station"],
                            "column": "PM2.5" if prop == "PM2.5" else "NO2",
                            "unitOfMeasurement": {"name": "microgram per cubic meter", "symbol": "µg/m³"},
                            "Thing": thing, "ObservedProperty": {"@iot.id": prop, "name": prop}})
nowhere = {"@iot.id": 99, "name": "no location", "Locations": []}
datastreams.append({"@iot.id": 999, "name": "lost", "station": "", "column": "PM2.5",
                    "Thing": nowhere, "ObservedProperty": {"@iot.id": "PM2.5", "name": "PM2.5"}})

by_hour = {}
for r in samples:
    by_hour.setdefault(int(r["hour"]), {})[r["station"]] = r


def when(hour):
    return (dt.datetime(2013, 3, 1, hour, tzinfo=dt.timezone(dt.timedelta(hours=8)))).isoformat()


def observation(ds, hour):
    row = by_hour[hour].get(ds["station"])
    if not row or row[ds["column"]] == "NA":  # the real series has gaps
        return None
    start = dt.datetime(2013, 3, 1, hour, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    end = start + dt.timedelta(hours=1)
    return {"phenomenonTime": f"{start.isoformat()}/{end.isoformat()}", "resultTime": end.isoformat(),
            "result": float(row[ds["column"]])}


def topic(ds):
    i = ds["@iot.id"]
    return f"v1.1/Datastreams({i if isinstance(i, int) else repr(i)})/Observations"


# -- the broker ---------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


MQTT_PORT = free_port()
PUBLISH_PORT = MQTT_PORT  # where the publisher logs in: the same listener, or a plain one when secured
conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
passwords = None
if SECURE:
    PUBLISH_PORT = free_port()
    passwords = tempfile.NamedTemporaryFile("w", suffix=".passwd", delete=False)
    passwords.close()
    subprocess.run(["mosquitto_passwd", "-b", passwords.name, USER, PASSWORD], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chmod(passwords.name, 0o644)  # mosquitto started as root reads it as its own user
    cert, key = os.path.join(CERT_DIR, "cert.pem"), os.path.join(CERT_DIR, "key.pem")
    conf.write(f"listener {MQTT_PORT} 127.0.0.1\ncertfile {cert}\nkeyfile {key}\n"
               f"listener {PUBLISH_PORT} 127.0.0.1\n"
               f"allow_anonymous false\npassword_file {passwords.name}\npersistence false\n")
else:
    conf.write(f"listener {MQTT_PORT} 127.0.0.1\nallow_anonymous true\npersistence false\n")
conf.close()
broker = None


def start_broker():
    global broker
    broker = subprocess.Popen(["mosquitto", "-c", conf.name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PUBLISH_PORT), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("mosquitto did not start")


class Publisher:
    """MQTT 3.1.1: CONNECT, then PUBLISH at QoS 0; connects again when the broker went away."""

    def __init__(self):
        self.sock = None

    def connect(self):
        s = socket.create_connection(("127.0.0.1", PUBLISH_PORT), timeout=2)
        client = b"sta-test-publisher"
        flags = 0x02 | (0xC0 if SECURE else 0)  # clean session; username and password when secured
        body = struct.pack("!H", 4) + b"MQTT" + bytes([4, flags]) + struct.pack("!H", 60) + struct.pack("!H", len(client)) + client
        if SECURE:
            for field in (USER.encode(), PASSWORD.encode()):
                body += struct.pack("!H", len(field)) + field
        s.sendall(bytes([0x10]) + self.length(len(body)) + body)
        ack = s.recv(4)
        if ack[:1] != b"\x20" or ack[3:4] != b"\x00":
            raise OSError("no CONNACK, or the login was refused")
        self.sock = s

    @staticmethod
    def length(n):
        out = b""
        while True:
            byte, n = n % 128, n // 128
            out += bytes([byte | (0x80 if n else 0)])
            if not n:
                return out

    def publish(self, topic, payload):
        t = topic.encode()
        body = struct.pack("!H", len(t)) + t + json.dumps(payload).encode()
        for _ in range(2):
            try:
                if not self.sock:
                    self.connect()
                self.sock.sendall(bytes([0x30]) + self.length(len(body)) + body)
                return
            except OSError:
                self.sock = None


bootstrapped = threading.Event()


def publish_day():
    bootstrapped.wait()
    time.sleep(1.5)  # citywall connects to the broker and subscribes
    pub = Publisher()

    def hour(h):
        for ds in datastreams:
            o = observation(ds, h) if ds["station"] else None
            if o:
                pub.publish(topic(ds), o)

    for h in range(1, 12):
        hour(h)
        time.sleep(0.2)
    broker.send_signal(signal.SIGTERM)  # the broker goes away mid-run...
    broker.wait()
    pub.sock = None
    time.sleep(0.5)
    start_broker()                       # ...and comes back on the same port
    time.sleep(3)                        # citywall reconnects (1 s, then 2 s) and subscribes again
    for h in range(12, 24):
        hour(h)
        time.sleep(0.2)
    while True:
        hour(23)
        time.sleep(1)


# -- HTTP ---------------------------------------------------------------------
class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if SECURE and self.headers.get("Authorization") != "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="FROST"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        url = urllib.parse.urlsplit(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path != "/FROST/v1.1/Datastreams":
            self.send_response(404)
            self.end_headers()
            return
        top, skip = int(q.get("$top", "100")), int(q.get("$skip", "0"))
        expand = q.get("$expand", "")
        page = []
        for ds in datastreams[skip: skip + top]:
            item = {k: v for k, v in ds.items() if k not in ("station", "column")}
            if "Observations" in expand:
                o = observation(ds, 0) if ds["station"] else None
                item["Observations"] = [o] if o else []
            page.append(item)
        body = {"value": page}
        if skip + top < len(datastreams):
            rest = dict(q, **{"$skip": str(skip + top)})
            body["@iot.nextLink"] = f"{'https' if SECURE else 'http'}://127.0.0.1:{self.server.server_address[1]}{url.path}?" + urllib.parse.urlencode(rest)
        else:
            bootstrapped.set()
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def stop(*_):
    if broker:
        broker.terminate()
    os.unlink(conf.name)
    if passwords:
        os.unlink(passwords.name)
    os._exit(0)


signal.signal(signal.SIGTERM, stop)
start_broker()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if SECURE:
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(os.path.join(CERT_DIR, "cert.pem"), os.path.join(CERT_DIR, "key.pem"))
    server.socket = tls.wrap_socket(server.socket, server_side=True)
threading.Thread(target=publish_day, daemon=True).start()
expected = {}
for ds in datastreams:
    if ds["station"] and ds["station"] in by_hour[23] and by_hour[23][ds["station"]][ds["column"]] != "NA":
        thing = str(ds["Thing"]["@iot.id"])
        metric = "pm2_5" if ds["column"] == "PM2.5" else "no2"
        expected.setdefault(thing, {})[metric] = float(by_hour[23][ds["station"]][ds["column"]])
print(json.dumps({"listening": server.server_address[1]}), flush=True)
print(json.dumps({"mqtt": MQTT_PORT, "expected": expected}), flush=True)
server.serve_forever()
