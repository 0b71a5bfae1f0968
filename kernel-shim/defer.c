// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: deferred work (work items, delayed work, tasklets). Work the
 * driver queued is cancelled on undo and a tasklet it set up is killed, so
 * that nothing runs into the dead instance. Like a timer, the entry lives
 * as long as the object's memory (a free of the structure holding it drops
 * it); cancelling does not end it, the work may be queued again.
 */
#include <linux/interrupt.h>
#include <linux/workqueue.h>

#include "mend_internal.h"

static void undo_cancel_work_sync(void *obj, const unsigned long *args)
{
	cancel_work_sync(obj);
}

static void undo_cancel_delayed_work_sync(void *obj, const unsigned long *args)
{
	cancel_delayed_work_sync(obj);
}

static void undo_tasklet_kill(void *obj, const unsigned long *args)
{
	tasklet_kill(obj);
}

static void track_once(struct mend_unit *unit, mend_undo_fn fn, void *obj)
{
	if (mend_undo_lookup(unit, fn, obj) < 0)
		mend_undo_push(unit, fn, obj, NULL, 0, 0);
}

bool __mend_wrap_queue_work_on(struct mend_unit *unit, int cpu,
			       struct workqueue_struct *wq,
			       struct work_struct *work)
{
	track_once(unit, undo_cancel_work_sync, work);
	return queue_work_on(cpu, wq, work);
}
EXPORT_SYMBOL_GPL(__mend_wrap_queue_work_on);

bool __mend_wrap_queue_work(struct mend_unit *unit,
			    struct workqueue_struct *wq,
			    struct work_struct *work)
{
	track_once(unit, undo_cancel_work_sync, work);
	return queue_work(wq, work);
}
EXPORT_SYMBOL_GPL(__mend_wrap_queue_work);

bool __mend_wrap_schedule_work(struct mend_unit *unit,
			       struct work_struct *work)
{
	track_once(unit, undo_cancel_work_sync, work);
	return schedule_work(work);
}
EXPORT_SYMBOL_GPL(__mend_wrap_schedule_work);

bool __mend_wrap_queue_delayed_work(struct mend_unit *unit,
				    struct workqueue_struct *wq,
				    struct delayed_work *dwork,
				    unsigned long delay)
{
	track_once(unit, undo_cancel_delayed_work_sync, dwork);
	return queue_delayed_work(wq, dwork, delay);
}
EXPORT_SYMBOL_GPL(__mend_wrap_queue_delayed_work);

bool __mend_wrap_mod_delayed_work(struct mend_unit *unit,
				  struct workqueue_struct *wq,
				  struct delayed_work *dwork,
				  unsigned long delay)
{
	track_once(unit, undo_cancel_delayed_work_sync, dwork);
	return mod_delayed_work(wq, dwork, delay);
}
EXPORT_SYMBOL_GPL(__mend_wrap_mod_delayed_work);

bool __mend_wrap_schedule_delayed_work(struct mend_unit *unit,
				       struct delayed_work *dwork,
				       unsigned long delay)
{
	track_once(unit, undo_cancel_delayed_work_sync, dwork);
	return schedule_delayed_work(dwork, delay);
}
EXPORT_SYMBOL_GPL(__mend_wrap_schedule_delayed_work);

void __mend_wrap_tasklet_setup(struct mend_unit *unit,
			       struct tasklet_struct *t,
			       void (*callback)(struct tasklet_struct *))
{
	tasklet_setup(t, callback);
	track_once(unit, undo_tasklet_kill, t);
}
EXPORT_SYMBOL_GPL(__mend_wrap_tasklet_setup);

void __mend_wrap_tasklet_init(struct mend_unit *unit, struct tasklet_struct *t,
			      void (*func)(unsigned long), unsigned long data)
{
	tasklet_init(t, func, data);
	track_once(unit, undo_tasklet_kill, t);
}
EXPORT_SYMBOL_GPL(__mend_wrap_tasklet_init);
