#!/usr/bin/env python3
"""The two ends of an FTP and of a SIP session, as much of them as
conntrack's helpers read, for t-related.sh: each opens a related
connection (FTP passive or active data, SIP RTP media) the helper
expects.  IPv4 or IPv6, as ADDR/HOST is.

  related.py ftp-server ADDR [--port 21] [--data-port P] [--seconds S]
      answers PASV with "227 ... (ADDR,P)" or EPSV with "229 ... (|||P|)",
      accepts the data connection on P and reads it to the end; to
      "PORT h,h,h,h,p,p" it prints "PORT h.h.h.h:p" and connects from
      ADDR:P to there, and reads that to the end
  related.py ftp-client HOST [--port 21] [--sport N] [--data-sport N]
                        [--mode pasv|epsv|port]
                        [--seconds S] [--size B] [--interval MS]
      USER, then PASV (IPv4) or EPSV (IPv6), or PORT (its address and
      --data-sport),
      then B-byte writes every MS ms for S s on the data connection;
      prints "data port P sent N"
  related.py sip-server ADDR [--port 5060] [--media-port P] [--seconds S]
      answers an INVITE with 200 OK and an SDP body announcing ADDR:P,
      prints the offer ("offer c=ADDR m=PORT"), echoes what reaches P
  related.py sip-client HOST [--port 5060] [--sport N] [--rtp-port N]
                        [--go FILE] [--seconds S] [--size B] [--interval MS]
      INVITE (SDP: its own address, --rtp-port), 200 OK, ACK; once FILE
      exists, RTP-like datagrams from --rtp-port to the announced port;
      prints "media port P sent N received M", exits 1 if none came back
  related.py dscp --conntrack FILE --mask M --classes a,b,... --map a=N,...
                  --proto P --dport D --orig PCAP --reply PCAP
      verify_dscp.py's check of one flow, NAT or not: the entry of
      `conntrack -L` FILE of protocol P and original destination port D;
      its packets as they left the router, in the original direction
      captured in PCAP orig (the reply tuple reversed), in the reply
      direction in PCAP reply (the original tuple reversed): DSCP 0 until
      the decision, the class's DSCP (--map) to the end, and 1 to
      --seq-len (32) packets of both before it (dfi's own decision, not a
      class the entry came with)
"""
import argparse
import os
import re
import socket
import sys
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def uri_host(addr):
    """An address as a SIP URI's host part."""
    return "[%s]" % addr if ":" in addr else addr


def ftp_data(a, c, cmd):
    """The data connection cmd (PASV, EPSV or PORT) asks for, connected."""
    fam = family(a.addr)
    ds = socket.socket(fam)
    ds.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ds.bind((a.addr, a.data_port))
    ds.settimeout(a.seconds)
    if cmd.startswith(b"PORT "):
        n = [int(x) for x in cmd[5:].strip().split(b",")]
        host, port = "%d.%d.%d.%d" % tuple(n[:4]), n[4] * 256 + n[5]
        print(f"PORT {host}:{port}", flush=True)
        ds.connect((host, port))
        c.sendall(b"200 PORT ok\r\n")
        return ds
    ds.listen(1)
    if cmd.startswith(b"EPSV"):
        c.sendall(b"229 Entering Extended Passive Mode (|||%d|)\r\n"
                  % a.data_port)
    else:
        h = a.addr.replace(".", ",")
        c.sendall(b"227 Entering Passive Mode (%s,%d,%d).\r\n"
                  % (h.encode(), a.data_port >> 8, a.data_port & 255))
    d, _ = ds.accept()
    return d


def ftp_server(a):
    ls = socket.socket(family(a.addr))
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.addr, a.port))
    ls.listen(1)
    ls.settimeout(a.seconds)
    print("serving", flush=True)
    c, _ = ls.accept()
    c.sendall(b"220 dfi test\r\n")
    f = c.makefile("rb")
    f.readline()                                # USER
    c.sendall(b"230 logged in\r\n")
    d = ftp_data(a, c, f.readline())            # PASV, EPSV or PORT
    n = 0
    while True:
        b = d.recv(65536)
        if not b:
            break
        n += len(b)
    d.close()
    c.sendall(b"226 %d bytes\r\n" % n)
    f.readline()                                # QUIT
    c.close()
    return 0


def ftp_client_data(a, c, f):
    """(data connection, its server's port) by PASV, EPSV or PORT."""
    fam = family(a.host)
    d = socket.socket(fam)
    d.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    d.bind(("", a.data_sport))
    d.settimeout(10)
    mode = a.mode or ("epsv" if fam == socket.AF_INET6 else "pasv")
    if mode == "port":
        d.listen(1)
        me = c.getsockname()[0].replace(".", ",")
        c.sendall(b"PORT %s,%d,%d\r\n" % (me.encode(), a.data_sport >> 8,
                                           a.data_sport & 255))
        x, peer = d.accept()
        f.readline()                            # 200
        return x, peer[1]
    if mode == "epsv":
        c.sendall(b"EPSV\r\n")
        m = re.search(rb"\(\|\|\|(\d+)\|\)", f.readline())
        host, port = a.host, int(m.group(1))
    else:
        c.sendall(b"PASV\r\n")
        m = re.search(rb"\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)",
                      f.readline())
        host = ".".join(x.decode() for x in m.groups()[:4])
        port = int(m.group(5)) * 256 + int(m.group(6))
    d.connect((host, port))
    return d, port


def ftp_client(a):
    c = socket.socket(family(a.host))
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind(("", a.sport))
    c.settimeout(10)
    c.connect((a.host, a.port))
    f = c.makefile("rb")
    f.readline()                                # 220
    # conntrack's helper reads a command only where it follows a line it
    # saw in that direction: not the first
    c.sendall(b"USER dfi\r\n")
    f.readline()                                # 230
    d, port = ftp_client_data(a, c, f)
    n = 0
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        d.sendall(b"f" * a.size)
        n += 1
        time.sleep(a.interval / 1000.0)
    d.close()
    done = f.readline()                         # 226
    c.sendall(b"QUIT\r\n")
    c.close()
    print(f"data port {port} sent {n}: {done.decode().strip()}", flush=True)
    return 0 if done.startswith(b"226") else 1


def sdp(addr, port):
    ip = "IP6" if ":" in addr else "IP4"
    return ("v=0\r\no=dfi 1 1 IN %s %s\r\ns=-\r\nc=IN %s %s\r\nt=0 0\r\n"
            "m=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
            % (ip, addr, ip, addr, port)).encode()


def sip_msg(first, hdrs, body=b""):
    head = first + "\r\n" + "".join("%s: %s\r\n" % h for h in hdrs)
    if body:
        head += "Content-Type: application/sdp\r\n"
    head += "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode() + body


def sip_server(a):
    s = socket.socket(family(a.addr), socket.SOCK_DGRAM)
    s.bind((a.addr, a.port))
    m = socket.socket(family(a.addr), socket.SOCK_DGRAM)
    m.bind((a.addr, a.media_port))
    s.settimeout(a.seconds)
    print("serving", flush=True)
    data, peer = s.recvfrom(65535)
    c = re.search(rb"\r\nc=IN IP[46] (\S+)", data)
    p = re.search(rb"\r\nm=audio (\d+)", data)
    print("offer c=%s m=%s" % (c.group(1).decode() if c else "-",
                               p.group(1).decode() if p else "-"), flush=True)
    hdrs = [tuple(x.split(": ", 1)) for x in
            data.split(b"\r\n\r\n")[0].decode().split("\r\n")[1:]]
    keep = [h for h in hdrs if h[0] in ("Via", "From", "To", "Call-ID",
                                        "CSeq")]
    s.sendto(sip_msg("SIP/2.0 200 OK", keep + [
        ("Contact", "<sip:b@%s:%d>" % (uri_host(a.addr), a.port))],
        sdp(a.addr, a.media_port)), peer)
    s.recvfrom(65535)                           # ACK
    m.settimeout(a.seconds)
    try:
        while True:
            data, peer = m.recvfrom(65535)
            m.sendto(data, peer)
            m.settimeout(2)
    except socket.timeout:
        pass
    return 0


def sip_client(a):
    fam = family(a.host)
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind(("", a.sport))
    s.connect((a.host, a.port))
    s.settimeout(10)
    me = s.getsockname()[0]
    hme, hhost = uri_host(me), uri_host(a.host)
    hdrs = [("Via", "SIP/2.0/UDP %s:%d;branch=z9hG4bKdfi1" % (hme, a.sport)),
            ("From", "<sip:a@%s>;tag=1" % hme),
            ("To", "<sip:b@%s>" % hhost),
            ("Call-ID", "dfi-related@%s" % hme),
            ("CSeq", "1 INVITE"),
            ("Contact", "<sip:a@%s:%d>" % (hme, a.sport))]
    uri = "sip:b@%s" % hhost
    s.send(sip_msg("INVITE %s SIP/2.0" % uri, hdrs, sdp(me, a.rtp_port)))
    ans = s.recv(65535)
    port = int(re.search(rb"m=audio (\d+)", ans).group(1))
    hdrs[4] = ("CSeq", "1 ACK")
    s.send(sip_msg("ACK %s SIP/2.0" % uri, hdrs))
    status = ans.split(b"\r\n")[0].decode()
    print(f"answered: {status}, media port {port}", flush=True)
    give_up = time.monotonic() + 60
    while a.go and not os.path.exists(a.go) and time.monotonic() < give_up:
        time.sleep(0.1)
    m = socket.socket(fam, socket.SOCK_DGRAM)
    m.bind(("", a.rtp_port))
    m.connect((a.host, port))
    m.settimeout(a.interval / 1000.0)
    sent = got = 0
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        m.send(b"\x80\x00" + b"r" * (a.size - 2))
        sent += 1
        try:
            got += 1 if m.recv(65535) else 0
        except (socket.timeout, OSError):
            pass
        time.sleep(a.interval / 1000.0)
    print(f"media port {port} sent {sent} received {got}", flush=True)
    return 0 if got else 1


def dscp(a):
    import verify_dscp
    classes = a.classes.split(",")
    dmap = {k: int(v) for k, v in (x.split("=") for x in a.map.split(","))}
    for line in open(a.conntrack):
        kv = re.findall(r"\b(src|dst|sport|dport)=(\S+)", line)
        mk = re.search(r"\bmark=(\d+)", line)
        if not line.startswith(a.proto) or len(kv) < 8 or not mk or \
                int(dict(kv[:4])["dport"]) != a.dport:
            continue
        o, r = dict(kv[:4]), dict(kv[4:8])
        cls = verify_dscp.ct_class(int(mk.group(1)), a.mask, classes)
        if cls is None:
            print(f"not ok - {a.proto} dport {a.dport}: no class")
            return 1
        lines, fails, unmarked = verify_dscp.check_flow(
            list(verify_dscp.packets(a.orig)),
            list(verify_dscp.packets(a.reply)),
            (a.proto, r["dst"], int(r["dport"]), r["src"], int(r["sport"])),
            cls, dmap[cls], 0,
            back=(a.proto, o["dst"], int(o["dport"]), o["src"],
                  int(o["sport"])))
        print("\n".join(lines))
        # its own decision: not a class its first packet came with
        ok = 1 <= unmarked <= a.seq_len
        print(f"{'ok' if ok else 'not ok'} - {a.proto} dport {a.dport}: "
              f"{unmarked} packets before the decision (1 to {a.seq_len})")
        return 1 if fails or not ok else 0
    print(f"not ok - no {a.proto} entry of dport {a.dport}")
    return 1


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    x = sub.add_parser("ftp-server")
    x.add_argument("addr")
    x.add_argument("--port", type=int, default=21)
    x.add_argument("--data-port", type=int, default=20021)
    x.add_argument("--seconds", type=float, default=60)
    x = sub.add_parser("ftp-client")
    x.add_argument("host")
    x.add_argument("--port", type=int, default=21)
    x.add_argument("--sport", type=int, default=21001)
    x.add_argument("--data-sport", type=int, default=21002)
    x.add_argument("--mode", choices=("pasv", "epsv", "port"),
                   help="default: pasv over IPv4, epsv over IPv6")
    x.add_argument("--seconds", type=float, default=3)
    x.add_argument("--size", type=int, default=1200)
    x.add_argument("--interval", type=float, default=10)
    x = sub.add_parser("sip-server")
    x.add_argument("addr")
    x.add_argument("--port", type=int, default=5060)
    x.add_argument("--media-port", type=int, default=30000)
    x.add_argument("--seconds", type=float, default=60)
    x = sub.add_parser("sip-client")
    x.add_argument("host")
    x.add_argument("--port", type=int, default=5060)
    x.add_argument("--sport", type=int, default=5060)
    x.add_argument("--rtp-port", type=int, default=30002)
    x.add_argument("--go", help="start the media once this file exists")
    x.add_argument("--seconds", type=float, default=3)
    x.add_argument("--size", type=int, default=172)
    x.add_argument("--interval", type=float, default=20)
    x = sub.add_parser("dscp")
    x.add_argument("--conntrack", required=True)
    x.add_argument("--mask", type=lambda v: int(v, 0), required=True)
    x.add_argument("--classes", required=True)
    x.add_argument("--map", required=True)
    x.add_argument("--proto", required=True)
    x.add_argument("--dport", type=int, required=True)
    x.add_argument("--orig", required=True)
    x.add_argument("--reply", required=True)
    x.add_argument("--seq-len", type=int, default=32)
    a = p.parse_args()
    return {"ftp-server": ftp_server, "ftp-client": ftp_client,
            "sip-server": sip_server, "sip-client": sip_client,
            "dscp": dscp}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
