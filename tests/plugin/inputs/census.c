/*
 * census.c - input for plugin.verbose and plugin.dump: which calls the
 * mend-census pass counts as external API calls.
 *
 * The CHECK directives below are matched against the compiler's stderr with
 * -fplugin-arg-mend-verbose, the DUMP directives against the pass's dump
 * file; see filecheck.py. GCC visits functions callees first, not in source
 * order, hence -DAG.
 */
#include "kernel/kernel-api.h"

struct device_ops {
	void (*start)(void *priv);
};

struct priv {
	spinlock_t lock;
	struct device_ops *ops;
	char *buf;
};

/* Driver code, defined after its first use: never an external call. */
static int scale(int x);

/* Two kmalloc and one kfree: three call statements, two distinct names. */
/* CHECK-DAG: census.c:[[@LINE+2]]:7: note: mend: function 'alloc_two': 3 external calls, untracked: kfree, kmalloc */
/* DUMP-DAG: mend: function 'alloc_two': 3 external calls, untracked: kfree, kmalloc */
void *alloc_two(void)
{
	void *a = kmalloc(8, 0);
	void *b = kmalloc(16, 0);

	kfree(a);
	return b;
}

/*
 * API with a body in a header (spin_lock) is external; a call through a
 * pointer is "(indirect)", sorted first; the builtin and the call to
 * scale() are not counted.
 */
/* CHECK-DAG: note: mend: function 'start_locked': 3 external calls, untracked: (indirect), spin_lock, spin_unlock */
/* DUMP-DAG: mend: function 'start_locked': 3 external calls, untracked: (indirect), spin_lock, spin_unlock */
int start_locked(struct priv *p, unsigned long n)
{
	spin_lock(&p->lock);
	__builtin_memset(p->buf, 0, n);
	p->ops->start(p);
	spin_unlock(&p->lock);
	return scale(2);
}

/* CHECK-DAG: note: mend: function 'scale': 0 external calls */
/* DUMP-DAG: mend: function 'scale': 0 external calls */
static int scale(int x)
{
	return x * 3;
}

/* Functions whose body comes from a header are API, not driver code. */
/* CHECK-NOT: function 'spin_lock' */
/* CHECK-NOT: function 'spin_unlock' */
/* DUMP-DAG: mend: function 'spin_lock' comes from */
/* DUMP-NOT: mend: function 'spin_lock': */

/* A zero count has no list. */
/* CHECK-NOT: 0 external calls, */
