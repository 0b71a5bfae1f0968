// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: the restart policy.
 *
 * A domain may restart at most "restarts" times within "window" seconds;
 * the next failure in that window disables it. The first restart in a
 * window happens at once; the n-th waits backoff * 2^(n-2) ms first, so
 * that a driver failing in a loop does not monopolise the machine. The defaults are module
 * parameters of mend.ko (mend.restarts=, mend.window=, mend.backoff=);
 * each domain's /sys/kernel/mend/<module>/policy shows and takes
 * "restarts=N window=S backoff=MS hang=MS block=MS" (any subset of the
 * keys). hang and block are the budgets of one guarded call
 * (watchdog.c): how long a loop in the driver may keep running, and how
 * long one uninterruptible wait of the call may last, before it fails as
 * a hang.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "mend_internal.h"

static unsigned int restarts = 5;
module_param(restarts, uint, 0644);
MODULE_PARM_DESC(restarts, "restarts allowed per window (default 5)");

static unsigned int window = 60;
module_param(window, uint, 0644);
MODULE_PARM_DESC(window, "policy window in seconds (default 60)");

static unsigned int backoff = 100;
module_param(backoff, uint, 0644);
MODULE_PARM_DESC(backoff, "ms before a second restart in a window, doubled for each further one (default 100)");

static unsigned int hang = 2000;
module_param(hang, uint, 0644);
MODULE_PARM_DESC(hang, "ms a driver loop may run in one entry before it fails as a hang (default 2000)");

static unsigned int block = 10000;
module_param(block, uint, 0644);
MODULE_PARM_DESC(block, "ms one uninterruptible wait of an entry may last before it fails as a hang (default 10000)");

void mend_policy_default(struct mend_policy *p)
{
	p->restarts = restarts;
	p->window = window;
	p->backoff = backoff;
	p->hang = hang;
	p->block = block;
}

int mend_policy_show(const struct mend_policy *p, char *buf)
{
	return sysfs_emit(buf,
			  "restarts=%u window=%u backoff=%u hang=%u block=%u\n",
			  p->restarts, p->window, p->backoff, p->hang,
			  p->block);
}

/* Parse "key=value ..." into @p; on error @p is unchanged. */
int mend_policy_parse(struct mend_policy *p, const char *buf)
{
	struct mend_policy next = *p;
	char *copy, *cur, *tok;
	int err = 0;

	copy = kstrdup(buf, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = strim(copy);
	while ((tok = strsep(&cur, " \t\n")) && !err) {
		char *val = strchr(tok, '=');

		if (!*tok)
			continue;
		if (!val) {
			err = -EINVAL;
			break;
		}
		*val++ = '\0';
		if (!strcmp(tok, "restarts"))
			err = kstrtouint(val, 0, &next.restarts);
		else if (!strcmp(tok, "window"))
			err = kstrtouint(val, 0, &next.window);
		else if (!strcmp(tok, "backoff"))
			err = kstrtouint(val, 0, &next.backoff);
		else if (!strcmp(tok, "hang"))
			err = kstrtouint(val, 0, &next.hang);
		else if (!strcmp(tok, "block"))
			err = kstrtouint(val, 0, &next.block);
		else
			err = -EINVAL;
	}
	kfree(copy);
	if (!err)
		*p = next;
	return err;
}
