// SPDX-License-Identifier: GPL-2.0
/*
 * Driver for the RealTek RTL8139 Fast Ethernet controller (10ec:8139), as
 * QEMU emulates it
 *
 *   qemu-system-x86_64 ... -device rtl8139,netdev=n0 -netdev user,id=n0
 *   insmod rtl8139.ko [debug=N]
 *   ip link set eth0 up; ip addr add 10.0.2.15/24 dev eth0
 *   ethtool eth0; ethtool -i eth0; ethtool -s eth0 msglvl 0x7fff
 *
 * It is mend's example network driver, written for mend rather than taken
 * from the kernel's 8139too (or 8139cp, which drives QEMU's rtl8139 in its
 * C+ descriptor mode): the module is named rtl8139 and drives the chip in
 * its classic mode, with the resources a NIC driver holds and that mend is
 * to track and recover:
 *
 *  - the registers through the MMIO BAR (pci_iomap);
 *  - transmit: the chip's four transmit descriptors (a status and an address
 *    register each, used round robin), each with a DMA-coherent bounce
 *    buffer the frame is copied into; completions are reaped in the
 *    interrupt handler, and the queue stops while all four are busy;
 *  - receive: one DMA-coherent ring of 32 KiB (+16 bytes, plus room for the
 *    frame the chip writes past the end: WRAP mode), each frame preceded by
 *    a 4-byte header (status, length with CRC) and aligned to 4 bytes; the
 *    driver reads up to the chip's write offset (CBR) and gives the room
 *    back through CAPR once per poll;
 *  - a shared interrupt (INTx): receive events are masked and handed to
 *    NAPI, whose poll unmasks them when the ring is drained;
 *  - a timer polling the link bit of the media status register (plus the
 *    chip's link change interrupt) for netif_carrier_on/off;
 *  - a work item resetting the chip after a transmit timeout or a PCI error;
 *  - the receive filter: promiscuous, all-multicast, or the 64-bit multicast
 *    hash the chip indexes with the top 6 bits of the address's CRC;
 *  - MAC address, MTU (68..1500: the transmit bounce buffers and the receive
 *    length check are sized for standard frames), counters (the netdev's
 *    stats, plus the chip's missed-packet counter), ethtool basics.
 *
 * The DMA buffers carry count annotations (<mend.h>): every access to the
 * receive ring and the transmit buffers is bounds-checked in an
 * instrumented build. Register layout: RealTek's RTL8139(A/B/C) datasheets,
 * and QEMU's hw/net/rtl8139.c for what the emulation implements.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/crc32.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/mii.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <mend.h>

#define RTL_VENDOR_ID		0x10ec
#define RTL_DEVICE_ID		0x8139

#define RTL_MMIO_BAR		1
#define RTL_REGS_SIZE		0x80	/* the registers this driver uses */

/* Registers (offsets into the MMIO BAR) */
#define RTL_IDR0		0x00	/* MAC address, 6 bytes; written unlocked */
#define RTL_MAR0		0x08	/* multicast hash filter, 8 bytes */
#define RTL_TSD0		0x10	/* transmit status of descriptor 0..3 */
#define RTL_TSAD0		0x20	/* transmit buffer address, 0..3 */
#define RTL_RBSTART		0x30	/* receive ring address */
#define RTL_CR			0x37	/* command */
#define RTL_CAPR		0x38	/* read offset minus 16 (16 bits) */
#define RTL_CBR			0x3a	/* write offset (16 bits) */
#define RTL_IMR			0x3c	/* interrupt mask (16 bits) */
#define RTL_ISR			0x3e	/* interrupt status (16 bits, write 1 to ack) */
#define RTL_TCR			0x40	/* transmit configuration */
#define RTL_RCR			0x44	/* receive configuration */
#define RTL_MPC			0x4c	/* missed packets, 24 bits, a write clears */
#define RTL_9346CR		0x50	/* EEPROM command: config register lock */
#define RTL_MSR			0x58	/* media status (8 bits) */
#define RTL_BMCR		0x62	/* PHY: basic mode control (MII BMCR) */
#define RTL_BMSR		0x64	/* PHY: basic mode status (MII BMSR) */
#define RTL_ANAR		0x66	/* PHY: autonegotiation advertisement */
#define RTL_ANLPAR		0x68	/* PHY: link partner ability */

#define RTL_TSD(n)		(RTL_TSD0 + 4 * (n))
#define RTL_TSAD(n)		(RTL_TSAD0 + 4 * (n))

/* CR bits */
#define CR_RST			0x10	/* reset; reads 1 until done */
#define CR_RE			0x08	/* receiver enable */
#define CR_TE			0x04	/* transmitter enable */
#define CR_BUFE			0x01	/* receive ring empty */

/* ISR and IMR bits */
#define INT_SERR		0x8000	/* PCI system error */
#define INT_TIMEOUT		0x4000	/* general purpose timer */
#define INT_FOVW		0x0040	/* receive FIFO overflow */
#define INT_LINKCHG		0x0020	/* link change (packet underrun) */
#define INT_RXOVW		0x0010	/* receive ring overflow */
#define INT_TER			0x0008	/* transmit error */
#define INT_TOK			0x0004	/* transmit OK */
#define INT_RER			0x0002	/* receive error */
#define INT_ROK			0x0001	/* receive OK */

/*
 * Receive events go to NAPI. A ring overflow is no interrupt source: the
 * frames in the ring raised ROK already, and draining them makes room (QEMU
 * then holds frames back instead of dropping them); the loss shows in MPC.
 */
#define INT_RX_EVENTS		(INT_ROK | INT_RER | INT_FOVW)
#define INT_RX_ACK		(INT_RX_EVENTS | INT_RXOVW)
#define INT_TX_EVENTS		(INT_TOK | INT_TER)
#define INT_ENABLED		(INT_RX_EVENTS | INT_TX_EVENTS | INT_LINKCHG | INT_SERR)

/* TSD bits */
#define TSD_CRS			0x80000000	/* carrier sense lost */
#define TSD_TABT		0x40000000	/* transmit aborted */
#define TSD_OWC			0x20000000	/* out of window collision */
#define TSD_NCC_SHIFT		24		/* collision count, 4 bits */
#define TSD_ERTXTH_SHIFT	16		/* early tx threshold, 32-byte units */
#define TSD_ERTXTH_MAX		0x3f
#define TSD_TOK			0x00008000	/* transmit OK */
#define TSD_TUN			0x00004000	/* FIFO underrun */
#define TSD_OWN			0x00002000	/* DMA done, buffer back to us */
#define TSD_SIZE_MASK		0x00001fff

/* TCR bits */
#define TCR_IFG96		(3 << 24)	/* standard interframe gap */
#define TCR_MXDMA_1024		(6 << 8)	/* max DMA burst */
#define TCR_RETRY_SHIFT		4		/* retries: 16 + 16 * n */
#define TCR_CLRABT		0x01		/* retransmit after an abort */
#define TCR_HWVER_MASK		0x7c800000
#define RTL_TX_CONFIG		(TCR_IFG96 | TCR_MXDMA_1024 | (8 << TCR_RETRY_SHIFT))

/* RCR bits */
#define RCR_RXFTH_NONE		(7 << 13)	/* no FIFO threshold: whole frames */
#define RCR_RBLEN_SHIFT		11
#define RCR_MXDMA_UNLIMITED	(7 << 8)
#define RCR_WRAP		0x80	/* write frames past the ring's end */
#define RCR_AB			0x08	/* accept broadcast */
#define RCR_AM			0x04	/* accept multicast (hash) */
#define RCR_APM			0x02	/* accept physical match */
#define RCR_AAP			0x01	/* accept all physical: promiscuous */

/* 9346CR */
#define CFG9346_UNLOCK		0xc0
#define CFG9346_LOCK		0x00

/* MSR bits */
#define MSR_SPEED_10		0x08
#define MSR_LINKB		0x04	/* link fail: set when the link is down */

/* Receive frame header, status half */
#define RXS_MAR			0x8000	/* multicast */
#define RXS_PAM			0x4000	/* physical address match */
#define RXS_BAR			0x2000	/* broadcast */
#define RXS_ISE			0x0020	/* invalid symbol */
#define RXS_RUNT		0x0010
#define RXS_LONG		0x0008
#define RXS_CRC			0x0004
#define RXS_FAE			0x0002	/* frame alignment error */
#define RXS_ROK			0x0001
#define RX_LEN_COPYING		0xfff0	/* the chip is still writing the frame */

/* The receive ring: 32 KiB, RCR's length field 2 (8 KiB << 2). */
#define RTL_RX_RING_LEN		(32 * 1024)
#define RTL_RX_RING_IDX		2
#define RTL_RX_HDR		4
/* The longest frame the driver takes: a VLAN-tagged 1500-byte MTU frame. */
#define RTL_RX_FRAME_MAX	(VLAN_ETH_FRAME_LEN + ETH_FCS_LEN)
/*
 * WRAP: a frame starting near the end continues past it instead of at the
 * start, so the driver copies every frame in one piece. The chip reads the
 * ring as RTL_RX_RING_LEN + 16 bytes; the rest is the overhang.
 */
#define RTL_RX_RING_ALLOC	(RTL_RX_RING_LEN + 16 + RTL_RX_HDR + RTL_RX_FRAME_MAX)

#define RTL_NUM_TX_DESC		4
#define RTL_TX_BUF_SIZE		1536	/* a VLAN-tagged frame fits */
#define RTL_TX_THRESH_INIT	(256 / 32)	/* early tx threshold: 256 bytes */
#define RTL_TX_TIMEOUT		(6 * HZ)
#define RTL_LINK_POLL		HZ
#define RTL_RESET_POLLS		1000	/* 10 us apart */

#define RTL_MC_FILTER_LIMIT	32	/* more: accept all multicast */

#define RTL_MSG_DEFAULT		(NETIF_MSG_DRV | NETIF_MSG_PROBE | NETIF_MSG_LINK | \
				 NETIF_MSG_IFUP | NETIF_MSG_IFDOWN | NETIF_MSG_TX_ERR | \
				 NETIF_MSG_RX_ERR)

static int debug = -1;
module_param(debug, int, 0444);
MODULE_PARM_DESC(debug, "netif message level (-1: default; see ethtool msglvl)");

/* One of the chip's four transmit descriptors and its bounce buffer. */
struct rtl8139_tx_slot {
	u8 *buf __elems(RTL_TX_BUF_SIZE);
	dma_addr_t dma;
	unsigned int len;		/* of the frame in flight, for tx_bytes */
};

struct rtl8139_priv {
	struct net_device *ndev;
	struct pci_dev *pdev;
	void __iomem *regs;
	struct napi_struct napi;
	/*
	 * Protects the registers shared between contexts (IMR, ISR, TSD,
	 * RCR, MAR, IDR, MPC) and the fields below up to the receive ring.
	 */
	spinlock_t lock;
	u16 irq_mask;			/* what IMR holds */
	u32 rx_config;			/* what RCR should hold */
	u32 mc_filter[2];		/* what MAR should hold */
	bool rx_restart;		/* RCR changed: NAPI restarts receive */
	unsigned int cur_tx;		/* next descriptor to fill (free running) */
	unsigned int dirty_tx;		/* next descriptor to reap (free running) */
	u32 tx_thresh;			/* early tx threshold, 32-byte units */
	struct rtl8139_tx_slot tx[RTL_NUM_TX_DESC];
	/* The receive ring; cur_rx is NAPI's, the offset of the next frame. */
	u8 *rx_ring __elems(RTL_RX_RING_ALLOC);
	dma_addr_t rx_dma;
	unsigned int cur_rx;
	struct timer_list link_timer;
	struct work_struct reset_work;
	u32 msg_enable;
};

static u8 rtl_r8(struct rtl8139_priv *tp, unsigned int reg)
{
	return ioread8(tp->regs + reg);
}

static u16 rtl_r16(struct rtl8139_priv *tp, unsigned int reg)
{
	return ioread16(tp->regs + reg);
}

static u32 rtl_r32(struct rtl8139_priv *tp, unsigned int reg)
{
	return ioread32(tp->regs + reg);
}

static void rtl_w8(struct rtl8139_priv *tp, unsigned int reg, u8 val)
{
	iowrite8(val, tp->regs + reg);
}

static void rtl_w16(struct rtl8139_priv *tp, unsigned int reg, u16 val)
{
	iowrite16(val, tp->regs + reg);
}

static void rtl_w32(struct rtl8139_priv *tp, unsigned int reg, u32 val)
{
	iowrite32(val, tp->regs + reg);
}

/* Software reset: the chip stops, its registers go back to their defaults. */
static int rtl_chip_reset(struct rtl8139_priv *tp)
{
	int i;

	rtl_w8(tp, RTL_CR, CR_RST);
	for (i = 0; i < RTL_RESET_POLLS; i++) {
		if (!(rtl_r8(tp, RTL_CR) & CR_RST))
			return 0;
		udelay(10);
	}
	return -EIO;
}

/* IDR0-5 are written with the configuration registers unlocked. */
static void rtl_write_mac(struct rtl8139_priv *tp)
{
	const u8 *addr = tp->ndev->dev_addr;
	int i;

	rtl_w8(tp, RTL_9346CR, CFG9346_UNLOCK);
	for (i = 0; i < ETH_ALEN; i++)
		rtl_w8(tp, RTL_IDR0 + i, addr[i]);
	rtl_w8(tp, RTL_9346CR, CFG9346_LOCK);
}

/*
 * The receive filter for the current flags and multicast list: RCR's accept
 * bits, and the hash filter (bit i of MAR set: accept multicast frames
 * whose destination's big-endian CRC-32 has i in its top 6 bits).
 */
static u32 rtl_rx_filter(struct net_device *ndev, u32 *mar)
{
	u32 accept = RCR_AB | RCR_APM;
	struct netdev_hw_addr *ha;

	mar[0] = 0;
	mar[1] = 0;
	if (ndev->flags & IFF_PROMISC) {
		accept |= RCR_AAP | RCR_AM;
		mar[0] = ~0U;
		mar[1] = ~0U;
	} else if ((ndev->flags & IFF_ALLMULTI) ||
		   netdev_mc_count(ndev) > RTL_MC_FILTER_LIMIT) {
		accept |= RCR_AM;
		mar[0] = ~0U;
		mar[1] = ~0U;
	} else if (!netdev_mc_empty(ndev)) {
		accept |= RCR_AM;
		netdev_for_each_mc_addr(ha, ndev) {
			u32 bit = ether_crc(ETH_ALEN, ha->addr) >> 26;

			mar[bit >> 5] |= 1U << (bit & 31);
		}
	}
	return RCR_RXFTH_NONE | (RTL_RX_RING_IDX << RCR_RBLEN_SHIFT) |
	       RCR_MXDMA_UNLIMITED | RCR_WRAP | accept;
}

/*
 * Receive from the start of the ring again, dropping what it holds: the
 * ring's address is set while the receiver is off, and writing RCR resets
 * the chip's ring offsets (QEMU models it so), so a change of RCR is a
 * restart too. Called from NAPI (or with NAPI off), with tp->lock held.
 */
static void rtl_rx_restart(struct rtl8139_priv *tp)
{
	rtl_w8(tp, RTL_CR, CR_TE);
	rtl_w32(tp, RTL_RBSTART, tp->rx_dma);
	rtl_w8(tp, RTL_CR, CR_RE | CR_TE);
	rtl_w32(tp, RTL_RCR, tp->rx_config);
	tp->cur_rx = 0;
	rtl_w16(tp, RTL_CAPR, (u16)(tp->cur_rx - 16));
	tp->rx_restart = false;
}

/*
 * Program the chip from scratch for an open interface: reset, MAC address,
 * rings, configuration, the receive filter set_rx_mode chose last.
 * Interrupts stay masked (rtl_irq_enable). Called with tp->lock held.
 */
static int rtl_hw_start(struct rtl8139_priv *tp)
{
	int err, i;

	err = rtl_chip_reset(tp);
	if (err)
		return err;
	/*
	 * Masked, and acked before the receiver starts, never after: frames
	 * the chip takes as soon as it may (QEMU delivers those it held back
	 * at once) must leave ROK pending for rtl_irq_enable(), or a full
	 * ring would never raise an interrupt again.
	 */
	tp->irq_mask = 0;
	rtl_w16(tp, RTL_IMR, 0);
	rtl_w16(tp, RTL_ISR, 0xffff);
	rtl_write_mac(tp);

	for (i = 0; i < RTL_NUM_TX_DESC; i++)
		rtl_w32(tp, RTL_TSAD(i), tp->tx[i].dma);
	tp->cur_tx = 0;
	tp->dirty_tx = 0;
	tp->tx_thresh = RTL_TX_THRESH_INIT;
	/* Thresholds and burst sizes take only with the transmitter on. */
	rtl_w8(tp, RTL_CR, CR_TE);
	rtl_w32(tp, RTL_TCR, RTL_TX_CONFIG);

	rtl_w32(tp, RTL_MAR0, tp->mc_filter[0]);
	rtl_w32(tp, RTL_MAR0 + 4, tp->mc_filter[1]);
	rtl_rx_restart(tp);
	rtl_w32(tp, RTL_MPC, 0);

	if ((rtl_r8(tp, RTL_CR) & (CR_RE | CR_TE)) != (CR_RE | CR_TE))
		return -EIO;
	return 0;
}

/* Called with tp->lock held. */
static void rtl_irq_enable(struct rtl8139_priv *tp)
{
	tp->irq_mask = INT_ENABLED;
	rtl_w16(tp, RTL_IMR, tp->irq_mask);
}

/* Called with tp->lock held. */
static void rtl_hw_stop(struct rtl8139_priv *tp)
{
	tp->irq_mask = 0;
	rtl_w16(tp, RTL_IMR, 0);
	rtl_w8(tp, RTL_CR, 0);
	rtl_w16(tp, RTL_ISR, 0xffff);
}

/* Fold the chip's missed-packet counter into the stats; tp->lock held. */
static void rtl_update_missed(struct rtl8139_priv *tp)
{
	tp->ndev->stats.rx_missed_errors += rtl_r32(tp, RTL_MPC) & 0xffffff;
	rtl_w32(tp, RTL_MPC, 0);
}

static bool rtl_link_up(struct rtl8139_priv *tp)
{
	return !(rtl_r8(tp, RTL_MSR) & MSR_LINKB);
}

static unsigned int rtl_speed(struct rtl8139_priv *tp)
{
	return rtl_r8(tp, RTL_MSR) & MSR_SPEED_10 ? SPEED_10 : SPEED_100;
}

static void rtl_check_link(struct rtl8139_priv *tp)
{
	struct net_device *ndev = tp->ndev;
	bool up = rtl_link_up(tp);

	if (up == netif_carrier_ok(ndev))
		return;
	if (up) {
		netif_carrier_on(ndev);
		netif_info(tp, link, ndev, "link up, %u Mbps\n", rtl_speed(tp));
	} else {
		netif_carrier_off(ndev);
		netif_info(tp, link, ndev, "link down\n");
	}
}

static void rtl_link_timer(struct timer_list *t)
{
	struct rtl8139_priv *tp = from_timer(tp, t, link_timer);

	rtl_check_link(tp);
	mod_timer(&tp->link_timer, jiffies + RTL_LINK_POLL);
}

/* Reap finished transmit descriptors; tp->lock held. */
static void rtl_tx_complete(struct rtl8139_priv *tp)
{
	struct net_device *ndev = tp->ndev;

	while (tp->dirty_tx != tp->cur_tx) {
		unsigned int entry = tp->dirty_tx % RTL_NUM_TX_DESC;
		u32 status = rtl_r32(tp, RTL_TSD(entry));

		if (!(status & (TSD_TOK | TSD_TUN | TSD_TABT)))
			break;		/* still in flight */

		if (status & (TSD_TABT | TSD_OWC)) {
			ndev->stats.tx_errors++;
			if (status & TSD_TABT) {
				ndev->stats.tx_aborted_errors++;
				rtl_w32(tp, RTL_TCR, RTL_TX_CONFIG | TCR_CLRABT);
			}
			if (status & TSD_CRS)
				ndev->stats.tx_carrier_errors++;
			if (status & TSD_OWC)
				ndev->stats.tx_window_errors++;
			netif_err(tp, tx_err, ndev, "tx error, status 0x%08x\n",
				  status);
		} else {
			if ((status & TSD_TUN) && tp->tx_thresh < TSD_ERTXTH_MAX) {
				/* Underrun: start sending later from now on. */
				tp->tx_thresh++;
				ndev->stats.tx_fifo_errors++;
			}
			ndev->stats.collisions += (status >> TSD_NCC_SHIFT) & 0xf;
			ndev->stats.tx_packets++;
			ndev->stats.tx_bytes += tp->tx[entry].len;
		}
		tp->dirty_tx++;
	}

	if (netif_queue_stopped(ndev) &&
	    tp->cur_tx - tp->dirty_tx < RTL_NUM_TX_DESC)
		netif_wake_queue(ndev);
}

static irqreturn_t rtl8139_interrupt(int irq, void *dev_id)
{
	struct net_device *ndev = dev_id;
	struct rtl8139_priv *tp = netdev_priv(ndev);
	u16 status, events;

	spin_lock(&tp->lock);
	status = rtl_r16(tp, RTL_ISR);
	events = status & tp->irq_mask;
	if (!events || status == 0xffff) {
		/* Not ours (the line is shared), or the chip is gone. */
		spin_unlock(&tp->lock);
		return IRQ_NONE;
	}

	/* NAPI acknowledges the receive events when it takes them. */
	rtl_w16(tp, RTL_ISR, status & ~INT_RX_ACK);

	/*
	 * Masked until the poll completes, also when NAPI was scheduled
	 * already (set_rx_mode) or is off (reset): the line is level
	 * triggered, unmasked pending events would raise it again at once.
	 */
	if (events & INT_RX_EVENTS) {
		tp->irq_mask &= ~INT_RX_EVENTS;
		rtl_w16(tp, RTL_IMR, tp->irq_mask);
		if (napi_schedule_prep(&tp->napi))
			__napi_schedule(&tp->napi);
	}
	if (events & INT_TX_EVENTS)
		rtl_tx_complete(tp);
	if (events & INT_LINKCHG)
		mod_timer(&tp->link_timer, jiffies);
	if (events & INT_SERR) {
		netif_err(tp, intr, ndev, "PCI error, resetting the chip\n");
		tp->irq_mask = 0;
		rtl_w16(tp, RTL_IMR, 0);
		schedule_work(&tp->reset_work);
	}
	spin_unlock(&tp->lock);
	return IRQ_HANDLED;
}

/* A frame header the chip cannot have written for a good frame? */
static bool rtl_rx_bad(u32 status, unsigned int len)
{
	if (!(status & RXS_ROK) ||
	    (status & (RXS_ISE | RXS_RUNT | RXS_LONG | RXS_CRC | RXS_FAE)))
		return true;
	return len < ETH_ZLEN + ETH_FCS_LEN || len > RTL_RX_FRAME_MAX;
}

static void rtl_rx_error(struct rtl8139_priv *tp, u32 status, unsigned int len)
{
	struct net_device *ndev = tp->ndev;
	unsigned long flags;

	netif_err(tp, rx_err, ndev,
		  "bad frame header at %u: status 0x%04x, length %u; restarting receive\n",
		  tp->cur_rx, status, len);
	ndev->stats.rx_errors++;
	if (status & (RXS_RUNT | RXS_LONG) || len > RTL_RX_FRAME_MAX)
		ndev->stats.rx_length_errors++;
	if (status & RXS_CRC)
		ndev->stats.rx_crc_errors++;
	if (status & RXS_FAE)
		ndev->stats.rx_frame_errors++;
	spin_lock_irqsave(&tp->lock, flags);
	rtl_rx_restart(tp);
	spin_unlock_irqrestore(&tp->lock, flags);
}

/*
 * Take up to @budget frames off the receive ring; NAPI context. The frames
 * between cur_rx and the chip's write offset (CBR) are complete (no early
 * receive: RCR's FIFO threshold is "whole frame"). Their room goes back to
 * the chip at the end, in one CAPR write: QEMU then delivers as many frames
 * as fit from those it held back, instead of one per CAPR write (dropping
 * the rest as overflows).
 */
static int rtl_rx(struct rtl8139_priv *tp, int budget)
{
	struct net_device *ndev = tp->ndev;
	unsigned long flags;
	unsigned int limit;
	int received = 0;

	spin_lock_irqsave(&tp->lock, flags);
	if (tp->rx_restart)
		rtl_rx_restart(tp);
	rtl_w16(tp, RTL_ISR, INT_RX_ACK);
	spin_unlock_irqrestore(&tp->lock, flags);

	limit = tp->cur_rx;	/* CBR is read when the loop gets there */

	while (received < budget) {
		unsigned int offset = tp->cur_rx, len, pkt_len;
		struct sk_buff *skb;
		u32 header, status;

		if (offset == limit) {
			limit = rtl_r16(tp, RTL_CBR) % RTL_RX_RING_LEN;
			if (offset == limit)
				break;
		}
		dma_rmb();	/* the frame after the chip's offset says it is there */
		header = le32_to_cpup((__le32 *)&tp->rx_ring[offset]);
		status = header & 0xffff;
		len = header >> 16;
		if (len == RX_LEN_COPYING)
			break;
		if (rtl_rx_bad(status, len)) {
			rtl_rx_error(tp, status, len);
			return received;
		}

		pkt_len = len - ETH_FCS_LEN;
		skb = napi_alloc_skb(&tp->napi, pkt_len);
		if (skb) {
			memcpy(skb_put(skb, pkt_len),
			       &tp->rx_ring[offset + RTL_RX_HDR], pkt_len);
			skb->protocol = eth_type_trans(skb, ndev);
			ndev->stats.rx_packets++;
			ndev->stats.rx_bytes += pkt_len;
			if (status & RXS_MAR)
				ndev->stats.multicast++;
			napi_gro_receive(&tp->napi, skb);
		} else {
			ndev->stats.rx_dropped++;
		}
		received++;

		/* Next frame: past header, frame and CRC, 4-byte aligned. */
		tp->cur_rx = ALIGN(offset + RTL_RX_HDR + len, 4) % RTL_RX_RING_LEN;
	}
	if (received)
		rtl_w16(tp, RTL_CAPR, (u16)(tp->cur_rx - 16));
	return received;
}

static int rtl8139_poll(struct napi_struct *napi, int budget)
{
	struct rtl8139_priv *tp = container_of(napi, struct rtl8139_priv, napi);
	unsigned long flags;
	int done;

	done = rtl_rx(tp, budget);
	if (done < budget && napi_complete_done(napi, done)) {
		spin_lock_irqsave(&tp->lock, flags);
		tp->irq_mask |= INT_RX_EVENTS;
		rtl_w16(tp, RTL_IMR, tp->irq_mask);
		spin_unlock_irqrestore(&tp->lock, flags);
	}
	return done;
}

static netdev_tx_t rtl8139_start_xmit(struct sk_buff *skb,
				      struct net_device *ndev)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);
	unsigned int len = skb->len, entry;
	struct rtl8139_tx_slot *slot;
	unsigned long flags;

	if (len > RTL_TX_BUF_SIZE) {
		ndev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}

	spin_lock_irqsave(&tp->lock, flags);
	if (tp->cur_tx - tp->dirty_tx >= RTL_NUM_TX_DESC) {
		/* The queue stops before this can happen. */
		netif_stop_queue(ndev);
		spin_unlock_irqrestore(&tp->lock, flags);
		netif_err(tp, tx_err, ndev, "xmit with all descriptors busy\n");
		return NETDEV_TX_BUSY;
	}
	entry = tp->cur_tx % RTL_NUM_TX_DESC;
	slot = &tp->tx[entry];
	skb_copy_and_csum_dev(skb, slot->buf);
	if (len < ETH_ZLEN) {
		memset(slot->buf + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	slot->len = len;
	/* Writing the size hands the descriptor to the chip. */
	rtl_w32(tp, RTL_TSD(entry), (tp->tx_thresh << TSD_ERTXTH_SHIFT) | len);
	tp->cur_tx++;
	if (tp->cur_tx - tp->dirty_tx >= RTL_NUM_TX_DESC)
		netif_stop_queue(ndev);
	spin_unlock_irqrestore(&tp->lock, flags);

	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

static void rtl_free_rings(struct rtl8139_priv *tp)
{
	struct device *dmadev = &tp->pdev->dev;
	int i;

	for (i = 0; i < RTL_NUM_TX_DESC; i++) {
		if (tp->tx[i].buf)
			dma_free_coherent(dmadev, RTL_TX_BUF_SIZE, tp->tx[i].buf,
					  tp->tx[i].dma);
		tp->tx[i].buf = NULL;
	}
	if (tp->rx_ring)
		dma_free_coherent(dmadev, RTL_RX_RING_ALLOC, tp->rx_ring,
				  tp->rx_dma);
	tp->rx_ring = NULL;
}

static int rtl_alloc_rings(struct rtl8139_priv *tp)
{
	struct device *dmadev = &tp->pdev->dev;
	int i;

	tp->rx_ring = dma_alloc_coherent(dmadev, RTL_RX_RING_ALLOC, &tp->rx_dma,
					 GFP_KERNEL);
	if (!tp->rx_ring)
		return -ENOMEM;
	for (i = 0; i < RTL_NUM_TX_DESC; i++) {
		tp->tx[i].buf = dma_alloc_coherent(dmadev, RTL_TX_BUF_SIZE,
						   &tp->tx[i].dma, GFP_KERNEL);
		if (!tp->tx[i].buf) {
			rtl_free_rings(tp);
			return -ENOMEM;
		}
	}
	return 0;
}

static int rtl8139_open(struct net_device *ndev)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);
	int err;

	err = rtl_alloc_rings(tp);
	if (err)
		return err;

	err = request_irq(tp->pdev->irq, rtl8139_interrupt, IRQF_SHARED,
			  ndev->name, ndev);
	if (err)
		goto err_free_rings;

	spin_lock_irq(&tp->lock);
	err = rtl_hw_start(tp);
	spin_unlock_irq(&tp->lock);
	if (err) {
		netif_err(tp, ifup, ndev, "the chip did not start\n");
		goto err_free_irq;
	}

	napi_enable(&tp->napi);
	spin_lock_irq(&tp->lock);
	rtl_irq_enable(tp);
	spin_unlock_irq(&tp->lock);

	netif_carrier_off(ndev);
	rtl_check_link(tp);
	mod_timer(&tp->link_timer, jiffies + RTL_LINK_POLL);
	netif_start_queue(ndev);
	netif_info(tp, ifup, ndev, "up, irq %d, rx ring %u bytes\n",
		   tp->pdev->irq, RTL_RX_RING_LEN);
	return 0;

err_free_irq:
	spin_lock_irq(&tp->lock);
	rtl_hw_stop(tp);
	spin_unlock_irq(&tp->lock);
	free_irq(tp->pdev->irq, ndev);
err_free_rings:
	rtl_free_rings(tp);
	return err;
}

static int rtl8139_stop(struct net_device *ndev)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);

	netif_stop_queue(ndev);
	napi_disable(&tp->napi);

	spin_lock_irq(&tp->lock);
	rtl_hw_stop(tp);
	rtl_update_missed(tp);
	spin_unlock_irq(&tp->lock);

	free_irq(tp->pdev->irq, ndev);
	del_timer_sync(&tp->link_timer);
	netif_carrier_off(ndev);
	rtl_free_rings(tp);
	netif_info(tp, ifdown, ndev, "down\n");
	return 0;
}

/*
 * Restart the chip after a transmit timeout or a PCI error: the frames in
 * the transmit descriptors are dropped, the receive ring starts over.
 */
static void rtl_reset_work(struct work_struct *work)
{
	struct rtl8139_priv *tp = container_of(work, struct rtl8139_priv,
					       reset_work);
	struct net_device *ndev = tp->ndev;
	unsigned int lost;
	int err;

	rtnl_lock();
	if (!netif_running(ndev))
		goto out;

	napi_disable(&tp->napi);
	netif_tx_disable(ndev);
	spin_lock_irq(&tp->lock);
	lost = tp->cur_tx - tp->dirty_tx;
	ndev->stats.tx_dropped += lost;
	rtl_update_missed(tp);
	err = rtl_hw_start(tp);
	spin_unlock_irq(&tp->lock);
	napi_enable(&tp->napi);
	if (err) {
		netif_err(tp, hw, ndev, "the chip did not restart\n");
		goto out;
	}
	spin_lock_irq(&tp->lock);
	rtl_irq_enable(tp);
	spin_unlock_irq(&tp->lock);
	netif_wake_queue(ndev);
	netif_info(tp, hw, ndev, "chip reset, %u frames dropped\n", lost);
out:
	rtnl_unlock();
}

static void rtl8139_tx_timeout(struct net_device *ndev, unsigned int txqueue)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);

	netif_err(tp, tx_err, ndev,
		  "transmit timed out: cur %u dirty %u, ISR 0x%04x, IMR 0x%04x\n",
		  tp->cur_tx, tp->dirty_tx, rtl_r16(tp, RTL_ISR),
		  rtl_r16(tp, RTL_IMR));
	ndev->stats.tx_errors++;
	schedule_work(&tp->reset_work);
}

/* Called with the netdev's address list lock held (BHs off). */
static void rtl8139_set_rx_mode(struct net_device *ndev)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);
	unsigned long flags;
	u32 mar[2], config;
	bool restart;

	config = rtl_rx_filter(ndev, mar);
	spin_lock_irqsave(&tp->lock, flags);
	tp->mc_filter[0] = mar[0];
	tp->mc_filter[1] = mar[1];
	rtl_w32(tp, RTL_MAR0, mar[0]);
	rtl_w32(tp, RTL_MAR0 + 4, mar[1]);
	if (config != tp->rx_config) {
		tp->rx_config = config;
		tp->rx_restart = true;
	}
	restart = tp->rx_restart;
	spin_unlock_irqrestore(&tp->lock, flags);
	/*
	 * NAPI writes RCR between two frames; with NAPI off (reset in
	 * progress) the chip's next start does.
	 */
	if (restart)
		napi_schedule(&tp->napi);
}

static int rtl8139_set_mac_address(struct net_device *ndev, void *p)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);
	struct sockaddr *sa = p;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	eth_hw_addr_set(ndev, sa->sa_data);
	spin_lock_irq(&tp->lock);
	rtl_write_mac(tp);
	spin_unlock_irq(&tp->lock);
	return 0;
}

/*
 * The core keeps the MTU within [min_mtu, max_mtu]; nothing to reprogram:
 * the transmit buffers and the receive length check are sized for the
 * largest MTU already.
 */
static int rtl8139_change_mtu(struct net_device *ndev, int new_mtu)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);

	netif_info(tp, drv, ndev, "MTU %u -> %d\n", ndev->mtu, new_mtu);
	WRITE_ONCE(ndev->mtu, new_mtu);
	return 0;
}

static void rtl8139_get_stats64(struct net_device *ndev,
				struct rtnl_link_stats64 *stats)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);
	unsigned long flags;

	if (netif_running(ndev)) {
		spin_lock_irqsave(&tp->lock, flags);
		rtl_update_missed(tp);
		spin_unlock_irqrestore(&tp->lock, flags);
	}
	netdev_stats_to_stats64(stats, &ndev->stats);
}

static const struct net_device_ops rtl8139_netdev_ops = {
	.ndo_open		= rtl8139_open,
	.ndo_stop		= rtl8139_stop,
	.ndo_start_xmit		= rtl8139_start_xmit,
	.ndo_set_rx_mode	= rtl8139_set_rx_mode,
	.ndo_set_mac_address	= rtl8139_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= rtl8139_change_mtu,
	.ndo_get_stats64	= rtl8139_get_stats64,
	.ndo_tx_timeout		= rtl8139_tx_timeout,
};

static void rtl8139_get_drvinfo(struct net_device *ndev,
				struct ethtool_drvinfo *info)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);

	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->bus_info, pci_name(tp->pdev), sizeof(info->bus_info));
}

static int rtl8139_get_link_ksettings(struct net_device *ndev,
				      struct ethtool_link_ksettings *cmd)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);
	u16 bmcr, anar, anlpar, nway;

	bmcr = rtl_r16(tp, RTL_BMCR);
	anar = rtl_r16(tp, RTL_ANAR);
	anlpar = rtl_r16(tp, RTL_ANLPAR);

	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_add_link_mode(cmd, supported, 10baseT_Half);
	ethtool_link_ksettings_add_link_mode(cmd, supported, 10baseT_Full);
	ethtool_link_ksettings_add_link_mode(cmd, supported, 100baseT_Half);
	ethtool_link_ksettings_add_link_mode(cmd, supported, 100baseT_Full);
	ethtool_link_ksettings_add_link_mode(cmd, supported, Autoneg);
	ethtool_link_ksettings_add_link_mode(cmd, supported, TP);
	mii_adv_to_linkmode_adv_t(cmd->link_modes.advertising, anar);
	mii_lpa_to_linkmode_lpa_t(cmd->link_modes.lp_advertising, anlpar);

	cmd->base.port = PORT_TP;
	cmd->base.phy_address = 32;	/* the chip's own transceiver */
	cmd->base.autoneg = bmcr & BMCR_ANENABLE ? AUTONEG_ENABLE : AUTONEG_DISABLE;
	if (!netif_carrier_ok(ndev)) {
		cmd->base.speed = SPEED_UNKNOWN;
		cmd->base.duplex = DUPLEX_UNKNOWN;
		return 0;
	}
	cmd->base.speed = rtl_speed(tp);
	if (bmcr & BMCR_ANENABLE) {
		nway = mii_nway_result(anar & anlpar);
		cmd->base.duplex = nway & (LPA_100FULL | LPA_10FULL) ?
				   DUPLEX_FULL : DUPLEX_HALF;
	} else {
		cmd->base.duplex = bmcr & BMCR_FULLDPLX ? DUPLEX_FULL : DUPLEX_HALF;
	}
	return 0;
}

static u32 rtl8139_get_msglevel(struct net_device *ndev)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);

	return tp->msg_enable;
}

static void rtl8139_set_msglevel(struct net_device *ndev, u32 level)
{
	struct rtl8139_priv *tp = netdev_priv(ndev);

	tp->msg_enable = level;
}

static const struct ethtool_ops rtl8139_ethtool_ops = {
	.get_drvinfo		= rtl8139_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= rtl8139_get_link_ksettings,
	.get_msglevel		= rtl8139_get_msglevel,
	.set_msglevel		= rtl8139_set_msglevel,
};

static int rtl8139_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct rtl8139_priv *tp;
	struct net_device *ndev;
	u8 addr[ETH_ALEN];
	int err, i;

	BUILD_BUG_ON(RTL_RX_RING_LEN != 8192 << RTL_RX_RING_IDX);
	ndev = alloc_etherdev(sizeof(*tp));
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, &pdev->dev);
	tp = netdev_priv(ndev);
	tp->ndev = ndev;
	tp->pdev = pdev;
	tp->msg_enable = netif_msg_init(debug, RTL_MSG_DEFAULT);
	tp->rx_config = rtl_rx_filter(ndev, tp->mc_filter);
	spin_lock_init(&tp->lock);
	timer_setup(&tp->link_timer, rtl_link_timer, 0);
	INIT_WORK(&tp->reset_work, rtl_reset_work);
	pci_set_drvdata(pdev, ndev);

	err = pci_enable_device(pdev);
	if (err)
		goto err_free_netdev;

	err = pci_request_regions(pdev, KBUILD_MODNAME);
	if (err)
		goto err_disable;

	if (!(pci_resource_flags(pdev, RTL_MMIO_BAR) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, RTL_MMIO_BAR) < RTL_REGS_SIZE) {
		dev_err(&pdev->dev, "BAR %d is no MMIO region of %#x bytes\n",
			RTL_MMIO_BAR, RTL_REGS_SIZE);
		err = -ENODEV;
		goto err_release;
	}
	tp->regs = pci_iomap(pdev, RTL_MMIO_BAR, RTL_REGS_SIZE);
	if (!tp->regs) {
		err = -ENOMEM;
		goto err_release;
	}

	/* The chip reads its buffers and writes its ring by DMA. */
	pci_set_master(pdev);
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (err)
		goto err_clear_master;

	err = rtl_chip_reset(tp);
	if (err) {
		dev_err(&pdev->dev, "the chip does not come out of reset\n");
		goto err_clear_master;
	}

	/* After a reset IDR holds the address the chip loaded from EEPROM. */
	for (i = 0; i < ETH_ALEN; i++)
		addr[i] = rtl_r8(tp, RTL_IDR0 + i);
	if (!is_valid_ether_addr(addr)) {
		dev_warn(&pdev->dev, "invalid MAC address %pM, using a random one\n",
			 addr);
		eth_random_addr(addr);
	}
	eth_hw_addr_set(ndev, addr);

	ndev->netdev_ops = &rtl8139_netdev_ops;
	ndev->ethtool_ops = &rtl8139_ethtool_ops;
	ndev->watchdog_timeo = RTL_TX_TIMEOUT;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = ETH_DATA_LEN;
	ndev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	netif_napi_add(ndev, &tp->napi, rtl8139_poll);
	netif_carrier_off(ndev);

	err = register_netdev(ndev);
	if (err)
		goto err_napi_del;

	netdev_info(ndev, "RTL8139 at %s, %pM, irq %d, chip version %#010x\n",
		    pci_name(pdev), ndev->dev_addr, pdev->irq,
		    rtl_r32(tp, RTL_TCR) & TCR_HWVER_MASK);
	return 0;

err_napi_del:
	netif_napi_del(&tp->napi);
err_clear_master:
	pci_clear_master(pdev);
	pci_iounmap(pdev, tp->regs);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free_netdev:
	free_netdev(ndev);
	return err;
}

static void rtl8139_remove(struct pci_dev *pdev)
{
	struct net_device *ndev = pci_get_drvdata(pdev);
	struct rtl8139_priv *tp = netdev_priv(ndev);

	unregister_netdev(ndev);	/* closes it: rtl8139_stop */
	cancel_work_sync(&tp->reset_work);
	rtl_chip_reset(tp);
	netif_napi_del(&tp->napi);
	pci_clear_master(pdev);
	pci_iounmap(pdev, tp->regs);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	free_netdev(ndev);
}

static const struct pci_device_id rtl8139_ids[] = {
	{ PCI_DEVICE(RTL_VENDOR_ID, RTL_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, rtl8139_ids);

static struct pci_driver rtl8139_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= rtl8139_ids,
	.probe		= rtl8139_probe,
	.remove		= rtl8139_remove,
};
module_pci_driver(rtl8139_driver);

MODULE_DESCRIPTION("mend's example driver for the RealTek RTL8139 (QEMU's rtl8139)");
MODULE_LICENSE("GPL");
