// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: locks. Each lock the driver takes is recorded with where it
 * was taken (undo.c, "Held locks"), so that a failure releases the ones
 * the failing call holds, with the flavour of unlock that matches. An
 * unlock of a lock nobody holds is a misuse; one of a lock that is held
 * but not recorded was taken through a call mend does not track, and
 * goes ahead.
 *
 * The names are the ones a driver's calls have before inlining:
 * spin_lock_irqsave() is a macro around _raw_spin_lock_irqsave(), whose
 * argument is the spinlock's raw lock (the same address: rlock is the
 * first member of spinlock_t, so a lock taken through one name and
 * released through the other is found). spin_lock() and its inline
 * siblings keep their own names; the macros (spin_lock_nested(),
 * spin_trylock_irqsave(), every raw_spin_*(), every read_*() and
 * write_*() of an rwlock) arrive as the _raw_*() functions of
 * kernel/locking/spinlock.c, which this kernel exports out of line (no
 * CONFIG_INLINE_*). mutex_lock_nested() and its siblings are mutex_lock()
 * and so on without lockdep.
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "mend_internal.h"

/*
 * A failure releases the locks recorded as held. A record can go stale
 * when the driver released its lock through a call mend does not track;
 * unlocking a free lock again would corrupt it, so it is skipped (the
 * guard restores the irq, bh and preempt state either way).
 */
static bool still_held(void *lock, bool held)
{
	if (!held)
		pr_warn_ratelimited("mend: a lock recorded as held (%p) is free: not released again\n",
				    lock);
	return held;
}

/* Held by someone (x86's queued rwlock: readers or a writer counted). */
static bool rwlock_held(void *lock)
{
	return atomic_read(&((rwlock_t *)lock)->raw_lock.cnts) != 0;
}

static void release_spin(void *lock, unsigned long flags)
{
	if (still_held(lock, spin_is_locked(lock)))
		spin_unlock(lock);
}

static void release_spin_bh(void *lock, unsigned long flags)
{
	if (still_held(lock, spin_is_locked(lock)))
		spin_unlock_bh(lock);
}

static void release_spin_irq(void *lock, unsigned long flags)
{
	if (still_held(lock, spin_is_locked(lock)))
		spin_unlock_irq(lock);
}

static void release_raw_irqrestore(void *lock, unsigned long flags)
{
	if (still_held(lock, raw_spin_is_locked((raw_spinlock_t *)lock)))
		raw_spin_unlock_irqrestore(lock, flags);
}

static void release_raw(void *lock, unsigned long flags)
{
	if (still_held(lock, raw_spin_is_locked((raw_spinlock_t *)lock)))
		raw_spin_unlock(lock);
}

static void release_raw_bh(void *lock, unsigned long flags)
{
	if (still_held(lock, raw_spin_is_locked((raw_spinlock_t *)lock)))
		raw_spin_unlock_bh(lock);
}

static void release_raw_irq(void *lock, unsigned long flags)
{
	if (still_held(lock, raw_spin_is_locked((raw_spinlock_t *)lock)))
		raw_spin_unlock_irq(lock);
}

static void release_read(void *lock, unsigned long flags)
{
	if (still_held(lock, rwlock_held(lock)))
		read_unlock(lock);
}

static void release_read_bh(void *lock, unsigned long flags)
{
	if (still_held(lock, rwlock_held(lock)))
		read_unlock_bh(lock);
}

static void release_read_irq(void *lock, unsigned long flags)
{
	if (still_held(lock, rwlock_held(lock)))
		read_unlock_irq(lock);
}

static void release_read_irqrestore(void *lock, unsigned long flags)
{
	if (still_held(lock, rwlock_held(lock)))
		read_unlock_irqrestore(lock, flags);
}

static void release_write(void *lock, unsigned long flags)
{
	if (still_held(lock, rwlock_held(lock)))
		write_unlock(lock);
}

static void release_write_bh(void *lock, unsigned long flags)
{
	if (still_held(lock, rwlock_held(lock)))
		write_unlock_bh(lock);
}

static void release_write_irq(void *lock, unsigned long flags)
{
	if (still_held(lock, rwlock_held(lock)))
		write_unlock_irq(lock);
}

static void release_write_irqrestore(void *lock, unsigned long flags)
{
	if (still_held(lock, rwlock_held(lock)))
		write_unlock_irqrestore(lock, flags);
}

static void release_mutex(void *lock, unsigned long flags)
{
	if (still_held(lock, mutex_is_locked(lock)))
		mutex_unlock(lock);
}

/*
 * The driver unlocks @lock, which is @locked: false when nobody holds it
 * (the unlock must not happen).
 */
static bool unlocking(struct mend_unit *unit, void *lock, bool locked,
		      const char *what, void *caller)
{
	if (mend_lock_released(unit, lock) || locked)
		return true;
	mend_misuse(unit, what, lock, caller);
	return false;
}

void __mend_wrap_spin_lock(struct mend_unit *unit, spinlock_t *lock)
{
	spin_lock(lock);
	mend_spinlock_acquired(unit, lock, release_spin, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_lock);

int __mend_wrap_spin_trylock(struct mend_unit *unit, spinlock_t *lock)
{
	int taken = spin_trylock(lock);

	if (taken)
		mend_spinlock_acquired(unit, lock, release_spin, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_trylock);

void __mend_wrap_spin_unlock(struct mend_unit *unit, spinlock_t *lock)
{
	if (unlocking(unit, lock, spin_is_locked(lock), "spin_unlock of",
		      __builtin_return_address(0)))
		spin_unlock(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_unlock);

void __mend_wrap_spin_lock_bh(struct mend_unit *unit, spinlock_t *lock)
{
	spin_lock_bh(lock);
	mend_spinlock_acquired(unit, lock, release_spin_bh, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_lock_bh);

void __mend_wrap_spin_unlock_bh(struct mend_unit *unit, spinlock_t *lock)
{
	if (unlocking(unit, lock, spin_is_locked(lock), "spin_unlock_bh of",
		      __builtin_return_address(0)))
		spin_unlock_bh(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_unlock_bh);

void __mend_wrap_spin_lock_irq(struct mend_unit *unit, spinlock_t *lock)
{
	spin_lock_irq(lock);
	mend_spinlock_acquired(unit, lock, release_spin_irq, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_lock_irq);

void __mend_wrap_spin_unlock_irq(struct mend_unit *unit, spinlock_t *lock)
{
	if (unlocking(unit, lock, spin_is_locked(lock), "spin_unlock_irq of",
		      __builtin_return_address(0)))
		spin_unlock_irq(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_unlock_irq);

unsigned long __mend_wrap__raw_spin_lock_irqsave(struct mend_unit *unit,
						 raw_spinlock_t *lock)
{
	unsigned long flags = _raw_spin_lock_irqsave(lock);

	mend_spinlock_acquired(unit, lock, release_raw_irqrestore, flags);
	return flags;
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_lock_irqsave);

void __mend_wrap_spin_unlock_irqrestore(struct mend_unit *unit,
					spinlock_t *lock, unsigned long flags)
{
	if (unlocking(unit, &lock->rlock, spin_is_locked(lock),
		      "spin_unlock_irqrestore of",
		      __builtin_return_address(0)))
		spin_unlock_irqrestore(lock, flags);
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_unlock_irqrestore);

int __mend_wrap_spin_trylock_bh(struct mend_unit *unit, spinlock_t *lock)
{
	int taken = spin_trylock_bh(lock);

	if (taken)
		mend_spinlock_acquired(unit, lock, release_spin_bh, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_trylock_bh);

int __mend_wrap_spin_trylock_irq(struct mend_unit *unit, spinlock_t *lock)
{
	int taken = spin_trylock_irq(lock);

	if (taken)
		mend_spinlock_acquired(unit, lock, release_spin_irq, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_trylock_irq);

/*
 * atomic_dec_and_lock() and its irqsave sibling are macros around these:
 * a return of 1 leaves the lock held.
 */
int __mend_wrap__atomic_dec_and_lock(struct mend_unit *unit, atomic_t *atomic,
				     spinlock_t *lock)
{
	int taken = _atomic_dec_and_lock(atomic, lock);

	if (taken)
		mend_spinlock_acquired(unit, lock, release_spin, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap__atomic_dec_and_lock);

int __mend_wrap__atomic_dec_and_lock_irqsave(struct mend_unit *unit,
					     atomic_t *atomic,
					     spinlock_t *lock,
					     unsigned long *flags)
{
	int taken = _atomic_dec_and_lock_irqsave(atomic, lock, flags);

	if (taken)
		mend_spinlock_acquired(unit, &lock->rlock, release_raw_irqrestore,
				   *flags);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap__atomic_dec_and_lock_irqsave);

/*
 * Raw spinlocks, and spinlocks reached through macros: spin_lock_nested()
 * is _raw_spin_lock() without lockdep, spin_trylock_irqsave() disables
 * interrupts itself and calls _raw_spin_trylock() (a failure restores the
 * interrupt state of the entry, so releasing the lock alone is enough).
 */
void __mend_wrap__raw_spin_lock(struct mend_unit *unit, raw_spinlock_t *lock)
{
	_raw_spin_lock(lock);
	mend_spinlock_acquired(unit, lock, release_raw, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_lock);

void __mend_wrap__raw_spin_lock_bh(struct mend_unit *unit,
				   raw_spinlock_t *lock)
{
	_raw_spin_lock_bh(lock);
	mend_spinlock_acquired(unit, lock, release_raw_bh, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_lock_bh);

void __mend_wrap__raw_spin_lock_irq(struct mend_unit *unit,
				    raw_spinlock_t *lock)
{
	_raw_spin_lock_irq(lock);
	mend_spinlock_acquired(unit, lock, release_raw_irq, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_lock_irq);

int __mend_wrap__raw_spin_trylock(struct mend_unit *unit, raw_spinlock_t *lock)
{
	int taken = _raw_spin_trylock(lock);

	if (taken)
		mend_spinlock_acquired(unit, lock, release_raw, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_trylock);

int __mend_wrap__raw_spin_trylock_bh(struct mend_unit *unit,
				     raw_spinlock_t *lock)
{
	int taken = _raw_spin_trylock_bh(lock);

	if (taken)
		mend_spinlock_acquired(unit, lock, release_raw_bh, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_trylock_bh);

void __mend_wrap__raw_spin_unlock(struct mend_unit *unit, raw_spinlock_t *lock)
{
	if (unlocking(unit, lock, raw_spin_is_locked(lock), "raw_spin_unlock of",
		      __builtin_return_address(0)))
		_raw_spin_unlock(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_unlock);

void __mend_wrap__raw_spin_unlock_bh(struct mend_unit *unit,
				     raw_spinlock_t *lock)
{
	if (unlocking(unit, lock, raw_spin_is_locked(lock),
		      "raw_spin_unlock_bh of", __builtin_return_address(0)))
		_raw_spin_unlock_bh(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_unlock_bh);

void __mend_wrap__raw_spin_unlock_irq(struct mend_unit *unit,
				      raw_spinlock_t *lock)
{
	if (unlocking(unit, lock, raw_spin_is_locked(lock),
		      "raw_spin_unlock_irq of", __builtin_return_address(0)))
		_raw_spin_unlock_irq(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_unlock_irq);

/*
 * raw_spin_unlock_irqrestore(): without it a lock taken with
 * raw_spin_lock_irqsave() would stay recorded after its unlock, and a
 * later failure of the same context would unlock it a second time.
 */
void __mend_wrap__raw_spin_unlock_irqrestore(struct mend_unit *unit,
					     raw_spinlock_t *lock,
					     unsigned long flags)
{
	if (unlocking(unit, lock, raw_spin_is_locked(lock),
		      "raw_spin_unlock_irqrestore of",
		      __builtin_return_address(0)))
		_raw_spin_unlock_irqrestore(lock, flags);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_spin_unlock_irqrestore);

/*
 * rwlocks. Readers share the lock, so each read acquisition is recorded
 * on its own and the release finds the one of its own context. Whether a
 * lock not recorded here is held at all comes from its queued-rwlock
 * word: the readers' count above _QR_SHIFT, _QW_LOCKED in the low byte
 * while a writer holds it. A reader on its way in adds to the count for a
 * moment; that only lets an unlock go ahead that should not (as for a
 * lock held elsewhere), never refuses a right one.
 */
static bool read_locked(rwlock_t *lock)
{
#ifdef CONFIG_QUEUED_RWLOCKS
	return atomic_read(&lock->raw_lock.cnts) >> _QR_SHIFT;
#else
	return true;		/* cannot tell: the unlock goes ahead */
#endif
}

static bool write_locked(rwlock_t *lock)
{
#ifdef CONFIG_QUEUED_RWLOCKS
	return (atomic_read(&lock->raw_lock.cnts) & _QW_LOCKED) == _QW_LOCKED;
#else
	return true;
#endif
}

void __mend_wrap__raw_read_lock(struct mend_unit *unit, rwlock_t *lock)
{
	_raw_read_lock(lock);
	mend_spinlock_acquired(unit, lock, release_read, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_lock);

void __mend_wrap__raw_read_lock_bh(struct mend_unit *unit, rwlock_t *lock)
{
	_raw_read_lock_bh(lock);
	mend_spinlock_acquired(unit, lock, release_read_bh, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_lock_bh);

void __mend_wrap__raw_read_lock_irq(struct mend_unit *unit, rwlock_t *lock)
{
	_raw_read_lock_irq(lock);
	mend_spinlock_acquired(unit, lock, release_read_irq, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_lock_irq);

unsigned long __mend_wrap__raw_read_lock_irqsave(struct mend_unit *unit,
						 rwlock_t *lock)
{
	unsigned long flags = _raw_read_lock_irqsave(lock);

	mend_spinlock_acquired(unit, lock, release_read_irqrestore, flags);
	return flags;
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_lock_irqsave);

int __mend_wrap__raw_read_trylock(struct mend_unit *unit, rwlock_t *lock)
{
	int taken = _raw_read_trylock(lock);

	if (taken)
		mend_spinlock_acquired(unit, lock, release_read, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_trylock);

void __mend_wrap__raw_read_unlock(struct mend_unit *unit, rwlock_t *lock)
{
	if (unlocking(unit, lock, read_locked(lock), "read_unlock of",
		      __builtin_return_address(0)))
		_raw_read_unlock(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_unlock);

void __mend_wrap__raw_read_unlock_bh(struct mend_unit *unit, rwlock_t *lock)
{
	if (unlocking(unit, lock, read_locked(lock), "read_unlock_bh of",
		      __builtin_return_address(0)))
		_raw_read_unlock_bh(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_unlock_bh);

void __mend_wrap__raw_read_unlock_irq(struct mend_unit *unit, rwlock_t *lock)
{
	if (unlocking(unit, lock, read_locked(lock), "read_unlock_irq of",
		      __builtin_return_address(0)))
		_raw_read_unlock_irq(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_unlock_irq);

void __mend_wrap__raw_read_unlock_irqrestore(struct mend_unit *unit,
					     rwlock_t *lock,
					     unsigned long flags)
{
	if (unlocking(unit, lock, read_locked(lock),
		      "read_unlock_irqrestore of",
		      __builtin_return_address(0)))
		_raw_read_unlock_irqrestore(lock, flags);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_read_unlock_irqrestore);

void __mend_wrap__raw_write_lock(struct mend_unit *unit, rwlock_t *lock)
{
	_raw_write_lock(lock);
	mend_spinlock_acquired(unit, lock, release_write, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_lock);

void __mend_wrap__raw_write_lock_bh(struct mend_unit *unit, rwlock_t *lock)
{
	_raw_write_lock_bh(lock);
	mend_spinlock_acquired(unit, lock, release_write_bh, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_lock_bh);

void __mend_wrap__raw_write_lock_irq(struct mend_unit *unit, rwlock_t *lock)
{
	_raw_write_lock_irq(lock);
	mend_spinlock_acquired(unit, lock, release_write_irq, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_lock_irq);

unsigned long __mend_wrap__raw_write_lock_irqsave(struct mend_unit *unit,
						  rwlock_t *lock)
{
	unsigned long flags = _raw_write_lock_irqsave(lock);

	mend_spinlock_acquired(unit, lock, release_write_irqrestore, flags);
	return flags;
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_lock_irqsave);

/* write_trylock_irqsave() is local_irq_save() and this. */
int __mend_wrap__raw_write_trylock(struct mend_unit *unit, rwlock_t *lock)
{
	int taken = _raw_write_trylock(lock);

	if (taken)
		mend_spinlock_acquired(unit, lock, release_write, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_trylock);

void __mend_wrap__raw_write_unlock(struct mend_unit *unit, rwlock_t *lock)
{
	if (unlocking(unit, lock, write_locked(lock), "write_unlock of",
		      __builtin_return_address(0)))
		_raw_write_unlock(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_unlock);

void __mend_wrap__raw_write_unlock_bh(struct mend_unit *unit, rwlock_t *lock)
{
	if (unlocking(unit, lock, write_locked(lock), "write_unlock_bh of",
		      __builtin_return_address(0)))
		_raw_write_unlock_bh(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_unlock_bh);

void __mend_wrap__raw_write_unlock_irq(struct mend_unit *unit, rwlock_t *lock)
{
	if (unlocking(unit, lock, write_locked(lock), "write_unlock_irq of",
		      __builtin_return_address(0)))
		_raw_write_unlock_irq(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_unlock_irq);

void __mend_wrap__raw_write_unlock_irqrestore(struct mend_unit *unit,
					      rwlock_t *lock,
					      unsigned long flags)
{
	if (unlocking(unit, lock, write_locked(lock),
		      "write_unlock_irqrestore of",
		      __builtin_return_address(0)))
		_raw_write_unlock_irqrestore(lock, flags);
}
EXPORT_SYMBOL_GPL(__mend_wrap__raw_write_unlock_irqrestore);

void __mend_wrap_mutex_lock(struct mend_unit *unit, struct mutex *lock)
{
	mutex_lock(lock);
	mend_lock_acquired(unit, lock, release_mutex, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_lock);

int __mend_wrap_mutex_lock_interruptible(struct mend_unit *unit,
					 struct mutex *lock)
{
	int err = mutex_lock_interruptible(lock);

	if (!err)
		mend_lock_acquired(unit, lock, release_mutex, 0);
	return err;
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_lock_interruptible);

int __mend_wrap_mutex_lock_killable(struct mend_unit *unit, struct mutex *lock)
{
	int err = mutex_lock_killable(lock);

	if (!err)
		mend_lock_acquired(unit, lock, release_mutex, 0);
	return err;
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_lock_killable);

void __mend_wrap_mutex_lock_io(struct mend_unit *unit, struct mutex *lock)
{
	mutex_lock_io(lock);
	mend_lock_acquired(unit, lock, release_mutex, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_lock_io);

int __mend_wrap_mutex_trylock(struct mend_unit *unit, struct mutex *lock)
{
	int taken = mutex_trylock(lock);

	if (taken)
		mend_lock_acquired(unit, lock, release_mutex, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_trylock);

/* A return of 1 leaves the mutex held. */
int __mend_wrap_atomic_dec_and_mutex_lock(struct mend_unit *unit,
					  atomic_t *cnt, struct mutex *lock)
{
	int taken = atomic_dec_and_mutex_lock(cnt, lock);

	if (taken)
		mend_lock_acquired(unit, lock, release_mutex, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap_atomic_dec_and_mutex_lock);

void __mend_wrap_mutex_unlock(struct mend_unit *unit, struct mutex *lock)
{
	if (unlocking(unit, lock, mutex_is_locked(lock), "mutex_unlock of",
		      __builtin_return_address(0)))
		mutex_unlock(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_unlock);
