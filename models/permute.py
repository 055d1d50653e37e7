#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""permute.py IN OUT NAME,NAME,...: the same classifier, its classes in
another order.

Writes IN's model with its classes in the order given (every class name
of IN once): the class table, the rows of the logits layer's weights and
its biases, the margins per class (class and early margins) and
other_class move together, so OUT computes the same
logits, permuted, and the same verdict by name for every flow (but for a
tie for the top logit, which goes to the lowest index: the Python
reference and the C engine break ties alike).  Used to check that a
reload of a model whose classes come in another order leaves the
verdicts on conntrack entries their meaning (tests/vm/t-reload.sh);
tests/permute.sh checks the permuted model with the C tools.

    permute.py models/default.dfim /tmp/p.dfim web,other,voice,file,game,video
"""
import sys

import numpy as np

import dfim


def permute(m, order):
    """A copy of model m with its classes in @order (names)."""
    if sorted(order) != sorted(m.classes):
        raise ValueError("order %r is not a permutation of %r"
                         % (order, m.classes))
    # new index i holds old class src[i]
    src = [m.classes.index(n) for n in order]
    out = dfim.read(dfim.write(m))          # a deep copy
    last = out.layers[-1]
    if last.type != dfim.LAYER_DENSE or not last.flags & dfim.F_LOGITS:
        raise ValueError("the last layer is not the logits layer")
    last.w = np.ascontiguousarray(last.w[src])
    last.bias = np.ascontiguousarray(last.bias[src])
    out.classes = list(order)
    # what the decision rule keeps per class moves with its class
    if m.class_margin is not None:
        out.class_margin = tuple(m.class_margin[s] for s in src)
    if m.early_margin is not None:
        out.early_margin = tuple(tuple(row[s] for s in src)
                                 for row in m.early_margin)
    if m.other_class is not None:
        out.other_class = order.index(m.classes[m.other_class])
    return out


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], "rb") as f:
        m = dfim.read(f.read())
    out = permute(m, argv[3].split(","))
    data = dfim.write(out)
    with open(argv[2], "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
