#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""late_model.py OUT: the default model without its checkpoints (named
dfi-default-late), so that a flow is decided only at seq_len packets, at
the deadline or idle, never early: what a test needs when flows must stay
in progress, or to drive the seq_len and deadline paths with real
verdicts (the default model is confident on most flows at 4 packets)."""
import os
import sys

MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                      "models")
sys.path.insert(0, MODELS)
import dfim  # noqa: E402


def main():
    m = dfim.read(open(os.path.join(MODELS, "default.dfim"), "rb").read())
    m.checkpoints, m.early_margin = (), None
    m.name += "-late"
    open(sys.argv[1], "wb").write(dfim.write(m))
    print(m.name)


if __name__ == "__main__":
    main()
