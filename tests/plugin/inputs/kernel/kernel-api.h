/*
 * kernel-api.h - a stand-in for kernel headers in plugin tests: an API
 * function with a body in a header (like spin_lock in <linux/spinlock.h>)
 * and plain declarations (like kmalloc and kfree when they are exported).
 */
#ifndef KERNEL_API_H
#define KERNEL_API_H

typedef unsigned long size_t;
typedef struct { int locked; } spinlock_t;

void *kmalloc(size_t size, unsigned int flags);
void kfree(const void *object);
void _raw_spin_lock(spinlock_t *lock);
void _raw_spin_unlock(spinlock_t *lock);

static inline void spin_lock(spinlock_t *lock)
{
	_raw_spin_lock(lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	_raw_spin_unlock(lock);
}

#endif
