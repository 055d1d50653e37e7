#!/usr/bin/env python3
"""player.py: a DASH video player's network behaviour, over HTTPS.

  player.py URL [--seconds S]

URL is the presentation's manifest.mpd.  One persistent TLS connection
(HTTP/1.1 keep-alive), like a browser's player: the manifest, the init
segments, a start-up burst filling a 3-segment buffer, then one video and
one audio segment each segment duration (play-out pace) until S seconds or
the end of the presentation.
"""
import argparse
import http.client
import re
import ssl
import time
import urllib.parse


def main():
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("--seconds", type=float, default=30)
    a = p.parse_args()
    u = urllib.parse.urlsplit(a.url)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(u.hostname, u.port or 443, context=ctx)
    base = u.path.rsplit("/", 1)[0] + "/"

    def get(path):
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise SystemExit(f"player: {path}: HTTP {r.status}")
        return body

    mpd = get(u.path).decode()
    dur = float(re.search(r'duration="(\d+)"', mpd).group(1)) / \
        float(re.search(r'timescale="(\d+)"', mpd).group(1))
    total = float(re.search(r'mediaPresentationDuration="PT([\d.]+)S"',
                            mpd).group(1))
    reps = re.findall(r'<Representation id="(\d+)"', mpd)
    init = re.search(r'initialization="([^"]+)"', mpd).group(1)
    media = re.search(r'media="([^"]+)"', mpd).group(1)
    start = int(re.search(r'startNumber="(\d+)"', mpd).group(1))

    def name(tmpl, rep, num=0):
        s = tmpl.replace("$RepresentationID$", rep)
        return base + re.sub(r"\$Number%0(\d+)d\$",
                             lambda m: str(num).zfill(int(m.group(1))), s)

    for rep in reps:
        get(name(init, rep))
    t0 = time.monotonic()
    nseg = int(total / dur)
    got = 0
    for i in range(nseg):
        due = t0 + max(0, i - 3) * dur	# 3 segments of buffer first
        if due > t0 + a.seconds:
            break
        time.sleep(max(0, due - time.monotonic()))
        for rep in reps:
            got += len(get(name(media, rep, start + i)))
    print(f"player: {got} bytes of segments")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
