// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: blocking waits. Each wait of a guarded call is watched by
 * the per-entry watchdog (runtime/watchdog.c): it ends when the driver's
 * instance is being replaced, and an uninterruptible one fails as a hang
 * once the call's block budget is spent. Outside any guarded call the
 * real function runs untouched.
 *
 * Two ways to wait, chosen so that what the driver sees does not change:
 *
 *  - schedule() and the schedule_timeout family return to their caller
 *    when the task is woken, so the watchdog wakes the task and the
 *    wrapper looks when the call returns. Nothing changes for the driver
 *    unless its call is ended.
 *  - a completion or a delay loops inside the kernel until it is done and
 *    would sleep again after a wake-up, so the wrapper waits in slices of
 *    at most MEND_WAIT_SLICE_MS and looks between them. A completion is a
 *    count, so no wake-up is lost between slices; a delay sleeps exactly
 *    as long in total.
 *
 * A wait entry on the driver's stack (wait_event()'s, or one it declared)
 * is linked into a wait queue between prepare_to_wait*() and finish_wait()
 * (or add/remove_wait_queue()). While linked it is recorded like a held
 * lock (runtime/undo.c), so that a call cut back in between takes it off
 * the queue, as finish_wait() would have, before its stack is reused.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>

#include "mend_internal.h"

/* Wait queue entries: the record's flags hold the queue head. */

static void release_wait_entry(void *entry, unsigned long wq_head)
{
	finish_wait((struct wait_queue_head *)wq_head, entry);
}

static void release_queued_entry(void *entry, unsigned long wq_head)
{
	remove_wait_queue((struct wait_queue_head *)wq_head, entry);
}

long __mend_wrap_prepare_to_wait_event(struct mend_unit *unit,
				       struct wait_queue_head *wq_head,
				       struct wait_queue_entry *wq_entry,
				       int state)
{
	long ret = prepare_to_wait_event(wq_head, wq_entry, state);

	/* A pending signal: the entry is off the queue, no finish_wait(). */
	if (ret)
		mend_lock_released(unit, wq_entry);
	else
		mend_lock_acquired_once(unit, wq_entry, release_wait_entry,
					(unsigned long)wq_head);
	return ret;
}
EXPORT_SYMBOL_GPL(__mend_wrap_prepare_to_wait_event);

void __mend_wrap_prepare_to_wait(struct mend_unit *unit,
				 struct wait_queue_head *wq_head,
				 struct wait_queue_entry *wq_entry, int state)
{
	prepare_to_wait(wq_head, wq_entry, state);
	mend_lock_acquired_once(unit, wq_entry, release_wait_entry,
				(unsigned long)wq_head);
}
EXPORT_SYMBOL_GPL(__mend_wrap_prepare_to_wait);

bool __mend_wrap_prepare_to_wait_exclusive(struct mend_unit *unit,
					   struct wait_queue_head *wq_head,
					   struct wait_queue_entry *wq_entry,
					   int state)
{
	bool was_empty = prepare_to_wait_exclusive(wq_head, wq_entry, state);

	mend_lock_acquired_once(unit, wq_entry, release_wait_entry,
				(unsigned long)wq_head);
	return was_empty;
}
EXPORT_SYMBOL_GPL(__mend_wrap_prepare_to_wait_exclusive);

void __mend_wrap_finish_wait(struct mend_unit *unit,
			     struct wait_queue_head *wq_head,
			     struct wait_queue_entry *wq_entry)
{
	mend_lock_released(unit, wq_entry);
	finish_wait(wq_head, wq_entry);
}
EXPORT_SYMBOL_GPL(__mend_wrap_finish_wait);

void __mend_wrap_add_wait_queue(struct mend_unit *unit,
				struct wait_queue_head *wq_head,
				struct wait_queue_entry *wq_entry)
{
	add_wait_queue(wq_head, wq_entry);
	mend_lock_acquired_once(unit, wq_entry, release_queued_entry,
				(unsigned long)wq_head);
}
EXPORT_SYMBOL_GPL(__mend_wrap_add_wait_queue);

void __mend_wrap_add_wait_queue_exclusive(struct mend_unit *unit,
					  struct wait_queue_head *wq_head,
					  struct wait_queue_entry *wq_entry)
{
	add_wait_queue_exclusive(wq_head, wq_entry);
	mend_lock_acquired_once(unit, wq_entry, release_queued_entry,
				(unsigned long)wq_head);
}
EXPORT_SYMBOL_GPL(__mend_wrap_add_wait_queue_exclusive);

void __mend_wrap_remove_wait_queue(struct mend_unit *unit,
				   struct wait_queue_head *wq_head,
				   struct wait_queue_entry *wq_entry)
{
	mend_lock_released(unit, wq_entry);
	remove_wait_queue(wq_head, wq_entry);
}
EXPORT_SYMBOL_GPL(__mend_wrap_remove_wait_queue);

/* Sleeps that return when woken: the watchdog wakes them. */

void __mend_wrap_schedule(struct mend_unit *unit)
{
	struct mend_waiter w;

	if (!mend_wait_begin(&w, READ_ONCE(current->__state), _RET_IP_)) {
		schedule();
		return;
	}
	schedule();
	mend_wait_end(&w, true);
}
EXPORT_SYMBOL_GPL(__mend_wrap_schedule);

void __mend_wrap_io_schedule(struct mend_unit *unit)
{
	struct mend_waiter w;

	if (!mend_wait_begin(&w, READ_ONCE(current->__state), _RET_IP_)) {
		io_schedule();
		return;
	}
	io_schedule();
	mend_wait_end(&w, true);
}
EXPORT_SYMBOL_GPL(__mend_wrap_io_schedule);

/*
 * schedule_timeout() and its variants that set the task state first
 * (@state; TASK_RUNNING: the caller set it).
 */
static long timeout_wait(long timeout, unsigned int state, bool io,
			 unsigned long ip)
{
	struct mend_waiter w;
	long left;

	if (state != TASK_RUNNING)
		set_current_state(state);
	if (!mend_wait_begin(&w, READ_ONCE(current->__state), ip))
		return io ? io_schedule_timeout(timeout) :
			schedule_timeout(timeout);
	left = io ? io_schedule_timeout(timeout) : schedule_timeout(timeout);
	mend_wait_end(&w, true);
	return left;
}

long __mend_wrap_schedule_timeout(struct mend_unit *unit, long timeout)
{
	return timeout_wait(timeout, TASK_RUNNING, false, _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_schedule_timeout);

long __mend_wrap_io_schedule_timeout(struct mend_unit *unit, long timeout)
{
	return timeout_wait(timeout, TASK_RUNNING, true, _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_io_schedule_timeout);

long __mend_wrap_schedule_timeout_interruptible(struct mend_unit *unit,
						long timeout)
{
	return timeout_wait(timeout, TASK_INTERRUPTIBLE, false, _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_schedule_timeout_interruptible);

long __mend_wrap_schedule_timeout_killable(struct mend_unit *unit,
					   long timeout)
{
	return timeout_wait(timeout, TASK_KILLABLE, false, _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_schedule_timeout_killable);

long __mend_wrap_schedule_timeout_uninterruptible(struct mend_unit *unit,
						  long timeout)
{
	return timeout_wait(timeout, TASK_UNINTERRUPTIBLE, false, _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_schedule_timeout_uninterruptible);

long __mend_wrap_schedule_timeout_idle(struct mend_unit *unit, long timeout)
{
	return timeout_wait(timeout, TASK_IDLE, false, _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_schedule_timeout_idle);

/* Completions: in slices. */

/* One slice of a wait for @x, with the _timeout variants' result. */
static long completion_slice(struct completion *x, long slice,
			     unsigned int state, bool io)
{
	if (io)
		return wait_for_completion_io_timeout(x, slice);
	if (state == TASK_INTERRUPTIBLE)
		return wait_for_completion_interruptible_timeout(x, slice);
	if (state == TASK_KILLABLE)
		return wait_for_completion_killable_timeout(x, slice);
	return wait_for_completion_timeout(x, slice);
}

/*
 * Wait for @x in @state (uninterruptible, interruptible or killable) for
 * at most @timeout jiffies (MAX_SCHEDULE_TIMEOUT: no limit). Returns as
 * wait_for_completion_interruptible_timeout(): the jiffies left (at least
 * 1) when done, 0 when timed out, -ERESTARTSYS on a signal.
 */
long mend_completion_wait(struct completion *x, long timeout,
			  unsigned int state, bool io, unsigned long ip)
{
	struct mend_waiter w;
	long left = timeout, slice, got;

	if (!mend_wait_begin(&w, state, ip))
		return completion_slice(x, timeout, state, io);
	for (;;) {
		slice = mend_wait_slice(&w, left);
		got = completion_slice(x, slice, state, io);
		if (got) {
			if (got > 0 && left != MAX_SCHEDULE_TIMEOUT)
				got = left - (slice - got);
			break;
		}
		if (left != MAX_SCHEDULE_TIMEOUT) {
			left -= slice;
			if (left <= 0)
				break;
		}
		mend_wait_end(&w, false);
	}
	mend_wait_end(&w, true);
	return got;
}

void __mend_wrap_wait_for_completion(struct mend_unit *unit,
				     struct completion *x)
{
	mend_completion_wait(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE, false,
			_RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion);

void __mend_wrap_wait_for_completion_io(struct mend_unit *unit,
					struct completion *x)
{
	mend_completion_wait(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE, true,
			_RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion_io);

int __mend_wrap_wait_for_completion_interruptible(struct mend_unit *unit,
						  struct completion *x)
{
	long ret = mend_completion_wait(x, MAX_SCHEDULE_TIMEOUT,
				   TASK_INTERRUPTIBLE, false, _RET_IP_);

	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion_interruptible);

int __mend_wrap_wait_for_completion_killable(struct mend_unit *unit,
					     struct completion *x)
{
	long ret = mend_completion_wait(x, MAX_SCHEDULE_TIMEOUT, TASK_KILLABLE,
				   false, _RET_IP_);

	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion_killable);

/*
 * Any other state has no variant with a timeout to slice with: watched
 * only when it returns.
 */
int __mend_wrap_wait_for_completion_state(struct mend_unit *unit,
					  struct completion *x,
					  unsigned int state)
{
	struct mend_waiter w;
	long ret;

	if (state == TASK_UNINTERRUPTIBLE || state == TASK_INTERRUPTIBLE ||
	    state == TASK_KILLABLE) {
		ret = mend_completion_wait(x, MAX_SCHEDULE_TIMEOUT, state, false,
				      _RET_IP_);
		return ret < 0 ? ret : 0;
	}
	if (!mend_wait_begin(&w, state, _RET_IP_))
		return wait_for_completion_state(x, state);
	ret = wait_for_completion_state(x, state);
	mend_wait_end(&w, true);
	return ret;
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion_state);

unsigned long __mend_wrap_wait_for_completion_timeout(struct mend_unit *unit,
						      struct completion *x,
						      unsigned long timeout)
{
	return mend_completion_wait(x, timeout, TASK_UNINTERRUPTIBLE, false,
			       _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion_timeout);

unsigned long
__mend_wrap_wait_for_completion_io_timeout(struct mend_unit *unit,
					   struct completion *x,
					   unsigned long timeout)
{
	return mend_completion_wait(x, timeout, TASK_UNINTERRUPTIBLE, true,
			       _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion_io_timeout);

long __mend_wrap_wait_for_completion_interruptible_timeout(
	struct mend_unit *unit, struct completion *x, unsigned long timeout)
{
	return mend_completion_wait(x, timeout, TASK_INTERRUPTIBLE, false,
			       _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion_interruptible_timeout);

long __mend_wrap_wait_for_completion_killable_timeout(
	struct mend_unit *unit, struct completion *x, unsigned long timeout)
{
	return mend_completion_wait(x, timeout, TASK_KILLABLE, false, _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_wait_for_completion_killable_timeout);

/* Delays: in slices, as long in total. */

/*
 * Sleep @timeout jiffies in @state; an interruptible sleep stops at a
 * signal. Returns the jiffies left.
 */
static long delay_wait(long timeout, unsigned int state, unsigned long ip)
{
	struct mend_waiter w;
	bool watched = mend_wait_begin(&w, state, ip);
	long slice;

	while (timeout) {
		if (state == TASK_INTERRUPTIBLE && signal_pending(current))
			break;
		slice = watched ? mend_wait_slice(&w, timeout) : timeout;
		__set_current_state(state);
		timeout -= slice - schedule_timeout(slice);
		if (watched)
			mend_wait_end(&w, false);
	}
	if (watched)
		mend_wait_end(&w, true);
	return timeout;
}

void __mend_wrap_msleep(struct mend_unit *unit, unsigned int msecs)
{
	/* As msleep(): one jiffy more, so that at least @msecs pass. */
	delay_wait(msecs_to_jiffies(msecs) + 1, TASK_UNINTERRUPTIBLE,
		   _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_wrap_msleep);

unsigned long __mend_wrap_msleep_interruptible(struct mend_unit *unit,
					       unsigned int msecs)
{
	return jiffies_to_msecs(delay_wait(msecs_to_jiffies(msecs) + 1,
					   TASK_INTERRUPTIBLE, _RET_IP_));
}
EXPORT_SYMBOL_GPL(__mend_wrap_msleep_interruptible);

/* Microseconds: shorter than a slice, watched when it returns. */
void __mend_wrap_usleep_range_state(struct mend_unit *unit,
				    unsigned long min, unsigned long max,
				    unsigned int state)
{
	struct mend_waiter w;

	if (!mend_wait_begin(&w, state, _RET_IP_)) {
		usleep_range_state(min, max, state);
		return;
	}
	usleep_range_state(min, max, state);
	mend_wait_end(&w, true);
}
EXPORT_SYMBOL_GPL(__mend_wrap_usleep_range_state);
