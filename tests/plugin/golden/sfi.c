/*
 * Software-fault-injection sites (inject=all), without recovery: one site
 * per fault type the code offers, each a test of __mend_inject_armed and a
 * call to __mend_sfi_hit with the site's descriptor before the faulty
 * variant; corrupted values come from __mend_sfi_value.
 * ARGS: -fplugin-arg-mend-inject=all -fplugin-arg-mend-checks=none -fplugin-arg-mend-api=%S/sfi.mend
 * DUMP-FILE: mend-sfi
 */
#include "../inputs/kernel/kernel-api.h"
void *memcpy(void *d, const void *s, size_t n);
void udelay(unsigned long us);

struct dev {
	int *regs;
	int table[16];
	int state;
	spinlock_t lock;
	char buf[32];
};

int poll_ready(struct dev *d, int n)
{
	int i;

	for (i = 0; i < n; i++)	/* DUMP-DAG: site loop at sfi.c:[[@LINE]]:16 in poll_ready */
		if (d->regs[i])	/* DUMP-DAG: site pointer at sfi.c:[[@LINE]]: */
			return i;
	return -1;
}

int lookup(struct dev *d, int i)
{
	return d->table[i];	/* DUMP-DAG: site off-by-one at sfi.c:[[@LINE]]: */
}
/* DUMP-DAG: site retval at sfi.c:33:17 in lookup */

int reset(struct dev *d)
{
	if (d == 0)		/* DUMP-DAG: site null-check at sfi.c:[[@LINE]]: */
		return -22;
	d->state = 0;		/* DUMP-DAG: site init at sfi.c:[[@LINE]]: */
	kfree(kmalloc(64, 0));	/* DUMP-DAG: site param at sfi.c:[[@LINE]]: */
	spin_lock(&d->lock);	/* an inline helper: no param site */
	spin_unlock(&d->lock);	/* DUMP-DAG: site unlock at sfi.c:[[@LINE]]: */
	return 0;
}

void drop(struct dev *d, void *p, unsigned long n)
{
	memcpy(d->buf, p, n);	/* DUMP-DAG: site off-by-one at sfi.c:[[@LINE]]: */
	kfree(p);		/* DUMP-DAG: site double-free at sfi.c:[[@LINE]]: */
}
/* DUMP-DAG: site missing-free at sfi.c:51:2 in drop */

/* The code of a site. */
/* DUMP-DAG: = __mend_inject_armed; */
/* DUMP-DAG: = __mend_sfi_hit (&__mend_sfi. */
/* DUMP-DAG: = __mend_sfi_value (&__mend_sfi. */
/* DUMP-DAG: kfree (p_ */
/* No site in the header's inline functions. */
/* DUMP-NOT: in spin_lock */
/* DUMP-NOT: site param at sfi.c:43: */
