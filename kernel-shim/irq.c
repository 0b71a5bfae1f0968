// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: interrupt handlers. A requested irq is freed on undo; the
 * entry is keyed by dev_id, which free_irq() names it by.
 *
 * mend's handler stands in front of the driver's. When the driver's
 * instance is no longer running (its handler failed, or was refused
 * because another call failed), the device may keep a level-triggered
 * line asserted: nothing acks it until the fresh instance resets the
 * device, and the interrupt would fire again at once, starving the
 * recovery and ending in "nobody cared". So the line is masked then, and
 * unmasked just before the dead instance's irq is freed. The kernel sees
 * mend's handler with a dev_id of mend's; the driver's handler gets its
 * own dev_id back.
 *
 *   request_irq(irq, edu_irq, 0, "edu", edu)       (driver source)
 *   -> request_threaded_irq(irq, mend_irq_handler, NULL, 0, "edu", tap)
 *      where tap = { edu_irq's guard, edu, ... }
 */
#include <linux/interrupt.h>
#include <linux/slab.h>

#include "mend_internal.h"

struct mend_irq_tap {
	irq_handler_t handler;		/* the driver's (its guard) */
	irq_handler_t thread_fn;
	void *dev_id;			/* the driver's */
	struct mend_unit *unit;
	bool masked;			/* by mend_irq_handler() */
	bool freeing;			/* no more masking */
};

static irqreturn_t mend_irq_handler(int irq, void *data)
{
	struct mend_irq_tap *tap = data;
	irqreturn_t ret = tap->handler(irq, tap->dev_id);

	if (unlikely(mend_instance_dead(tap->unit))) {
		if (!READ_ONCE(tap->masked) && !READ_ONCE(tap->freeing)) {
			WRITE_ONCE(tap->masked, true);
			disable_irq_nosync(irq);
		}
		return IRQ_HANDLED;
	}
	return ret;
}

static irqreturn_t mend_irq_thread(int irq, void *data)
{
	struct mend_irq_tap *tap = data;

	return tap->thread_fn(irq, tap->dev_id);
}

static void undo_free_irq(void *obj, const unsigned long *args)
{
	struct mend_irq_tap *tap = (struct mend_irq_tap *)args[1];
	unsigned int irq = args[0];

	WRITE_ONCE(tap->freeing, true);
	synchronize_irq(irq);
	if (tap->masked)
		enable_irq(irq);
	free_irq(irq, tap);
	kfree(tap);
}

int __mend_wrap_request_threaded_irq(struct mend_unit *unit, unsigned int irq,
				     irq_handler_t handler,
				     irq_handler_t thread_fn,
				     unsigned long flags, const char *name,
				     void *dev)
{
	unsigned long args[MEND_UNDO_ARGS] = { irq };
	struct mend_irq_tap *tap;
	int err;

	tap = kzalloc(sizeof(*tap), GFP_KERNEL);
	if (!tap)
		return -ENOMEM;
	tap->handler = handler;
	tap->thread_fn = thread_fn;
	tap->dev_id = dev;
	tap->unit = unit;
	err = request_threaded_irq(irq, handler ? mend_irq_handler : NULL,
				   thread_fn ? mend_irq_thread : NULL, flags,
				   name, tap);
	if (err) {
		kfree(tap);
		return err;
	}
	args[1] = (unsigned long)tap;
	mend_undo_push(unit, undo_free_irq, dev, args, 0, 0);
	return 0;
}
EXPORT_SYMBOL_GPL(__mend_wrap_request_threaded_irq);

int __mend_wrap_request_irq(struct mend_unit *unit, unsigned int irq,
			    irq_handler_t handler, unsigned long flags,
			    const char *name, void *dev)
{
	return __mend_wrap_request_threaded_irq(unit, irq, handler, NULL, flags,
						name, dev);
}
EXPORT_SYMBOL_GPL(__mend_wrap_request_irq);

const void *__mend_wrap_free_irq(struct mend_unit *unit, unsigned int irq,
				 void *dev)
{
	unsigned long args[MEND_UNDO_ARGS];
	struct mend_irq_tap *tap;
	const void *name;

	if (!mend_undo_args(unit, undo_free_irq, dev, args) ||
	    args[0] != irq) {
		mend_misuse(unit, "free_irq of", dev,
			    __builtin_return_address(0));
		return NULL;
	}
	mend_undo_pop(unit, undo_free_irq, dev);
	tap = (struct mend_irq_tap *)args[1];
	name = free_irq(irq, tap);
	kfree(tap);
	return name;
}
EXPORT_SYMBOL_GPL(__mend_wrap_free_irq);
