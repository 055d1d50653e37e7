// SPDX-License-Identifier: GPL-2.0
/*
 * arm64-init.c: /init of the arm64 guest tests/arm64.sh boots under
 * qemu-system-aarch64 (linked static: the initramfs has no shell).  It
 * loads /dfi.ko, prints the engine the module chose at load, loads
 * /default.dfim with /dficlt, sends UDP flows over lo so that dfi
 * classifies them (inside kernel_neon_begin() with a NEON engine),
 * prints /proc/net/dfi/stats, unloads the module and powers off.  The
 * lines for the host begin "dfi-arm64: ".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FLOWS	8
#define PKTS	40

static void say_file(const char *what, const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("dfi-arm64: %s: %s: %s\n", what, path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("dfi-arm64: %s %s", what, line);
	fclose(f);
}

static int run(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* FLOWS UDP flows of PKTS datagrams each, sizes and gaps like a call's */
static void udp_flows(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int rx[FLOWS], tx[FLOWS], f, i;
	char buf[1200];

	memset(buf, 'x', sizeof(buf));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (f = 0; f < FLOWS; f++) {
		rx[f] = socket(AF_INET, SOCK_DGRAM, 0);
		tx[f] = socket(AF_INET, SOCK_DGRAM, 0);
		a.sin_port = htons(6000 + f);
		if (bind(rx[f], (struct sockaddr *)&a, sizeof(a)) ||
		    connect(tx[f], (struct sockaddr *)&a, sizeof(a)))
			printf("dfi-arm64: socket %d: %s\n", f, strerror(errno));
	}
	for (i = 0; i < PKTS; i++) {
		for (f = 0; f < FLOWS; f++)
			if (send(tx[f], buf, 60 + (f * 150 + i * 7) % 1100, 0) < 0)
				printf("dfi-arm64: send: %s\n", strerror(errno));
		sleep_ms(10);
	}
	for (f = 0; f < FLOWS; f++) {
		close(tx[f]);
		close(rx[f]);
	}
}

int main(void)
{
	char *load[] = { "/dficlt", "model", "load", "/default.dfim", NULL };
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd, s;

	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	say_file("kernel", "/proc/version");

	s = socket(AF_INET, SOCK_DGRAM, 0);
	ifr.ifr_flags = IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		printf("dfi-arm64: lo up: %s\n", strerror(errno));
	close(s);

	fd = open("/dfi.ko", O_RDONLY);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		printf("dfi-arm64: insmod failed: %s\n", strerror(errno));
		goto out;
	}
	close(fd);
	printf("dfi-arm64: insmod ok\n");
	say_file("engine", "/sys/module/dfi/parameters/engine");
	printf("dfi-arm64: model load status %d\n", run(load));
	udp_flows();
	sleep_ms(2500);	/* past the deadline: the GC decides the rest */
	say_file("stats", "/proc/net/dfi/stats");
	say_file("cost", "/sys/kernel/debug/dfi/cost");
	if (syscall(SYS_delete_module, "dfi", O_NONBLOCK))
		printf("dfi-arm64: rmmod failed: %s\n", strerror(errno));
	else
		printf("dfi-arm64: rmmod ok\n");
out:
	printf("dfi-arm64: done\n");
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
