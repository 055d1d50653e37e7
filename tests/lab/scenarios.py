"""scenarios.py: the lab's scenario table (scenarios.txt) and its rule."""
import os

CLIENTS = ("198.18.1.2", "fd00:1::2")


def load(path=None):
    path = path or os.path.join(os.path.dirname(__file__), "scenarios.txt")
    rows = []
    for n, line in enumerate(open(path), 1):
        f = line.split("#", 1)[0].split()
        if not f:
            continue
        if len(f) != 7:
            raise SystemExit(f"{path}:{n}: expected 7 fields, got {len(f)}")
        name, cls, app, host, l4, port, main = f
        first, _, last = host.partition("-")
        hosts = list(range(int(first), int(last or first) + 1))
        if not hosts:
            raise SystemExit(f"{path}:{n}: empty host range {host}")
        rows.append({"name": name, "class": cls, "app": app, "hosts": hosts,
                     "l4": l4, "port": None if port == "*" else int(port),
                     "main": main == "yes"})
    return rows


def servers(row):
    """The scenario's server addresses, IPv4 and IPv6."""
    return tuple(a for h in row["hosts"]
                 for a in (f"198.18.2.{h}", f"fd00:2::{h:x}"))


def match(rows, l4, ip, port):
    """The first scenario whose server is (ip, port) over l4, or None."""
    for r in rows:
        if (r["l4"] in ("*", l4) and ip in servers(r) and
                r["port"] in (None, port)):
            return r
    return None


if __name__ == "__main__":
    # scenarios.py hosts [NAME]: the server host numbers (of scenario NAME),
    # for the shell scripts
    import sys
    if sys.argv[1:2] != ["hosts"] or len(sys.argv) > 3:
        raise SystemExit("usage: scenarios.py hosts [NAME]")
    rows = [r for r in load() if sys.argv[2:] in ([], [r["name"]])]
    if not rows:
        raise SystemExit(f"scenarios.py: no scenario {sys.argv[2]}")
    print(" ".join(str(h) for h in sorted({h for r in rows
                                           for h in r["hosts"]})))
