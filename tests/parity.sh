#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# parity.sh [INPUTS_PER_MODEL]: the C engine (userspace/dfi-infer, the
# shared core) and the Python reference (models/dfim.py) must compute
# bit-identical logits on random models and inputs.  Prints TAP.
# DFI_INFER overrides the tool (e.g. a sanitizer build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${DFI_INFER-}" ]; then
	make -s -C "$top/userspace" dfi-infer >&2
	DFI_INFER=$top/userspace/dfi-infer
fi
# The Python with numpy: Debian's, whatever python3 comes first in PATH.
py=python3
if ! python3 -c 'import numpy' 2>/dev/null && [ -x /usr/bin/python3 ]; then
	py=/usr/bin/python3
fi
exec "$py" "$top/tests/parity.py" "$DFI_INFER" "${1:-250}"
