#!/usr/bin/env python3
"""lab_check.py: did the scenarios' main flows get their class and its DSCP?

  lab_check.py --conntrack FILE --mask M --classes a,b,... --map a=N,...
               --c2s PCAP --s2c PCAP [--seq-len N] [--scenarios FILE]
               [--home]

FILE is `conntrack -L` of the router with accounting on (several
listings one after the other: the last line of an entry counts); a flow's class is
its ct mark bits M minus one.  The main flows of a scenario
(scenarios.txt) are its flows of at least seq_len packets.  Asserted:
every scenario has main flows; every main flow was decided, and on the far
side of the router (c2s captured at the server, s2c at the client) its
packets carry the DSCP of the class it got from the decision to the end,
whatever the application had set before (a class mapped to "keep", -1,
leaves them as sent: nothing to see; a one-way stream has no other side);
every class has a main flow called that class; and at least two thirds of
all main flows got their scenario's class.  Not every flow: the model is
not right on every flow (Documentation/evaluation.md), and a test that
demanded it would fail on the model's honest errors, at random, rather
than on a fault of the datapath.

--home: the home router of lab-guest.sh (masquerade, flowtable, cake on
WAN egress and on an IFB for WAN ingress): c2s was captured leaving the
WAN cake, s2c leaving the IFB's cake, so on the WAN side of the NAT (a
flow's tuple there is its entry's reply tuple) and in the order cake sent
them: what is checked is the DSCP each packet had when it entered its
shaper, which picks its tin.  Up to 64 packets after the first with the
class's DSCP may still carry the one before (queued in another tin
before the decision, sent after), and up to 64 more may come before the
decision: downloads pass act_ctinfo on their way into the IFB before
they reach dfi's hooks, so those in the IFB's queue when the flow is
decided went in without the field.  TAP; exit 1 on failure.
"""
import argparse
import os
import sys

import scenarios

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "vm"))
import verify_dscp  # noqa: E402

# --home: packets a flow may have in a cake's queue when it is decided
HOME_SETTLE = 64


def wan_key(key, reply):
    """The 5-tuple, client end first, of the flow key (client end first)
    beyond the router's NAT, from its entry's reply tuple."""
    l4, _, _, sip, sport = key
    rs, rsp, rd, rdp = reply
    if (rs, rsp) == (sip, sport):
        return (l4, rd, rdp, rs, rsp)
    return (l4, rs, rsp, rd, rdp)


def main_flows(rows, conntrack, mask, classes, seq_len=32):
    """{main scenario: [(5-tuple client first, the same beyond the NAT,
    class or None, packets, scenario row)]}: the flows of at least seq_len
    packets of each main scenario in the file conntrack (`conntrack -L`
    listings), with the class their ct mark bits (mask) name."""
    flows = {r["name"]: [] for r in rows if r["main"]}
    # the file holds several listings: an entry's last one counts
    entries = {}
    for l4, (cip, cport, sip, sport), reply, mark, pk in \
            verify_dscp.conntrack_entries(conntrack):
        entries[(l4, cip, cport, sip, sport)] = (reply, mark, pk)
    for (l4, cip, cport, sip, sport), (reply, mark, pk) in entries.items():
        # the first packet may come from the server side (an RTP sender)
        if sip in scenarios.CLIENTS:
            l4, cip, cport, sip, sport = l4, sip, sport, cip, cport
        r = scenarios.match(rows, l4, sip, sport)
        if (cip in scenarios.CLIENTS and r and r["main"] and
                pk >= seq_len):
            got = verify_dscp.ct_class(mark, mask, classes)
            key = (l4, cip, cport, sip, sport)
            flows[r["name"]].append((key, wan_key(key, reply), got, pk, r))
    return flows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scenarios")
    p.add_argument("--home", action="store_true")
    a, classes, dmap = verify_dscp.parse_args(p)
    rows = scenarios.load(a.scenarios)
    c2s = list(verify_dscp.packets(a.c2s))
    s2c = list(verify_dscp.packets(a.s2c))
    by_name = main_flows(rows, a.conntrack, a.mask, classes, a.seq_len)
    t = fails = 0

    def tap(ok, msg):
        nonlocal t, fails
        t += 1
        fails += not ok
        print(f"{'ok' if ok else 'not ok'} {t} - {msg}")

    right = {}		# class -> [main flows called it, main flows]
    for name, flows in by_name.items():
        want = next(r["class"] for r in rows if r["name"] == name)
        ok = sum(got == want for _, _, got, _, _ in flows)
        tap(bool(flows), f"{name}: {len(flows)} main flows (>= {a.seq_len} "
            f"packets) through the router, {ok} called {want}")
        right.setdefault(want, [0, 0])
        right[want][0] += ok
        right[want][1] += len(flows)
        for key, wkey, got, pk, r in flows:
            desc = f"{name}: {key[0]} {key[1]}:{key[2]} -> {key[3]}:{key[4]}"
            if a.home and wkey != key:
                desc += f" (WAN {wkey[1]}:{wkey[2]})"
            print(f"# {desc} ({pk} packets): class {got}")
            tap(got is not None, f"{desc}: decided")
            if got is None or dmap.get(got, -1) < 0:
                continue
            # a one-way stream (RTP video, a muted call) has no s2c side
            if a.home:
                lines, f, unmarked = verify_dscp.check_flow(
                    c2s, s2c, wkey, got, dmap[got], None, r["l4"] == "udp",
                    settle=HOME_SETTLE, names=("upload", "download"))
            else:
                lines, f, unmarked = verify_dscp.check_flow(
                    c2s, s2c, key, got, dmap[got], None, r["l4"] == "udp")
            for line in lines:
                tap(line.startswith("ok"), line.split(" - ", 1)[1])
            # downloads meet ctinfo before dfi: those in the IFB's queue
            # when the flow is decided went in without the field
            most = a.seq_len + (HOME_SETTLE if a.home else 0)
            tap(unmarked <= most, f"{desc}: {unmarked} packets before "
                f"the decision (<= {most})")
    for cls, (ok, n) in right.items():
        tap(ok > 0, f"{cls}: {ok} of {n} main flows called {cls} (at least one)")
    ok = sum(v[0] for v in right.values())
    n = sum(v[1] for v in right.values())
    tap(3 * ok >= 2 * n, f"{ok} of {n} main flows called their scenario's "
        f"class (at least two thirds)")
    print(f"1..{t}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
