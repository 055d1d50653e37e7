#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""heavy_model.py OUT: a model of dfi's classes whose every classification
costs close to what the kernel accepts (DFI_MODEL_KERNEL_MAX_MACS
multiply-accumulates): random weights, so its verdicts mean nothing, but a
decision keeps a CPU in the hook for as long as a model may (milliseconds
under TCG), which is what a test of unload and netns exit under traffic
needs to catch code that frees what a packet in flight still uses."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "models"))
import dfim  # noqa: E402

KERNEL_MAX_MACS = 1 << 17	# include/uapi/linux/dfi.h


def main():
    for seed in range(1000):
        m = dfim.make_random(seed, seq_len=32, n_classes=6,
                             n_static=dfim.STATIC_N, max_ch=64, hidden=64,
                             extreme=False)
        if 0.75 * KERNEL_MAX_MACS <= dfim.macs(m) <= KERNEL_MAX_MACS:
            break
    else:
        sys.exit("heavy_model: no random model near the cap")
    m.name = "heavy-%d-macs" % dfim.macs(m)
    m.classes = ["voice", "video", "game", "file", "web", "other"]
    m.other_class = 5
    m.class_margin = None
    m.checkpoints, m.early_margin = (), None
    m.deadline_ms = 2000
    open(sys.argv[1], "wb").write(dfim.write(m))
    print(m.name)


if __name__ == "__main__":
    main()
