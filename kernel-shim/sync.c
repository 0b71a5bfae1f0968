// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: locks. Each lock the driver takes is recorded with where it
 * was taken (undo.c, "Held locks"), so that a failure releases the ones
 * the failing call holds, with the flavour of unlock that matches; an
 * unlock of a lock the driver does not hold there is a misuse.
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

/* The driver unlocks @lock: false when it does not hold it here. */
static bool unlocking(struct mend_unit *unit, void *lock, const char *what,
		      void *caller)
{
	if (mend_lock_released(unit, lock))
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

void __mend_wrap_spin_unlock(struct mend_unit *unit, spinlock_t *lock)
{
	if (unlocking(unit, lock, "spin_unlock of", __builtin_return_address(0)))
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
	if (unlocking(unit, lock, "spin_unlock_bh of",
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
	if (unlocking(unit, lock, "spin_unlock_irq of",
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
	if (unlocking(unit, &lock->rlock, "spin_unlock_irqrestore of",
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

void __mend_wrap_mutex_unlock(struct mend_unit *unit, struct mutex *lock)
{
	if (unlocking(unit, lock, "mutex_unlock of",
		      __builtin_return_address(0)))
		mutex_unlock(lock);
}
EXPORT_SYMBOL_GPL(__mend_wrap_mutex_unlock);
