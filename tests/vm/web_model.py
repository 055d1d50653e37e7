#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""web_model.py OUT: a model of dfi's six classes that calls every flow
"web" (its logits layer has no weights and a bias for web alone; no gate):
what a test needs to have a flow classified web whatever its packets."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "models"))
import dfim  # noqa: E402


def main():
    m = dfim.make_random(1, seq_len=32, n_classes=6, n_static=dfim.STATIC_N,
                         extreme=False, n_centroids=0)
    m.name = "all-web"
    m.classes = ["voice", "video", "game", "file", "web", "other"]
    m.other_class = 5
    m.class_margin = None
    m.margin_min = 0
    m.dist_max = 0
    m.deadline_ms = 2000
    last = m.layers[-1]
    last.w = np.zeros_like(last.w)
    last.bias = np.array([0, 0, 0, 0, 1000, 0], dtype=np.int32)
    dfim.check(m)
    open(sys.argv[1], "wb").write(dfim.write(m))
    print(m.name)


if __name__ == "__main__":
    main()
