// SPDX-License-Identifier: GPL-2.0
/*
 * net-stream - a bare TCP stream for benchmarks: as little work per byte
 * as a stream can do, so that what a driver costs shows.
 *
 *   net-stream recv PORT           accept one connection, read it to its
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
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	(64 * 1024)

static char buf[CHUNK];

static void usage(void)
{
	fprintf(stderr, "usage: net-stream recv PORT | send HOST PORT BYTES\n");
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

static int stream_recv(unsigned int port)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	unsigned long long total = 0;
	struct timespec first, end;
	int one = 1, ls, s;
	ssize_t n;

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
	}
	if (n < 0)
		die("read");
	clock_gettime(CLOCK_MONOTONIC, &end);
	close(s);
	close(ls);
	printf("net-stream: received %llu bytes in %lld ns\n", total,
	       total ? ns_between(&first, &end) : 0);
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
	if (argc == 3 && !strcmp(argv[1], "recv"))
		return stream_recv(number(argv[2], "port"));
	if (argc == 5 && !strcmp(argv[1], "send"))
		return stream_send(argv[2], number(argv[3], "port"),
				   number(argv[4], "byte count"));
	usage();
	return 2;
}
