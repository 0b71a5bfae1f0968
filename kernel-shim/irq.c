// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: interrupt handlers. A requested irq is freed on undo; the
 * entry is keyed by dev_id, which free_irq() names it by.
 */
#include <linux/interrupt.h>

#include "mend_internal.h"

static void undo_free_irq(void *obj, const unsigned long *args)
{
	free_irq(args[0], obj);
}

int __mend_wrap_request_threaded_irq(struct mend_unit *unit, unsigned int irq,
				     irq_handler_t handler,
				     irq_handler_t thread_fn,
				     unsigned long flags, const char *name,
				     void *dev)
{
	unsigned long args[MEND_UNDO_ARGS] = { irq };
	int err;

	err = request_threaded_irq(irq, handler, thread_fn, flags, name, dev);
	if (!err)
		mend_undo_push(unit, undo_free_irq, dev, args, 0, 0);
	return err;
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
	if (!mend_undo_pop(unit, undo_free_irq, dev)) {
		mend_misuse(unit, "free_irq of", dev,
			    __builtin_return_address(0));
		return NULL;
	}
	return free_irq(irq, dev);
}
EXPORT_SYMBOL_GPL(__mend_wrap_free_irq);
