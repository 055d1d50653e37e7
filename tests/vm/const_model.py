#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""const_model.py OUT CLASS [early]: the default model's network made to
call every flow CLASS, whatever its packets: its logits layer has no
weights and a bias of 10000 for CLASS alone (the top-2 margin is 10000),
no distance test, no margin, no checkpoints (named dfi-all-CLASS).  With
"early": checkpoints at 4 packets (needing a margin of 10001: never met)
and 8 (needing 10000: always met), so that every flow is decided when it
has 8 packets (dfi-all-CLASS-at-8).  What a test needs to have flows
classified as it wants."""
import os
import sys

import numpy as np

MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                      "models")
sys.path.insert(0, MODELS)
import dfim  # noqa: E402


def main():
    out, cls = sys.argv[1], sys.argv[2]
    early = sys.argv[3:] == ["early"]
    m = dfim.read(open(os.path.join(MODELS, "default.dfim"), "rb").read())
    last = m.layers[-1]
    last.w = np.zeros_like(last.w)
    last.bias = np.zeros_like(last.bias)
    last.bias[m.classes.index(cls)] = 10000
    m.centroids = np.zeros((0, dfim.GATE_BINS), np.uint8)
    m.dist_max, m.margin_min, m.class_margin = 0, 0, None
    m.checkpoints, m.early_margin = (), None
    m.name = "dfi-all-" + cls
    if early:
        never = dfim.EARLY_NEVER
        m.checkpoints = (4, 8)
        m.early_margin = tuple(tuple(never if c == m.other_class else need
                                     for c in range(len(m.classes)))
                               for need in (10001, 10000))
        m.name += "-at-8"
    open(out, "wb").write(dfim.write(m))
    print(m.name)


if __name__ == "__main__":
    main()
