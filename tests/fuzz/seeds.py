#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""seeds.py DIR: write the fuzzer's seed corpus, valid models from
models/dfim.py make_random() of several shapes, into DIR."""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "models"))
import dfim  # noqa: E402


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    for seed in range(24):
        kw = dict(seq_len=[1, 4, 8, 16, 32, 64][seed % 6], max_ch=8,
                  hidden=16)
        if seed % 4 == 0:
            kw.update(n_static=0, n_centroids=0)
        data = dfim.write(dfim.make_random(seed, **kw))
        with open(os.path.join(out, "random-%02d.dfim" % seed), "wb") as f:
            f.write(data)
        n += 1
    print("seeds.py: %d models in %s" % (n, out))


if __name__ == "__main__":
    main()
