#!/usr/bin/env python3
"""A TCP/IPv6 client behind a TUN device with virtio-net headers, as a
VM's tap or a packet socket with PACKET_VNET_HDR: its data goes to the
kernel as GSO aggregates the kernel marks SKB_GSO_DODGY, with no segment
count.  Run in the router netns; the server is reached through it.

  tungso.py DEV LOCAL/PLEN REMOTE SERVER PORT [--aggs N] [--segs K]

Makes DEV (TUN, IFF_VNET_HDR) with LOCAL/PLEN, handshakes from REMOTE
(source port 20001) with SERVER:PORT (MSS 1440), then sends N aggregates
of K segments of 1428 bytes (TCP timestamps: 32-byte headers) plus 100
bytes, 20 ms apart.  Prints "aggregates N" and exits 0 once the server's
SYN-ACK came and every aggregate was written.
"""
import argparse
import fcntl
import ipaddress
import os
import select
import struct
import subprocess
import time

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI, IFF_VNET_HDR = 0x0001, 0x1000, 0x4000
VNET_F_NEEDS_CSUM = 1
VNET_GSO_NONE, VNET_GSO_TCPV6 = 0, 4
SPORT = 20001
MSS = 1440
SEG = MSS - 12          # the timestamp option in every data segment


def vnet(gso_type, hdr_len, gso_size):
    # flags, gso_type, hdr_len, gso_size, csum_start, csum_offset (LE):
    # the checksum is left to the kernel (CHECKSUM_PARTIAL)
    return struct.pack("<BBHHHH", VNET_F_NEEDS_CSUM, gso_type, hdr_len,
                       gso_size, 40, 16)


def ip6(src, dst, payload):
    return struct.pack("!IHBB", 6 << 28, len(payload), 6, 64) + \
        src.packed + dst.packed + payload


def tcp(sport, dport, seq, ack, flags, opts, payload=b""):
    opts += b"\0" * (-len(opts) % 4)
    doff = (20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, doff << 4,
                       flags, 65535, 0, 0) + opts + payload


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dev")
    p.add_argument("local")
    p.add_argument("remote")
    p.add_argument("server")
    p.add_argument("port", type=int)
    p.add_argument("--aggs", type=int, default=10)
    p.add_argument("--segs", type=int, default=3)
    a = p.parse_args()
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", a.dev.encode(),
                                           IFF_TUN | IFF_NO_PI | IFF_VNET_HDR))
    subprocess.check_call(["ip", "addr", "add", a.local, "dev", a.dev,
                           "nodad"])
    subprocess.check_call(["ip", "link", "set", a.dev, "up"])
    src = ipaddress.IPv6Address(a.remote)
    dst = ipaddress.IPv6Address(a.server)
    mss = struct.pack("!BBH", 2, 4, MSS)
    seq = 1000
    syn = tcp(SPORT, a.port, seq, 0, 0x02, mss)
    end = time.monotonic() + 20
    peer = None
    while peer is None and time.monotonic() < end:
        os.write(fd, vnet(VNET_GSO_NONE, 0, 0) + ip6(src, dst, syn))
        t = time.monotonic() + 1
        while peer is None and time.monotonic() < t:
            if not select.select([fd], [], [], 0.2)[0]:
                continue
            b = os.read(fd, 65535)[10:]
            if len(b) < 60 or b[0] >> 4 != 6 or b[6] != 6:
                continue
            sp, dp, s, _, _, fl = struct.unpack("!HHIIBB", b[40:54])
            if sp == a.port and dp == SPORT and fl & 0x12 == 0x12:
                peer = s + 1
    if peer is None:
        print("no SYN-ACK")
        return 1
    seq += 1
    ts = b"\1\1" + struct.pack("!BBII", 8, 10, 1, 0)
    ack = tcp(SPORT, a.port, seq, peer, 0x10, ts)
    os.write(fd, vnet(VNET_GSO_NONE, 0, 0) + ip6(src, dst, ack))
    for i in range(a.aggs):
        time.sleep(0.02)
        data = bytes([i]) * (a.segs * SEG + 100)
        seg = tcp(SPORT, a.port, seq, peer, 0x18, ts, data)
        os.write(fd, vnet(VNET_GSO_TCPV6, 40 + 32, SEG) + ip6(src, dst, seg))
        seq += len(data)
    time.sleep(0.5)
    print("aggregates", a.aggs, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
