# rundir.sh: sourced by the host-side test scripts (POSIX sh) for the
# directories a run writes to.
#
# DFI_CACHE (default /var/cache/dfi) holds what runs share: the test
# kernel (test-kernel-KEY/, used once its "complete" stamp is there), the
# stock kernels' initramfs files, the lab's media, the fuzzing corpus.
# DFI_RUN is one run's own directory, by default
# $DFI_CACHE/runs/DATE-TIME-XXXXXX, with logs/ (consoles, stage outputs)
# and build/ (dfi.ko per kernel).  The first script of a run (check.sh,
# or any script run by hand) makes it and exports it, so that every stage
# of one "make check" shares it and two runs on one machine never write
# into each other's.  Making one removes run directories older than 7
# days.  Set DFI_RUN to choose the directory (made if missing).
DFI_CACHE=${DFI_CACHE:-/var/cache/dfi}
case $DFI_CACHE in /*) ;; *) DFI_CACHE=$(pwd)/$DFI_CACHE ;; esac
export DFI_CACHE
if [ -z "${DFI_RUN:-}" ]; then
	mkdir -p "$DFI_CACHE/runs" &&
	find "$DFI_CACHE/runs" -path "$DFI_CACHE/runs/*" -prune -type d \
		-mtime +7 -exec rm -rf {} + &&
	DFI_RUN=$(mktemp -d "$DFI_CACHE/runs/$(date +%Y%m%d-%H%M%S)-XXXXXX") &&
	chmod 755 "$DFI_RUN" ||
		{ echo "cannot make a run directory in $DFI_CACHE/runs" >&2; exit 2; }
fi
case $DFI_RUN in /*) ;; *) DFI_RUN=$(pwd)/$DFI_RUN ;; esac
mkdir -p "$DFI_RUN/logs" "$DFI_RUN/build" ||
	{ echo "cannot make $DFI_RUN/logs" >&2; exit 2; }
export DFI_RUN
