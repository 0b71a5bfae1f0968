/*
 * Redirected calls: with recovery, calls to the API functions the
 * description names (kmalloc, kfree in recovery.mend) go to
 * __mend_wrap_NAME with the unit record first; other kernel calls stay
 * and are listed as untracked.
 * ARGS: -fplugin-arg-mend-recovery -fplugin-arg-mend-api=%S/recovery.mend -fplugin-arg-mend-checks=none
 * DUMP-FILE: mend-redirect
 */
#include "../inputs/kernel/kernel-api.h"

struct priv {
	spinlock_t lock;
	char *buf;
};

/* CHECK: mend: function 'setup': 2 API calls tracked (kfree, kmalloc), untracked: spin_lock, spin_unlock */
int setup(struct priv *p)
{
	kfree(p->buf);
	/* DUMP: redirect kfree at redirect.c:[[@LINE-1]]: */
	p->buf = kmalloc(64, 0);
	/* DUMP: redirect kmalloc at redirect.c:[[@LINE-1]]: */
	spin_lock(&p->lock);
	spin_unlock(&p->lock);
	return p->buf ? 0 : -12;
}
/*
 * DUMP: __mend_wrap_kfree (&__mend_unit, _
 * DUMP: = __mend_wrap_kmalloc (&__mend_unit, 64, 0);
 * DUMP-NOT: = kmalloc (
 */
