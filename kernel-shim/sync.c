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
 * first member of spinlock_t).
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "mend_internal.h"

static void release_spin(void *lock, unsigned long flags)
{
	spin_unlock(lock);
}

static void release_spin_bh(void *lock, unsigned long flags)
{
	spin_unlock_bh(lock);
}

static void release_spin_irq(void *lock, unsigned long flags)
{
	spin_unlock_irq(lock);
}

static void release_raw_irqrestore(void *lock, unsigned long flags)
{
	raw_spin_unlock_irqrestore(lock, flags);
}

static void release_mutex(void *lock, unsigned long flags)
{
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
	mend_lock_acquired(unit, lock, release_spin, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_spin_lock);

int __mend_wrap_spin_trylock(struct mend_unit *unit, spinlock_t *lock)
{
	int taken = spin_trylock(lock);

	if (taken)
		mend_lock_acquired(unit, lock, release_spin, 0);
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
	mend_lock_acquired(unit, lock, release_spin_bh, 0);
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
	mend_lock_acquired(unit, lock, release_spin_irq, 0);
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

	mend_lock_acquired(unit, lock, release_raw_irqrestore, flags);
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

int __mend_wrap_mutex_trylock(struct mend_unit *unit, struct mutex *lock)
{
	int taken = mutex_trylock(lock);

	if (taken)
		mend_lock_acquired(unit, lock, release_mutex, 0);
	return taken;
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_trylock);

void __mend_wrap_mutex_unlock(struct mend_unit *unit, struct mutex *lock)
{
	if (unlocking(unit, lock, mutex_is_locked(lock), "mutex_unlock of",
		      __builtin_return_address(0)))
		mutex_unlock(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_unlock);
