#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# data-real.sh: userspace/dfi-features (--seq-len 32) on the real labelled
# data sets, ../shared/data/real and ../shared/data/real-extra (DFI_DATA
# overrides ../shared/data).  For each: the tool succeeds, its output is
# well formed, every labelled flow is found, and the flow's packet count
# in the capture equals labels.csv's `packets` for at least 99% of them
# (checked here by joining the output with labels.csv, independently of
# the tool's own report).  Then userspace/dfi-eval with models/default.dfim
# on it: its tin view (--json) agrees with its own per-flow dump and with
# models/crossval.py's recomputation (tests/tinview_check.py); and the
# decision rule of models/dfim.py finds dfi-eval's class, reason and margin
# from each dumped flow's logits, with margin_min and with a margin per
# class (tests/decide_check.py); and every engine this CPU runs (dfi-eval
# --engine) dumps the reference engine's verdicts, logits and distances
# flow for flow.  Prints TAP; a data set that is absent is skipped.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
data=${DFI_DATA:-$top/../shared/data}
seq_len=32
# the static inputs of the current feature spec, as the tool writes them
nstat=$(awk '$1 == "#define" && $2 == "DFI_STATIC_N" { print $3 }' \
	"$top/include/dfi/features.h")
n=0
failed=0

tap() {	# tap OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 1 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

if ! make -s -C "$top/userspace" dfi-features dfi-eval dfi-infer >&2; then
	tap 0 "build userspace/dfi-features and dfi-eval"
	echo "1..$n"
	exit 1
fi
tool=$top/userspace/dfi-features
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The usage text names the static inputs the tool writes and their spec.
spec=$(awk '$1 == "#define" && $2 == "DFI_FEATURE_SPEC" { print $3 }' \
	"$top/include/dfi/features.h")
"$tool" >"$tmp/usage" 2>&1
grep -q "the $nstat static inputs (feature spec $spec)" "$tmp/usage"
tap $((1 - $?)) "dfi-features' usage names its $nstat static inputs of feature spec $spec"

# Every line: 14 fields, seq of 4 x seq_len, stat of DFI_STATIC_N and hist
# of 16 integers.
well_formed() {
	awk -F '\t' -v want=$((4 * seq_len)) -v nstat="$nstat" '
		NR == 1 { next }
		NF != 14 || split($11, s, ",") != want || split($12, t, ",") != nstat \
		    || length($13) != 4 * $10 || split($14, h, ",") != 16 { bad++ }
		END { exit bad ? 1 : 0 }' "$1"
}

# Prints "labelled found mismatches": labels.csv joined with the output
# on (pcap, l4, unordered endpoints).
join_counts() {	# join_counts LABELS OUTPUT
	awk -F '[,\t]' '
		function key(p, l4, a, ap, b, bp) {
			if (a "|" ap > b "|" bp)
				return p "|" l4 "|" b "|" bp "|" a "|" ap
			return p "|" l4 "|" a "|" ap "|" b "|" bp
		}
		FNR == 1 { next }
		FILENAME == ARGV[1] {
			want[key($1, $2, $3, $4, $5, $6)] = $9
			labelled++
			next
		}
		{
			k = key($1, $2, $3, $4, $5, $6)
			if (!(k in want))
				next
			found++
			if (want[k] != $9)
				mismatch++
		}
		END { printf "%d %d %d\n", labelled, found, mismatch }' "$1" "$2"
}

check_set() {	# check_set NAME
	name=$1
	dir=$data/$name
	if [ ! -d "$dir/pcap" ] || [ ! -f "$dir/labels.csv" ]; then
		n=$((n + 1))
		echo "ok $n - $name # SKIP $dir absent"
		return
	fi
	out=$tmp/$name.tsv
	t0=$(date +%s%N)
	"$tool" --captures "$dir/pcap" --labels "$dir/labels.csv" \
		--seq-len $seq_len -o "$out" 2>"$tmp/$name.err"
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	sed 's/^/# /' "$tmp/$name.err"
	tap $((rc == 0)) "$name: dfi-features exits 0 ($ms ms)"
	if [ $rc -ne 0 ]; then
		return
	fi
	well_formed "$out"
	tap $(($? == 0)) "$name: output well formed (14 fields, seq 4x$seq_len, stat $nstat, hist 16)"

	set -- $(join_counts "$dir/labels.csv" "$out")
	labelled=$1 found=$2 mismatch=$3
	echo "# $name: $labelled labelled, $found found, $((labelled - found)) missing, $mismatch packet-count mismatches"
	tap $((labelled > 0 && found == labelled)) \
		"$name: every labelled flow found ($found of $labelled)"
	tap $((found > 0 && mismatch * 100 <= found)) \
		"$name: packet count equals labels.csv for >= 99% ($((found - mismatch)) of $found)"
	check_eval "$name" "$dir"
}

# dfi-eval's tin view against its dump, and crossval.py's against both.
check_eval() {	# check_eval NAME DIR
	"$top/userspace/dfi-eval" --model "$top/models/default.dfim" \
		--captures "$2/pcap" --labels "$2/labels.csv" --min-packets 8 \
		--json --dump "$tmp/$1.dump" >"$tmp/$1.json" 2>"$tmp/$1.eval.err"
	tap $(($? == 0)) "$1: dfi-eval --json --dump exits 0"
	# every engine this CPU runs: the same verdicts, logits, distances
	"$top/userspace/dfi-eval" --engine reference \
		--model "$top/models/default.dfim" --captures "$2/pcap" \
		--labels "$2/labels.csv" --min-packets 8 \
		--dump "$tmp/$1.ref.dump" >/dev/null 2>&1
	for e in $("$top/userspace/dfi-infer" --engines); do
		"$top/userspace/dfi-eval" --engine "$e" \
			--model "$top/models/default.dfim" --captures "$2/pcap" \
			--labels "$2/labels.csv" --min-packets 8 \
			--dump "$tmp/$1.$e.dump" >/dev/null 2>&1
		cmp -s "$tmp/$1.ref.dump" "$tmp/$1.$e.dump" && [ -s "$tmp/$1.ref.dump" ]
		tap $(($? == 0)) "$1: engine $e: the reference's dump, flow for flow ($(wc -l <"$tmp/$1.$e.dump") flows)"
	done
	/usr/bin/python3 "$top/tests/tinview_check.py" "$tmp/$1.json" \
		"$tmp/$1.dump" >"$tmp/$1.tin" 2>&1
	grep '^#' "$tmp/$1.tin"
	grep -q '^Traceback' "$tmp/$1.tin" && tap 0 "$1: tinview_check.py runs"
	# the decision rule, Python against C: the shipped model, and that
	# model with a margin per class (decide_model below)
	/usr/bin/python3 "$top/tests/decide_check.py" \
		"$top/models/default.dfim" "$tmp/$1.dump" >>"$tmp/$1.tin" 2>&1
	"$top/userspace/dfi-eval" --model "$tmp/margins.dfim" \
		--captures "$2/pcap" --labels "$2/labels.csv" --min-packets 8 \
		--dump "$tmp/$1.mdump" >/dev/null 2>&1 &&
		/usr/bin/python3 "$top/tests/decide_check.py" \
			"$tmp/margins.dfim" "$tmp/$1.mdump" >>"$tmp/$1.tin" 2>&1
	grep -q '^Traceback' "$tmp/$1.tin" && tap 0 "$1: decide_check.py runs"
	while read -r verdict what; do
		case $verdict in
		OK) tap 1 "$1: $what" ;;
		NOT) tap 0 "$1: $what" ;;
		esac
	done <"$tmp/$1.tin"
}

# The shipped model with a margin per class: three times margin_min for
# the classes of cake's priority tins, twice for file, none for web.
/usr/bin/python3 - "$top/models" "$top/models/default.dfim" "$tmp/margins.dfim" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import dfim
m = dfim.read(open(sys.argv[2], "rb").read())
k = {"voice": 3, "video": 3, "game": 3, "file": 2}
m.class_margin = tuple(0 if i == m.other_class else
                       k.get(c, 0) * m.margin_min
                       for i, c in enumerate(m.classes))
open(sys.argv[3], "wb").write(dfim.write(m))
PY

check_set real
check_set real-extra
echo "1..$n"
[ $failed -eq 0 ]
