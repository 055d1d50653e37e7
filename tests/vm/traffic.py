#!/usr/bin/env python3
"""Bounded TCP/UDP traffic for the VM tests.

  traffic.py serve [--tcp PORT] [--udp PORT] [--seconds S]
      echo server(s) on all addresses (v4 and v6), ending after S seconds
  traffic.py send {tcp|udp} HOST PORT [--seconds S] [--size B] [--interval MS]
      send B-byte messages every MS milliseconds for S seconds, reading the
      echoes; prints "sent N received M" and exits 1 when nothing came back
  traffic.py count HOST PORT [--packets N] [--interval MS]
      N numbered UDP datagrams, then waits for their echoes; prints
      "sent N received M" and exits 1 unless every one came back
"""
import argparse
import selectors
import socket
import sys
import time


def serve(args):
    sel = selectors.DefaultSelector()
    end = time.monotonic() + args.seconds
    if args.tcp:
        ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        ls.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind(("::", args.tcp))
        ls.listen(64)
        ls.setblocking(False)
        sel.register(ls, selectors.EVENT_READ, "listen")
    if args.udp:
        us = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        us.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        us.bind(("::", args.udp))
        us.setblocking(False)
        sel.register(us, selectors.EVENT_READ, "udp")
    print("serving", flush=True)
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=0.2):
            s = key.fileobj
            try:
                if key.data == "listen":
                    c, _ = s.accept()
                    c.setblocking(False)
                    sel.register(c, selectors.EVENT_READ, "tcp")
                elif key.data == "udp":
                    data, peer = s.recvfrom(65535)
                    s.sendto(data, peer)
                else:
                    data = s.recv(65535)
                    if data:
                        s.sendall(data)
                    else:
                        sel.unregister(s)
                        s.close()
            except OSError:
                if key.data == "tcp":
                    sel.unregister(s)
                    s.close()
    return 0


def send(args):
    # HOST,HOST...: one flow to each, one after the other, from this one
    # process (a second python start under a slow guest can take longer
    # than the multi-flow context's window)
    rc = 0
    for host in args.host.split(","):
        rc |= send_one(args, host)
    return rc


def send_one(args, host):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    kind = socket.SOCK_STREAM if args.proto == "tcp" else socket.SOCK_DGRAM
    # The server may still be starting (python under TCG is slow): retry.
    give_up = time.monotonic() + 20
    while True:
        s = socket.socket(fam, kind)
        s.settimeout(2.0)
        if args.sport:
            # the same source port for flows to several servers, one
            # after the other (the previous one may be in TIME_WAIT)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("::" if fam == socket.AF_INET6 else "", args.sport))
        try:
            s.connect((host, args.port))
            break
        except ConnectionRefusedError:
            s.close()
            if time.monotonic() > give_up:
                raise
            time.sleep(0.2)
    s.settimeout(max(args.interval / 1000.0, 0.05))
    payload = b"d" * args.size
    sent = received = 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        try:
            s.send(payload)
            sent += 1
            received += len(s.recv(65535)) // args.size if args.proto == "tcp" else (1 if s.recv(65535) else 0)
        except socket.timeout:
            pass
        except OSError:
            time.sleep(args.interval / 1000.0)
        time.sleep(args.interval / 1000.0)
    s.close()
    print(f"sent {sent} received {received}", flush=True)
    return 0 if received > 0 else 1


def count(args):
    fam = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.connect((args.host, args.port))
    s.setblocking(False)
    got = set()

    def drain():
        while True:
            try:
                got.add(int(s.recv(65535).split(b" ")[0]))
            except (BlockingIOError, ValueError):
                return
            except OSError:
                return

    for i in range(args.packets):
        s.send(b"%d " % i + b"v" * 150)
        time.sleep(args.interval / 1000.0)
        drain()
    end = time.monotonic() + 5
    while len(got) < args.packets and time.monotonic() < end:
        time.sleep(0.05)
        drain()
    print(f"sent {args.packets} received {len(got)}", flush=True)
    return 0 if len(got) == args.packets else 1


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    ps = sub.add_parser("serve")
    ps.add_argument("--tcp", type=int)
    ps.add_argument("--udp", type=int)
    ps.add_argument("--seconds", type=float, default=10)
    pc = sub.add_parser("send")
    pc.add_argument("proto", choices=["tcp", "udp"])
    pc.add_argument("host", help="HOST or HOST,HOST...: a flow to each in turn")
    pc.add_argument("port", type=int)
    pc.add_argument("--seconds", type=float, default=2)
    pc.add_argument("--size", type=int, default=100)
    pc.add_argument("--interval", type=float, default=20)
    pc.add_argument("--sport", type=int, default=0,
                    help="source port (default: any)")
    pn = sub.add_parser("count")
    pn.add_argument("host")
    pn.add_argument("port", type=int)
    pn.add_argument("--packets", type=int, default=100)
    pn.add_argument("--interval", type=float, default=10)
    a = p.parse_args()
    return {"serve": serve, "send": send, "count": count}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
