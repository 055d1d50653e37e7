#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""bulk.py: a download at a limited rate, for t-longflow.sh.

  bulk.py serve PORT              in the background: each client that
                                  connects sends "BYTES SECONDS\\n" and gets
                                  BYTES bytes spread evenly over SECONDS
  bulk.py fetch HOST PORT BYTES SECONDS --sport N
                                  prints the bytes received; exit 1 if
                                  fewer than asked
"""
import argparse
import socket
import sys
import threading
import time

CHUNK = 16384


def feed(conn):
    with conn:
        line = b""
        while not line.endswith(b"\n"):
            d = conn.recv(64)
            if not d:
                return
            line += d
        total, secs = line.split()
        total, secs = int(total), float(secs)
        start, sent = time.monotonic(), 0
        while sent < total:
            n = min(CHUNK, total - sent)
            conn.sendall(b"b" * n)
            sent += n
            due = start + secs * sent / total
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)


def serve(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", args.port))
    s.listen(8)
    print("serving", flush=True)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=feed, args=(conn,), daemon=True).start()


def fetch(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", args.sport))
    s.settimeout(30)
    s.connect((args.host, args.port))
    s.sendall(b"%d %f\n" % (args.bytes, args.seconds))
    got = 0
    while True:
        d = s.recv(65536)
        if not d:
            break
        got += len(d)
    s.close()
    print(got, flush=True)
    return 0 if got >= args.bytes else 1


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    ps = sub.add_parser("serve")
    ps.add_argument("port", type=int)
    pf = sub.add_parser("fetch")
    pf.add_argument("host")
    pf.add_argument("port", type=int)
    pf.add_argument("bytes", type=int)
    pf.add_argument("seconds", type=float)
    pf.add_argument("--sport", type=int, required=True)
    args = p.parse_args()
    return serve(args) if args.cmd == "serve" else fetch(args)


if __name__ == "__main__":
    sys.exit(main())
