# SPDX-License-Identifier: GPL-2.0
#
# make            build kmod/dfi.ko (against KDIR) and the userspace tools
# make check      install what tests need, build, run every test (see README)
# make demo       boot a stock kernel in qemu and show dfi at work
# make deps       apt-get what building and testing need (idempotent)
# make bench      the cost of one classification with the default model
# make kunit      the KUnit suites in the debug test kernel
# make vmtest     the VM tests in Debian's stock 6.1 and 6.12 kernels
# make vmdebug    make check's VM tests in the debug test kernel (KASAN,
#                 lockdep, ...); make vmdebug-full: every VM test there
# make replay CAPTURES=DIR LABELS=FILE [MODEL=FILE]
#                 labelled captures replayed through dfi.ko in a VM (6.12):
#                 the kernel's report and its agreement with dfi-eval
# make soak [SOAK_MINUTES=10 SOAK_KERNEL=test]
#                 model swaps, setting changes, netns churn and reloads
#                 under traffic in the debug kernel (a long campaign)
# make lab [LAB_ARGS="--seconds S --netem ARGS --seed N --out DIR ..."]
#                 the traffic lab: real programs through dfi.ko in a VM
#                 (tests/lab/lab.sh), a labelled capture set in DIR
# make router-demo [LAB_ARGS="--no-offload --seconds S ..."]
#                 the lab's real programs through a home router (NAT,
#                 flowtable, cake on WAN egress and on an IFB, act_ctinfo):
#                 each flow's DSCP entering both cakes checked, tins printed
# make nfselftests [NFSELFTESTS="TEST ..."] [NFSELFTESTS_KERNEL=6.12]
#                 the kernel's own netfilter selftests, each without and
#                 with dfi in every netns (tests/nfselftests.sh; about an
#                 hour under TCG)
# make bench-flood [KO="[LABEL=]FILE ..."] [BENCH_ARGS="--rate R ..."]
#                 the lab's real flows under a spoofed flood the router's
#                 firewall drops: figures per dfi.ko, with and without
#                 (tests/lab/bench-flood.sh; default: the work tree's)
# make install [DESTDIR=] [PREFIX=/usr/local]
#                 dfi.ko into /lib/modules/KVER/updates (for KDIR's kernel),
#                 dficlt, dfi-eval, their man pages, the default model as
#                 /lib/firmware/dfi/default.dfim (it loads itself), dfi.service
#                 and /etc/dfi/dfi.conf (boot-time settings), examples in
#                 PREFIX/share/dfi; make uninstall removes them
# make dkms-source [DESTDIR=]
#                 the module's sources and dkms.conf in /usr/src/dfi-VERSION,
#                 for "dkms add/build/install dfi/VERSION"
# make deb        the Debian packages dfi-dkms and dfi-tools, into deb/
#                 (dpkg-buildpackage in a copy of the tree)
# make bench-datapath [BENCH_ARGS="SECONDS REPS KERNEL"]
#                 packets/s a router netns forwards with dfi off, enabled
#                 without a model, with the default model, in one boot of
#                 Debian's stock kernel (tests/bench-datapath.sh; figures)
#
# KDIR: kernel build tree; default the running kernel's, else the newest
# installed Debian headers.  W=1 for extra kernel warnings.

KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V)))

.PHONY: install install-kmod install-tools uninstall uninstall-kmod \
	uninstall-tools dkms-source deb
.PHONY: all kmod userspace check demo router-demo deps kunit vmtest vmdebug vmdebug-full unit bench clean replay lab soak bench-flood bench-datapath nfselftests

all: kmod userspace

kmod:
	@test -n "$(KDIR)" || { echo "no kernel headers: make deps, or set KDIR"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userspace:
	$(MAKE) -C userspace

unit: userspace
	$(MAKE) -C tests/unit run

deps:
	tests/deps.sh

kunit:
	tests/kunit.sh

vmtest: kmod userspace
	tests/vmtest.sh

vmdebug: userspace
	tests/vmdebug.sh

vmdebug-full: userspace
	tests/vmdebug.sh --all

check:
	tests/check.sh

demo:
	tests/demo.sh

lab: userspace
	tests/lab/lab.sh $(LAB_ARGS)

router-demo: userspace
	tests/lab/lab.sh --home --check --demo $(LAB_ARGS)

replay:
	@test -n "$(CAPTURES)" -a -n "$(LABELS)" || { echo "usage: make replay CAPTURES=DIR LABELS=FILE [MODEL=FILE]"; exit 2; }
	tests/replay.sh "$(CAPTURES)" "$(LABELS)" $(if $(MODEL),"$(MODEL)")

soak: userspace
	tests/soak.sh $(or $(SOAK_MINUTES),10) $(or $(SOAK_KERNEL),test)

nfselftests: userspace
	tests/nfselftests.sh $(if $(NFSELFTESTS_KERNEL),--kernel $(NFSELFTESTS_KERNEL)) $(NFSELFTESTS)

bench: userspace
	userspace/dfi-bench models/default.dfim

bench-flood: userspace
	tests/lab/bench-flood.sh $(foreach k,$(KO),--ko $(k)) $(BENCH_ARGS)

bench-datapath: userspace
	tests/bench-datapath.sh $(BENCH_ARGS)

# Installation.  The version is debian/changelog's, the one source of it.
DFI_VERSION := $(shell sed -n '1s/^dfi (\([^)-]*\).*/\1/p' debian/changelog)
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/dfi
UNITDIR ?= $(PREFIX)/lib/systemd/system
FIRMWAREDIR ?= /lib/firmware
SYSCONFDIR ?= /etc
KVER = $(shell $(MAKE) -s -C $(KDIR) kernelrelease)
# the sources DKMS builds the module from (Kbuild: the tree's top)
DKMS_SRC := Kbuild dkms.conf $(wildcard kmod/Kbuild kmod/*.[ch] \
	kmod/core/*.[ch] kmod/kunit/*.[ch] include/dfi/*.h include/uapi/linux/*.h)

install: install-kmod install-tools

install-kmod: kmod
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))

install-tools: userspace
	install -D -m 755 userspace/dficlt $(DESTDIR)$(SBINDIR)/dficlt
	install -D -m 755 userspace/dfi-eval $(DESTDIR)$(BINDIR)/dfi-eval
	install -D -m 644 Documentation/dficlt.8 $(DESTDIR)$(MANDIR)/man8/dficlt.8
	install -D -m 644 Documentation/dfi-eval.1 $(DESTDIR)$(MANDIR)/man1/dfi-eval.1
	install -D -m 644 models/default.dfim $(DESTDIR)$(FIRMWAREDIR)/dfi/default.dfim
	install -D -m 644 dist/connlabel.conf $(DESTDIR)$(DATADIR)/connlabel.conf
	install -D -m 644 dist/modprobe-dfi.conf $(DESTDIR)$(DATADIR)/modprobe-dfi.conf
	install -D -m 644 dist/dfi.conf $(DESTDIR)$(DATADIR)/dfi.conf
	test -e $(DESTDIR)$(SYSCONFDIR)/dfi/dfi.conf || \
		install -D -m 644 dist/dfi.conf $(DESTDIR)$(SYSCONFDIR)/dfi/dfi.conf
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|' dist/dfi.service >$(DESTDIR)$(UNITDIR)/dfi.service
	chmod 644 $(DESTDIR)$(UNITDIR)/dfi.service

uninstall: uninstall-kmod uninstall-tools

# (kbuild keeps the module's directory in the tree: updates/kmod/dfi.ko)
uninstall-kmod:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/updates/kmod/dfi.ko*
	-rmdir $(DESTDIR)/lib/modules/$(KVER)/updates/kmod 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KVER))

# /etc/dfi/dfi.conf goes only if it is still the example installed
uninstall-tools:
	rm -f $(DESTDIR)$(SBINDIR)/dficlt $(DESTDIR)$(BINDIR)/dfi-eval \
		$(DESTDIR)$(MANDIR)/man8/dficlt.8 $(DESTDIR)$(MANDIR)/man1/dfi-eval.1 \
		$(DESTDIR)$(FIRMWAREDIR)/dfi/default.dfim $(DESTDIR)$(UNITDIR)/dfi.service
	! cmp -s dist/dfi.conf $(DESTDIR)$(SYSCONFDIR)/dfi/dfi.conf || \
		rm -f $(DESTDIR)$(SYSCONFDIR)/dfi/dfi.conf
	rm -rf $(DESTDIR)$(DATADIR)
	-rmdir $(DESTDIR)$(FIRMWAREDIR)/dfi $(DESTDIR)$(SYSCONFDIR)/dfi 2>/dev/null

dkms-source:
	@test -n "$(DFI_VERSION)" || { echo "no version in debian/changelog"; exit 1; }
	for f in $(DKMS_SRC); do \
		install -D -m 644 $$f $(DESTDIR)/usr/src/dfi-$(DFI_VERSION)/$$f || exit 1; \
	done
	sed -i 's/#MODULE_VERSION#/$(DFI_VERSION)/' \
		$(DESTDIR)/usr/src/dfi-$(DFI_VERSION)/dkms.conf

deb:
	tests/deb.sh --build $(CURDIR)/deb

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fuzz clean
