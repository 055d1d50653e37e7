#!/usr/bin/env python3
"""game.py: the traffic of a fast-paced online game, client and server.

  game.py server --bind ADDR [--port P] [--seconds S]
  game.py client HOST [--port P] [--seconds S] [--seed N]

Modelled on published measurements of first-person shooters (Faerber,
"Network game traffic modelling", NetGames 2002; Feng et al., "A traffic
characterization of popular on-line games", IEEE/ACM ToN 2005): the client
sends small commands at its frame rate (30-60 Hz, 50-90 bytes), the server
answers with state snapshots at a fixed tick (20-60 Hz, chosen per player
session; 100-300 bytes, bigger after a round's events).  Both over one UDP 5-tuple.  Beside it, the
same client keeps a TCP session to the game server's lobby port with a
heartbeat every second: the multi-flow pattern of a game.
"""
import argparse
import random
import select
import signal
import socket
import struct
import sys
import time


def addr(host, port, kind):
    fam, _, _, _, sa = socket.getaddrinfo(host, port, 0, kind)[0]
    return fam, sa


def server(a):
    end = time.monotonic() + a.seconds
    fam, sa = addr(a.bind, a.port, socket.SOCK_DGRAM)
    u = socket.socket(fam, socket.SOCK_DGRAM)
    u.bind(sa)
    t = socket.socket(fam, socket.SOCK_STREAM)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind(sa)
    t.listen(8)
    print("serving", flush=True)
    rng = random.Random(a.seed)
    # per player: [last heard, next snapshot due, tick]; each session gets
    # its own tick rate, as servers of different games would
    peers, conns = {}, []
    seq = 0
    while time.monotonic() < end:
        due = min((p[1] for p in peers.values()), default=time.monotonic() + 0.2)
        r, _, _ = select.select([u, t] + conns, [], [],
                                max(0, due - time.monotonic()))
        for s in r:
            if s is u:
                d, peer = u.recvfrom(2048)
                if d == b"\xff":		# the player left
                    peers.pop(peer, None)
                    continue
                now = time.monotonic()
                if peer not in peers:
                    peers[peer] = [now, now, 1 / rng.choice((20, 25, 30, 60))]
                peers[peer][0] = now
            elif s is t:
                conns.append(t.accept()[0])
            else:
                d = s.recv(512)
                if d:
                    s.send(b"\x01" + bytes(23))	# heartbeat ack
                else:
                    conns.remove(s)
                    s.close()
        now = time.monotonic()
        for peer, p in list(peers.items()):
            if now - p[0] > 2:
                del peers[peer]
                continue
            if now < p[1]:
                continue
            p[1] += p[2]
            seq += 1
            size = int(rng.gauss(160, 35))
            if rng.random() < 0.05:		# an event: a bigger update
                size += rng.randint(150, 500)
            size = max(60, min(size, 1200))
            u.sendto(struct.pack("!I", seq) + bytes(size - 4), peer)
    return 0


def client(a):
    rng = random.Random(a.seed)
    end = time.monotonic() + a.seconds
    fam, sa = addr(a.host, a.port, socket.SOCK_DGRAM)
    u = socket.socket(fam, socket.SOCK_DGRAM)
    u.connect(sa)
    t = socket.socket(fam, socket.SOCK_STREAM)
    t.connect(sa)
    t.send(b"\x00hello" + bytes(58))
    frame = 1 / rng.choice((30, 40, 60))
    got = 0
    # timeout(1) ends a player with SIGTERM: leave the game properly
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        got = play(rng, end, frame, u, t)
    finally:
        u.send(b"\xff")
    print(f"game client: {got} snapshots")
    return 0


def play(rng, end, frame, u, t):
    nxt = hb = time.monotonic()
    got = 0
    while time.monotonic() < end:
        r, _, _ = select.select([u, t], [], [],
                                max(0, min(nxt, hb) - time.monotonic()))
        if u in r:
            u.recv(2048)
            got += 1
        if t in r:
            t.recv(512)
        now = time.monotonic()
        if now >= nxt:
            nxt += frame * rng.uniform(0.8, 1.2)
            size = max(40, min(int(rng.gauss(72, 10)), 140))
            u.send(bytes(size))
        if now >= hb:
            hb += 1.0
            t.send(b"\x02" + bytes(31))
    t.close()
    return got


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=("server", "client"))
    p.add_argument("host", nargs="?")
    p.add_argument("--bind", default="::")
    p.add_argument("--port", type=int, default=27015)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    return server(a) if a.role == "server" else client(a)


if __name__ == "__main__":
    raise SystemExit(main())
