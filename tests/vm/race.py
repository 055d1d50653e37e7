#!/usr/bin/env python3
"""Two senders, one per CPU, sharing every flow, for t-race.sh.

  race.py HOST PORT [--flows K] [--batch-ms D] [--seconds S] [--sport B]

Forks: the parent runs on CPU 0, the child on CPU 1 (on CPU 0 too where
there is only one).  Each, as fast as
it can, sends small UDP datagrams round-robin over the K flows of the
current batch: source ports B + i*K .. B + i*K + K - 1 (SO_REUSEPORT, so
both processes send on the same 5-tuples), i = the D-ms slot of the
clock both share; then the next batch, for S seconds.  Prints "flows N
sent M" (the parent: both processes' datagrams).
"""
import argparse
import os
import socket
import sys
import time


def run(a, t0, cpu):
    os.sched_setaffinity(0, {cpu % os.cpu_count()})
    sent = 0
    batch = -1
    socks = []
    payload = b"r" * 64
    while True:
        now = time.monotonic()
        if now >= t0 + a.seconds:
            break
        i = int((now - t0) * 1000 / a.batch_ms)
        if i != batch:
            for s in socks:
                s.close()
            batch = i
            socks = []
            for k in range(a.flows):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
                s.bind(("", a.sport + i * a.flows + k))
                s.connect((a.host, a.port))
                socks.append(s)
        for s in socks:
            try:
                s.send(payload)
                sent += 1
            except OSError:
                pass
    return sent, batch + 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--flows", type=int, default=64)
    p.add_argument("--batch-ms", type=float, default=400)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--sport", type=int, default=2000)
    a = p.parse_args()
    batches = int(a.seconds * 1000 / a.batch_ms) + 1
    if a.sport + batches * a.flows > 32768:
        p.error("source ports past 32767: fewer flows, seconds or batches")
    r, w = os.pipe()
    t0 = time.monotonic() + 0.5
    pid = os.fork()
    if pid == 0:
        os.close(r)
        sent, _ = run(a, t0, 1)
        os.write(w, b"%d" % sent)
        os._exit(0)
    os.close(w)
    sent, n = run(a, t0, 0)
    other = int(os.read(r, 64) or b"0")
    os.waitpid(pid, 0)
    print(f"flows {n * a.flows} sent {sent + other} (cpu0 {sent}, cpu1 {other})",
          flush=True)
    return 0 if sent and other else 1


if __name__ == "__main__":
    sys.exit(main())
