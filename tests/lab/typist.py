#!/usr/bin/env python3
"""typist.py: keystrokes at a person's pace on stdout, for an interactive
ssh session: words of 2-9 letters, 80-250 ms between keys, a pause of
0.5-3 s between lines."""
import argparse
import random
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        for _ in range(rng.randint(2, 6)):
            for c in "".join(rng.choice("etaoinshrdlu")
                             for _ in range(rng.randint(2, 9))) + " ":
                sys.stdout.write(c)
                sys.stdout.flush()
                time.sleep(rng.uniform(0.08, 0.25))
        sys.stdout.write("\n")
        sys.stdout.flush()
        time.sleep(rng.uniform(0.5, 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
