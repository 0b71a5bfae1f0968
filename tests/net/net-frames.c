// SPDX-License-Identifier: GPL-2.0
/*
 * net-frames - raw Ethernet frames between two interfaces of one guest, for
 * the receive-mode test (tests/net/rxmode.sh): does the NIC's own filter
 * pass the frames it should, and only those?
 *
 *   net-frames count FROM TO DSTMAC COUNT MS
 *   net-frames send IFACE DSTMAC COUNT
 *   net-frames join IFACE MCASTMAC
 *
 * "count" opens a packet socket on TO first, then sends COUNT frames to
 * DSTMAC out of FROM (source: FROM's MAC), then three end markers to TO's
 * own MAC, and counts the frames to DSTMAC that arrive on TO until the
 * first marker does: the hub and the NIC keep the order, so every frame
 * the NIC let through is in by then, and a check that expects none needs
 * no timeout to be sure. Only frames of this run count: the local
 * experimental ethertype 0x88b5, the source FROM's MAC and a payload with
 * "mend-rxmode", this run's tag and a sequence number below COUNT (the
 * markers': all ones); each once (a repeat is a duplicate). It prints
 *
 *   net-frames: TO received N of COUNT frames to DSTMAC, D duplicates
 *
 * and, if no marker arrived within MS milliseconds, "net-frames: TO: no
 * end marker within MS ms: the link carries no frames" (exit status 1).
 *
 * "send" sends COUNT such frames out of IFACE ("net-frames: IFACE sent
 * COUNT frames to DSTMAC"), e.g. to make a driver transmit. "join" adds
 * the multicast address MCASTMAC to IFACE's list (PACKET_ADD_MEMBERSHIP,
 * PACKET_MR_MULTICAST), prints "net-frames: IFACE joined MCASTMAC" and
 * keeps the membership until it is killed: run it in the background.
 *
 * MAC addresses are written aa:bb:cc:dd:ee:ff, COUNT is 1 to 4096, MS 1
 * to 60000. Exit status: 0, 1 when a socket call failed (with its error)
 * or no end marker came, 2 for bad usage. How many frames to DSTMAC
 * arrived does not make "count" fail: the scenario judges N. Static, for
 * the busybox-only test initramfs; packet sockets, so run as root.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ETHERTYPE_MEND	0x88b5		/* IEEE local experimental 1 */
#define MAGIC		"mend-rxmode"
#define MAX_COUNT	4096
#define MAX_MS		60000
#define MARKER		0xffffffffu	/* the sequence number of end markers */
#define MARKERS		3
#define FRAME_LEN	60		/* the minimum, without the FCS */

/* What follows the Ethernet header. */
struct payload {
	char magic[sizeof(MAGIC)];
	uint32_t tag;			/* this run's, network order */
	uint32_t seq;
	uint32_t count;
} __attribute__((packed));

struct frame {
	struct ether_header eth;
	struct payload payload;
	uint8_t pad[FRAME_LEN - sizeof(struct ether_header) -
		    sizeof(struct payload)];
} __attribute__((packed));

static void usage(const char *why)
{
	fprintf(stderr,
		"net-frames: %s\n"
		"usage: net-frames count FROM TO DSTMAC COUNT MS\n"
		"       net-frames send IFACE DSTMAC COUNT\n"
		"       net-frames join IFACE MCASTMAC\n"
		"MAC: aa:bb:cc:dd:ee:ff; COUNT: 1 to %d frames; MS: 1 to %d\n",
		why, MAX_COUNT, MAX_MS);
	exit(2);
}

static void die(const char *what, const char *iface)
{
	printf("net-frames: %s: %s: %s\n", iface, what, strerror(errno));
	exit(1);
}

static const char *check_iface(const char *iface)
{
	if (!*iface || strlen(iface) >= IFNAMSIZ)
		usage("an interface name is 1 to 15 characters");
	return iface;
}

static void parse_mac(const char *what, const char *arg, uint8_t *mac)
{
	char why[96];
	int i;

	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? arg[i] != ':' : !isxdigit((unsigned char)arg[i]))
			break;
	if (i < 17 || arg[17]) {
		snprintf(why, sizeof(why), "%s '%s' is not aa:bb:cc:dd:ee:ff",
			 what, arg);
		usage(why);
	}
	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = strtoul(arg + 3 * i, NULL, 16);
}

static unsigned int parse_number(const char *what, const char *arg,
				 unsigned int max)
{
	unsigned long value;
	char why[96];
	char *end;

	errno = 0;
	value = strtoul(arg, &end, 10);
	if (*arg == '-' || !*arg || *end || errno || value < 1 || value > max) {
		snprintf(why, sizeof(why), "%s '%s' is not a number from 1 to %u",
			 what, arg, max);
		usage(why);
	}
	return value;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *mac_str(const uint8_t *mac)
{
	static char buf[18];

	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		 mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

/* A packet socket for our ethertype, bound to IFACE. */
static int packet_socket(const char *iface, int *ifindex)
{
	struct sockaddr_ll sll;
	int fd;

	*ifindex = if_nametoindex(iface);
	if (!*ifindex)
		die("no such interface", iface);
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE_MEND));
	if (fd < 0)
		die("socket(AF_PACKET)", iface);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETHERTYPE_MEND);
	sll.sll_ifindex = *ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind", iface);
	return fd;
}

static void iface_mac(int fd, const char *iface, uint8_t *mac)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, iface, IFNAMSIZ - 1);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR", iface);
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
}

/* This run's tag: frames of an earlier run never count. */
static uint32_t run_tag(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)getpid() * 2654435761u ^ (uint32_t)ts.tv_nsec ^
	       (uint32_t)ts.tv_sec;
}

/* Where frames of one run go out: IFACE, with its MAC as the source. */
struct sender {
	const char *iface;
	int fd;
	int ifindex;
	uint8_t src[ETH_ALEN];
	struct frame frame;
};

static void sender_open(struct sender *s, const char *iface, uint32_t tag,
			unsigned int count)
{
	s->iface = iface;
	s->fd = packet_socket(iface, &s->ifindex);
	iface_mac(s->fd, iface, s->src);
	memset(&s->frame, 0, sizeof(s->frame));
	memcpy(s->frame.eth.ether_shost, s->src, ETH_ALEN);
	s->frame.eth.ether_type = htons(ETHERTYPE_MEND);
	memcpy(s->frame.payload.magic, MAGIC, sizeof(MAGIC));
	s->frame.payload.tag = htonl(tag);
	s->frame.payload.count = htonl(count);
}

static void sender_send(struct sender *s, const uint8_t *dst, uint32_t seq)
{
	struct sockaddr_ll to;

	memcpy(s->frame.eth.ether_dhost, dst, ETH_ALEN);
	s->frame.payload.seq = htonl(seq);
	memset(&to, 0, sizeof(to));
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETHERTYPE_MEND);
	to.sll_ifindex = s->ifindex;
	to.sll_halen = ETH_ALEN;
	memcpy(to.sll_addr, dst, ETH_ALEN);
	if (sendto(s->fd, &s->frame, sizeof(s->frame), 0,
		   (struct sockaddr *)&to, sizeof(to)) != sizeof(s->frame))
		die("sendto", s->iface);
}

/*
 * One of this run's frames to DST (its sequence number), one of its end
 * markers to MARK_DST (MARKER), or neither (-1).
 */
static long long our_seq(const struct frame *f, ssize_t len,
			 const struct sockaddr_ll *from, const uint8_t *dst,
			 const uint8_t *mark_dst, const uint8_t *src,
			 uint32_t tag, unsigned int count)
{
	uint32_t seq;

	if (len < (ssize_t)(sizeof(f->eth) + sizeof(f->payload)) ||
	    from->sll_pkttype == PACKET_OUTGOING ||
	    ntohs(f->eth.ether_type) != ETHERTYPE_MEND ||
	    memcmp(f->eth.ether_shost, src, ETH_ALEN) ||
	    memcmp(f->payload.magic, MAGIC, sizeof(MAGIC)) ||
	    ntohl(f->payload.tag) != tag ||
	    ntohl(f->payload.count) != count)
		return -1;
	seq = ntohl(f->payload.seq);
	if (seq == MARKER && !memcmp(f->eth.ether_dhost, mark_dst, ETH_ALEN))
		return MARKER;
	if (seq >= count || memcmp(f->eth.ether_dhost, dst, ETH_ALEN))
		return -1;
	return seq;
}

static int count_frames(const char *from, const char *to, const uint8_t *dst,
			unsigned int count, unsigned int ms)
{
	static bool seen[MAX_COUNT];
	unsigned int received = 0, duplicates = 0, i;
	uint32_t tag = run_tag();
	uint8_t to_mac[ETH_ALEN];
	struct sender s;
	double deadline, now;
	bool marked = false;
	long long seq;
	int fd, ifindex;

	/* Listen before anything is sent. */
	fd = packet_socket(to, &ifindex);
	iface_mac(fd, to, to_mac);
	sender_open(&s, from, tag, count);
	for (i = 0; i < count; i++)
		sender_send(&s, dst, i);
	/*
	 * Then the end markers, to TO's own address: frames reach TO in the
	 * order they were sent, so once a marker is in, every frame to DST
	 * the NIC let through is in too.
	 */
	for (i = 0; i < MARKERS; i++)
		sender_send(&s, to_mac, MARKER);
	close(s.fd);
	deadline = now_ms() + ms;
	while (!marked && (now = now_ms()) < deadline) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct sockaddr_ll sll;
		socklen_t slen = sizeof(sll);
		uint8_t buf[2048];
		ssize_t len;

		if (poll(&pfd, 1, (int)(deadline - now) + 1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll", to);
		}
		if (!(pfd.revents & POLLIN))
			continue;
		len = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
			       (struct sockaddr *)&sll, &slen);
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			die("recvfrom", to);
		}
		seq = our_seq((struct frame *)buf, len, &sll, dst, to_mac,
			      s.src, tag, count);
		if (seq == MARKER)
			marked = true;
		else if (seq >= 0 && seen[seq])
			duplicates++;
		else if (seq >= 0) {
			seen[seq] = true;
			received++;
		}
	}
	close(fd);
	printf("net-frames: %s received %u of %u frames to %s, %u duplicates\n",
	       to, received, count, mac_str(dst), duplicates);
	if (!marked) {
		printf("net-frames: %s: no end marker within %u ms: the link carries no frames\n",
		       to, ms);
		return 1;
	}
	return 0;
}

static void __attribute__((noreturn)) join(const char *iface,
						 const uint8_t *mac)
{
	struct packet_mreq mreq;
	int fd, ifindex;

	fd = packet_socket(iface, &ifindex);
	memset(&mreq, 0, sizeof(mreq));
	mreq.mr_ifindex = ifindex;
	mreq.mr_type = PACKET_MR_MULTICAST;
	mreq.mr_alen = ETH_ALEN;
	memcpy(mreq.mr_address, mac, ETH_ALEN);
	if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
		       sizeof(mreq)))
		die("PACKET_ADD_MEMBERSHIP", iface);
	printf("net-frames: %s joined %s\n", iface, mac_str(mac));
	fflush(stdout);
	/* The membership lasts as long as the socket: until we are killed. */
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	unsigned int count, i;
	uint8_t mac[ETH_ALEN];
	struct sender s;

	if (argc < 2)
		usage("a command is needed: count, send or join");
	if (!strcmp(argv[1], "count")) {
		if (argc != 7)
			usage("count takes FROM TO DSTMAC COUNT MS");
		check_iface(argv[2]);
		check_iface(argv[3]);
		if (!strcmp(argv[2], argv[3]))
			usage("count needs two different interfaces");
		parse_mac("DSTMAC", argv[4], mac);
		return count_frames(argv[2], argv[3], mac,
				    parse_number("COUNT", argv[5], MAX_COUNT),
				    parse_number("MS", argv[6], MAX_MS));
	}
	if (!strcmp(argv[1], "send")) {
		if (argc != 5)
			usage("send takes IFACE DSTMAC COUNT");
		check_iface(argv[2]);
		parse_mac("DSTMAC", argv[3], mac);
		count = parse_number("COUNT", argv[4], MAX_COUNT);
		sender_open(&s, argv[2], run_tag(), count);
		for (i = 0; i < count; i++)
			sender_send(&s, mac, i);
		printf("net-frames: %s sent %u frames to %s\n", argv[2], count,
		       mac_str(mac));
		return 0;
	}
	if (!strcmp(argv[1], "join")) {
		if (argc != 4)
			usage("join takes IFACE MCASTMAC");
		check_iface(argv[2]);
		parse_mac("MCASTMAC", argv[3], mac);
		if (!(mac[0] & 1))
			usage("MCASTMAC must be a multicast address (first byte odd)");
		join(argv[2], mac);
	}
	usage("the command is count, send or join");
	return 2;
}
