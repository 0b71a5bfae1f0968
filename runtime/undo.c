// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: the undo log of a domain, and the locks its driver holds.
 *
 * Each acquisition a kernel-shim wrapper sees (an allocation, a mapping, a
 * registration) pushes an entry saying how to undo it; the matching
 * release removes it again, found through a hash on the object. What is
 * left after a failure is what the dead instance owned: recovery undoes it
 * newest first. Wrappers run in any context (a timer allocating with
 * GFP_ATOMIC), so entries come from a slab cache with GFP_ATOMIC and the
 * log is guarded by an irq-safe spinlock; the undo functions themselves
 * run outside it, from the recovery worker. A NIC driver pushes and pops
 * an entry for every packet, so a popped entry is kept on the domain's
 * spare list (up to MEND_UNDO_SPARE_MAX) and reused under the same lock:
 * the steady state allocates nothing.
 *
 * Some objects must outlive the instance that made them, because the rest
 * of the kernel holds on to them: a net_device keeps its ifindex, its
 * addresses and the sockets bound to it across a restart. Their entries
 * are adoptable: on restart they are parked instead of undone (their park
 * step cuts them off the dead instance), and the fresh instance's own
 * acquisition adopts the parked object (mend_adopt()) instead of making a
 * new one. After the fresh init, each adopted entry's resume step gives
 * the object back its configuration; whatever was not adopted is undone.
 *
 * Held locks are few and short-lived, so fixed tables record them with
 * where they were taken (the task, or the CPU and interrupt level, and the
 * stack pointer). A failing call releases the locks taken below its frame
 * in its own context, and no others. A spinning lock (spinlock, raw
 * spinlock, rwlock) keeps its holder on its CPU until it is released, so
 * it is recorded in a table of that CPU, changed only by that CPU with
 * interrupts off: no shared lock on a path a NIC driver takes several
 * times per packet. Sleeping locks (mutexes) and wait entries, which move
 * with their task, go to the domain's table under its raw spinlock; so do
 * spinning locks when their CPU's table is full.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/hash.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "mend_internal.h"

struct mend_undo {
	struct list_head node;		/* domain->undo, oldest first */
	struct hlist_node hash;		/* domain->undo_hash, by obj */
	mend_undo_fn fn;
	mend_detach_fn detach;		/* linked: on restart; adoptable: park */
	mend_resume_fn resume;		/* adoptable: after the fresh init */
	void *obj;
	unsigned long args[MEND_UNDO_ARGS];
	unsigned int flags;		/* MEND_UNDO_* */
	size_t size;			/* bytes at obj kept (linked) */
};

static struct kmem_cache *mend_undo_cache;

/* Popped entries kept for reuse: the most a busy NIC's rings hold. */
#define MEND_UNDO_SPARE_MAX	1024

/*
 * A spare entry, or NULL; under undo_lock. Spares are chained through
 * their hash node, which is free while they are out of the log.
 */
static struct mend_undo *undo_spare_get(struct mend_domain *d)
{
	struct mend_undo *u;

	if (hlist_empty(&d->undo_spare))
		return NULL;
	u = hlist_entry(d->undo_spare.first, struct mend_undo, hash);
	hlist_del(&u->hash);
	d->undo_nspare--;
	return u;
}

/* Keep @u for reuse; false when the spare list is full. Under undo_lock. */
static bool undo_spare_put(struct mend_domain *d, struct mend_undo *u)
{
	if (d->undo_nspare >= MEND_UNDO_SPARE_MAX)
		return false;
	hlist_add_head(&u->hash, &d->undo_spare);
	d->undo_nspare++;
	return true;
}

static unsigned long obj_key(const void *obj)
{
	return (unsigned long)obj;
}

static void undo_push(struct mend_unit *unit, mend_undo_fn fn,
		      mend_detach_fn detach, mend_resume_fn resume, void *obj,
		      const unsigned long *args, unsigned int flags, size_t size)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_undo *u;
	unsigned long irq;

	if (!d)
		return;
	/*
	 * Only a global of the module keeps its identity across a restart;
	 * a linked object in the heap belongs to the instance that allocated
	 * it and is undone with it.
	 */
	if ((flags & MEND_UNDO_LINKED) &&
	    !within_module((unsigned long)obj, d->mod))
		flags &= ~MEND_UNDO_LINKED;
	spin_lock_irqsave(&d->undo_lock, irq);
	u = undo_spare_get(d);
	if (!u) {
		spin_unlock_irqrestore(&d->undo_lock, irq);
		u = kmem_cache_alloc(mend_undo_cache, GFP_ATOMIC | __GFP_NOWARN);
		if (!u) {
			pr_warn_ratelimited("%s: undo log full, %ps of %px untracked\n",
					    d->name, fn, obj);
			return;
		}
		spin_lock_irqsave(&d->undo_lock, irq);
	}
	u->fn = fn;
	u->detach = detach;
	u->resume = resume;
	u->obj = obj;
	if (args)
		memcpy(u->args, args, sizeof(u->args));
	else
		memset(u->args, 0, sizeof(u->args));
	u->flags = flags;
	u->size = size;
	list_add_tail(&u->node, &d->undo);
	hash_add(d->undo_hash, &u->hash, obj_key(obj));
	d->undo_len++;
	spin_unlock_irqrestore(&d->undo_lock, irq);
}

void mend_undo_push(struct mend_unit *unit, mend_undo_fn fn, void *obj,
		    const unsigned long *args, unsigned int flags, size_t size)
{
	undo_push(unit, fn, NULL, NULL, obj, args, flags, size);
}

void mend_undo_push_linked(struct mend_unit *unit, mend_undo_fn fn,
			   mend_detach_fn detach, void *obj, size_t size)
{
	undo_push(unit, fn, detach, NULL, obj, NULL, MEND_UNDO_LINKED, size);
}

void mend_undo_push_adoptable(struct mend_unit *unit, mend_undo_fn fn,
			      mend_detach_fn park, mend_resume_fn resume,
			      void *obj, const unsigned long *args)
{
	undo_push(unit, fn, park, resume, obj, args, MEND_UNDO_ADOPT, 0);
}

/*
 * The fresh instance acquires what @fn undoes: hand it the oldest parked
 * object of that kind (@obj itself, when not NULL) with its args, and
 * track it again. NULL when none is parked.
 */
void *mend_adopt(struct mend_unit *unit, mend_undo_fn fn, const void *obj,
		 unsigned long *args)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_undo *u;
	unsigned long irq;

	if (!d || READ_ONCE(d->state) != MEND_RESTARTING)
		return NULL;
	spin_lock_irqsave(&d->undo_lock, irq);
	list_for_each_entry_reverse(u, &d->parked, node)
		if (u->fn == fn && (!obj || u->obj == obj))
			break;
	if (list_entry_is_head(u, &d->parked, node)) {
		spin_unlock_irqrestore(&d->undo_lock, irq);
		return NULL;
	}
	list_move_tail(&u->node, &d->undo);
	hash_add(d->undo_hash, &u->hash, obj_key(u->obj));
	d->undo_len++;
	u->flags |= MEND_UNDO_ADOPTED;
	if (args)
		memcpy(args, u->args, sizeof(u->args));
	spin_unlock_irqrestore(&d->undo_lock, irq);
	return u->obj;
}

/*
 * The fresh instance's init succeeded: resume what it adopted, oldest
 * first. Process context, the state still restarting. Returns 0, or the
 * first resume step's error (the restart fails).
 */
int mend_undo_resume(struct mend_domain *d)
{
	struct mend_undo *u;
	unsigned long irq;
	int err;

	for (;;) {
		spin_lock_irqsave(&d->undo_lock, irq);
		list_for_each_entry(u, &d->undo, node)
			if (u->flags & MEND_UNDO_ADOPTED)
				break;
		if (list_entry_is_head(u, &d->undo, node)) {
			spin_unlock_irqrestore(&d->undo_lock, irq);
			return 0;
		}
		u->flags &= ~MEND_UNDO_ADOPTED;
		spin_unlock_irqrestore(&d->undo_lock, irq);
		/* Only the worker removes adopted entries: u stays valid. */
		err = u->resume ? u->resume(u->obj, u->args) : 0;
		if (err)
			return err;
	}
}

/*
 * Undo what the fresh instance did not adopt, newest first. Returns how
 * many entries were undone.
 */
unsigned int mend_undo_unparked(struct mend_domain *d)
{
	struct mend_undo *u;
	unsigned int n = 0;
	unsigned long irq;

	for (;;) {
		spin_lock_irqsave(&d->undo_lock, irq);
		if (list_empty(&d->parked)) {
			spin_unlock_irqrestore(&d->undo_lock, irq);
			return n;
		}
		u = list_first_entry(&d->parked, struct mend_undo, node);
		list_del(&u->node);
		spin_unlock_irqrestore(&d->undo_lock, irq);
		u->fn(u->obj, u->args);
		kmem_cache_free(mend_undo_cache, u);
		n++;
	}
}

/* The newest entry undoing @obj with @fn (any, if NULL); under undo_lock. */
static struct mend_undo *mend_undo_find(struct mend_domain *d,
					mend_undo_fn fn, const void *obj)
{
	struct mend_undo *u;

	hash_for_each_possible(d->undo_hash, u, hash, obj_key(obj))
		if (u->obj == obj && (!fn || u->fn == fn))
			return u;
	return NULL;
}

static void mend_undo_unlink(struct mend_domain *d, struct mend_undo *u)
{
	list_del(&u->node);
	hash_del(&u->hash);
	d->undo_len--;
}

/*
 * The driver released @obj itself: forget its entry. False when the
 * domain has no such entry (the driver releases what it does not own).
 */
bool mend_undo_pop(struct mend_unit *unit, mend_undo_fn fn, const void *obj)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_undo *u;
	unsigned long irq;
	bool spare;

	if (!d)
		return true;
	spin_lock_irqsave(&d->undo_lock, irq);
	u = mend_undo_find(d, fn, obj);
	if (u)
		mend_undo_unlink(d, u);
	spare = u && undo_spare_put(d, u);
	spin_unlock_irqrestore(&d->undo_lock, irq);
	if (u && !spare)
		kmem_cache_free(mend_undo_cache, u);
	return u;
}

/* The flags of @obj's entry for @fn, or -ENOENT when it has none. */
int mend_undo_lookup(struct mend_unit *unit, mend_undo_fn fn, const void *obj)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_undo *u;
	unsigned long irq;
	int flags;

	if (!d)
		return -ENOENT;
	spin_lock_irqsave(&d->undo_lock, irq);
	u = mend_undo_find(d, fn, obj);
	flags = u ? u->flags : -ENOENT;
	spin_unlock_irqrestore(&d->undo_lock, irq);
	return flags;
}

/* Copy the args of @obj's entry for @fn; false when it has none. */
bool mend_undo_args(struct mend_unit *unit, mend_undo_fn fn, const void *obj,
		    unsigned long *args)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_undo *u;
	unsigned long irq;

	if (!d)
		return false;
	spin_lock_irqsave(&d->undo_lock, irq);
	u = mend_undo_find(d, fn, obj);
	if (u)
		memcpy(args, u->args, sizeof(u->args));
	spin_unlock_irqrestore(&d->undo_lock, irq);
	return u;
}

/*
 * Memory [start, start + size) is freed: forget the entries of objects
 * inside it (a timer in a freed structure), which would otherwise be
 * undone on freed memory.
 */
void mend_undo_drop_range(struct mend_unit *unit, const void *start,
			  size_t size)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_undo *u, *next;
	unsigned long irq;
	LIST_HEAD(dropped);

	if (!d || !size)
		return;
	spin_lock_irqsave(&d->undo_lock, irq);
	list_for_each_entry_safe(u, next, &d->undo, node) {
		if (u->obj >= start && u->obj < start + size &&
		    !(u->flags & MEND_UNDO_LINKED)) {
			mend_undo_unlink(d, u);
			list_add(&u->node, &dropped);
		}
	}
	spin_unlock_irqrestore(&d->undo_lock, irq);
	list_for_each_entry_safe(u, next, &dropped, node)
		kmem_cache_free(mend_undo_cache, u);
}

/*
 * The linked entries stay: detach them from the dead instance, newest
 * first. The driver is quiet (every entry refused), so nothing adds or
 * removes entries meanwhile and the walk may drop the lock for each step,
 * which sleeps.
 */
static void mend_undo_detach(struct mend_domain *d)
{
	struct mend_undo *u;

	list_for_each_entry_reverse(u, &d->undo, node)
		if (u->detach)
			u->detach(u->obj, u->args);
}

/*
 * Undo the log newest first; linked entries stay unless @linked_too, and
 * are then detached. Process context, the driver quiet. Returns how many
 * entries were undone.
 */
unsigned int mend_undo_run(struct mend_domain *d, bool linked_too)
{
	struct mend_undo *u;
	unsigned int n = 0;
	unsigned long irq;

	/* Whatever the dead instance's files reach is going. */
	mend_fops_revoke(d);
	for (;;) {
		spin_lock_irqsave(&d->undo_lock, irq);
		list_for_each_entry_reverse(u, &d->undo, node)
			if (linked_too || !(u->flags & MEND_UNDO_LINKED))
				break;
		if (list_entry_is_head(u, &d->undo, node)) {
			spin_unlock_irqrestore(&d->undo_lock, irq);
			if (!linked_too) {
				mend_undo_detach(d);
				return n;
			}
			/* Parked by a restart that failed. */
			return n + mend_undo_unparked(d);
		}
		mend_undo_unlink(d, u);
		if ((u->flags & MEND_UNDO_ADOPT) && !linked_too) {
			/* Newest first at the head: adopted oldest first. */
			u->flags &= ~MEND_UNDO_ADOPTED;
			list_add_tail(&u->node, &d->parked);
			spin_unlock_irqrestore(&d->undo_lock, irq);
			if (u->detach)
				u->detach(u->obj, u->args);
			n++;
			continue;
		}
		spin_unlock_irqrestore(&d->undo_lock, irq);
		u->fn(u->obj, u->args);
		kmem_cache_free(mend_undo_cache, u);
		n++;
	}
}

/*
 * Name the first @max objects still in @d's undo log, newest first (what
 * undo would release), for the report of a leak.
 */
void mend_undo_report_left(struct mend_domain *d, unsigned int max)
{
	struct mend_undo *u;
	unsigned long irq;
	unsigned int n = 0;

	spin_lock_irqsave(&d->undo_lock, irq);
	list_for_each_entry_reverse(u, &d->undo, node) {
		if (n++ == max) {
			pr_warn("%s: left behind: ...\n", d->name);
			break;
		}
		pr_warn("%s: left behind: %p, released by %ps\n", d->name,
			u->obj, u->fn);
	}
	spin_unlock_irqrestore(&d->undo_lock, irq);
}

/*
 * Copy @snap over the global at @addr, except the bytes of linked objects
 * inside it: the kernel's links into them (list heads, minors) are live.
 */
void mend_undo_restore_global(struct mend_domain *d, void *addr,
			      const void *snap, size_t size)
{
	struct mend_undo *u;
	unsigned long irq;
	size_t at = 0;

	spin_lock_irqsave(&d->undo_lock, irq);
	while (at < size) {
		/* The first linked range at or after @at, clipped. */
		size_t lo = size, hi = size;

		list_for_each_entry(u, &d->undo, node) {
			size_t ulo, uhi;

			if (!(u->flags & MEND_UNDO_LINKED) ||
			    u->obj + u->size <= addr + at || u->obj >= addr + size)
				continue;
			ulo = u->obj > addr + at ? u->obj - addr : at;
			uhi = min_t(size_t, u->obj + u->size - addr, size);
			if (ulo < lo || (ulo == lo && uhi > hi)) {
				lo = ulo;
				hi = uhi;
			}
		}
		memcpy(addr + at, snap + at, lo - at);
		at = hi;
	}
	spin_unlock_irqrestore(&d->undo_lock, irq);
}

#define MEND_SHOW_KINDS		32

/*
 * sysfs "tracked": the log by undo function, in order of first appearance,
 * e.g. "kfree 2" (the function's name without its "undo_" prefix).
 */
ssize_t mend_undo_show(struct mend_domain *d, char *buf)
{
	struct { mend_undo_fn fn; unsigned int n; } kinds[MEND_SHOW_KINDS];
	unsigned int nkinds = 0, i, other = 0;
	struct mend_undo *u;
	unsigned long irq;
	char name[KSYM_SYMBOL_LEN];
	ssize_t len = 0;

	spin_lock_irqsave(&d->undo_lock, irq);
	list_for_each_entry(u, &d->undo, node) {
		for (i = 0; i < nkinds && kinds[i].fn != u->fn; i++)
			;
		if (i == nkinds && nkinds == MEND_SHOW_KINDS) {
			other++;
			continue;
		}
		if (i == nkinds)
			kinds[nkinds++] = (typeof(kinds[0])){ u->fn, 0 };
		kinds[i].n++;
	}
	spin_unlock_irqrestore(&d->undo_lock, irq);
	for (i = 0; i < nkinds; i++) {
		snprintf(name, sizeof(name), "%ps", kinds[i].fn);
		name[strcspn(name, " ")] = '\0';	/* no " [mend]" */
		len += sysfs_emit_at(buf, len, "%s %u\n",
				     name + (str_has_prefix(name, "undo_") ?
					     5 : 0), kinds[i].n);
	}
	if (other)
		len += sysfs_emit_at(buf, len, "other %u\n", other);
	return len;
}

/* The domain goes away: drop what is left without undoing it. */
void mend_undo_destroy(struct mend_domain *d)
{
	struct mend_undo *u, *next;
	struct hlist_node *spare;

	list_for_each_entry_safe(u, next, &d->undo, node)
		kmem_cache_free(mend_undo_cache, u);
	list_for_each_entry_safe(u, next, &d->parked, node)
		kmem_cache_free(mend_undo_cache, u);
	hlist_for_each_entry_safe(u, spare, &d->undo_spare, hash)
		kmem_cache_free(mend_undo_cache, u);
	INIT_LIST_HEAD(&d->undo);
	INIT_LIST_HEAD(&d->parked);
	INIT_HLIST_HEAD(&d->undo_spare);
	d->undo_nspare = 0;
	hash_init(d->undo_hash);
	d->undo_len = 0;
	mend_fops_destroy(d);
}

int mend_undo_init(void)
{
	mend_undo_cache = KMEM_CACHE(mend_undo, 0);
	return mend_undo_cache ? 0 : -ENOMEM;
}

void mend_undo_exit(void)
{
	kmem_cache_destroy(mend_undo_cache);
}

/* Held locks. */

DEFINE_PER_CPU(struct mend_cpu_locks, mend_cpu_locks);

static bool lock_here(const struct mend_held_lock *l)
{
	u8 level = interrupt_context_level();

	if (level)
		return l->level == level && l->cpu == raw_smp_processor_id();
	return !l->level && l->task == current;
}

static void lock_fill(struct mend_held_lock *l, struct mend_domain *d,
		      void *lock, void (*release)(void *lock,
						  unsigned long flags),
		      unsigned long flags, u64 seq)
{
	l->lock = lock;
	l->release = release;
	l->flags = flags;
	l->domain = d;
	l->task = current;
	l->sp = current_stack_pointer;
	l->seq = seq;
	l->cpu = raw_smp_processor_id();
	l->level = interrupt_context_level();
}

static void lock_record(struct mend_unit *unit, void *lock,
			void (*release)(void *lock, unsigned long flags),
			unsigned long flags, bool once)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_held_lock *l, *free = NULL;
	unsigned long irq;

	if (!d)
		return;
	raw_spin_lock_irqsave(&d->locks_lock, irq);
	for (l = d->locks; l < d->locks + MEND_LOCKS_MAX; l++) {
		if (!l->lock) {
			free = free ?: l;
			if (!once)
				break;
		} else if (once && l->lock == lock && lock_here(l)) {
			raw_spin_unlock_irqrestore(&d->locks_lock, irq);
			return;
		}
	}
	if (free) {
		lock_fill(free, d, lock, release, flags, ++d->locks_taken);
		d->locks_used++;
	}
	raw_spin_unlock_irqrestore(&d->locks_lock, irq);
	if (!free)
		pr_warn_ratelimited("%s: more than %d locks held, %px untracked\n",
				    d->name, MEND_LOCKS_MAX, lock);
}

/*
 * The driver took the spinning lock @lock (its holder cannot leave this
 * CPU until it releases it); @release(lock, flags) releases it.
 */
void mend_spinlock_acquired(struct mend_unit *unit, void *lock,
			    void (*release)(void *lock, unsigned long flags),
			    unsigned long flags)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_cpu_locks *c;
	struct mend_held_lock *l;
	unsigned long irq;

	if (!d)
		return;
	local_irq_save(irq);
	c = this_cpu_ptr(&mend_cpu_locks);
	for (l = c->held; l < c->held + MEND_CPU_LOCKS_MAX; l++) {
		if (!l->lock) {
			lock_fill(l, d, lock, release, flags, ++c->taken);
			c->used++;
			local_irq_restore(irq);
			return;
		}
	}
	local_irq_restore(irq);
	lock_record(unit, lock, release, flags, false);
}

void mend_lock_acquired(struct mend_unit *unit, void *lock,
			void (*release)(void *lock, unsigned long flags),
			unsigned long flags)
{
	lock_record(unit, lock, release, flags, false);
}

/*
 * As mend_lock_acquired(), but a @lock already held here stays recorded
 * once: a wait entry is prepared again on every turn of a wait loop.
 */
void mend_lock_acquired_once(struct mend_unit *unit, void *lock,
			     void (*release)(void *lock, unsigned long flags),
			     unsigned long flags)
{
	lock_record(unit, lock, release, flags, true);
}

/* @lock's record in this CPU's table, taken off it; false if none. */
static bool cpu_lock_released(void *lock)
{
	struct mend_cpu_locks *c;
	struct mend_held_lock *l;
	unsigned long irq;
	bool found = false;

	local_irq_save(irq);
	c = this_cpu_ptr(&mend_cpu_locks);
	for (l = c->held; c->used && l < c->held + MEND_CPU_LOCKS_MAX; l++) {
		if (l->lock == lock && lock_here(l)) {
			l->lock = NULL;
			c->used--;
			found = true;
			break;
		}
	}
	local_irq_restore(irq);
	return found;
}

/* The driver releases @lock: false when it does not hold it here. */
bool mend_lock_released(struct mend_unit *unit, void *lock)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_held_lock *l;
	unsigned long irq;
	bool found = false;

	if (!d)
		return true;
	if (cpu_lock_released(lock))
		return true;
	/* Only this context's own records matter, and it wrote them. */
	if (!READ_ONCE(d->locks_used))
		return false;
	raw_spin_lock_irqsave(&d->locks_lock, irq);
	for (l = d->locks; l < d->locks + MEND_LOCKS_MAX; l++) {
		if (l->lock == lock && lock_here(l)) {
			l->lock = NULL;
			d->locks_used--;
			found = true;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&d->locks_lock, irq);
	return found;
}

/*
 * The newest of @d's spinning locks this context took below @frame, taken
 * off this CPU's table into @taken; false if none.
 */
static bool cpu_lock_newest(struct mend_domain *d, struct mend_frame *frame,
			    struct mend_held_lock *taken)
{
	struct mend_cpu_locks *c;
	struct mend_held_lock *l, *newest = NULL;
	unsigned long irq;

	local_irq_save(irq);
	c = this_cpu_ptr(&mend_cpu_locks);
	for (l = c->held; l < c->held + MEND_CPU_LOCKS_MAX; l++)
		if (l->lock && l->domain == d && lock_here(l) &&
		    l->sp < (unsigned long)frame &&
		    (!newest || l->seq > newest->seq))
			newest = l;
	if (newest) {
		*taken = *newest;
		newest->lock = NULL;
		c->used--;
	}
	local_irq_restore(irq);
	return newest;
}

/*
 * A spinning lock of @d this context took below @frame and still holds,
 * or NULL. Called as the call of @frame returns: its spinning locks must
 * have been released by then.
 */
void *mend_spinlock_left(struct mend_domain *d, struct mend_frame *frame)
{
	struct mend_cpu_locks *c;
	struct mend_held_lock *l;
	unsigned long irq;
	void *lock = NULL;

	local_irq_save(irq);
	c = this_cpu_ptr(&mend_cpu_locks);
	for (l = c->held; c->used && l < c->held + MEND_CPU_LOCKS_MAX; l++) {
		if (l->lock && l->domain == d && lock_here(l) &&
		    l->sp < (unsigned long)frame) {
			lock = l->lock;
			break;
		}
	}
	local_irq_restore(irq);
	return lock;
}

/*
 * The call of @frame failed: release the locks its context took below the
 * frame (inside the call), the last taken first, as the driver would have
 * (not by stack depth: a helper that returns with a lock held takes it
 * deeper than a lock its caller takes afterwards).
 */
void mend_locks_release(struct mend_domain *d, struct mend_frame *frame)
{
	struct mend_held_lock *l, *newest, taken;
	unsigned long irq;

	/*
	 * The spinning locks first: a sleeping lock taken under one can only
	 * have been a trylock, and their irqsave flags nest in this order.
	 */
	while (cpu_lock_newest(d, frame, &taken))
		taken.release(taken.lock, taken.flags);
	for (;;) {
		newest = NULL;
		raw_spin_lock_irqsave(&d->locks_lock, irq);
		for (l = d->locks; l < d->locks + MEND_LOCKS_MAX; l++)
			if (l->lock && lock_here(l) &&
			    l->sp < (unsigned long)frame &&
			    (!newest || l->seq > newest->seq))
				newest = l;
		if (newest) {
			taken = *newest;
			newest->lock = NULL;
			d->locks_used--;
		}
		raw_spin_unlock_irqrestore(&d->locks_lock, irq);
		if (!newest)
			return;
		taken.release(taken.lock, taken.flags);
	}
}
