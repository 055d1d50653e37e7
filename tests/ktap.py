#!/usr/bin/env python3
"""ktap.py LOG SOURCE...: turn the KTAP between KTAP-BEGIN/KTAP-END in a
guest console LOG into flat TAP, one line per KUnit case, and fail on any
failed case, on any suite declared in the SOURCE files that did not run,
and on any suite that reported fewer cases than the source declares."""
import re
import sys


def declared(sources):
    """suite name -> number of KUNIT_CASE entries in its source file."""
    suites = {}
    for path in sources:
        text = open(path).read()
        names = re.findall(r'struct kunit_suite \w+ = \{\s*\.name\s*=\s*"([^"]+)"', text)
        cases = len(re.findall(r'KUNIT_CASE\w*\(', text))
        for n in names:
            suites[n] = cases // max(len(names), 1)
    return suites


def main():
    log, sources = sys.argv[1], sys.argv[2:]
    text = open(log, errors="replace").read()
    m = re.search(r"KTAP-BEGIN\n(.*?)KTAP-END", text, re.S)
    if not m:
        print("not ok - KUnit output found in the console log")
        return 1
    want = declared(sources)
    seen = {}
    suite = None
    results = []
    for line in m.group(1).splitlines():
        line = line.rstrip()
        sm = re.match(r"^\s+# Subtest: (\S+)", line)
        if sm:
            suite = sm.group(1)
            seen.setdefault(suite, 0)
            continue
        cm = re.match(r"^(\s+)(not ok|ok) \d+ (\S+)(.*)", line)
        if cm and suite:
            status, case, rest = cm.group(2), cm.group(3), cm.group(4)
            seen[suite] += 1
            results.append((status, f"kunit {suite}.{case}{rest}"))
    for status, desc in results:
        print(f"{status} - {desc}")
    bad = sum(1 for s, _ in results if s != "ok")
    for name, n in sorted(want.items()):
        if name not in seen:
            print(f"not ok - kunit suite {name} ran")
            bad += 1
        elif seen[name] < n:
            print(f"not ok - kunit suite {name} ran all {n} cases (saw {seen[name]})")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
