#!/bin/sh
# Guest: the kernel's netfilter selftests, each run twice: without dfi,
# then with dfi.ko loaded and the default model in every netns the test
# makes (and in the initial one).  A test passes here when both runs give
# the same result; it does not have to pass.
#
# Usage: selftests-guest.sh [OPTIONS] KO DIR TEST...
#   KO     dfi.ko
#   DIR    the selftests' net/netfilter directory (tests/nfselftests.sh
#          --prepare makes one), the tests run from it as kselftest does
#   TEST   a test of DIR: a script (with or without .sh) or a program
#   --timeout S          per run (default 240), coreutils timeout
#   --skip NAME=REASON   report NAME as skipped, do not run it
#   --xfail-dfi NAME=REASON
#                        a known difference: reported "# TODO REASON",
#                        not a failure
#
# One TAP line per test: ok when the two results are the same (pass,
# skip = kselftest's 4, fail = other status, timeout), "# SKIP" when
# both runs skipped or timed out, or a tool the test needs is missing.  The output of a
# failed or timed-out run follows as "# " lines, then a table of all.
#
# With dfi, netns-watch.sh loads the model into each netns "ip netns add"
# makes, within 50 ms (netns of "unshare -n" stay without dfi).  Loading
# dfi.ko taints the kernel (O, E), and br_netfilter*.sh skip on any
# taint: each run sees /proc/sys/kernel/tainted without those two bits
# (a bind mount), and a run that adds any other taint fails.
# KSFT_MACHINE_SLOW=yes, as for kselftest on slow machines (TCG is one).
# /dev/fd, /dev/stdin, /dev/stdout and /dev/stderr are made when missing
# (the VM has no udev): the tests need them.
set -u
. "$(dirname "$0")/lib.sh"
watch=$here_lib/netns-watch.sh

timeout=240
skips=
xfails=
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) timeout=$2; shift 2 ;;
	--skip) skips="$skips
$2"; shift 2 ;;
	--xfail-dfi) xfails="$xfails
$2"; shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || { echo "usage: selftests-guest.sh [OPTIONS] KO DIR TEST..." >&2; exit 2; }
ko=$(realpath "$1")
dir=$(realpath "$2")
shift 2
export KSFT_MACHINE_SLOW=yes
# The VM's devtmpfs lacks what udev would add: the tests run
# "nft -f /dev/stdin" and bash's <(...) needs /dev/fd.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for i in 0:stdin 1:stdout 2:stderr; do
	[ -e "/dev/${i#*:}" ] || ln -s "/proc/self/fd/${i%:*}" "/dev/${i#*:}"
done
work=$(mktemp -d /tmp/nfselftests.XXXXXX)
table=$work/table
: >"$table"

# lookup LIST NAME: REASON of the line NAME=REASON in LIST.
lookup() {
	printf '%s\n' "$1" | sed -n "s/^$2=//p" | head -n 1
}

# needs NAME: what the test needs beyond ip, tc and ping: the tools it
# runs (most check them and exit 4 themselves; not all) and the programs
# of its directory (built by nfselftests.sh --prepare).
needs() {
	case $1 in
	br_netfilter) echo nft ;;
	br_netfilter_queue) echo nft conntrack ./nf_queue ;;
	bridge_brouter) echo ebtables ;;
	conntrack_icmp_related) echo nft ;;
	conntrack_ipip_mtu) echo iptables socat conntrack ;;
	conntrack_reverse_clash) echo nft conntrack ./conntrack_reverse_clash ;;
	conntrack_sctp_collision) echo iptables ./sctp_collision ;;
	conntrack_tcp_unreplied) echo nft conntrack socat ;;
	conntrack_vrf) echo nft conntrack socat ;;
	conntrack_dump_flush) echo ./conntrack_dump_flush ;;
	ipvs) echo ipvsadm socat ;;
	nf_conntrack_packetdrill) echo conntrack iptables ip6tables packetdrill ;;
	nf_nat_edemux) echo socat iptables conntrack ;;
	nft_audit) echo nft ./audit_logread ;;
	nft_concat_range*) echo nft socat ;;
	nft_conntrack_helper) echo nft conntrack socat ;;
	nft_fib) echo nft ;;
	nft_flowtable) echo nft socat ;;
	nft_meta) echo nft taskset ;;
	nft_nat) echo nft conntrack socat ;;
	nft_nat_zones) echo nft conntrack socat ;;
	nft_queue) echo nft conntrack socat ./nf_queue ./connect_close ;;
	nft_synproxy) echo nft iperf3 ;;
	nft_tproxy_*) echo nft socat ;;
	nft_zones_many) echo nft conntrack socat ;;
	rpath) echo nft ;;
	vxlan_mtu_frag) echo bridge ;;
	xt_string) echo iptables socat ;;
	esac
}

missing_tools() {
	m=
	for t in $(needs "$1"); do
		case $t in
		./*) [ -x "$dir/$t" ] || m="$m ${t#./} (not built)" ;;
		*) command -v "$t" >/dev/null 2>&1 || m="$m $t" ;;
		esac
	done
	echo "${m# }"
}

# status_word RC: pass, skip, timeout or fail.
status_word() {
	case $1 in
	0) echo pass ;;
	4) echo skip ;;
	124 | 137) echo timeout ;;
	*) echo fail ;;
	esac
}

# Bits 12 (O, out-of-tree module) and 13 (E, unsigned module).
module_taint=12288
real_taint() { cat /proc/sys/kernel/tainted; }
hide_module_taint() {
	t=$(real_taint)
	[ $((t & module_taint)) -ne 0 ] || return 0
	echo $((t & ~module_taint)) >"$work/tainted"
	mount --bind "$work/tainted" /proc/sys/kernel/tainted 2>/dev/null &&
		echo "# (taint $t shown to the test as $((t & ~module_taint)))" >>"$work/run.out"
}
show_taint() {
	while grep -q ' /proc/sys/kernel/tainted ' /proc/mounts; do
		umount /proc/sys/kernel/tainted || break
	done
}

# run_one NAME FILE: run a test from DIR with the timeout; sets rc and
# secs, the output in $work/run.out.
run_one() {
	ls /run/netns 2>/dev/null | sort >"$work/ns.before"
	: >"$work/run.out"
	t0=$(real_taint)
	hide_module_taint
	start=$(date +%s)
	(cd "$dir" && timeout -k 10 "$timeout" "./$2") >>"$work/run.out" 2>&1 </dev/null
	rc=$?
	secs=$(($(date +%s) - start))
	show_taint
	t1=$(real_taint)
	if [ $(((t1 & ~t0) & ~module_taint)) -ne 0 ]; then
		echo "# the kernel was tainted during the run: $t0 -> $t1" >>"$work/run.out"
		[ $rc -eq 0 ] || [ $rc -eq 4 ] && rc=1
	fi
	# What a killed test left behind: its netns and their processes.
	ls /run/netns 2>/dev/null | sort | comm -13 "$work/ns.before" - |
		while read -r ns; do
			ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
			ip netns delete "$ns" 2>/dev/null
		done
	return 0
}

# show_output WHAT: the run's output as "# " lines (at most 200).
show_output() {
	n=$(wc -l <"$work/run.out")
	echo "# --- $1 ($n lines)"
	# awk, not sed: a killed test's last line may lack its newline.
	head -n 200 "$work/run.out" | awk '{ print "# " $0 }'
	[ "$n" -le 200 ] || echo "# ... ($((n - 200)) more lines)"
}

printf '%-28s %-14s %-14s %-5s %s\n' test "without dfi" "with dfi" same notes >"$table"
for name in "$@"; do
	name=${name%.sh}
	if [ -f "$dir/$name.sh" ]; then file=$name.sh; else file=$name; fi
	reason=$(lookup "$skips" "$name")
	if [ -n "$reason" ]; then
		ok "$name # SKIP $reason"
		printf '%-28s %-14s %-14s %-5s %s\n' "$name" - - - "skipped: $reason" >>"$table"
		continue
	fi
	if [ ! -f "$dir/$file" ]; then
		not_ok "$name: no such test in $dir"
		printf '%-28s %-14s %-14s %-5s %s\n' "$name" - - - "no such test" >>"$table"
		continue
	fi
	miss=$(missing_tools "$name")
	if [ -n "$miss" ]; then
		ok "$name # SKIP missing: $miss"
		printf '%-28s %-14s %-14s %-5s %s\n' "$name" - - - "missing: $miss" >>"$table"
		continue
	fi

	# Without dfi: the module is not loaded.
	run_one "$name" "$file"
	rc0=$rc secs0=$secs
	cp "$work/run.out" "$work/out0"

	# With dfi: in the initial netns and, by the watcher, in every new one.
	notes=
	if ! load_dfi "$ko" || ! $DFICLT model load "$DFI_MODEL"; then
		not_ok "$name: dfi.ko loads and takes the model"
		continue
	fi
	: >"$work/watch.log"
	bash "$watch" "$work/watch.log" "$DFICLT" "$DFI_MODEL" 2>>"$work/watch.log" &
	wpid=$!
	sleep 0.2
	run_one "$name" "$file"
	rc1=$rc secs1=$secs
	cp "$work/run.out" "$work/out1"
	kill "$wpid"
	wait "$wpid"
	init_pkts=$(dfi_stat "" packets)
	sum=$(sed -n 's/^summary //p' "$work/watch.log")
	enabled=$(echo "$sum" | sed -n 's/.*enabled=\([0-9]*\).*/\1/p')
	failed=$(echo "$sum" | sed -n 's/.*failed=\([0-9]*\).*/\1/p')
	pkts=$(echo "$sum" | sed -n 's/.*packets=\([0-9]*\).*/\1/p')
	notes="dfi in ${enabled:-?} netns, ${pkts:-?}+${init_pkts:-?} packets"
	[ "${failed:-0}" -eq 0 ] || notes="$notes, model load failed in $failed netns"
	grep -q 'unshare -n' "$dir/$file" 2>/dev/null && notes="$notes, some netns unnamed (no dfi)"
	rmmod_ok=1
	rmmod dfi || rmmod_ok=0

	w0=$(status_word $rc0) w1=$(status_word $rc1)
	s0="$w0"; [ "$w0" = fail ] && s0="fail($rc0)"
	s1="$w1"; [ "$w1" = fail ] && s1="fail($rc1)"
	same=yes
	[ "$w0" = "$w1" ] || same=no
	[ $rmmod_ok -eq 1 ] || { same=no; notes="$notes, rmmod dfi failed"; }
	desc="$name: without dfi $s0 (${secs0}s), with dfi $s1 (${secs1}s); $notes"
	xfail=$(lookup "$xfails" "$name")
	if [ $same = yes ] && [ "$w0" = skip ]; then
		ok "$name # SKIP $(grep -m 1 -i skip "$work/out0" | sed 's/^SKIP:* *//' | cut -c 1-100)"
	elif [ $same = yes ] && [ "$w0" = timeout ]; then
		ok "$name # SKIP did not finish in ${timeout}s, with or without dfi"
	elif [ $same = yes ]; then
		ok "$desc"
	elif [ -n "$xfail" ]; then
		# TAP: a TODO line is not a failure.
		T=$((T + 1))
		echo "not ok $T $desc # TODO $xfail"
		notes="$notes; known: $xfail"
	else
		not_ok "$desc"
	fi
	for i in 0 1; do
		eval "w=\$w$i"
		[ "$w" = fail ] || [ "$w" = timeout ] || continue
		cp "$work/out$i" "$work/run.out"
		[ $i = 0 ] && show_output "$name without dfi: $w" || show_output "$name with dfi: $w"
	done
	printf '%-28s %-14s %-14s %-5s %s\n' "$name" "$s0 ${secs0}s" "$s1 ${secs1}s" "$same" "$notes" >>"$table"
done

echo "# results (status: pass, skip = 4, fail(status), timeout after ${timeout}s)"
sed 's/^/# /' "$table"
rm -rf "$work"
finish
