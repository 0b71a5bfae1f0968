// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: the per-entry watchdog.
 *
 * Every guarded call has two budgets (policy.c), each counted from the
 * first time the call reaches a point mend watches:
 *
 *  - hang: how long a loop in the driver may keep running. The plugin's
 *    loop polls (__mend_poll, every 1024 back edges of a unit) start the
 *    clock and fail the call once it has run out, even with interrupts
 *    disabled: local_clock() needs none. A blocking wait restarts the
 *    clock, since a loop that sleeps does not spin.
 *  - block: how long one uninterruptible wait of the call may last (the
 *    state the kernel's hung-task detector watches). The driver's waits
 *    go through kernel-shim/wait.c, which registers each one here: the
 *    domain's watchdog timer wakes a waiter whose budget ran out, and the
 *    wait then fails the call as a hang. Each wait has the whole budget:
 *    a probe sleeping often but briefly is not hung. Interruptible and
 *    idle waits (a read waiting for data, a thread waiting for work) have
 *    no budget.
 *
 * The same points end the calls of an instance being replaced: once a
 * domain is recovering, a loop poll or a wait of a call still in the
 * dead instance cuts that call back to its guard, which returns the
 * entry's safe value (counted as "aborted", not as a failure). The
 * recovery worker wakes the waiters, so that a call blocked for an
 * interrupt the failed instance will never raise does not hold up the
 * restart, and never wakes up later in an instance that is gone.
 *
 * Before/after, a driver's ioctl waiting for its device:
 *
 *   wait_event(edu->wq, edu_done(edu));       (driver source)
 *   prepare_to_wait_event(...); schedule();   (what the call becomes)
 *   -> __mend_wrap_schedule(&__mend_unit)     (redirected by the plugin)
 *      registers the waiter, sleeps, and on waking checks the domain and
 *      the budget; prepare_to_wait_event's record (held locks, undo.c)
 *      takes the wait entry off its queue if the call is cut back.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/timer.h>

#include "mend_internal.h"

/* Is @d replacing (or has it given up) the instance its calls run in? */
static bool mend_replacing(struct mend_domain *d)
{
	enum mend_state state = READ_ONCE(d->state);

	return state == MEND_RECOVERING || state == MEND_DISABLED;
}

/*
 * Cut the call of @frame back to its guard without a failure: its
 * instance is being replaced. Does not return.
 */
static void mend_abort(struct mend_frame *frame)
{
	mend_count(frame->domain, MEND_COUNT_ABORTED);
	mend_locks_release(frame->domain, frame);
	__mend_guard_resume(frame);
	BUG();
}

/*
 * A loop in the driver polls. The first poll of an entry starts its clock;
 * once the loop has run for the policy's hang budget the entry fails as a
 * hang. Returns at once outside any guarded entry.
 */
void __mend_poll(struct mend_unit *unit)
{
	struct mend_frame *frame = mend_frame_find(current_stack_pointer);
	u64 now;

	if (!frame)
		return;
	if (unlikely(mend_replacing(frame->domain)))
		mend_abort(frame);
	now = local_clock();
	if (!frame->polled_since) {
		frame->polled_since = now;
		return;
	}
	if (now - frame->polled_since <
	    (u64)READ_ONCE(frame->domain->policy.hang) * NSEC_PER_MSEC)
		return;
	mend_report_failure("hang", _RET_IP_,
			    "A loop ran for %llu ms (budget hang=%u)",
			    div_u64(now - frame->polled_since, NSEC_PER_MSEC),
			    frame->domain->policy.hang);
	mend_fail(frame, "hang", _RET_IP_);
}
EXPORT_SYMBOL_GPL(__mend_poll);

/*
 * The calling task is about to block in a wait of its guarded call, in
 * task state @state (@w lives on the waiting wrapper's stack; @ip is the
 * driver's call). Returns false outside any guarded call: then nothing is
 * watched and mend_wait_end() must not be called. Ends the call at once
 * when its instance is being replaced.
 */
bool mend_wait_begin(struct mend_waiter *w, unsigned int state,
		     unsigned long ip)
{
	struct mend_frame *frame = mend_frame_find(current_stack_pointer);
	bool bounded = (state & TASK_UNINTERRUPTIBLE) &&
		       !(state & TASK_NOLOAD);
	struct mend_domain *d;
	unsigned long flags;

	if (!frame || frame->level)
		return false;
	d = frame->domain;
	/* Sleeping is not spinning; schedule() in TASK_RUNNING only yields. */
	if (state != TASK_RUNNING)
		frame->polled_since = 0;
	w->frame = frame;
	w->task = current;
	w->bounded = bounded;
	w->ip = ip;
	w->since = local_clock();
	w->deadline = 0;
	if (bounded)
		w->deadline = jiffies +
			msecs_to_jiffies(READ_ONCE(d->policy.block)) + 1;
	spin_lock_irqsave(&d->waiters_lock, flags);
	list_add(&w->node, &d->waiters);
	if (bounded)
		timer_reduce(&d->watchdog, w->deadline);
	spin_unlock_irqrestore(&d->waiters_lock, flags);
	/*
	 * After the waiter is listed: a recovery that started before sees it
	 * in mend_wake_waiters(), or its state is seen here.
	 */
	mend_wait_end(w, false);
	return true;
}

/*
 * How long (jiffies) a wait that cannot be woken early (a completion, a
 * delay) may sleep before it looks again, at most @timeout.
 */
long mend_wait_slice(const struct mend_waiter *w, long timeout)
{
	long slice = msecs_to_jiffies(MEND_WAIT_SLICE_MS);

	if (w->bounded)
		slice = min_t(long, slice,
			      max_t(long, (long)(w->deadline - jiffies), 1));
	return min(timeout, slice);
}

/*
 * The wait of @w returned (@done: for good, or for one slice). Ends the
 * call when its instance is being replaced, or fails it as a hang when its
 * block budget is spent; otherwise returns, and when @done the waiter is
 * unlisted.
 */
void mend_wait_end(struct mend_waiter *w, bool done)
{
	struct mend_frame *frame = w->frame;
	struct mend_domain *d = frame->domain;
	bool replacing = mend_replacing(d);
	bool spent = w->bounded && time_after_eq(jiffies, w->deadline);
	unsigned long flags;

	if (!done && !replacing && !spent)
		return;
	spin_lock_irqsave(&d->waiters_lock, flags);
	list_del(&w->node);
	spin_unlock_irqrestore(&d->waiters_lock, flags);
	__set_current_state(TASK_RUNNING);
	if (replacing)
		mend_abort(frame);
	if (spent) {
		mend_report_failure("hang", w->ip,
				    "Blocked for %llu ms (budget block=%u)",
				    div_u64(local_clock() - w->since,
					    NSEC_PER_MSEC),
				    d->policy.block);
		mend_fail(frame, "hang", w->ip);
	}
}

/* Wake every waiter of @d (the recovery worker: their calls end). */
void mend_wake_waiters(struct mend_domain *d)
{
	struct mend_waiter *w;
	unsigned long flags;

	spin_lock_irqsave(&d->waiters_lock, flags);
	list_for_each_entry(w, &d->waiters, node)
		wake_up_process(w->task);
	spin_unlock_irqrestore(&d->waiters_lock, flags);
}

/* The watchdog timer: wake the waiters whose budget ran out. */
static void mend_watchdog_fire(struct timer_list *t)
{
	struct mend_domain *d = from_timer(d, t, watchdog);
	unsigned long flags, next = 0;
	struct mend_waiter *w;

	spin_lock_irqsave(&d->waiters_lock, flags);
	list_for_each_entry(w, &d->waiters, node) {
		if (!w->bounded)
			continue;
		if (time_after_eq(jiffies, w->deadline))
			wake_up_process(w->task);
		else if (!next || time_before(w->deadline, next))
			next = w->deadline;
	}
	if (next)
		mod_timer(&d->watchdog, next);
	spin_unlock_irqrestore(&d->waiters_lock, flags);
}

void mend_watchdog_init(struct mend_domain *d)
{
	spin_lock_init(&d->waiters_lock);
	INIT_LIST_HEAD(&d->waiters);
	timer_setup(&d->watchdog, mend_watchdog_fire, 0);
}

/* The domain goes: no call runs in it any more. */
void mend_watchdog_exit(struct mend_domain *d)
{
	del_timer_sync(&d->watchdog);
}
