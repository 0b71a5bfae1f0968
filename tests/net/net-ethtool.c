// SPDX-License-Identifier: GPL-2.0
/*
 * net-ethtool - read and set the ethtool settings the net tests check
 * across a driver restart, through the SIOCETHTOOL ioctl (the busybox
 * initramfs has no ethtool).
 *
 *   net-ethtool IFACE get
 *   net-ethtool IFACE set msglevel LEVEL
 *   net-ethtool IFACE set ring RX TX
 *   net-ethtool IFACE set pause AUTONEG RX TX
 *
 * LEVEL is a number (0x for hex), RX and TX ring sizes in descriptors,
 * AUTONEG, RX and TX of pause each "on" or "off". "get" prints the
 * settings, always in this form:
 *
 *   net-ethtool: eth0 msglevel 0x7
 *   net-ethtool: eth0 ring rx 256 tx 256
 *   net-ethtool: eth0 ring max rx 4096 tx 4096
 *   net-ethtool: eth0 pause autoneg on rx on tx off
 *
 * or "net-ethtool: eth0 ring not supported" when the driver has no such
 * operation. "set" prints "net-ethtool: eth0 set ring rx 512 tx 512" once
 * the driver took it. Exit status: 0, 1 when the kernel refused a request
 * (with its error), 2 for bad usage. Static, for the busybox-only test
 * initramfs.
 */
#include <errno.h>
#include <limits.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *iface;
static int sock;

static void usage(const char *why)
{
	fprintf(stderr,
		"net-ethtool: %s\n"
		"usage: net-ethtool IFACE get\n"
		"       net-ethtool IFACE set msglevel LEVEL\n"
		"       net-ethtool IFACE set ring RX TX\n"
		"       net-ethtool IFACE set pause AUTONEG RX TX\n"
		"LEVEL: a number (0x for hex); RX, TX of ring: descriptors;\n"
		"AUTONEG, RX, TX of pause: on or off\n", why);
	exit(2);
}

/* One ethtool command on IFACE; 0 or the errno the kernel returned. */
static int ethtool(void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, iface, IFNAMSIZ - 1);
	ifr.ifr_data = cmd;
	return ioctl(sock, SIOCETHTOOL, &ifr) ? errno : 0;
}

static unsigned int parse_u32(const char *what, const char *arg, int base)
{
	unsigned long value;
	char *end;
	char why[128];

	errno = 0;
	value = strtoul(arg, &end, base);
	if (*arg == '-' || !*arg || *end || errno || value > UINT_MAX) {
		snprintf(why, sizeof(why), "%s '%s' is not a number from 0 to %u",
			 what, arg, UINT_MAX);
		usage(why);
	}
	return value;
}

static unsigned int parse_on_off(const char *what, const char *arg)
{
	char why[128];

	if (!strcmp(arg, "on"))
		return 1;
	if (!strcmp(arg, "off"))
		return 0;
	snprintf(why, sizeof(why), "pause %s '%s' is neither on nor off", what,
		 arg);
	usage(why);
	return 0;
}

static const char *on_off(unsigned int value)
{
	return value ? "on" : "off";
}

/* A get that failed: unsupported is an answer, anything else an error. */
static int get_failed(const char *what, int err)
{
	if (err == EOPNOTSUPP) {
		printf("net-ethtool: %s %s not supported\n", iface, what);
		return 0;
	}
	printf("net-ethtool: %s: get %s: %s\n", iface, what, strerror(err));
	return 1;
}

static int get(void)
{
	struct ethtool_value msglevel = { .cmd = ETHTOOL_GMSGLVL };
	struct ethtool_ringparam ring = { .cmd = ETHTOOL_GRINGPARAM };
	struct ethtool_pauseparam pause = { .cmd = ETHTOOL_GPAUSEPARAM };
	int failed = 0;
	int err;

	err = ethtool(&msglevel);
	if (err)
		failed |= get_failed("msglevel", err);
	else
		printf("net-ethtool: %s msglevel 0x%x\n", iface, msglevel.data);

	err = ethtool(&ring);
	if (err)
		failed |= get_failed("ring", err);
	else
		printf("net-ethtool: %s ring rx %u tx %u\n"
		       "net-ethtool: %s ring max rx %u tx %u\n",
		       iface, ring.rx_pending, ring.tx_pending,
		       iface, ring.rx_max_pending, ring.tx_max_pending);

	err = ethtool(&pause);
	if (err)
		failed |= get_failed("pause", err);
	else
		printf("net-ethtool: %s pause autoneg %s rx %s tx %s\n", iface,
		       on_off(pause.autoneg), on_off(pause.rx_pause),
		       on_off(pause.tx_pause));
	return failed;
}

static int set_done(const char *what, int err)
{
	if (err) {
		printf("net-ethtool: %s: set %s: %s\n", iface, what,
		       strerror(err));
		return 1;
	}
	printf("net-ethtool: %s set %s\n", iface, what);
	return 0;
}

static int set(int argc, char **argv)
{
	char what[96];
	int err;

	if (!strcmp(argv[0], "msglevel")) {
		struct ethtool_value msglevel = { .cmd = ETHTOOL_SMSGLVL };

		if (argc != 2)
			usage("set msglevel takes one LEVEL");
		msglevel.data = parse_u32("msglevel LEVEL", argv[1], 0);
		snprintf(what, sizeof(what), "msglevel 0x%x", msglevel.data);
		return set_done(what, ethtool(&msglevel));
	}
	if (!strcmp(argv[0], "ring")) {
		struct ethtool_ringparam ring = { .cmd = ETHTOOL_GRINGPARAM };
		unsigned int rx, tx;

		if (argc != 3)
			usage("set ring takes RX and TX");
		rx = parse_u32("ring RX", argv[1], 10);
		tx = parse_u32("ring TX", argv[2], 10);
		snprintf(what, sizeof(what), "ring rx %u tx %u", rx, tx);
		/* The other sizes (mini, jumbo) stay as they are. */
		err = ethtool(&ring);
		if (!err) {
			ring.cmd = ETHTOOL_SRINGPARAM;
			ring.rx_pending = rx;
			ring.tx_pending = tx;
			err = ethtool(&ring);
		}
		return set_done(what, err);
	}
	if (!strcmp(argv[0], "pause")) {
		struct ethtool_pauseparam pause = { .cmd = ETHTOOL_SPAUSEPARAM };

		if (argc != 4)
			usage("set pause takes AUTONEG, RX and TX");
		pause.autoneg = parse_on_off("AUTONEG", argv[1]);
		pause.rx_pause = parse_on_off("RX", argv[2]);
		pause.tx_pause = parse_on_off("TX", argv[3]);
		snprintf(what, sizeof(what), "pause autoneg %s rx %s tx %s",
			 on_off(pause.autoneg), on_off(pause.rx_pause),
			 on_off(pause.tx_pause));
		return set_done(what, ethtool(&pause));
	}
	snprintf(what, sizeof(what),
		 "cannot set '%s': msglevel, ring or pause", argv[0]);
	usage(what);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		usage("IFACE and get or set needed");
	iface = argv[1];
	if (!*iface || strlen(iface) >= IFNAMSIZ)
		usage("IFACE must be 1 to 15 characters");
	if (strcmp(argv[2], "get") && strcmp(argv[2], "set"))
		usage("the command is get or set");
	if (!strcmp(argv[2], "get") && argc != 3)
		usage("get takes nothing more");
	if (!strcmp(argv[2], "set") && argc < 4)
		usage("set needs msglevel, ring or pause");

	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0) {
		printf("net-ethtool: socket: %s\n", strerror(errno));
		return 1;
	}
	if (!strcmp(argv[2], "get"))
		return get();
	return set(argc - 3, argv + 3);
}
