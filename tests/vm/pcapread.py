"""pcapread.py: the TCP/UDP packets of a classic pcap file, for the tests.

packets(path) yields (ts, l4, src, sport, dst, dport, dscp, iplen) per
IPv4/IPv6 TCP or UDP packet of an Ethernet or Linux cooked capture (what
tcpdump writes in the VM); ts in seconds, l4 "tcp" or "udp", iplen the IP
header's total length (the capture may be cut by its snap length).
"""
import socket
import struct


def _parse(link, pkt):
    """(l4, src, sport, dst, dport, dscp, iplen) of a TCP/UDP packet."""
    if link == 1:
        etype = struct.unpack("!H", pkt[12:14])[0]
        pkt = pkt[14:]
    elif link == 113:	# Linux cooked
        etype = struct.unpack("!H", pkt[14:16])[0]
        pkt = pkt[16:]
    else:
        return None
    if etype == 0x0800 and len(pkt) >= 20:
        ihl = (pkt[0] & 15) * 4
        dscp, proto = pkt[1] >> 2, pkt[9]
        iplen = struct.unpack("!H", pkt[2:4])[0]
        src = socket.inet_ntop(socket.AF_INET, pkt[12:16])
        dst = socket.inet_ntop(socket.AF_INET, pkt[16:20])
        l4 = pkt[ihl:]
    elif etype == 0x86dd and len(pkt) >= 40:
        dscp = ((pkt[0] & 15) << 2) | (pkt[1] >> 6)
        proto = pkt[6]
        iplen = 40 + struct.unpack("!H", pkt[4:6])[0]
        src = socket.inet_ntop(socket.AF_INET6, pkt[8:24])
        dst = socket.inet_ntop(socket.AF_INET6, pkt[24:40])
        l4 = pkt[40:]
    else:
        return None
    if proto not in (6, 17) or len(l4) < 4:
        return None
    sport, dport = struct.unpack("!HH", l4[:4])
    return ("tcp" if proto == 6 else "udp", src, sport, dst, dport, dscp,
            iplen)


def byte_order(head):
    """The struct byte-order prefix of a pcap file, from its header."""
    magic = struct.unpack("<I", head[:4])[0]
    return "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"


def records(path):
    """The file's header, then (record bytes, ts, parsed packet or None)
    per record."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    yield data[:24]
    end = byte_order(data)
    nano = struct.unpack(end + "I", data[:4])[0] == 0xa1b23c4d
    link = struct.unpack(end + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(end + "IIII", data[off:off + 16])
        rec = data[off:off + 16 + caplen]
        off += 16 + caplen
        yield rec, sec + frac / (1e9 if nano else 1e6), _parse(link, rec[16:])


def packets(path):
    it = records(path)
    next(it, None)
    for _, ts, p in it:
        if p:
            yield (ts,) + p
