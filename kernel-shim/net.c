// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: network drivers. The net_device outlives a restart: the
 * rest of the kernel holds its ifindex, its addresses, its routes and the
 * sockets that send through it, so a restart must not unregister it.
 *
 *  - alloc_etherdev and register_netdev are adoptable (runtime/undo.c): on
 *    restart the device is parked, not freed: its queues are stopped, it
 *    stops counting as running (no tx watchdog, no call into the dead
 *    instance), and its configuration is saved. The fresh instance's
 *    alloc_etherdev gets the same device back with a zeroed private area
 *    and the MTU a new device has; its register_netdev succeeds without
 *    registering anything. No unregister or register event is sent.
 *  - After the fresh init the device is resumed, under RTNL: MTU, MAC
 *    address and features are replayed through the fresh instance's own
 *    operations, it is opened again if it was up, its receive mode
 *    (promiscuous, allmulti, the multicast list, all kept by the kernel)
 *    is programmed, the packets the dead instance had not completed are
 *    sent again, and the queues are woken. Packets the stack hands over
 *    between the failure and the park stay in the qdisc (the queue is
 *    stopped and the packet requeued).
 *  - The carrier the fresh instance turns off and on while it starts is
 *    not announced: the stack would take the carrier loss as a reason to
 *    drop the packets queued in the qdisc for the restart. Once the
 *    instance has its link (or after MEND_CARRIER_GRACE_MS without one)
 *    the carrier is announced if it differs from what the stack saw.
 *  - The ethtool settings the driver keeps in its private area are
 *    replayed too, before the open: the last message level, link
 *    settings, pause, channels, ring sizes, coalescing and Wake-on-LAN
 *    the user set (through the ioctl or netlink, both of which call
 *    dev->ethtool_ops) and the driver accepted. They are kept with the
 *    device across any number of restarts and dropped when it is freed;
 *    a setting the fresh instance refuses is reported and skipped.
 *  - The driver's net_device_ops are copied, with ndo_start_xmit
 *    interposed: a packet handed to the driver is tracked until the
 *    driver frees it (a completed transmission), so that the ones still
 *    in flight when the instance dies are sent again by the fresh one,
 *    nDriver's unfinished-request list. Its ethtool_ops are copied with
 *    the setters above interposed, to record what they accept. A driver
 *    that tells its devices apart by comparing dev->netdev_ops or
 *    dev->ethtool_ops with its own tables does not work under this.
 *  - NAPI contexts, receive buffers (skbs and page fragments) and their
 *    hand-off to the stack are tracked like memory: what the dead instance
 *    still owned is released.
 *
 * Before/after, in a driver's probe and xmit:
 *
 *   netdev = alloc_etherdev(sizeof(*priv));   (driver source)
 *   -> __mend_wrap_alloc_etherdev_mqs(&__mend_unit, sizeof(*priv), 1, 1)
 *   dev_consume_skb_any(skb);                 (tx completion)
 *   -> __mend_wrap_dev_consume_skb_any(&__mend_unit, skb): no longer in
 *      flight
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "mend_internal.h"

/* The ethtool settings the user made, in the order they are replayed. */
enum mend_ethtool_setting {
	MEND_ETHTOOL_MSGLEVEL,
	MEND_ETHTOOL_LINK,
	MEND_ETHTOOL_PAUSE,
	MEND_ETHTOOL_CHANNELS,
	MEND_ETHTOOL_RING,
	MEND_ETHTOOL_COALESCE,
	MEND_ETHTOOL_WOL,
};

/*
 * The last request of each kind the driver accepted, as it was passed to
 * the driver's setter. Written and replayed under RTNL.
 */
struct mend_ethtool_settings {
	unsigned long recorded;		/* BIT(enum mend_ethtool_setting) */
	u32 msglevel;
	struct ethtool_link_ksettings link;
	struct ethtool_pauseparam pause;
	struct ethtool_channels channels;
	struct ethtool_ringparam ring;
	struct kernel_ethtool_ringparam kernel_ring;
	struct ethtool_coalesce coalesce;
	struct kernel_ethtool_coalesce kernel_coalesce;
	struct ethtool_wolinfo wol;
};

/* mend's side of one net_device the driver allocated. */
struct mend_netdev {
	struct net_device_ops ops;	/* the driver's, ndo_start_xmit ours */
	const struct net_device_ops *driver_ops;
	struct ethtool_ops ethtool_ops;	/* the driver's, its setters ours */
	const struct ethtool_ops *driver_ethtool_ops;
	struct net_device *dev;
	struct mend_unit *unit;
	int sizeof_priv;
	struct sk_buff_head resend;	/* in flight when the instance died */
	/* Kept across restarts, replayed on resume. */
	struct mend_ethtool_settings ethtool;
	/* Saved when parked, replayed on resume. */
	char name[IFNAMSIZ];
	unsigned int mtu;
	u8 addr[MAX_ADDR_LEN];
	netdev_features_t wanted;
	bool running;
	/*
	 * From the park until the fresh instance's carrier settles, its
	 * carrier changes are not announced: the stack goes on seeing
	 * carrier_seen (see carrier_settle()).
	 */
	bool carrier_quiet;
	bool carrier_seen;
	bool carrier_held;		/* queues stopped for want of carrier */
	bool resumed;
	struct delayed_work carrier_grace;
};

static struct mend_netdev *mend_netdev_of(const unsigned long *args)
{
	return (struct mend_netdev *)args[0];
}

/* Packets in flight: handed to ndo_start_xmit, not freed by the driver. */

static void undo_resend_skb(void *obj, const unsigned long *args)
{
	skb_queue_tail(&mend_netdev_of(args)->resend, obj);
}

static netdev_tx_t mend_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct mend_netdev *mnd = container_of(dev->netdev_ops,
					       struct mend_netdev, ops);
	unsigned long args[MEND_UNDO_ARGS] = { (unsigned long)mnd };
	netdev_tx_t ret;

	/*
	 * The instance died and its device is not parked yet: keep the
	 * packet in the qdisc, with this queue stopped until the resume
	 * wakes it, instead of handing it to a refused call.
	 */
	if (unlikely(mend_instance_dead(mnd->unit))) {
		netif_tx_stop_queue(skb_get_tx_queue(dev, skb));
		return NETDEV_TX_BUSY;
	}
	/*
	 * Likewise while the fresh instance has no link yet: the stack,
	 * not told, would otherwise hand it packets no driver expects with
	 * its carrier off (e1000 resets itself over them).
	 */
	if (unlikely(READ_ONCE(mnd->carrier_quiet) && !netif_carrier_ok(dev))) {
		WRITE_ONCE(mnd->carrier_held, true);
		netif_tx_stop_queue(skb_get_tx_queue(dev, skb));
		return NETDEV_TX_BUSY;
	}
	/*
	 * Tracked before the call: the driver may complete it inside, and a
	 * failed or refused call returns NETDEV_TX_OK with the packet ours.
	 */
	mend_undo_push(mnd->unit, undo_resend_skb, skb, args, 0, 0);
	ret = mnd->driver_ops->ndo_start_xmit(skb, dev);
	if (ret != NETDEV_TX_OK)
		mend_undo_pop(mnd->unit, undo_resend_skb, skb);
	return ret;
}

/*
 * ethtool settings: each interposed setter calls the driver's and, when
 * the driver accepted the request, records it. The driver's own calls to
 * its functions (its probe applying defaults) do not come through here:
 * only what the user asked for is replayed.
 */

static struct mend_netdev *mend_netdev_of_ethtool(struct net_device *dev)
{
	return container_of(dev->ethtool_ops, struct mend_netdev, ethtool_ops);
}

static void mend_set_msglevel(struct net_device *dev, u32 level)
{
	struct mend_netdev *mnd = mend_netdev_of_ethtool(dev);
	struct mend_domain *d = mnd->unit->domain;

	mnd->driver_ethtool_ops->set_msglevel(dev, level);
	/*
	 * The setter returns nothing: it took the level unless it failed (or
	 * was refused by a dead instance), which leaves the driver not
	 * running.
	 */
	if (d && READ_ONCE(d->state) != MEND_RUNNING)
		return;
	mnd->ethtool.msglevel = level;
	__set_bit(MEND_ETHTOOL_MSGLEVEL, &mnd->ethtool.recorded);
}

static int mend_set_link_ksettings(struct net_device *dev,
				   const struct ethtool_link_ksettings *link)
{
	struct mend_netdev *mnd = mend_netdev_of_ethtool(dev);
	int err;

	err = mnd->driver_ethtool_ops->set_link_ksettings(dev, link);
	if (!err) {
		mnd->ethtool.link = *link;
		__set_bit(MEND_ETHTOOL_LINK, &mnd->ethtool.recorded);
	}
	return err;
}

static int mend_set_pauseparam(struct net_device *dev,
			       struct ethtool_pauseparam *pause)
{
	struct mend_netdev *mnd = mend_netdev_of_ethtool(dev);
	int err;

	err = mnd->driver_ethtool_ops->set_pauseparam(dev, pause);
	if (!err) {
		mnd->ethtool.pause = *pause;
		__set_bit(MEND_ETHTOOL_PAUSE, &mnd->ethtool.recorded);
	}
	return err;
}

static int mend_set_channels(struct net_device *dev,
			     struct ethtool_channels *channels)
{
	struct mend_netdev *mnd = mend_netdev_of_ethtool(dev);
	int err;

	err = mnd->driver_ethtool_ops->set_channels(dev, channels);
	if (!err) {
		mnd->ethtool.channels = *channels;
		__set_bit(MEND_ETHTOOL_CHANNELS, &mnd->ethtool.recorded);
	}
	return err;
}

static int mend_set_ringparam(struct net_device *dev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kernel_ring,
			      struct netlink_ext_ack *extack)
{
	struct mend_netdev *mnd = mend_netdev_of_ethtool(dev);
	int err;

	err = mnd->driver_ethtool_ops->set_ringparam(dev, ring, kernel_ring,
						     extack);
	if (!err) {
		mnd->ethtool.ring = *ring;
		mnd->ethtool.kernel_ring = *kernel_ring;
		__set_bit(MEND_ETHTOOL_RING, &mnd->ethtool.recorded);
	}
	return err;
}

static int mend_set_coalesce(struct net_device *dev,
			     struct ethtool_coalesce *coalesce,
			     struct kernel_ethtool_coalesce *kernel_coalesce,
			     struct netlink_ext_ack *extack)
{
	struct mend_netdev *mnd = mend_netdev_of_ethtool(dev);
	int err;

	err = mnd->driver_ethtool_ops->set_coalesce(dev, coalesce,
						    kernel_coalesce, extack);
	if (!err) {
		mnd->ethtool.coalesce = *coalesce;
		mnd->ethtool.kernel_coalesce = *kernel_coalesce;
		__set_bit(MEND_ETHTOOL_COALESCE, &mnd->ethtool.recorded);
	}
	return err;
}

static int mend_set_wol(struct net_device *dev, struct ethtool_wolinfo *wol)
{
	struct mend_netdev *mnd = mend_netdev_of_ethtool(dev);
	int err;

	err = mnd->driver_ethtool_ops->set_wol(dev, wol);
	if (!err) {
		mnd->ethtool.wol = *wol;
		__set_bit(MEND_ETHTOOL_WOL, &mnd->ethtool.recorded);
	}
	return err;
}

static void warn_unless_replayed(struct mend_netdev *mnd, const char *what,
				 int err)
{
	if (err)
		pr_warn("%s: %s: ethtool %s not replayed (%d)\n",
			mnd->unit->domain->name, mnd->dev->name, what, err);
}

/*
 * Give the fresh instance the recorded settings, the way the ethtool core
 * calls a setter (under RTNL, between begin and complete). A setter whose
 * argument is not const gets a copy: the driver may adjust what it is
 * given. Called while the device is not running, before the fresh
 * instance opens it (see resume_netdev()).
 */
static void replay_ethtool(struct mend_netdev *mnd)
{
	const struct ethtool_ops *ops = mnd->driver_ethtool_ops;
	struct mend_ethtool_settings *settings = &mnd->ethtool;
	struct kernel_ethtool_coalesce kernel_coalesce;
	struct kernel_ethtool_ringparam kernel_ring;
	struct net_device *dev = mnd->dev;
	struct ethtool_coalesce coalesce;
	struct ethtool_channels channels;
	struct ethtool_pauseparam pause;
	struct ethtool_ringparam ring;
	struct ethtool_wolinfo wol;
	int err;

	if (!settings->recorded)
		return;
	err = ops->begin ? ops->begin(dev) : 0;
	if (err) {
		warn_unless_replayed(mnd, "settings", err);
		return;
	}
	if (test_bit(MEND_ETHTOOL_MSGLEVEL, &settings->recorded))
		ops->set_msglevel(dev, settings->msglevel);
	if (test_bit(MEND_ETHTOOL_LINK, &settings->recorded)) {
		err = ops->set_link_ksettings(dev, &settings->link);
		warn_unless_replayed(mnd, "link settings", err);
	}
	if (test_bit(MEND_ETHTOOL_PAUSE, &settings->recorded)) {
		pause = settings->pause;
		err = ops->set_pauseparam(dev, &pause);
		warn_unless_replayed(mnd, "pause", err);
	}
	if (test_bit(MEND_ETHTOOL_CHANNELS, &settings->recorded)) {
		channels = settings->channels;
		err = ops->set_channels(dev, &channels);
		warn_unless_replayed(mnd, "channels", err);
	}
	if (test_bit(MEND_ETHTOOL_RING, &settings->recorded)) {
		ring = settings->ring;
		kernel_ring = settings->kernel_ring;
		err = ops->set_ringparam(dev, &ring, &kernel_ring, NULL);
		warn_unless_replayed(mnd, "ring sizes", err);
	}
	if (test_bit(MEND_ETHTOOL_COALESCE, &settings->recorded)) {
		coalesce = settings->coalesce;
		kernel_coalesce = settings->kernel_coalesce;
		err = ops->set_coalesce(dev, &coalesce, &kernel_coalesce, NULL);
		warn_unless_replayed(mnd, "coalescing", err);
	}
	if (test_bit(MEND_ETHTOOL_WOL, &settings->recorded)) {
		wol = settings->wol;
		err = ops->set_wol(dev, &wol);
		warn_unless_replayed(mnd, "Wake-on-LAN", err);
	}
	if (ops->complete)
		ops->complete(dev);
}

/* Interpose on the driver's operations (its tables are const). */
static void mend_netdev_ops(struct mend_netdev *mnd)
{
	const struct ethtool_ops *ethtool_ops = mnd->dev->ethtool_ops;
	struct ethtool_ops *ours = &mnd->ethtool_ops;
	struct net_device *dev = mnd->dev;

	if (dev->netdev_ops != &mnd->ops && dev->netdev_ops &&
	    dev->netdev_ops->ndo_start_xmit) {
		mnd->driver_ops = dev->netdev_ops;
		mnd->ops = *dev->netdev_ops;
		mnd->ops.ndo_start_xmit = mend_start_xmit;
		dev->netdev_ops = &mnd->ops;
	}
	if (ethtool_ops == ours || !ethtool_ops)
		return;
	mnd->driver_ethtool_ops = ethtool_ops;
	*ours = *ethtool_ops;
	/* A setter the driver lacks stays NULL: -EOPNOTSUPP, as before. */
	if (ethtool_ops->set_msglevel)
		ours->set_msglevel = mend_set_msglevel;
	if (ethtool_ops->set_link_ksettings)
		ours->set_link_ksettings = mend_set_link_ksettings;
	if (ethtool_ops->set_pauseparam)
		ours->set_pauseparam = mend_set_pauseparam;
	if (ethtool_ops->set_channels)
		ours->set_channels = mend_set_channels;
	if (ethtool_ops->set_ringparam)
		ours->set_ringparam = mend_set_ringparam;
	if (ethtool_ops->set_coalesce)
		ours->set_coalesce = mend_set_coalesce;
	if (ethtool_ops->set_wol)
		ours->set_wol = mend_set_wol;
	dev->ethtool_ops = ours;
}

/* The device and its registration. */

static void undo_free_netdev(void *obj, const unsigned long *args)
{
	struct mend_netdev *mnd = mend_netdev_of(args);

	cancel_delayed_work_sync(&mnd->carrier_grace);
	free_netdev(obj);
	kfree(mnd);
}

static void undo_unregister_netdev(void *obj, const unsigned long *args)
{
	struct mend_netdev *mnd = mend_netdev_of(args);

	unregister_netdev(obj);
	skb_queue_purge(&mnd->resend);
}

/*
 * Carrier during a restart. The driver's own view (netif_carrier_ok(), the
 * NOCARRIER bit) is always true to what it set; only the announcement
 * (linkwatch: operstate, qdisc activation, netlink) waits.
 */
#define MEND_CARRIER_GRACE_MS	3000

static struct mend_netdev *mend_netdev_find(struct mend_unit *unit,
					    const struct net_device *dev)
{
	unsigned long args[MEND_UNDO_ARGS];

	if (!mend_undo_args(unit, undo_free_netdev, dev, args))
		return NULL;
	return mend_netdev_of(args);
}

/* End the quiet period: announce the carrier if it is not what was seen. */
static void carrier_settle(struct mend_netdev *mnd)
{
	struct net_device *dev = mnd->dev;
	bool now;

	if (!xchg(&mnd->carrier_quiet, false))
		return;
	now = netif_carrier_ok(dev);
	if (now == mnd->carrier_seen) {
		/* netif_carrier_on() would have started it. */
		if (now && netif_running(dev))
			__netdev_watchdog_up(dev);
	} else if (now) {
		/* Back to what the stack saw, then the change with its event. */
		set_bit(__LINK_STATE_NOCARRIER, &dev->state);
		netif_carrier_on(dev);
	} else {
		clear_bit(__LINK_STATE_NOCARRIER, &dev->state);
		netif_carrier_off(dev);
	}
	if (xchg(&mnd->carrier_held, false))
		netif_tx_wake_all_queues(dev);
}

static void carrier_grace_over(struct work_struct *work)
{
	carrier_settle(container_of(to_delayed_work(work), struct mend_netdev,
				    carrier_grace));
}

static void carrier_quiet_begin(struct mend_netdev *mnd)
{
	cancel_delayed_work_sync(&mnd->carrier_grace);
	WRITE_ONCE(mnd->resumed, false);
	/* Still quiet from the last restart: the stack saw what it saw. */
	if (READ_ONCE(mnd->carrier_quiet))
		return;
	mnd->carrier_seen = netif_carrier_ok(mnd->dev);
	WRITE_ONCE(mnd->carrier_quiet, true);
}

/* The fresh instance is resumed: settle now if it has its link. */
static void carrier_resumed(struct mend_netdev *mnd)
{
	WRITE_ONCE(mnd->resumed, true);
	if (netif_carrier_ok(mnd->dev))
		carrier_settle(mnd);
	else if (READ_ONCE(mnd->carrier_quiet))
		schedule_delayed_work(&mnd->carrier_grace,
				      msecs_to_jiffies(MEND_CARRIER_GRACE_MS));
}

void __mend_wrap_netif_carrier_on(struct mend_unit *unit,
				  struct net_device *dev)
{
	struct mend_netdev *mnd = mend_netdev_find(unit, dev);

	if (!mnd || !READ_ONCE(mnd->carrier_quiet)) {
		netif_carrier_on(dev);
		return;
	}
	clear_bit(__LINK_STATE_NOCARRIER, &dev->state);
	if (READ_ONCE(mnd->resumed))
		carrier_settle(mnd);
}
EXPORT_SYMBOL_GPL(__mend_wrap_netif_carrier_on);

void __mend_wrap_netif_carrier_off(struct mend_unit *unit,
				   struct net_device *dev)
{
	struct mend_netdev *mnd = mend_netdev_find(unit, dev);

	if (!mnd || !READ_ONCE(mnd->carrier_quiet)) {
		netif_carrier_off(dev);
		return;
	}
	set_bit(__LINK_STATE_NOCARRIER, &dev->state);
}
EXPORT_SYMBOL_GPL(__mend_wrap_netif_carrier_off);

/*
 * Restart: the dead instance's device stays registered. Stop its queues,
 * mark it not running (so that the stack's watchdog and the dead
 * instance's operations stay away from it) and keep what the user set.
 */
static void park_netdev(void *obj, unsigned long *args)
{
	struct mend_netdev *mnd = mend_netdev_of(args);
	struct net_device *dev = obj;
	unsigned int i;

	netif_tx_stop_all_queues(dev);
	/*
	 * The bytes the dead instance had in flight will never complete:
	 * without this, byte queue limits would keep the queues stopped.
	 */
	for (i = 0; i < dev->num_tx_queues; i++)
		netdev_tx_reset_queue(netdev_get_tx_queue(dev, i));
	mnd->running = test_and_clear_bit(__LINK_STATE_START, &dev->state);
	memcpy(mnd->name, dev->name, IFNAMSIZ);
	mnd->mtu = dev->mtu;
	memcpy(mnd->addr, dev->dev_addr, dev->addr_len);
	mnd->wanted = dev->wanted_features;
	carrier_quiet_begin(mnd);
}

/* After the fresh init: give the device back what the user set. */
static int resume_netdev(void *obj, unsigned long *args)
{
	struct mend_netdev *mnd = mend_netdev_of(args);
	const struct net_device_ops *ops = mnd->driver_ops;
	struct net_device *dev = obj;
	unsigned int resent = 0;
	struct sk_buff *skb;
	struct sockaddr sa;
	int err = 0;

	rtnl_lock();
	if (dev->mtu != mnd->mtu) {
		if (ops->ndo_change_mtu)
			err = ops->ndo_change_mtu(dev, mnd->mtu);
		else
			dev->mtu = mnd->mtu;
	}
	if (!err && memcmp(dev->dev_addr, mnd->addr, dev->addr_len)) {
		sa.sa_family = dev->type;
		memcpy(sa.sa_data, mnd->addr, dev->addr_len);
		if (ops->ndo_set_mac_address)
			err = ops->ndo_set_mac_address(dev, &sa);
		else
			eth_hw_addr_set(dev, mnd->addr);
	}
	if (!err) {
		dev->wanted_features = (mnd->wanted & dev->hw_features) |
				       (dev->wanted_features & ~dev->hw_features);
		netdev_update_features(dev);
	}
	/*
	 * ethtool settings before the open: a driver keeps what is set while
	 * the device is down for its next open (users configure a NIC before
	 * bringing it up), whereas on a running device a ring, pause or link
	 * change costs a down/up or a reset (e1000 reallocates its rings and
	 * resets the MAC) right after the open did the same work.
	 */
	if (!err)
		replay_ethtool(mnd);
	if (!err && mnd->running) {
		/* As __dev_open(): running first, then the driver's open. */
		set_bit(__LINK_STATE_START, &dev->state);
		err = ops->ndo_open ? ops->ndo_open(dev) : 0;
		if (err)
			clear_bit(__LINK_STATE_START, &dev->state);
	}
	/*
	 * As __dev_open() does after the open. A driver whose open programs
	 * the filter from dev->flags and the address lists (e1000,
	 * examples/rtl8139) does not need it; one that leaves that to the
	 * core does (qemu.net-*-rxmode counts the frames the chip passes).
	 */
	if (!err && mnd->running && ops->ndo_set_rx_mode) {
		netif_addr_lock_bh(dev);
		ops->ndo_set_rx_mode(dev);
		netif_addr_unlock_bh(dev);
	}
	rtnl_unlock();
	carrier_resumed(mnd);
	if (err) {
		netdev_err(dev, "mend: restart: configuration not restored (%d)\n",
			   err);
		return err;
	}
	netif_tx_wake_all_queues(dev);
	while ((skb = skb_dequeue(&mnd->resend))) {
		dev_queue_xmit(skb);
		resent++;
	}
	if (resent)
		netdev_info(dev, "mend: restart: %u packets in flight sent again\n",
			    resent);
	return 0;
}

struct net_device *__mend_wrap_alloc_etherdev_mqs(struct mend_unit *unit,
						  int sizeof_priv,
						  unsigned int txqs,
						  unsigned int rxqs)
{
	unsigned long args[MEND_UNDO_ARGS];
	struct mend_netdev *mnd;
	struct net_device *dev;

	dev = mend_adopt(unit, undo_free_netdev, NULL, args);
	if (dev) {
		/* What a new device has: a zeroed private area, ether MTU. */
		mnd = mend_netdev_of(args);
		memset(netdev_priv(dev), 0, mnd->sizeof_priv);
		dev->mtu = ETH_DATA_LEN;
		return dev;
	}
	dev = alloc_etherdev_mqs(sizeof_priv, txqs, rxqs);
	if (!dev)
		return NULL;
	mnd = kzalloc(sizeof(*mnd), GFP_KERNEL);
	if (!mnd) {
		free_netdev(dev);
		return NULL;
	}
	mnd->dev = dev;
	mnd->unit = unit;
	mnd->sizeof_priv = sizeof_priv;
	skb_queue_head_init(&mnd->resend);
	INIT_DELAYED_WORK(&mnd->carrier_grace, carrier_grace_over);
	args[0] = (unsigned long)mnd;
	mend_undo_push_adoptable(unit, undo_free_netdev, NULL, NULL, dev,
				 args);
	return dev;
}
EXPORT_SYMBOL_GPL(__mend_wrap_alloc_etherdev_mqs);

int __mend_wrap_register_netdev(struct mend_unit *unit, struct net_device *dev)
{
	unsigned long args[MEND_UNDO_ARGS];
	struct mend_netdev *mnd;
	int err;

	if (mend_adopt(unit, undo_unregister_netdev, dev, args)) {
		/*
		 * Registered all along: only the fresh operations are new.
		 * The name is the kernel's (a probe may have written a
		 * template such as "eth%d" for register_netdev to fill in).
		 */
		mnd = mend_netdev_of(args);
		memcpy(dev->name, mnd->name, IFNAMSIZ);
		mend_netdev_ops(mnd);
		return 0;
	}
	/* A device the driver did not get from the tracked alloc_etherdev. */
	if (!mend_undo_args(unit, undo_free_netdev, dev, args))
		return register_netdev(dev);
	mnd = mend_netdev_of(args);
	mend_netdev_ops(mnd);
	err = register_netdev(dev);
	if (err) {
		dev->netdev_ops = mnd->driver_ops;
		dev->ethtool_ops = mnd->driver_ethtool_ops;
		return err;
	}
	mend_undo_push_adoptable(unit, undo_unregister_netdev, park_netdev,
				 resume_netdev, dev, args);
	return 0;
}
EXPORT_SYMBOL_GPL(__mend_wrap_register_netdev);

void __mend_wrap_unregister_netdev(struct mend_unit *unit,
				   struct net_device *dev)
{
	unsigned long args[MEND_UNDO_ARGS];

	if (mend_undo_args(unit, undo_unregister_netdev, dev, args)) {
		mend_undo_pop(unit, undo_unregister_netdev, dev);
		skb_queue_purge(&mend_netdev_of(args)->resend);
	}
	unregister_netdev(dev);
}
EXPORT_SYMBOL_GPL(__mend_wrap_unregister_netdev);

void __mend_wrap_free_netdev(struct mend_unit *unit, struct net_device *dev)
{
	unsigned long args[MEND_UNDO_ARGS];
	struct mend_netdev *mnd;

	if (mend_undo_args(unit, undo_free_netdev, dev, args)) {
		mnd = mend_netdev_of(args);
		mend_undo_pop(unit, undo_free_netdev, dev);
		/* Timers and work items in the private area go with it. */
		mend_undo_drop_range(unit, dev, netdev_priv(dev) +
				     mnd->sizeof_priv - (void *)dev);
		cancel_delayed_work_sync(&mnd->carrier_grace);
		kfree(mnd);
	}
	free_netdev(dev);
}
EXPORT_SYMBOL_GPL(__mend_wrap_free_netdev);

/* NAPI contexts. */

/*
 * The recovery worker waits for readers with expedited grace periods: a
 * normal one (synchronize_net() outside the RTNL) takes tens of ms, and
 * the driver's outage is the sum of them.
 */
static void undo_netif_napi_del(void *obj, const unsigned long *args)
{
	__netif_napi_del(obj);
	synchronize_rcu_expedited();
}

/*
 * The dead instance cannot complete a poll (its polls are refused and
 * return 0 with the context still scheduled), so napi_disable(), which
 * waits for that, would wait forever. Wait until the context is no longer
 * queued for a poll and none runs, then mark it disabled as napi_disable()
 * leaves it: scheduled and not to be serviced.
 */
static void undo_napi_disable(void *obj, const unsigned long *args)
{
	struct napi_struct *napi = obj;
	unsigned long deadline = jiffies + HZ;

	while (!list_empty_careful(&napi->poll_list) &&
	       time_before(jiffies, deadline))
		usleep_range(50, 100);
	synchronize_rcu_expedited();
	set_bit(NAPI_STATE_SCHED, &napi->state);
	set_bit(NAPI_STATE_NPSVC, &napi->state);
	clear_bit(NAPI_STATE_THREADED, &napi->state);
	clear_bit(NAPI_STATE_PREFER_BUSY_POLL, &napi->state);
}

void __mend_wrap_netif_napi_add_weight(struct mend_unit *unit,
				       struct net_device *dev,
				       struct napi_struct *napi,
				       int (*poll)(struct napi_struct *, int),
				       int weight)
{
	netif_napi_add_weight(dev, napi, poll, weight);
	mend_undo_push(unit, undo_netif_napi_del, napi, NULL, 0, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_netif_napi_add_weight);

void __mend_wrap_netif_napi_add(struct mend_unit *unit, struct net_device *dev,
				struct napi_struct *napi,
				int (*poll)(struct napi_struct *, int))
{
	__mend_wrap_netif_napi_add_weight(unit, dev, napi, poll,
					  NAPI_POLL_WEIGHT);
}
EXPORT_SYMBOL_GPL(__mend_wrap_netif_napi_add);

void __mend_wrap_netif_napi_del(struct mend_unit *unit,
				struct napi_struct *napi)
{
	mend_undo_pop(unit, undo_netif_napi_del, napi);
	netif_napi_del(napi);
}
EXPORT_SYMBOL_GPL(__mend_wrap_netif_napi_del);

void __mend_wrap___netif_napi_del(struct mend_unit *unit,
				  struct napi_struct *napi)
{
	mend_undo_pop(unit, undo_netif_napi_del, napi);
	__netif_napi_del(napi);
}
EXPORT_SYMBOL_GPL(__mend_wrap___netif_napi_del);

void __mend_wrap_napi_enable(struct mend_unit *unit, struct napi_struct *napi)
{
	napi_enable(napi);
	mend_undo_push(unit, undo_napi_disable, napi, NULL, 0, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_napi_enable);

void __mend_wrap_napi_disable(struct mend_unit *unit, struct napi_struct *napi)
{
	mend_undo_pop(unit, undo_napi_disable, napi);
	napi_disable(napi);
}
EXPORT_SYMBOL_GPL(__mend_wrap_napi_disable);

/*
 * Receive buffers: an skb or a page fragment the driver allocated is its
 * own until it hands it to the stack (or frees it); a fragment becomes an
 * skb's data when the driver builds an skb around it.
 */

static void undo_kfree_skb(void *obj, const unsigned long *args)
{
	kfree_skb(obj);
}

/*
 * A page fragment is known by its page: the driver may free it through
 * any address inside it (e1000 keeps data + headroom), and each fragment
 * holds one reference to the page, so any entry of the page undoes one.
 */
static void undo_skb_free_frag(void *obj, const unsigned long *args)
{
	skb_free_frag(page_address(obj));
}

static void untrack_frag(struct mend_unit *unit, const void *addr)
{
	mend_undo_pop(unit, undo_skb_free_frag, virt_to_head_page(addr));
}

static struct sk_buff *track_skb(struct mend_unit *unit, struct sk_buff *skb)
{
	if (skb)
		mend_undo_push(unit, undo_kfree_skb, skb, NULL, 0, 0);
	return skb;
}

/*
 * The driver no longer owns @skb: it freed it, or handed it over. One
 * lookup for either entry (in flight, or a receive buffer).
 */
static void untrack_skb(struct mend_unit *unit, struct sk_buff *skb)
{
	if (skb)
		mend_undo_pop(unit, NULL, skb);
}

struct sk_buff *__mend_wrap___netdev_alloc_skb(struct mend_unit *unit,
					       struct net_device *dev,
					       unsigned int length, gfp_t gfp)
{
	return track_skb(unit, __netdev_alloc_skb(dev, length, gfp));
}
EXPORT_SYMBOL_GPL(__mend_wrap___netdev_alloc_skb);

struct sk_buff *__mend_wrap_netdev_alloc_skb(struct mend_unit *unit,
					     struct net_device *dev,
					     unsigned int length)
{
	return track_skb(unit, netdev_alloc_skb(dev, length));
}
EXPORT_SYMBOL_GPL(__mend_wrap_netdev_alloc_skb);

struct sk_buff *__mend_wrap___napi_alloc_skb(struct mend_unit *unit,
					     struct napi_struct *napi,
					     unsigned int length, gfp_t gfp)
{
	return track_skb(unit, __napi_alloc_skb(napi, length, gfp));
}
EXPORT_SYMBOL_GPL(__mend_wrap___napi_alloc_skb);

struct sk_buff *__mend_wrap_napi_alloc_skb(struct mend_unit *unit,
					   struct napi_struct *napi,
					   unsigned int length)
{
	return track_skb(unit, napi_alloc_skb(napi, length));
}
EXPORT_SYMBOL_GPL(__mend_wrap_napi_alloc_skb);

static void *track_frag(struct mend_unit *unit, void *data)
{
	if (data)
		mend_undo_push(unit, undo_skb_free_frag,
			       virt_to_head_page(data), NULL, 0, 0);
	return data;
}

void *__mend_wrap_netdev_alloc_frag(struct mend_unit *unit,
				    unsigned int fragsz)
{
	return track_frag(unit, netdev_alloc_frag(fragsz));
}
EXPORT_SYMBOL_GPL(__mend_wrap_netdev_alloc_frag);

void *__mend_wrap_napi_alloc_frag(struct mend_unit *unit, unsigned int fragsz)
{
	return track_frag(unit, napi_alloc_frag(fragsz));
}
EXPORT_SYMBOL_GPL(__mend_wrap_napi_alloc_frag);

void __mend_wrap_skb_free_frag(struct mend_unit *unit, void *addr)
{
	untrack_frag(unit, addr);
	skb_free_frag(addr);
}
EXPORT_SYMBOL_GPL(__mend_wrap_skb_free_frag);

struct sk_buff *__mend_wrap_napi_build_skb(struct mend_unit *unit,
					   void *data, unsigned int frag_size)
{
	struct sk_buff *skb = napi_build_skb(data, frag_size);

	if (!skb)
		return NULL;
	untrack_frag(unit, data);
	return track_skb(unit, skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_napi_build_skb);

gro_result_t __mend_wrap_napi_gro_receive(struct mend_unit *unit,
					  struct napi_struct *napi,
					  struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	return napi_gro_receive(napi, skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_napi_gro_receive);

int __mend_wrap_netif_receive_skb(struct mend_unit *unit, struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	return netif_receive_skb(skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_netif_receive_skb);

int __mend_wrap_netif_rx(struct mend_unit *unit, struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	return netif_rx(skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_netif_rx);

/* Freeing an skb: a completed transmission, or a dropped buffer. */

void __mend_wrap_dev_kfree_skb_any(struct mend_unit *unit,
				   struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	dev_kfree_skb_any(skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dev_kfree_skb_any);

void __mend_wrap_dev_consume_skb_any(struct mend_unit *unit,
				     struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	dev_consume_skb_any(skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dev_consume_skb_any);

void __mend_wrap_dev_kfree_skb_irq(struct mend_unit *unit,
				   struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	dev_kfree_skb_irq(skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dev_kfree_skb_irq);

void __mend_wrap_dev_consume_skb_irq(struct mend_unit *unit,
				     struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	dev_consume_skb_irq(skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dev_consume_skb_irq);

void __mend_wrap___dev_kfree_skb_any(struct mend_unit *unit,
				     struct sk_buff *skb,
				     enum skb_free_reason reason)
{
	untrack_skb(unit, skb);
	__dev_kfree_skb_any(skb, reason);
}
EXPORT_SYMBOL_GPL(__mend_wrap___dev_kfree_skb_any);

void __mend_wrap___dev_kfree_skb_irq(struct mend_unit *unit,
				     struct sk_buff *skb,
				     enum skb_free_reason reason)
{
	untrack_skb(unit, skb);
	__dev_kfree_skb_irq(skb, reason);
}
EXPORT_SYMBOL_GPL(__mend_wrap___dev_kfree_skb_irq);

void __mend_wrap_consume_skb(struct mend_unit *unit, struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	consume_skb(skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_consume_skb);

void __mend_wrap_kfree_skb(struct mend_unit *unit, struct sk_buff *skb)
{
	untrack_skb(unit, skb);
	kfree_skb(skb);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kfree_skb);

void __mend_wrap_kfree_skb_reason(struct mend_unit *unit, struct sk_buff *skb,
				  enum skb_drop_reason reason)
{
	untrack_skb(unit, skb);
	kfree_skb_reason(skb, reason);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kfree_skb_reason);

void __mend_wrap_napi_consume_skb(struct mend_unit *unit, struct sk_buff *skb,
				  int budget)
{
	untrack_skb(unit, skb);
	napi_consume_skb(skb, budget);
}
EXPORT_SYMBOL_GPL(__mend_wrap_napi_consume_skb);
