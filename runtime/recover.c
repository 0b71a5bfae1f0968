// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: failures and recovery.
 *
 * A failure comes from a failed check (__mend_check_fail), a fault in a
 * driver's code (the die notifier), or a kernel-shim wrapper catching API
 * misuse. In each case the failing context is cut back to its innermost
 * guard (guard.c), after releasing the locks the failed call took; the
 * kernel caller gets the entry's safe value and the domain goes to
 * "recovering", refusing new calls. Everything else happens later, in the
 * recovery worker, never in the failing context (which may be a timer or
 * an interrupt): undo the log, reset the globals, run the module's init
 * again in restart mode, and let calls in again.
 *
 * A fault is taken before the kernel prints anything, so that mend's
 * recovery line is all a recovered fault leaves in the log: a page fault
 * at the entry of page_fault_oops() (a kprobe; the function then returns
 * at once), a general protection fault at DIE_GPF, an invalid opcode
 * (BUG(), ud2) or a divide error at DIE_TRAP. DIE_OOPS, after the Oops is
 * printed, still catches a page fault when the kprobe could not be placed
 * (a kernel without page_fault_oops or kprobes). When the faulting
 * instruction is in an instrumented module and runs under a guard, the
 * interrupted context resumes in mend_die_landing() instead, as if the
 * faulting instruction had called it, and nothing is killed.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/delay.h>
#include <linux/kdebug.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <asm/ptrace.h>
#include <asm/special_insns.h>
#include <asm/traps.h>

#include "mend_internal.h"
#include "mend_site.h"

static const char *const mend_state_names[] = {
	[MEND_RUNNING] = "running",
	[MEND_RECOVERING] = "recovering",
	[MEND_RESTARTING] = "restarting",
	[MEND_FAILED] = "failed",
	[MEND_DISABLED] = "disabled",
};

const char *mend_state_name(enum mend_state state)
{
	return mend_state_names[state];
}

/*
 * How long the next restart waits: the first after a quiet window at once
 * (the outage is the restart itself), each further one in the window
 * backoff * 2^(n-2) ms, so that a driver failing in a loop does not
 * monopolise the machine.
 */
static unsigned long mend_restart_delay(struct mend_domain *d)
{
	unsigned int n = d->consecutive;

	if (time_after(jiffies, d->window_start + d->policy.window * HZ))
		n = 0;
	return n ? msecs_to_jiffies(d->policy.backoff << min(n - 1, 10U)) : 0;
}

/* How long the worker waits for calls still in the driver to finish. */
#define MEND_QUIESCE_MS		2000

void mend_fail(struct mend_frame *frame, const char *kind, unsigned long ip)
{
	struct mend_domain *d = frame->domain;
	unsigned long irq;

	mend_count(d, MEND_COUNT_FAILURES);
	mend_locks_release(d, frame);

	spin_lock_irqsave(&d->fail_lock, irq);
	snprintf(d->last_failure, sizeof(d->last_failure), "%s in %pS (%s)",
		 kind, (void *)ip, frame->entry->role);
	if (d->state == MEND_RUNNING) {
		d->failed_kind = kind;
		d->failed_fn = frame->entry->function;
		d->failed_ip = ip;
		if (frame->entry->flags & MEND_ENTRY_INIT) {
			/*
			 * The first run of init (a restart's runs while
			 * the state is restarting): mend_guard_recovered()
			 * undoes, the load fails.
			 */
			WRITE_ONCE(d->state, MEND_FAILED);
		} else {
			WRITE_ONCE(d->state, MEND_RECOVERING);
			d->failed_at = ktime_get();
			queue_delayed_work(system_long_wq, &d->recover_work,
					   mend_restart_delay(d));
		}
	}
	spin_unlock_irqrestore(&d->fail_lock, irq);
	__mend_guard_resume(frame);
	BUG();
}

/* A check the plugin inserted failed: report, then recover. */
void __mend_check_fail(const struct mend_site *site, unsigned long value,
		       unsigned long bound)
{
	void *caller = __builtin_return_address(0);
	struct mend_frame *frame = mend_frame_find(current_stack_pointer);

	mend_report_check(site, value, bound, caller);
	if (!frame)
		BUG();
	mend_fail(frame, mend_kind_name(site->kind), (unsigned long)caller);
	BUG();
}
EXPORT_SYMBOL_GPL(__mend_check_fail);

/*
 * The call of @frame returned: fail it if it left a spinning lock held
 * (its caller would go on atomic, the lock's next taker spin for good).
 * A seq_file's start may return holding its lock for stop to release.
 */
void mend_check_locks_left(struct mend_frame *frame)
{
	void *lock = mend_spinlock_left(frame->domain, frame);

	if (!lock || !strcmp(frame->entry->role, "seq_operations.start"))
		return;
	mend_report_failure("lock-held", (unsigned long)frame->target,
			    "%s returned with lock %px held",
			    frame->entry->function, lock);
	mend_fail(frame, "lock-held", (unsigned long)frame->target);
}

void mend_misuse(struct mend_unit *unit, const char *what, const void *obj,
		 void *caller)
{
	struct mend_frame *frame = mend_frame_find(current_stack_pointer);

	mend_report_misuse(what, obj, caller);
	if (!frame)
		return;
	mend_count(frame->domain, MEND_COUNT_MISUSES);
	mend_fail(frame, "misuse", (unsigned long)caller);
}

/*
 * Where a faulting driver context resumes (mend_die), on the faulting
 * stack pointer, as if jumped to: @ip is the faulting instruction. It
 * never returns, so it needs no return address; none is pushed, because
 * the word below the faulting stack pointer may be the exception frame's
 * saved SS, which the return from the exception still reads.
 */
static void __noreturn mend_die_landing(struct mend_frame *frame,
					const char *kind, unsigned long ip,
					unsigned long address, bool page_fault)
{
	if (page_fault)
		mend_report_failure(kind, ip, "Access at address %016lx",
				    address);
	else
		mend_report_failure(kind, ip, "%s in the driver's code",
				    kind);
	mend_fail(frame, kind, ip);
	BUG();
}

static const char *mend_page_fault_kind(unsigned long address)
{
	return address < PAGE_SIZE ? "null-ptr-deref" : "page-fault";
}

/*
 * A page fault's Oops says "Oops" and leaves trapnr stale; the other
 * traps die with their own name and number.
 */
static const char *mend_die_kind(struct die_args *args)
{
	if (!strcmp(args->str, "Oops"))
		return mend_page_fault_kind(read_cr2());
	switch (args->trapnr) {
	case X86_TRAP_GP:
		return "general-protection";
	case X86_TRAP_UD:
		return "invalid-opcode";
	case X86_TRAP_DE:
		return "divide-error";
	}
	return "oops";
}

/*
 * A fault at @regs (a page fault at @address when @page_fault): when it is
 * in a guarded driver, make the faulting context resume in
 * mend_die_landing() and return true.
 */
static bool mend_take_fault(struct pt_regs *regs, const char *kind,
			    unsigned long address, bool page_fault)
{
	struct mend_frame *frame;
	struct mend_domain *d;

	if (!regs || user_mode(regs) || in_nmi())
		return false;
	rcu_read_lock();
	d = mend_domain_of_text(regs->ip);
	rcu_read_unlock();
	if (!d)
		return false;
	frame = mend_frame_find(regs->sp);
	if (!frame)
		return false;
	regs->di = (unsigned long)frame;
	regs->si = (unsigned long)kind;
	regs->dx = regs->ip;
	regs->cx = address;
	regs->r8 = page_fault;
	regs->ip = (unsigned long)mend_die_landing;
	return true;
}

static int mend_die(struct notifier_block *nb, unsigned long val, void *data)
{
	struct die_args *args = data;
	bool trap = val == DIE_TRAP && (args->trapnr == X86_TRAP_UD ||
					args->trapnr == X86_TRAP_DE);
	bool page_fault;

	if (val != DIE_OOPS && val != DIE_GPF && !trap)
		return NOTIFY_DONE;
	page_fault = !strcmp(args->str, "Oops");
	return mend_take_fault(args->regs, mend_die_kind(args),
			       page_fault ? read_cr2() : 0, page_fault) ?
		NOTIFY_STOP : NOTIFY_DONE;
}

/*
 * page_fault_oops(regs, error_code, address): the kernel is about to print
 * an Oops for a page fault at @regs.
 */
static int mend_page_fault_oops(struct kprobe *p, struct pt_regs *probed)
{
	struct pt_regs *regs = (struct pt_regs *)probed->di;
	unsigned long address = probed->dx;

	if (!mend_take_fault(regs, mend_page_fault_kind(address), address,
			     true))
		return 0;
	probed->ip = (unsigned long)mend_skip_function;
	return 1;
}

static struct kprobe mend_page_fault_kp = {
	.symbol_name = "page_fault_oops",
	.pre_handler = mend_page_fault_oops,
};
static bool mend_page_fault_kp_on;

static struct notifier_block mend_die_nb = {
	.notifier_call = mend_die,
	.priority = INT_MAX,
};

int mend_die_init(void)
{
	int err = register_kprobe(&mend_page_fault_kp);

	if (err)
		pr_info("no kprobe on page_fault_oops (%d): page faults are taken after their Oops\n",
			err);
	mend_page_fault_kp_on = !err;
	err = register_die_notifier(&mend_die_nb);
	if (err && mend_page_fault_kp_on)
		unregister_kprobe(&mend_page_fault_kp);
	return err;
}

void mend_die_exit(void)
{
	unregister_die_notifier(&mend_die_nb);
	if (mend_page_fault_kp_on)
		unregister_kprobe(&mend_page_fault_kp);
}

/* Wait until no call runs in the driver, or give up after a while. */
static void mend_quiesce(struct mend_domain *d)
{
	unsigned int waited = 0;

	while (atomic_read(&d->active) && waited < MEND_QUIESCE_MS) {
		/* Calls blocked in the dead instance end (watchdog.c). */
		mend_wake_waiters(d);
		msleep(10);
		waited += 10;
	}
	if (atomic_read(&d->active))
		pr_warn("%s: %d calls still in the driver, restarting anyway\n",
			d->name, atomic_read(&d->active));
}

/* Give up: release everything, answer every call with its safe value. */
static void mend_disable(struct mend_domain *d)
{
	unsigned int undone;

	undone = mend_undo_run(d, true);
	atomic_long_add(undone, &d->counters[MEND_COUNT_UNDONE]);
	WRITE_ONCE(d->state, MEND_DISABLED);
	pr_err("%s: disabled after %u restarts in %u s (undone %u)\n",
	       d->name, d->window_restarts, d->policy.window, undone);
	mend_domain_uevent_state(d);
}

static void mend_recover_work(struct work_struct *work)
{
	struct mend_domain *d = container_of(to_delayed_work(work),
					     struct mend_domain, recover_work);
	ktime_t start = ktime_get(), quiesced, undone_at, reset, inited, resumed;
	unsigned int undone;
	long failures, ret;

	mend_quiesce(d);
	quiesced = ktime_get();
	if (time_after(jiffies, d->window_start + d->policy.window * HZ)) {
		d->window_start = jiffies;
		d->window_restarts = 0;
		d->consecutive = 0;
	}
	if (d->window_restarts >= d->policy.restarts) {
		mend_disable(d);
		return;
	}
	d->window_restarts++;
	d->consecutive++;

	undone = mend_undo_run(d, false);
	atomic_long_add(undone, &d->counters[MEND_COUNT_UNDONE]);
	undone_at = ktime_get();
	mend_domain_reset_globals(d);
	reset = ktime_get();

	failures = atomic_long_read(&d->counters[MEND_COUNT_FAILURES]);
	WRITE_ONCE(d->state, MEND_RESTARTING);
	ret = mend_guard_call(d->init_entry, d->init_fn, 0, 0);
	mend_count(d, MEND_COUNT_RESTARTS);
	inited = ktime_get();
	/* What the fresh instance adopted gets its state back. */
	if (!ret)
		ret = mend_undo_resume(d);
	undone += mend_undo_unparked(d);
	resumed = ktime_get();
	/* A failure anywhere in the fresh instance fails its restart. */
	if (!ret && atomic_long_read(&d->counters[MEND_COUNT_FAILURES]) !=
		    failures)
		ret = -EIO;
	if (ret) {
		WRITE_ONCE(d->state, MEND_RECOVERING);
		mend_quiesce(d);
		pr_err("%s: restart %ld failed (%ld)\n", d->name,
		       atomic_long_read(&d->counters[MEND_COUNT_RESTARTS]),
		       ret);
		undone = mend_undo_run(d, false);
		atomic_long_add(undone, &d->counters[MEND_COUNT_UNDONE]);
		if (d->window_restarts >= d->policy.restarts)
			mend_disable(d);
		else
			queue_delayed_work(system_long_wq, &d->recover_work,
					   mend_restart_delay(d));
		return;
	}
	WRITE_ONCE(d->state, MEND_RUNNING);
	pr_info("%s: recovered from %s in %s (restart %ld, undone %u, %lld us)\n",
		d->name, d->failed_kind, d->failed_fn,
		atomic_long_read(&d->counters[MEND_COUNT_RESTARTS]), undone,
		ktime_us_delta(ktime_get(), start));
	/* nDriver's Table 1: where the outage went. */
	pr_info("%s: restart %ld took %lld us after the failure: waited %lld, quiesce %lld, undo %lld, reset %lld, init %lld, replay %lld\n",
		d->name, atomic_long_read(&d->counters[MEND_COUNT_RESTARTS]),
		ktime_us_delta(resumed, d->failed_at),
		ktime_us_delta(start, d->failed_at),
		ktime_us_delta(quiesced, start),
		ktime_us_delta(undone_at, quiesced),
		ktime_us_delta(reset, undone_at),
		ktime_us_delta(inited, reset),
		ktime_us_delta(resumed, inited));
}

void mend_recover_init(struct mend_domain *d)
{
	INIT_DELAYED_WORK(&d->recover_work, mend_recover_work);
	mend_watchdog_init(d);
	d->window_start = jiffies;
}

/*
 * The module goes away (after its exit function, or a failed init): stop
 * any recovery, then release what the driver still holds. A clean exit
 * leaves nothing; anything left is a leak, and said so.
 */
void mend_recover_going(struct mend_domain *d)
{
	unsigned int left;

	cancel_delayed_work_sync(&d->recover_work);
	mend_watchdog_exit(d);
	if (d->state != MEND_FAILED && d->state != MEND_DISABLED)
		mend_undo_report_left(d, 8);
	left = mend_undo_run(d, true);
	if (left && d->state != MEND_FAILED && d->state != MEND_DISABLED)
		pr_warn("%s: released %u object%s the driver left behind\n",
			d->name, left, left == 1 ? "" : "s");
}
