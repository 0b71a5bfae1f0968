// SPDX-License-Identifier: GPL-2.0
/*
 * net-stream - a bare TCP stream for benchmarks: as little work per byte
 * as a stream can do, so that what a driver costs shows.
 *
 *   net-stream recv [-s MS] [-f SPEC -a BYTES] PORT
 *                                  accept one connection, read it to its
 *                                  end (64 KiB reads, nothing done with
 *                                  the bytes), print
 *                                  "net-stream: received BYTES bytes in NS ns"
 *                                  (CLOCK_MONOTONIC from the first byte to
 *                                  the end; under QEMU -icount, an
 *                                  instruction count), exit 0
 *   net-stream send HOST PORT BYTES  connect (retrying for 10 s), write
 *                                  BYTES zero bytes in 64 KiB writes, shut
 *                                  the sending side and wait for the peer
 *                                  to close
 *
 * Prints "net-stream: listening on PORT" once the socket listens. Errors
 * name the call and exit 1; a bad command line exits 2. Static, for the
 * busybox-only test initramfs.
 *
 * recv's options, for a throughput series across a driver fault (tools/
 * mend-bench's recovery workload); without them a read costs nothing
 * more than the read:
 *   -s MS     sample: after the "received" line, the bytes that arrived
 *             in each MS ms since the first byte, one line each,
 *             "net-stream: sample T_MS BYTES" (T_MS where the interval
 *             starts), and the longest pause between two reads that
 *             returned data, "net-stream: longest gap NS ns at NS ns
 *             after BYTES bytes" (where it started): the outage the
 *             stream saw
 *   -f SPEC -a BYTES
 *             once BYTES have arrived, write SPEC ("FUNCTION KIND") to
 *             mend's /sys/kernel/debug/mend/inject, which arms that fault
 *             in a driver built with injection points, and print
 *             "net-stream: fault 'SPEC' armed at NS ns after BYTES bytes"
 *             (NS since the first byte). The same moment goes to the
 *             kernel log, "net-stream: fault armed at NS ns" (/dev/kmsg),
 *             so that the kernel's timestamps of the failure and the
 *             restart can be placed on the stream's time line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	(64 * 1024)

static char buf[CHUNK];

static void usage(void)
{
	fprintf(stderr, "usage: net-stream recv [-s MS] [-f 'FUNCTION KIND' -a BYTES] PORT"
			" | send HOST PORT BYTES\n");
	exit(2);
}

static unsigned long long number(const char *text, const char *what)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (errno || *end || end == text) {
		fprintf(stderr, "net-stream: bad %s '%s'\n", what, text);
		exit(2);
	}
	return n;
}

static void die(const char *what)
{
	printf("net-stream: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long long ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

/* recv's options: the sampling interval (0: none) and the fault. */
struct recv_opts {
	unsigned long long sample_ns;
	const char *fault;
	unsigned long long fault_at;
};

/* Bytes per sampling interval, grown as the stream goes on. */
static unsigned long long *samples;
static size_t nsamples, samples_cap;

static void sample_add(size_t i, unsigned long long bytes)
{
	if (i >= samples_cap) {
		size_t cap = samples_cap ? samples_cap : 256;

		while (cap <= i)
			cap *= 2;
		samples = realloc(samples, cap * sizeof(*samples));
		if (!samples)
			die("realloc");
		memset(samples + samples_cap, 0,
		       (cap - samples_cap) * sizeof(*samples));
		samples_cap = cap;
	}
	samples[i] += bytes;
	if (i >= nsamples)
		nsamples = i + 1;
}

/* Arm the fault: mend's debugfs file, then a mark in the kernel log. */
static long long arm_fault(int inject_fd, const char *spec,
			   const struct timespec *first)
{
	struct timespec now;
	char mark[96];
	long long at;
	int kmsg;

	if (write(inject_fd, spec, strlen(spec)) != (ssize_t)strlen(spec))
		die("write /sys/kernel/debug/mend/inject");
	clock_gettime(CLOCK_MONOTONIC, &now);
	at = ns_between(first, &now);
	kmsg = open("/dev/kmsg", O_WRONLY);
	if (kmsg >= 0) {
		snprintf(mark, sizeof(mark), "net-stream: fault armed at %lld ns\n",
			 at);
		if (write(kmsg, mark, strlen(mark)) < 0)
			die("write /dev/kmsg");
		close(kmsg);
	}
	return at;
}

static int stream_recv(unsigned int port, const struct recv_opts *o)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	unsigned long long total = 0, gap_bytes = 0;
	long long last = 0, gap = 0, gap_at = 0, armed_at = -1;
	unsigned long long armed_bytes = 0;
	struct timespec first, end, now;
	int one = 1, ls, s, inject_fd = -1;
	ssize_t n;
	size_t i;

	if (o->fault) {
		inject_fd = open("/sys/kernel/debug/mend/inject", O_WRONLY);
		if (inject_fd < 0)
			die("open /sys/kernel/debug/mend/inject");
	}
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&addr, sizeof(addr)) || listen(ls, 1))
		die("bind/listen");
	printf("net-stream: listening on %u\n", port);
	fflush(stdout);
	s = accept(ls, NULL, NULL);
	if (s < 0)
		die("accept");
	while ((n = read(s, buf, sizeof(buf))) > 0) {
		if (!total)
			clock_gettime(CLOCK_MONOTONIC, &first);
		total += n;
		if (o->sample_ns) {
			long long t;

			clock_gettime(CLOCK_MONOTONIC, &now);
			t = ns_between(&first, &now);
			sample_add(t / o->sample_ns, n);
			if (t - last > gap) {
				gap = t - last;
				gap_at = last;
				gap_bytes = total - n;
			}
			last = t;
		}
		if (inject_fd >= 0 && armed_at < 0 && total >= o->fault_at) {
			armed_at = arm_fault(inject_fd, o->fault, &first);
			armed_bytes = total;
		}
	}
	if (n < 0)
		die("read");
	clock_gettime(CLOCK_MONOTONIC, &end);
	close(s);
	close(ls);
	printf("net-stream: received %llu bytes in %lld ns\n", total,
	       total ? ns_between(&first, &end) : 0);
	if (o->fault) {
		close(inject_fd);
		if (armed_at < 0) {
			printf("net-stream: the stream ended after %llu bytes, before the fault at %llu\n",
			       total, o->fault_at);
			return 1;
		}
		printf("net-stream: fault '%s' armed at %lld ns after %llu bytes\n",
		       o->fault, armed_at, armed_bytes);
	}
	if (o->sample_ns) {
		for (i = 0; i < nsamples; i++)
			printf("net-stream: sample %llu %llu\n",
			       (unsigned long long)i * o->sample_ns / 1000000,
			       samples[i]);
		printf("net-stream: longest gap %lld ns at %lld ns after %llu bytes\n",
		       gap, gap_at, gap_bytes);
	}
	return 0;
}

static int stream_send(const char *host, unsigned int port,
		       unsigned long long bytes)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
	};
	int s = -1, tries;
	ssize_t n;

	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		fprintf(stderr, "net-stream: HOST must be an IPv4 address\n");
		return 2;
	}
	for (tries = 0; tries < 100; tries++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0)
			die("socket");
		if (!connect(s, (struct sockaddr *)&addr, sizeof(addr)))
			break;
		close(s);
		s = -1;
		usleep(100000);
	}
	if (s < 0)
		die("connect");
	while (bytes) {
		n = write(s, buf, bytes < CHUNK ? bytes : CHUNK);
		if (n < 0)
			die("write");
		bytes -= n;
	}
	if (shutdown(s, SHUT_WR))
		die("shutdown");
	while ((n = read(s, buf, sizeof(buf))) > 0)
		;
	close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "recv")) {
		struct recv_opts o = { 0 };
		int fault_at_given = 0, c;

		optind = 2;
		while ((c = getopt(argc, argv, "s:f:a:")) != -1) {
			switch (c) {
			case 's':
				o.sample_ns = number(optarg, "sampling interval") *
					      1000000ULL;
				if (!o.sample_ns) {
					fprintf(stderr, "net-stream: -s must be at least 1 ms\n");
					return 2;
				}
				break;
			case 'f':
				o.fault = optarg;
				break;
			case 'a':
				o.fault_at = number(optarg, "byte count");
				fault_at_given = 1;
				break;
			default:
				usage();
			}
		}
		if (!o.fault != !fault_at_given) {
			fprintf(stderr, "net-stream: -f and -a go together\n");
			return 2;
		}
		if (optind != argc - 1)
			usage();
		return stream_recv(number(argv[optind], "port"), &o);
	}
	if (argc == 5 && !strcmp(argv[1], "send"))
		return stream_send(argv[2], number(argv[3], "port"),
				   number(argv[4], "byte count"));
	usage();
	return 2;
}
