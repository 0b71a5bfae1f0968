// SPDX-License-Identifier: GPL-2.0
/*
 * edu-ctl - the user-space side of the edu example driver's ioctls.
 *
 *   edu-ctl fact N                 N! through EDU_IOC_FACT; prints it
 *   edu-ctl dma LEN OFFSET SEED    LEN bytes (a pattern from SEED) through
 *                                  the device and back (EDU_IOC_DMA);
 *                                  prints "dma LEN OFFSET ok <checksum>"
 *                                  or exits 1 on any difference
 *   edu-ctl stats                  irqs facts dmas heartbeats missed
 *   edu-ctl loop COUNT             COUNT factorials and COUNT small DMAs,
 *                                  each result checked (a workload)
 *   edu-ctl run STOPFILE           the same until STOPFILE exists, through
 *                                  driver failures: a call that fails is
 *                                  counted and the device reopened (it
 *                                  comes back after mend restarts the
 *                                  driver); a wrong result stops it.
 *                                  Prints "run: R rounds ok, E errors,
 *                                  O reopens, W wrong"
 *   edu-ctl bench WORKLOAD COUNT   COUNT operations of WORKLOAD, timed
 *                                  with CLOCK_MONOTONIC (under QEMU's
 *                                  -icount an instruction count): nop (an
 *                                  ioctl the driver refuses at once with
 *                                  ENOTTY: the system call and the entry
 *                                  alone), stats (EDU_IOC_STATS), read
 *                                  (the last result, pread), fact
 *                                  (EDU_IOC_FACT of 12, the device
 *                                  computing), write (a number to
 *                                  compute, as text). Prints
 *                                  "bench: edu-WORKLOAD COUNT ops NS ns"
 *
 * Errors name the call and errno; the exit status is 0 only when every
 * result was right. The device node is /dev/edu unless EDU_DEV says.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "edu_ioctl.h"

/* No command of the driver's: it answers ENOTTY (bench nop). */
#define EDU_IOC_NOP	_IO('E', 0)

static int dev_fd;

static void usage(void)
{
	fprintf(stderr, "usage: edu-ctl fact N | dma LEN OFFSET SEED | stats | "
			"loop COUNT | run STOPFILE | bench nop|stats|read|fact|write COUNT\n");
	exit(2);
}

static unsigned long number(const char *text)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(text, &end, 0);
	if (errno || *end || end == text) {
		fprintf(stderr, "edu-ctl: '%s' is not a number\n", text);
		exit(2);
	}
	return n;
}

static int fact(uint32_t n, uint32_t *result)
{
	struct edu_fact f = { .n = n };

	if (ioctl(dev_fd, EDU_IOC_FACT, &f)) {
		fprintf(stderr, "edu-ctl: EDU_IOC_FACT %u: %s\n", n,
			strerror(errno));
		return -1;
	}
	*result = f.result;
	return 0;
}

static uint32_t expected_fact(uint32_t n)
{
	uint32_t r = 1;

	while (n > 1)
		r *= n--;
	return r;
}

/* FNV-1a, to print a short checksum of what came back. */
static uint32_t checksum(const uint8_t *p, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static int dma(uint32_t len, uint32_t offset, uint32_t seed, int quiet)
{
	static uint8_t data[EDU_DMA_SIZE], want[EDU_DMA_SIZE];
	struct edu_dma d = { .data = (uintptr_t)data, .offset = offset,
			     .len = len };
	uint32_t x = seed * 2654435761u + 1;

	if (len > EDU_DMA_SIZE) {
		fprintf(stderr, "edu-ctl: LEN at most %d\n", EDU_DMA_SIZE);
		return -1;
	}
	for (uint32_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		want[i] = data[i] = x >> 16;
	}
	if (ioctl(dev_fd, EDU_IOC_DMA, &d)) {
		fprintf(stderr, "edu-ctl: EDU_IOC_DMA len %u offset %u: %s\n",
			len, offset, strerror(errno));
		return -1;
	}
	for (uint32_t i = 0; i < len; i++) {
		if (data[i] != want[i]) {
			fprintf(stderr, "edu-ctl: dma byte %u came back 0x%02x, "
				"sent 0x%02x\n", i, data[i], want[i]);
			return -2;
		}
	}
	if (!quiet)
		printf("dma %u %u ok %08x\n", len, offset, checksum(data, len));
	return 0;
}

static void pause_ms(long ms)
{
	struct timespec t = { .tv_sec = ms / 1000,
			      .tv_nsec = (ms % 1000) * 1000000 };

	nanosleep(&t, NULL);
}

/* Open @path again, waiting up to 30 s for the node to come back. */
static int reopen(const char *path)
{
	close(dev_fd);
	for (int i = 0; i < 600; i++) {
		dev_fd = open(path, O_RDWR);
		if (dev_fd >= 0)
			return 0;
		pause_ms(50);
	}
	fprintf(stderr, "edu-ctl: open %s: %s\n", path, strerror(errno));
	return -1;
}

/*
 * The workload of "run": until @stop exists, one factorial and one small
 * DMA per round. A failing call (EIO while mend restarts the driver, or a
 * file of the dead instance) is counted and the device reopened; a wrong
 * result is never acceptable. Exit status 0 when nothing was wrong.
 */
static int run(const char *path, const char *stop)
{
	unsigned long rounds = 0, errors = 0, reopens = 0, wrong = 0;
	struct stat st;
	uint32_t result;

	for (unsigned long i = 0; stat(stop, &st) && !wrong; i++) {
		uint32_t n = i % 13;
		int err = fact(n, &result);

		if (!err && result != expected_fact(n)) {
			fprintf(stderr, "edu-ctl: %u! = %u, expected %u\n",
				n, result, expected_fact(n));
			wrong++;
			break;
		}
		if (!err)
			err = dma(64, (i * 64) % EDU_DMA_SIZE, i, 1);
		if (err == -2)
			wrong++;
		else if (err) {
			errors++;
			if (reopen(path))
				return 1;
			reopens++;
		} else {
			rounds++;
		}
	}
	printf("run: %lu rounds ok, %lu errors, %lu reopens, %lu wrong\n",
	       rounds, errors, reopens, wrong);
	return wrong ? 1 : 0;
}

/* One operation of a benchmark workload: 0, or -1 after saying why. */
static int bench_op(const char *workload)
{
	struct edu_stats stats;
	char line[16];
	uint32_t result;

	if (!strcmp(workload, "nop")) {
		/* A command the driver does not know: -ENOTTY at once. */
		if (ioctl(dev_fd, EDU_IOC_NOP) < 0 && errno == ENOTTY)
			return 0;
		fprintf(stderr, "edu-ctl: ioctl %#lx: %s, expected ENOTTY\n",
			(unsigned long)EDU_IOC_NOP, strerror(errno));
		return -1;
	}
	if (!strcmp(workload, "stats")) {
		if (!ioctl(dev_fd, EDU_IOC_STATS, &stats))
			return 0;
		fprintf(stderr, "edu-ctl: EDU_IOC_STATS: %s\n", strerror(errno));
		return -1;
	}
	if (!strcmp(workload, "read")) {
		if (pread(dev_fd, line, sizeof(line), 0) > 0)
			return 0;
		fprintf(stderr, "edu-ctl: read: %s\n", strerror(errno));
		return -1;
	}
	if (!strcmp(workload, "fact")) {
		if (fact(12, &result))
			return -1;
		if (result == expected_fact(12))
			return 0;
		fprintf(stderr, "edu-ctl: 12! = %u\n", result);
		return -1;
	}
	if (pwrite(dev_fd, "12\n", 3, 0) == 3)
		return 0;
	fprintf(stderr, "edu-ctl: write: %s\n", strerror(errno));
	return -1;
}

static int bench(const char *workload, unsigned long count)
{
	struct timespec start, end;
	unsigned long i;
	long long ns;
	pid_t spinner;
	int tries;

	if (strcmp(workload, "nop") && strcmp(workload, "stats") &&
	    strcmp(workload, "read") && strcmp(workload, "fact") &&
	    strcmp(workload, "write")) {
		fprintf(stderr, "edu-ctl: bench: unknown workload '%s'; allowed: nop, stats, read, fact, write\n",
			workload);
		return 2;
	}
	/*
	 * A result for read to return. Under QEMU's -icount the device
	 * computes in a QEMU thread on host time, while the clock of an idle
	 * guest jumps to its next timer at once: on a busy host the driver's
	 * wait would often time out (ETIMEDOUT) before the thread ran. A
	 * child spinning meanwhile keeps the guest busy, so that its clock
	 * only moves with the instructions it runs.
	 */
	spinner = fork();
	if (spinner < 0) {
		fprintf(stderr, "edu-ctl: fork: %s\n", strerror(errno));
		return 1;
	}
	if (!spinner)
		for (;;)
			;
	for (tries = 1; pwrite(dev_fd, "12\n", 3, 0) != 3; tries++) {
		if (errno != ETIMEDOUT || tries == 5) {
			fprintf(stderr, "edu-ctl: write: %s (try %d)\n",
				strerror(errno), tries);
			kill(spinner, SIGKILL);
			waitpid(spinner, NULL, 0);
			return 1;
		}
	}
	kill(spinner, SIGKILL);
	waitpid(spinner, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (i = 0; i < count; i++)
		if (bench_op(workload))
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &end);
	ns = (end.tv_sec - start.tv_sec) * 1000000000LL +
	     (end.tv_nsec - start.tv_nsec);
	printf("bench: edu-%s %lu ops %lld ns\n", workload, count, ns);
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = getenv("EDU_DEV") ? getenv("EDU_DEV") : "/dev/edu";
	uint32_t result;

	if (argc < 2)
		usage();
	dev_fd = open(path, O_RDWR);
	if (dev_fd < 0) {
		fprintf(stderr, "edu-ctl: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "fact") && argc == 3) {
		if (fact(number(argv[2]), &result))
			return 1;
		printf("%u\n", result);
	} else if (!strcmp(argv[1], "dma") && argc == 5) {
		if (dma(number(argv[2]), number(argv[3]), number(argv[4]), 0))
			return 1;
	} else if (!strcmp(argv[1], "stats") && argc == 2) {
		struct edu_stats s;

		if (ioctl(dev_fd, EDU_IOC_STATS, &s)) {
			fprintf(stderr, "edu-ctl: EDU_IOC_STATS: %s\n",
				strerror(errno));
			return 1;
		}
		printf("%u %u %u %u %u\n", s.irqs, s.facts, s.dmas,
		       s.heartbeats, s.missed_heartbeats);
	} else if (!strcmp(argv[1], "bench") && argc == 4) {
		return bench(argv[2], number(argv[3]));
	} else if (!strcmp(argv[1], "run") && argc == 3) {
		return run(path, argv[2]);
	} else if (!strcmp(argv[1], "loop") && argc == 3) {
		unsigned long count = number(argv[2]);

		for (unsigned long i = 0; i < count; i++) {
			uint32_t n = i % 13;

			if (fact(n, &result))
				return 1;
			if (result != expected_fact(n)) {
				fprintf(stderr, "edu-ctl: %u! = %u, expected %u\n",
					n, result, expected_fact(n));
				return 1;
			}
			if (dma(64, (i * 64) % EDU_DMA_SIZE, i, 1))
				return 1;
		}
		printf("loop %lu ok\n", count);
	} else {
		usage();
	}
	return 0;
}
