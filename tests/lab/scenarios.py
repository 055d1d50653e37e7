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
        rows.append({"name": name, "class": cls, "app": app, "host": int(host),
                     "l4": l4, "port": None if port == "*" else int(port),
                     "main": main == "yes"})
    return rows


def servers(row):
    return (f"198.18.2.{row['host']}", f"fd00:2::{row['host']:x}")


def match(rows, l4, ip, port):
    """The first scenario whose server is (ip, port) over l4, or None."""
    for r in rows:
        if (r["l4"] in ("*", l4) and ip in servers(r) and
                r["port"] in (None, port)):
            return r
    return None


if __name__ == "__main__":
    # scenarios.py hosts: the server host numbers, for lab-guest.sh
    import sys
    if sys.argv[1:] != ["hosts"]:
        raise SystemExit("usage: scenarios.py hosts")
    print(" ".join(str(h) for h in sorted({r["host"] for r in load()})))
