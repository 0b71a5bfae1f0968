// SPDX-License-Identifier: GPL-2.0
/*
 * net-recv - the guest side of the network transfer tests: accept one TCP
 * connection, read it to its end, and say how much came and its SHA-256.
 *
 *   net-recv [-a ACCEPT_SECONDS] [-i IDLE_SECONDS] PORT
 *
 * Prints "net: listening on PORT" once the socket listens (the host side,
 * tests/lib/net-transfer, connects when it sees that line), then, after the
 * peer closed its side cleanly,
 *
 *   net: received <bytes> bytes sha256 <hex>
 *   net: transfer took <seconds> s (<MB/s> MB/s)
 *
 * and exits 0. It exits 1 with "net: FAIL: ..." when nobody connects within
 * ACCEPT_SECONDS (default 120), when no byte arrives for IDLE_SECONDS
 * (default 60), or on a reset or any other error, saying how many bytes
 * had come. Static, for the busybox-only test initramfs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* SHA-256 as FIPS 180-4 describes it. */
struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed */
	unsigned char block[64];
	size_t fill;		/* bytes waiting in block */
};

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, h0, sizeof(h0));
	s->len = 0;
	s->fill = 0;
}

static void sha256_block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
	e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
		     ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_update(struct sha256 *s, const unsigned char *p, size_t n)
{
	s->len += n;
	if (s->fill) {
		size_t take = 64 - s->fill < n ? 64 - s->fill : n;

		memcpy(s->block + s->fill, p, take);
		s->fill += take;
		p += take;
		n -= take;
		if (s->fill < 64)
			return;
		sha256_block(s, s->block);
		s->fill = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		sha256_block(s, p);
	memcpy(s->block, p, n);
	s->fill = n;
}

static void sha256_final(struct sha256 *s, char hex[65])
{
	uint64_t bits = s->len * 8;
	unsigned char pad[72] = { 0x80 };
	size_t padlen = (s->fill < 56 ? 56 : 120) - s->fill;
	int i;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = bits >> (56 - 8 * i);
	sha256_update(s, pad, padlen + 8);
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", (s->h[i / 4] >> (24 - 8 * (i % 4))) & 0xff);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long number(const char *text, const char *what)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(text, &end, 10);
	if (errno || *end || end == text) {
		fprintf(stderr, "net-recv: %s '%s' is not a number\n", what, text);
		exit(2);
	}
	return n;
}

/* Wait up to @seconds for @fd to be readable: 1 readable, 0 timeout. */
static int wait_readable(int fd, unsigned long seconds)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;

	do {
		r = poll(&p, 1, seconds * 1000);
	} while (r < 0 && errno == EINTR);
	if (r < 0) {
		printf("net: FAIL: poll: %s\n", strerror(errno));
		exit(1);
	}
	return r;
}

int main(int argc, char **argv)
{
	unsigned long accept_s = 120, idle_s = 60, port, total = 0;
	static unsigned char buf[1 << 16];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sha256 sha;
	double start, secs;
	char hex[65];
	int opt, ls, fd, one = 1;

	while ((opt = getopt(argc, argv, "a:i:")) != -1) {
		switch (opt) {
		case 'a':
			accept_s = number(optarg, "accept timeout");
			break;
		case 'i':
			idle_s = number(optarg, "idle timeout");
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	port = number(argv[optind], "port");
	if (!port || port > 65535)
		goto usage;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one))) {
		printf("net: FAIL: socket: %s\n", strerror(errno));
		return 1;
	}
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(ls, (struct sockaddr *)&sin, sizeof(sin)) || listen(ls, 1)) {
		printf("net: FAIL: bind/listen on port %lu: %s\n", port, strerror(errno));
		return 1;
	}
	printf("net: listening on %lu\n", port);

	if (!wait_readable(ls, accept_s)) {
		printf("net: FAIL: no connection within %lu s\n", accept_s);
		return 1;
	}
	fd = accept(ls, NULL, NULL);
	if (fd < 0) {
		printf("net: FAIL: accept: %s\n", strerror(errno));
		return 1;
	}
	close(ls);

	sha256_init(&sha);
	start = now();
	for (;;) {
		ssize_t n;

		if (!wait_readable(fd, idle_s)) {
			printf("net: FAIL: nothing for %lu s after %lu bytes\n", idle_s, total);
			return 1;
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			printf("net: FAIL: read after %lu bytes: %s\n", total, strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		sha256_update(&sha, buf, n);
		total += n;
	}
	secs = now() - start;
	close(fd);
	sha256_final(&sha, hex);
	printf("net: received %lu bytes sha256 %s\n", total, hex);
	printf("net: transfer took %.1f s (%.2f MB/s)\n", secs,
	       secs > 0 ? total / secs / 1e6 : 0.0);
	return 0;

usage:
	fprintf(stderr, "usage: net-recv [-a ACCEPT_SECONDS] [-i IDLE_SECONDS] PORT\n");
	return 2;
}
