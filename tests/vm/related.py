#!/usr/bin/env python3
"""The two ends of an FTP and of a SIP session, as much of them as
conntrack's helpers read, for t-related.sh: each opens a related
connection (FTP passive data, SIP RTP media) the helper expects.

  related.py ftp-server ADDR [--port 21] [--data-port P] [--seconds S]
      answers PASV with "227 ... (ADDR,P)", accepts the data connection
      on P and reads it to the end
  related.py ftp-client HOST [--port 21] [--sport N] [--data-sport N]
                        [--seconds S] [--size B] [--interval MS]
      PASV, then B-byte writes every MS ms for S s on the data connection;
      prints "data port P sent N"
  related.py sip-server ADDR [--port 5060] [--media-port P] [--seconds S]
      answers an INVITE with 200 OK and an SDP body announcing ADDR:P,
      echoes what reaches P
  related.py sip-client HOST [--port 5060] [--sport N] [--rtp-port N]
                        [--go FILE] [--seconds S] [--size B] [--interval MS]
      INVITE (SDP: its own address, --rtp-port), 200 OK, ACK; once FILE
      exists, RTP-like datagrams from --rtp-port to the announced port;
      prints "media port P sent N received M", exits 1 if none came back
"""
import argparse
import os
import re
import socket
import sys
import time


def ftp_server(a):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.addr, a.port))
    ls.listen(1)
    ds = socket.socket()
    ds.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ds.bind((a.addr, a.data_port))
    ds.listen(1)
    ls.settimeout(a.seconds)
    ds.settimeout(a.seconds)
    print("serving", flush=True)
    c, _ = ls.accept()
    c.sendall(b"220 dfi test\r\n")
    f = c.makefile("rb")
    f.readline()                                # PASV
    h = a.addr.replace(".", ",")
    c.sendall(b"227 Entering Passive Mode (%s,%d,%d).\r\n"
              % (h.encode(), a.data_port >> 8, a.data_port & 255))
    d, _ = ds.accept()
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


def ftp_client(a):
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind(("", a.sport))
    c.settimeout(10)
    c.connect((a.host, a.port))
    f = c.makefile("rb")
    f.readline()                                # 220
    c.sendall(b"PASV\r\n")
    m = re.search(rb"\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)", f.readline())
    host = ".".join(x.decode() for x in m.groups()[:4])
    port = int(m.group(5)) * 256 + int(m.group(6))
    d = socket.socket()
    d.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    d.bind(("", a.data_sport))
    d.settimeout(10)
    d.connect((host, port))
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
    return ("v=0\r\no=dfi 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
            "m=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
            % (addr, addr, port)).encode()


def sip_msg(first, hdrs, body=b""):
    head = first + "\r\n" + "".join("%s: %s\r\n" % h for h in hdrs)
    if body:
        head += "Content-Type: application/sdp\r\n"
    head += "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode() + body


def sip_server(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.addr, a.port))
    m = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    m.bind((a.addr, a.media_port))
    s.settimeout(a.seconds)
    print("serving", flush=True)
    data, peer = s.recvfrom(65535)
    hdrs = [tuple(x.split(": ", 1)) for x in
            data.split(b"\r\n\r\n")[0].decode().split("\r\n")[1:]]
    keep = [h for h in hdrs if h[0] in ("Via", "From", "To", "Call-ID",
                                        "CSeq")]
    s.sendto(sip_msg("SIP/2.0 200 OK", keep + [
        ("Contact", "<sip:b@%s:%d>" % (a.addr, a.port))],
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
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("", a.sport))
    s.connect((a.host, a.port))
    s.settimeout(10)
    me = s.getsockname()[0]
    hdrs = [("Via", "SIP/2.0/UDP %s:%d;branch=z9hG4bKdfi1" % (me, a.sport)),
            ("From", "<sip:a@%s>;tag=1" % me),
            ("To", "<sip:b@%s>" % a.host),
            ("Call-ID", "dfi-related@%s" % me),
            ("CSeq", "1 INVITE"),
            ("Contact", "<sip:a@%s:%d>" % (me, a.sport))]
    uri = "sip:b@%s" % a.host
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
    m = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
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
    a = p.parse_args()
    return {"ftp-server": ftp_server, "ftp-client": ftp_client,
            "sip-server": sip_server, "sip-client": sip_client}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
