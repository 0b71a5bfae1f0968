// SPDX-License-Identifier: GPL-2.0
/*
 * net-ping - a ping flood across a driver fault, for the network recovery
 * tests: how many echo requests are lost, and were they all in flight when
 * the driver failed?
 *
 *   net-ping [-c COUNT] [-i MS] [-s SIZE] [-w SECONDS]
 *            [-F 'FUNCTION KIND' -a SEQ -m MEND_DIR] ADDRESS
 *
 * Sends COUNT (default 2000) ICMP echo requests of SIZE payload bytes
 * (default 56) to ADDRESS as a flood does (ping -f): the next one as soon
 * as the previous one is answered, or MS milliseconds (default 10) after
 * it was sent. Then waits up to SECONDS (default 3) for the answers still
 * missing. An answer is checked (id, sequence, payload) and counted once;
 * repeats are counted as duplicates.
 *
 * With -F, just before request SEQ the fault is armed (written to
 * /sys/kernel/debug/mend/inject) and MEND_DIR/failures
 * (/sys/kernel/mend/<module>) is watched around every send and receive.
 * When it rises, the requests sent and not answered are those in flight at
 * the fault. The run passes when every lost request is one of them (and
 * the fault fired). Without -F, it passes when nothing is lost.
 *
 * Output (fixed, greppable):
 *   net-ping: fault 'FUNCTION KIND' fired after request SEQ: N in flight [seqs]
 *   net-ping: SENT sent, ANSWERED answered, DUP duplicates, LOST lost [seqs]
 *   net-ping: longest wait for an answer MS ms
 *   net-ping: PASS: ...     or     net-ping: FAIL: ...
 * Exit 0 on PASS, 1 on FAIL, 2 on a bad command line. Static, for the
 * busybox-only test initramfs; raw sockets, so run as root.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_COUNT	65535
#define MAX_SIZE	1472
#define INJECT_FILE	"/sys/kernel/debug/mend/inject"
#define SHOWN_SEQS	40

struct request {
	double sent;		/* CLOCK_MONOTONIC seconds, 0: not sent */
	double answered;	/* 0: not answered */
	bool in_flight_at_fault;
};

static struct request requests[MAX_COUNT];
static unsigned int count = 2000, size = 56, interval_ms = 10, wait_s = 3;
static const char *fault, *mend_dir;
static unsigned int fault_at;
static uint16_t ident;

static void usage(const char *why)
{
	fprintf(stderr, "net-ping: %s\n"
		"usage: net-ping [-c COUNT] [-i MS] [-s SIZE] [-w SECONDS] [-F 'FUNCTION KIND' -a SEQ -m MEND_DIR] ADDRESS\n"
		"  COUNT 1..%d, SIZE 8..%d, SEQ < COUNT; -F needs -a and -m\n",
		why, MAX_COUNT, MAX_SIZE);
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned int number(const char *arg, const char *what,
			   unsigned int min, unsigned int max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || *end || end == arg || v < min || v > max) {
		char why[128];

		snprintf(why, sizeof(why), "bad %s '%s'", what, arg);
		usage(why);
	}
	return v;
}

static uint16_t checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (p[0] << 8) | p[1];
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum);
}

/* The payload of request @seq: a pattern that a mixed-up answer breaks. */
static void fill_payload(uint8_t *p, unsigned int seq)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		p[i] = (uint8_t)(seq * 7 + i);
}

static unsigned long read_failures(void)
{
	char path[512], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/failures", mend_dir);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "net-ping: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		fprintf(stderr, "net-ping: cannot read %s\n", path);
		exit(1);
	}
	buf[n] = 0;
	return strtoul(buf, NULL, 10);
}

static void arm_fault(void)
{
	int fd = open(INJECT_FILE, O_WRONLY);

	if (fd < 0 || write(fd, fault, strlen(fault)) != (ssize_t)strlen(fault)) {
		printf("net-ping: FAIL: cannot arm '%s' in %s: %s\n", fault,
		       INJECT_FILE, strerror(errno));
		exit(1);
	}
	close(fd);
}

static void send_request(int sock, const struct sockaddr_in *to,
			 unsigned int seq)
{
	uint8_t packet[sizeof(struct icmphdr) + MAX_SIZE];
	struct icmphdr *icmp = (struct icmphdr *)packet;
	size_t len = sizeof(*icmp) + size;

	memset(icmp, 0, sizeof(*icmp));
	icmp->type = ICMP_ECHO;
	icmp->un.echo.id = htons(ident);
	icmp->un.echo.sequence = htons(seq);
	fill_payload(packet + sizeof(*icmp), seq);
	icmp->checksum = checksum(packet, len);
	requests[seq].sent = now();
	/* A full queue (ENOBUFS) while the driver is away: try again. */
	while (sendto(sock, packet, len, 0, (const struct sockaddr *)to,
		      sizeof(*to)) < 0) {
		if (errno != ENOBUFS && errno != EAGAIN) {
			printf("net-ping: FAIL: sending request %u: %s\n", seq,
			       strerror(errno));
			exit(1);
		}
		usleep(1000);
	}
}

/* Take one datagram; returns 1 for a new answer, 0 otherwise. */
static int receive_answer(int sock, unsigned int *duplicates,
			  unsigned int *corrupt)
{
	uint8_t packet[sizeof(struct iphdr) + 60 + sizeof(struct icmphdr) +
		       MAX_SIZE];
	uint8_t expected[MAX_SIZE];
	const struct icmphdr *icmp;
	const struct iphdr *ip;
	unsigned int seq;
	size_t hlen;
	ssize_t n;

	n = recv(sock, packet, sizeof(packet), MSG_DONTWAIT);
	if (n < 0)
		return 0;
	ip = (const struct iphdr *)packet;
	hlen = ip->ihl * 4;
	if ((size_t)n < hlen + sizeof(*icmp))
		return 0;
	icmp = (const struct icmphdr *)(packet + hlen);
	if (icmp->type != ICMP_ECHOREPLY || ntohs(icmp->un.echo.id) != ident)
		return 0;
	seq = ntohs(icmp->un.echo.sequence);
	if (seq >= count || !requests[seq].sent) {
		(*corrupt)++;
		return 0;
	}
	fill_payload(expected, seq);
	if ((size_t)n != hlen + sizeof(*icmp) + size ||
	    memcmp(expected, icmp + 1, size)) {
		(*corrupt)++;
		return 0;
	}
	if (requests[seq].answered) {
		(*duplicates)++;
		return 0;
	}
	requests[seq].answered = now();
	return 1;
}

static void print_seqs(bool (*pick)(const struct request *))
{
	unsigned int seq, shown = 0;

	for (seq = 0; seq < count; seq++) {
		if (!pick(&requests[seq]))
			continue;
		if (shown++ < SHOWN_SEQS)
			printf(" %u", seq);
	}
	if (shown > SHOWN_SEQS)
		printf(" ...");
}

static bool is_in_flight_at_fault(const struct request *r)
{
	return r->in_flight_at_fault;
}

static bool is_lost(const struct request *r)
{
	return r->sent && !r->answered;
}

int main(int argc, char **argv)
{
	unsigned int next = 0, answered = 0, duplicates = 0, corrupt = 0;
	unsigned int lost = 0, lost_not_in_flight = 0, in_flight = 0, seq;
	unsigned long failures0 = 0;
	bool fault_fired = false;
	double last_answer, longest_wait = 0, deadline;
	struct sockaddr_in to = { .sin_family = AF_INET };
	int opt, sock, rcvbuf = 16 << 20;

	while ((opt = getopt(argc, argv, "c:i:s:w:F:a:m:")) != -1) {
		switch (opt) {
		case 'c': count = number(optarg, "count", 1, MAX_COUNT); break;
		case 'i': interval_ms = number(optarg, "interval", 1, 10000); break;
		case 's': size = number(optarg, "size", 8, MAX_SIZE); break;
		case 'w': wait_s = number(optarg, "wait", 0, 600); break;
		case 'F': fault = optarg; break;
		case 'a': fault_at = number(optarg, "request number", 0, MAX_COUNT); break;
		case 'm': mend_dir = optarg; break;
		default: usage("unknown option");
		}
	}
	if (optind != argc - 1)
		usage("one ADDRESS expected");
	if (inet_pton(AF_INET, argv[optind], &to.sin_addr) != 1)
		usage("ADDRESS must be an IPv4 address");
	if (fault && (!mend_dir || fault_at >= count))
		usage("-F needs -m and an -a below the count");

	sock = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (sock < 0) {
		printf("net-ping: FAIL: raw socket: %s\n", strerror(errno));
		return 1;
	}
	/*
	 * Room for the burst of answers to what waited in the qdisc while
	 * the driver restarted: the default buffer would drop some.
	 */
	if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0) {
		printf("net-ping: FAIL: SO_RCVBUFFORCE: %s\n", strerror(errno));
		return 1;
	}
	ident = getpid() & 0xffff;
	if (fault)
		failures0 = read_failures();

	last_answer = now();
	while (next < count || answered < next) {
		double t = now(), due;
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		int timeout_ms;

		if (fault && next > fault_at && !fault_fired &&
		    read_failures() > failures0) {
			fault_fired = true;
			for (seq = 0; seq < next; seq++) {
				if (!requests[seq].answered) {
					requests[seq].in_flight_at_fault = true;
					in_flight++;
				}
			}
		}
		if (next < count) {
			bool previous_done = !next || requests[next - 1].answered;

			due = next ? requests[next - 1].sent + interval_ms / 1e3 : t;
			if (previous_done || t >= due) {
				if (fault && next == fault_at)
					arm_fault();
				send_request(sock, &to, next++);
				continue;
			}
			timeout_ms = (due - t) * 1e3 + 1;
			deadline = 0;
		} else {
			deadline = requests[count - 1].sent + wait_s;
			if (t >= deadline)
				break;
			timeout_ms = (deadline - t) * 1e3 + 1;
		}
		if (fault && !fault_fired && next > fault_at && timeout_ms > 5)
			timeout_ms = 5;
		if (poll(&pfd, 1, timeout_ms) > 0) {
			while (receive_answer(sock, &duplicates, &corrupt)) {
				t = now();
				if (t - last_answer > longest_wait)
					longest_wait = t - last_answer;
				last_answer = t;
				answered++;
			}
		}
	}

	for (seq = 0; seq < count; seq++) {
		if (is_lost(&requests[seq])) {
			lost++;
			if (!requests[seq].in_flight_at_fault)
				lost_not_in_flight++;
		}
	}
	if (fault && fault_fired) {
		printf("net-ping: fault '%s' fired after request %u: %u in flight [",
		       fault, fault_at, in_flight);
		print_seqs(is_in_flight_at_fault);
		printf(" ]\n");
	}
	printf("net-ping: %u sent, %u answered, %u duplicates, %u lost [",
	       count, answered, duplicates, lost);
	print_seqs(is_lost);
	printf(" ]\n");
	printf("net-ping: longest wait for an answer %.0f ms\n",
	       longest_wait * 1e3);

	if (corrupt) {
		printf("net-ping: FAIL: %u answers did not match any request\n",
		       corrupt);
		return 1;
	}
	if (fault && !fault_fired) {
		printf("net-ping: FAIL: the fault '%s' never fired (%s/failures stayed %lu)\n",
		       fault, mend_dir, failures0);
		return 1;
	}
	if (lost_not_in_flight) {
		printf("net-ping: FAIL: %u lost requests were not in flight at the fault\n",
		       lost_not_in_flight);
		return 1;
	}
	if (fault)
		printf("net-ping: PASS: lost %u <= %u in flight at the fault\n",
		       lost, in_flight);
	else
		printf("net-ping: PASS: nothing lost\n");
	return 0;
}
