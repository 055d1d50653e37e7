#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Research step of the embedding gate: for each seed and capture fold
(as floatcv.py deals them), train the float network on the training
folds and a second one on an inner split of the training captures
(share 0.3, drawn with seed + 1 as decision.calibrate() does), and save
logits and penultimate embeddings (the hidden layer after its ReLU) of
every flow to OUT/s{seed}f{fold}.npz (with --quantized, those of the
exported integer networks instead: logits by the C engine, the int8
input of the logits layer by dfim's integer reference).  --by-source
holds out each source of the --data sets given without @WEIGHT instead
of capture folds (as floatcv.py --by-source).  Scored by
gatecv_score.py.

  /usr/bin/python3 models/gatecv_dump.py --out DIR --seeds 1,2,3 \
      --data ../shared/data/real --data ../shared/data/real-extra \
      --data models/lab@0.25 [--by-source] [--quantized] [train.py options]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train  # noqa: E402
import data  # noqa: E402

import copy  # noqa: E402
import tempfile  # noqa: E402

import dfim  # noqa: E402
import net as netmod  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402


def outputs(net, flows):
    taps = {}
    with torch.no_grad():
        lg = net(torch.tensor(flows.seq, dtype=torch.float32),
                 torch.tensor(flows.stat, dtype=torch.float32), taps)
    return lg.numpy(), taps["h"].numpy()


def int_outputs(net, calib, flows, targs):
    """Logits (C engine) and int8 embedding (the input of the logits
    layer, by the Python integer reference) of the exported network."""
    m, _ = netmod.export(net, torch.tensor(calib.seq, dtype=torch.float32),
                         torch.tensor(calib.stat, dtype=torch.float32),
                         targs.seq_len, data.CLASSES, data.OTHER, "r",
                         targs.deadline_ms)
    with tempfile.NamedTemporaryFile(suffix=".dfim") as tmp:
        tmp.write(dfim.write(m))
        tmp.flush()
        lg = train.int_logits(tmp.name, flows)
    e = copy.copy(m)
    last = m.layers[-1]
    v = last.in_ch
    e.layers = m.layers[:-1] + [dfim.Layer(
        dfim.LAYER_DENSE, dfim.F_LOGITS, 0, 0, 0, v, 1, v, 1,
        np.eye(v, dtype=np.int8), np.zeros(v, np.int32))]
    h = np.array([dfim.infer(e, s, t) for s, t in zip(flows.seq, flows.stat)])
    return lg, h


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--by-source", action="store_true")
    p.add_argument("--inner-share", type=float, default=0.3)
    p.add_argument("--quantized", action="store_true",
                   help="logits and embeddings of the exported networks")
    args, rest = p.parse_known_args()
    targs = train.parser().parse_args(rest + ["-o", os.devnull])
    torch.set_num_threads(1)
    dirs, targs.data_weight = train.split_weights(targs.data)
    flows = data.load(dirs, targs.seq_len, targs.deadline_ms,
                      targs.static_inputs)
    among = data.capture_names(dirs[0])
    n = len(data.CLASSES)
    os.makedirs(args.out, exist_ok=True)
    names = data.sources(d for d in dirs if d not in targs.data_weight)
    for s in [int(v) for v in args.seeds.split(",")]:
        folds = len(names) if args.by_source else 3
        for k in range(folds):
            if args.by_source:
                held = data.split_by_source(flows, names[k])
            else:
                held = data.split_by_capture(flows, 0, s, among, 3, k)
            tr, te = flows.subset(~held), flows.subset(held)
            targs.seed = s
            net = train.train(tr, targs, n)
            cal = data.split_by_capture(tr, args.inner_share, s + 1)
            fit_on, score_on = tr.subset(~cal), tr.subset(cal)
            inner = train.train(fit_on, targs, n)
            out = {}
            for tag, nt, fl in (("tr", net, tr), ("te", net, te),
                                ("ifit", inner, fit_on),
                                ("ical", inner, score_on)):
                if args.quantized:
                    lg, h = int_outputs(nt, tr if nt is net else fit_on,
                                        fl, targs)
                else:
                    lg, h = outputs(nt, fl)
                out[tag + "_lg"], out[tag + "_h"] = lg, h
                out[tag + "_y"], out[tag + "_pk"] = fl.y, fl.packets
                out[tag + "_src"] = np.array([data.source(g)
                                              for g in fl.group])
            np.savez(os.path.join(args.out, f"s{s}f{k}.npz"), **out)
            print(f"seed {s} fold {k} done", flush=True)


if __name__ == "__main__":
    main()
