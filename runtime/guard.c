// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: the C side of the guard trampoline (guard_x86_64.S).
 *
 * Every guarded call owns a struct mend_frame on the stack. A failure
 * unwinds to the innermost frame of the context it happens in, so the
 * frames of each context must be findable from the failing code:
 *
 *  - task context: the frames live on the task's own stack, tagged with
 *    (address ^ a per-boot cookie). The failing code's stack pointer is
 *    below every live frame of its task, so the first tag found walking up
 *    from it is the innermost frame. Tags are cleared when a call returns,
 *    so dead stack holds none. Nothing is shared, and a task that sleeps
 *    or migrates inside a guarded call needs no bookkeeping.
 *  - softirq, hardirq: these nest strictly on one CPU and never sleep, so
 *    a per-CPU chain of frames is exact; a frame found there is used only
 *    when it was entered at the context level of the failure.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/build_bug.h>
#include <linux/irqflags.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/stddef.h>

#include "mend_internal.h"

/* The offsets guard_x86_64.S hard-codes. */
static_assert(offsetof(struct mend_frame, rbx) == 0);
static_assert(offsetof(struct mend_frame, r15) == 40);
static_assert(offsetof(struct mend_frame, rdi) == 48);
static_assert(offsetof(struct mend_frame, r9) == 88);
static_assert(offsetof(struct mend_frame, target) == 96);
static_assert(offsetof(struct mend_frame, entry) == 104);
static_assert(offsetof(struct mend_frame, ret) == 112);
static_assert(sizeof(struct mend_frame) <= 184);

/*
 * Exported from C rather than from guard_x86_64.S: genksyms computes the
 * symbol's version from this C declaration (mend_guard.h).
 */
EXPORT_SYMBOL_GPL(__mend_guard_trampoline);

static DEFINE_PER_CPU(struct mend_frame *, mend_irq_frames);
static unsigned long mend_frame_cookie __read_mostly;

static unsigned long frame_tag(const struct mend_frame *frame)
{
	return (unsigned long)frame ^ mend_frame_cookie;
}

/*
 * The innermost frame of the current context, @sp being a stack pointer of
 * the failing code in it; NULL when that code runs outside any guard.
 */
struct mend_frame *mend_frame_find(unsigned long sp)
{
	unsigned char level = interrupt_context_level();
	struct mend_frame *frame;
	unsigned long top, at;

	if (level) {
		frame = this_cpu_read(mend_irq_frames);
		return frame && frame->level == level ? frame : NULL;
	}
	top = (unsigned long)task_stack_page(current) + THREAD_SIZE;
	if (sp < (unsigned long)task_stack_page(current) || sp >= top)
		return NULL;
	at = ALIGN(sp, sizeof(long));
	for (; at + sizeof(*frame) <= top; at += sizeof(long)) {
		frame = (struct mend_frame *)(at -
				offsetof(struct mend_frame, magic));
		if (*(unsigned long *)at == frame_tag(frame) &&
		    frame->task == current && !frame->level)
			return frame;
	}
	return NULL;
}

static bool mend_admit(struct mend_domain *d)
{
	switch (READ_ONCE(d->state)) {
	case MEND_RUNNING:
	case MEND_RESTARTING:
		return true;
	default:
		return false;
	}
}

/*
 * Called by the trampoline before the driver function. Returns 0 to call
 * it, nonzero to return frame->ret without calling it.
 */
int mend_guard_enter(struct mend_frame *frame)
{
	const struct mend_entry *entry = frame->entry;
	struct mend_unit *unit = entry->unit;
	struct mend_domain *d = READ_ONCE(unit->domain);

	frame->ret = (entry->flags & MEND_ENTRY_VOID) ? 0 : entry->safe_value;
	if (unlikely(entry->abi != MEND_ABI_VERSION ||
		     unit->abi != MEND_ABI_VERSION)) {
		pr_err_ratelimited("%s: ABI %u, mend.ko has %u: refused\n",
				   entry->function, entry->abi,
				   MEND_ABI_VERSION);
		return 1;
	}
	if (unlikely(!d)) {
		/* The module's first guarded call must be its init. */
		if (!(entry->flags & MEND_ENTRY_INIT))
			return 1;
		d = mend_domain_create(entry, frame->target);
		if (!d)
			return 1;
	}
	/*
	 * Counted before the state is read: the recovery worker sets the
	 * state first and then waits for the count to drop.
	 */
	atomic_inc(&d->active);
	smp_mb__after_atomic();
	if (unlikely(!mend_admit(d)) ||
	    unlikely(atomic_read(&d->nrevoked) && mend_file_revoked(d, frame))) {
		atomic_dec(&d->active);
		mend_count(d, MEND_COUNT_REFUSED);
		return 1;
	}
	frame->domain = d;
	frame->task = current;
	frame->irqflags = arch_local_save_flags();
	frame->preempt = preempt_count();
	frame->polled_since = 0;
	frame->level = interrupt_context_level();
	if (frame->level) {
		frame->prev = this_cpu_read(mend_irq_frames);
		this_cpu_write(mend_irq_frames, frame);
	}
	WRITE_ONCE(frame->magic, frame_tag(frame));
	return 0;
}

static void mend_frame_pop(struct mend_frame *frame)
{
	WRITE_ONCE(frame->magic, 0);
	if (frame->level)
		this_cpu_write(mend_irq_frames, frame->prev);
	atomic_dec(&frame->domain->active);
}

/*
 * Called by the trampoline after the driver function returned. A spinning
 * lock still held then is a failure of the call (no unlock on some path):
 * one load tells whether this CPU's table has any lock at all.
 */
void mend_guard_exit(struct mend_frame *frame)
{
	if (frame->entry->flags & MEND_ENTRY_VOID)
		frame->ret = 0;
	if (unlikely(raw_cpu_read(mend_cpu_locks.used)))
		mend_check_locks_left(frame);
	mend_frame_pop(frame);
}

/*
 * Called by __mend_guard_resume on the frame's own stack, after mend_fail()
 * released what the failed call held: give the caller the state it had
 * when it called, and the value the trampoline returns.
 */
long mend_guard_recovered(struct mend_frame *frame)
{
	struct mend_domain *d = frame->domain;
	unsigned int undone;

	if (preempt_count() != frame->preempt)
		preempt_count_set(frame->preempt);
	if (arch_irqs_disabled_flags(frame->irqflags))
		local_irq_disable();
	else
		local_irq_enable();
	/* A call cut back between preparing a wait and sleeping in it. */
	if (!frame->level)
		__set_current_state(TASK_RUNNING);
	mend_frame_pop(frame);
	/*
	 * The module's init failed on its first run: undo here, in the
	 * loading task, so that the load fails with nothing left behind.
	 */
	if ((frame->entry->flags & MEND_ENTRY_INIT) &&
	    READ_ONCE(d->state) == MEND_FAILED) {
		undone = mend_undo_run(d, true);
		atomic_long_add(undone, &d->counters[MEND_COUNT_UNDONE]);
		pr_err("%s: init failed (%s), undone %u\n", d->name,
		       d->last_failure, undone);
	}
	return (frame->entry->flags & MEND_ENTRY_VOID) ? 0 :
		frame->entry->safe_value;
}

void mend_guard_init(void)
{
	mend_frame_cookie = get_random_long() | 1;
}
