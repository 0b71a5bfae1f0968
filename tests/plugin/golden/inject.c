/*
 * Fault-injection points: with recovery and inject, every driver function
 * starts with a cold test of __mend_inject_armed and a call to
 * __mend_inject_point with the function's record; the fault the runtime
 * picks happens in the function itself: a volatile load through a NULL
 * pointer laundered by an asm, __mend_check_fail with an out-of-bounds
 * site, an endless loop that polls, or a trap. Functions of kernel
 * headers get none.
 * ARGS: -fplugin-arg-mend-recovery -fplugin-arg-mend-inject -fplugin-arg-mend-checks=none
 * DUMP-FILE: mend-inject
 */
#include "../inputs/kernel/kernel-api.h"

static int opens;

int demo_open(void *file)
/* DUMP-DAG: inject point 'demo_open' at inject.c:[[@LINE-1]] */
{
	return opens++;
}

static void demo_reset(int *regs, int n)
/* DUMP-DAG: inject point 'demo_reset' at inject.c:[[@LINE-1]] */
{
	for (int i = 0; i < n; i++)
		regs[i] = 0;
}

static spinlock_t lock;

void *demo_probe(void)
{
	spin_lock(&lock);
	demo_reset(0, 0);
	spin_unlock(&lock);
	return kmalloc(16, 0);
}
/* DUMP-DAG: inject point 'demo_probe' at inject.c:[[@LINE-7]] */

/* The code of each point. */
/* DUMP-DAG: = __mend_inject_armed; */
/* DUMP-DAG: = __mend_inject_point (&demo_open.mend_inject); */
/* DUMP-DAG: __asm__ __volatile__("" : "=r" */
/* DUMP-DAG: ={v} MEM[(volatile int *) */
/* DUMP-DAG: __mend_check_fail (&__mend_site. */
/* DUMP-DAG: __builtin_trap (); */
/* No inject point in the kernel header's inline functions. */
/* DUMP-NOT: inject point 'spin_lock' */
