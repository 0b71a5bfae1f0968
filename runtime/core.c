// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime core: module entry and exit.
 *
 * mend.ko is loaded before any driver built with the mend plugin. This
 * first version sets up /sys/kernel/mend and tears it down again; the
 * domains, guards, undo log and recovery worker grow from here.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/module.h>

#include "mend_internal.h"

static int __init mend_init(void)
{
	int err;

	err = mend_sysfs_init();
	if (err) {
		pr_err("cannot create /sys/kernel/mend (%d)\n", err);
		return err;
	}
	pr_info("runtime %s loaded\n", MEND_VERSION);
	return 0;
}

static void __exit mend_exit(void)
{
	mend_sysfs_exit();
	pr_info("runtime unloaded\n");
}

module_init(mend_init);
module_exit(mend_exit);

MODULE_DESCRIPTION("mend: checked, self-recovering drivers (runtime)");
MODULE_LICENSE("GPL");
MODULE_VERSION(MEND_VERSION);
