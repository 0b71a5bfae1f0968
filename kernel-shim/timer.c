// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: timers. A timer the driver set up is stopped on undo
 * (del_timer_sync), so that no callback runs into the dead instance. The
 * entry lives as long as the timer's memory: a free of the structure
 * holding it drops it (mend_undo_drop_range), stopping a timer does not
 * (it may be armed again).
 */
#include <linux/timer.h>

#include "mend_internal.h"

static void undo_del_timer_sync(void *obj, const unsigned long *args)
{
	del_timer_sync(obj);
}

static void track_timer(struct mend_unit *unit, struct timer_list *timer)
{
	if (mend_undo_lookup(unit, undo_del_timer_sync, timer) < 0)
		mend_undo_push(unit, undo_del_timer_sync, timer, NULL, 0, 0);
}

void __mend_wrap_init_timer_key(struct mend_unit *unit,
				struct timer_list *timer,
				void (*func)(struct timer_list *),
				unsigned int flags, const char *name,
				struct lock_class_key *key)
{
	init_timer_key(timer, func, flags, name, key);
	track_timer(unit, timer);
}
EXPORT_SYMBOL_GPL(__mend_wrap_init_timer_key);

/* A timer set up outside the driver's tracked calls is caught here. */
int __mend_wrap_mod_timer(struct mend_unit *unit, struct timer_list *timer,
			  unsigned long expires)
{
	track_timer(unit, timer);
	return mod_timer(timer, expires);
}
EXPORT_SYMBOL_GPL(__mend_wrap_mod_timer);
