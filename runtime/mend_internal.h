/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mend runtime: private header shared by the runtime's own files and the
 * kernel-shim wrappers (both are compiled into mend.ko).
 *
 * The runtime is never built with the mend plugin: it is the code that
 * instrumented drivers call into, and checking it with itself would recurse.
 */
#ifndef MEND_INTERNAL_H
#define MEND_INTERNAL_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "mend_guard.h"

struct mend_site;
struct task_struct;

/* /sys/kernel/mend: the root every per-driver directory hangs from. */
extern struct kobject *mend_kobj;

int mend_sysfs_init(void);
void mend_sysfs_exit(void);

/* report.c */
long mend_report_count(void);
void mend_report_check(const struct mend_site *site, unsigned long value,
		       unsigned long bound, void *caller);
void mend_report_misuse(const char *what, const void *obj, void *caller);
__printf(3, 4)
void mend_report_failure(const char *kind, unsigned long ip,
			 const char *fmt, ...);

/*
 * The recovery point the trampoline (guard_x86_64.S) keeps on the stack
 * for one guarded call. The first fields are written by the assembly; their
 * offsets are fixed there and checked in guard.c.
 */
struct mend_frame {
	unsigned long rbx, rbp, r12, r13, r14, r15;	/* the caller's */
	unsigned long rdi, rsi, rdx, rcx, r8, r9;	/* the arguments */
	void *target;
	const struct mend_entry *entry;
	long ret;			/* what the trampoline returns */
	/* Filled by mend_guard_enter(). */
	unsigned long magic;		/* frame address ^ mend_frame_cookie */
	struct mend_domain *domain;
	struct mend_frame *prev;	/* this CPU's interrupt-context chain */
	struct task_struct *task;
	unsigned long irqflags;		/* at entry */
	int preempt;			/* preempt_count() at entry */
	u8 level;			/* interrupt_context_level() at entry */
	u64 polled_since;		/* local_clock() at the first loop poll */
};

/* enum mend_counter: per-domain counters, named by mend_counter_names. */
enum mend_counter {
	MEND_COUNT_FAILURES,
	MEND_COUNT_RESTARTS,
	MEND_COUNT_UNDONE,
	MEND_COUNT_REFUSED,
	MEND_COUNT_MISUSES,
	MEND_COUNT_ABORTED,
	MEND_COUNT_NR,
};
extern const char *const mend_counter_names[MEND_COUNT_NR];

enum mend_state {
	MEND_RUNNING,
	MEND_RECOVERING,	/* failed: entries refused until the restart */
	MEND_RESTARTING,	/* the fresh instance's init runs: admitted */
	MEND_FAILED,		/* the module's init failed: it goes away */
	MEND_DISABLED,		/* given up: quiesced, entries get safe values */
};

/* Restart policy (policy.c): module parameters give the defaults. */
struct mend_policy {
	unsigned int restarts;		/* restarts allowed per window */
	unsigned int window;		/* seconds */
	unsigned int backoff;		/* ms before the first restart, doubled */
	unsigned int hang;		/* ms a driver loop may spin in one entry */
	unsigned int block;		/* ms one uninterruptible wait may last */
};

/*
 * Locks and wait-queue entries held at once, across the driver's contexts.
 * A wait entry of a sleeping call takes a slot too (kernel-shim/wait.c).
 */
#define MEND_LOCKS_MAX		64
/* Spinning locks held at once on one CPU, across its contexts. */
#define MEND_CPU_LOCKS_MAX	16
#define MEND_LAST_FAILURE_MAX	160

/* A lock the driver holds, taken through a kernel-shim wrapper. */
struct mend_held_lock {
	void *lock;			/* NULL: free slot */
	void (*release)(void *lock, unsigned long flags);
	unsigned long flags;		/* saved irq flags, for irqsave */
	struct task_struct *task;	/* task context: the holder */
	unsigned long sp;		/* stack pointer at acquisition */
	struct mend_domain *domain;
	u64 seq;			/* order of acquisition in its table */
	int cpu;			/* interrupt context: the CPU */
	u8 level;
};

/* One instrumented module. */
struct mend_domain {
	struct list_head node;		/* mend_domains, RCU */
	struct module *mod;
	const char *name;
	enum mend_state state;
	atomic_t active;		/* guarded calls under way */
	atomic_long_t counters[MEND_COUNT_NR];
	struct mend_policy policy;

	/* The units found in the module's symbol table, with snapshots. */
	struct mend_unit **units;
	void ***snapshots;		/* [unit][global] load-time bytes */
	unsigned int nunits;

	/* The init function, to run again on restart. */
	const struct mend_entry *init_entry;
	void *init_fn;

	/* Undo log (undo.c). */
	spinlock_t undo_lock;
	struct list_head undo;		/* oldest first */
	struct list_head parked;	/* adoptable, during a restart */
	DECLARE_HASHTABLE(undo_hash, 8);
	unsigned int undo_len;
	struct hlist_head undo_spare;	/* popped entries, for reuse */
	unsigned int undo_nspare;

	/*
	 * Per-instance copies of file_operations, and how many files are
	 * still open on copies of dead instances (kernel-shim/fops.c).
	 */
	spinlock_t fops_lock;
	struct list_head fops_copies;
	atomic_t nrevoked;

	raw_spinlock_t locks_lock;
	unsigned int locks_used;	/* slots of locks[] with a lock */
	u64 locks_taken;		/* the last mend_held_lock.seq */
	struct mend_held_lock locks[MEND_LOCKS_MAX];

	/* Failure and restart bookkeeping (recover.c). */
	spinlock_t fail_lock;
	char last_failure[MEND_LAST_FAILURE_MAX];
	const char *failed_kind;
	const char *failed_fn;
	unsigned long failed_ip;
	ktime_t failed_at;		/* when the instance was marked failed */
	u64 failed_ns;
	unsigned long window_start;	/* jiffies */
	unsigned int window_restarts;
	unsigned int consecutive;	/* restarts without a quiet window */
	struct delayed_work recover_work;

	/* Calls blocked in a wait (watchdog.c). */
	spinlock_t waiters_lock;
	struct list_head waiters;	/* struct mend_waiter */
	struct timer_list watchdog;	/* wakes waiters out of budget */

	struct kobject kobj;
};

/* domain.c */
extern struct list_head mend_domains;
struct mend_domain *mend_domain_create(const struct mend_entry *entry,
				       void *init_fn);
struct mend_domain *mend_domain_of_module(struct module *mod);
struct mend_domain *mend_domain_of_text(unsigned long ip);
void mend_domain_reset_globals(struct mend_domain *d);
void mend_domain_release(struct kobject *kobj);
int mend_domain_init(void);
void mend_domain_exit(void);

static inline void mend_count(struct mend_domain *d, enum mend_counter c)
{
	atomic_long_inc(&d->counters[c]);
}

/*
 * Is @unit's driver instance gone (failed, waiting for its restart,
 * disabled)? Its entries are refused then; the fresh instance's init
 * (MEND_RESTARTING) is admitted.
 */
static inline bool mend_instance_dead(const struct mend_unit *unit)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	enum mend_state state;

	if (!d)
		return false;
	state = READ_ONCE(d->state);
	return state != MEND_RUNNING && state != MEND_RESTARTING;
}

/* guard.c and guard_x86_64.S */
void mend_guard_init(void);
int mend_guard_enter(struct mend_frame *frame);
void mend_guard_exit(struct mend_frame *frame);
long mend_guard_recovered(struct mend_frame *frame);
struct mend_frame *mend_frame_find(unsigned long sp);
long mend_guard_call(const struct mend_entry *entry, void *fn,
		     unsigned long arg0, unsigned long arg1);
/*
 * Does not return. Not declared __noreturn: objtool only knows the
 * noreturn functions of its own list across object files, and would see
 * its callers fall through.
 */
void __mend_guard_resume(struct mend_frame *frame);
void mend_skip_function(void);

/* recover.c */
/*
 * Cut the failing context back to @frame: @kind names the failure, @ip is
 * where in the driver it happened. Does not return (see
 * __mend_guard_resume for why it is not declared __noreturn).
 */
void mend_fail(struct mend_frame *frame, const char *kind, unsigned long ip);
void mend_recover_init(struct mend_domain *d);
void mend_recover_going(struct mend_domain *d);
int mend_die_init(void);
/* kernel-shim/alloc.c, for inject.c's double free */
void *__mend_wrap_kmalloc(struct mend_unit *unit, size_t size, gfp_t flags);
void __mend_wrap_kfree(struct mend_unit *unit, const void *p);

/* inject.c: /sys/kernel/debug/mend/inject, test-only fault injection */
void mend_inject_init(void);
void mend_inject_exit(void);
#define MEND_ARMED_POINT	0x1
#define MEND_ARMED_SFI		0x2
void mend_inject_set_armed(int bit, bool on);
extern struct dentry *mend_debugfs_dir;	/* /sys/kernel/debug/mend */
int mend_debugfs_line(char *buf, size_t size, const char __user *ubuf,
		      size_t count);

/* sfi.c: software-fault-injection sites, /sys/kernel/debug/mend/sfi */
int mend_sfi_init(void);
void mend_sfi_exit(void);
void mend_die_exit(void);
const char *mend_state_name(enum mend_state state);

/*
 * watchdog.c: the per-entry budgets. A guarded call about to block in a
 * wait (kernel-shim/wait.c) lists a struct mend_waiter, on the waiting
 * wrapper's stack, in its domain.
 */
struct mend_waiter {
	struct list_head node;		/* mend_domain.waiters */
	struct mend_frame *frame;
	struct task_struct *task;
	unsigned long deadline;		/* jiffies, when bounded */
	u64 since;			/* local_clock() when it began */
	unsigned long ip;		/* the driver's call of the wait */
	bool bounded;			/* counts against the block budget */
};

/* A wait that cannot be woken early looks again this often (ms). */
#define MEND_WAIT_SLICE_MS	100

bool mend_wait_begin(struct mend_waiter *w, unsigned int state,
		     unsigned long ip);
long mend_wait_slice(const struct mend_waiter *w, long timeout);
void mend_wait_end(struct mend_waiter *w, bool done);
void mend_wake_waiters(struct mend_domain *d);
/*
 * kernel-shim/wait.c: wait for @x as the driver's call at @ip would, in
 * @state, at most @timeout jiffies (MAX_SCHEDULE_TIMEOUT: no limit); as
 * wait_for_completion_interruptible_timeout() returns.
 */
struct completion;
long mend_completion_wait(struct completion *x, long timeout,
			  unsigned int state, bool io, unsigned long ip);
void mend_watchdog_init(struct mend_domain *d);
void mend_watchdog_exit(struct mend_domain *d);

/* policy.c */
void mend_policy_default(struct mend_policy *p);
int mend_policy_parse(struct mend_policy *p, const char *buf);
int mend_policy_show(const struct mend_policy *p, char *buf);

/*
 * kernel-shim/fops.c: files of dead instances. A device in an instance's
 * memory is registered with mend_fops_get()'s copy of its file_operations;
 * mend_fops_revoke() (every undo run) marks the copies of the dead
 * instance. mend_file_revoked(): is @frame an entry of file_operations
 * whose file was opened through a revoked copy? Only asked while
 * d->nrevoked.
 */
struct file_operations;
const struct file_operations *mend_fops_get(struct mend_unit *unit,
					    const struct file_operations *orig);
void mend_fops_revoke(struct mend_domain *d);
void mend_fops_destroy(struct mend_domain *d);
bool mend_file_revoked(struct mend_domain *d, const struct mend_frame *frame);

/*
 * kernel-shim/cdev.c: the undo frees the block [block, block + size) with
 * @free; false when a dead instance's cdev that open files still hold
 * lies in it: the block is freed when that cdev goes.
 */
bool mend_cdev_keeps(void *block, size_t size, void (*free)(void *obj,
			const unsigned long *args));

/* sysfs.c: /sys/kernel/mend/<module>/ */
int mend_domain_sysfs_add(struct mend_domain *d);
void mend_domain_sysfs_del(struct mend_domain *d);
void mend_domain_uevent_state(struct mend_domain *d);

/*
 * undo.c: the undo log. An entry undoes one acquisition: fn(obj, args).
 * Linked entries (objects the kernel links, which keep their identity
 * across restarts) are skipped on restart and their bytes kept when the
 * globals are reset; they are undone only when the domain is disabled.
 */
typedef void (*mend_undo_fn)(void *obj, const unsigned long *args);

#define MEND_UNDO_ARGS		3
#define MEND_UNDO_LINKED	0x1

/*
 * Adoptable: kept across a restart for the fresh instance (undo.c): on
 * restart the entry is parked (its park step runs) instead of undone, and
 * adopted by the fresh instance's acquisition (mend_adopt()); the ones
 * left unadopted after the fresh init are undone. Undone as usual when the
 * domain is disabled or goes.
 */
#define MEND_UNDO_ADOPT		0x4
#define MEND_UNDO_ADOPTED	0x8	/* adopted during this restart */

typedef void (*mend_detach_fn)(void *obj, unsigned long *args);
typedef int (*mend_resume_fn)(void *obj, unsigned long *args);

void mend_undo_push(struct mend_unit *unit, mend_undo_fn fn, void *obj,
		    const unsigned long *args, unsigned int flags, size_t size);
/*
 * A linked object with a detach step: on restart, after the dead
 * instance's entries are undone, @detach(obj, args) cuts what the kernel
 * still links to that instance (a pci_driver's bound devices) while the
 * object itself stays registered. It may note in args what the fresh
 * instance must restore (mend_undo_args).
 */
void mend_undo_push_linked(struct mend_unit *unit, mend_undo_fn fn,
			   mend_detach_fn detach, void *obj, size_t size);
/*
 * An adoptable entry: @park(obj, args) on restart cuts the object off the
 * dead instance; @resume(obj, args), after the fresh init adopted it,
 * gives it back its state (nonzero: the restart fails).
 */
void mend_undo_push_adoptable(struct mend_unit *unit, mend_undo_fn fn,
			      mend_detach_fn park, mend_resume_fn resume,
			      void *obj, const unsigned long *args);
void *mend_adopt(struct mend_unit *unit, mend_undo_fn fn, const void *obj,
		 unsigned long *args);
int mend_undo_resume(struct mend_domain *d);
unsigned int mend_undo_unparked(struct mend_domain *d);
bool mend_undo_args(struct mend_unit *unit, mend_undo_fn fn, const void *obj,
		    unsigned long *args);
/* @fn NULL: whatever undoes @obj (kfree or kvfree of one allocation). */
bool mend_undo_pop(struct mend_unit *unit, mend_undo_fn fn, const void *obj);
int mend_undo_lookup(struct mend_unit *unit, mend_undo_fn fn, const void *obj);
void mend_undo_drop_range(struct mend_unit *unit, const void *start,
			  size_t size);
unsigned int mend_undo_run(struct mend_domain *d, bool linked_too);
void mend_undo_report_left(struct mend_domain *d, unsigned int max);
void mend_undo_restore_global(struct mend_domain *d, void *addr,
			      const void *snap, size_t size);
void mend_undo_destroy(struct mend_domain *d);
ssize_t mend_undo_show(struct mend_domain *d, char *buf);
int mend_undo_init(void);
void mend_undo_exit(void);

/* Held locks (undo.c). */
void mend_lock_acquired(struct mend_unit *unit, void *lock,
			void (*release)(void *lock, unsigned long flags),
			unsigned long flags);
void mend_lock_acquired_once(struct mend_unit *unit, void *lock,
			     void (*release)(void *lock, unsigned long flags),
			     unsigned long flags);
/* The spinning locks held on one CPU, by any context and domain. */
struct mend_cpu_locks {
	unsigned int used;		/* slots with a lock */
	u64 taken;			/* the last seq given */
	struct mend_held_lock held[MEND_CPU_LOCKS_MAX];
};

DECLARE_PER_CPU(struct mend_cpu_locks, mend_cpu_locks);

void *mend_spinlock_left(struct mend_domain *d, struct mend_frame *frame);
void mend_check_locks_left(struct mend_frame *frame);
void mend_spinlock_acquired(struct mend_unit *unit, void *lock,
			    void (*release)(void *lock, unsigned long flags),
			    unsigned long flags);
bool mend_lock_released(struct mend_unit *unit, void *lock);
void mend_locks_release(struct mend_domain *d, struct mend_frame *frame);

/*
 * A kernel-shim wrapper caught the driver misusing the API: report and
 * recover. Does not return when the call runs inside a guard (see
 * __mend_guard_resume for why it is not __noreturn); outside any guard it
 * reports and returns, and the wrapper skips the bad call.
 */
void mend_misuse(struct mend_unit *unit, const char *what, const void *obj,
		 void *caller);

#endif /* MEND_INTERNAL_H */
