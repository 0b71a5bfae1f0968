// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime core: module entry and exit.
 *
 * mend.ko is loaded before any driver built with the mend plugin, and
 * cannot go while one is loaded (the drivers use its symbols), so no
 * domain outlives it.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/module.h>

#include "mend_internal.h"

static int __init mend_init(void)
{
	int err;

	mend_guard_init();
	err = mend_sysfs_init();
	if (err) {
		pr_err("cannot create /sys/kernel/mend (%d)\n", err);
		return err;
	}
	err = mend_undo_init();
	if (err)
		goto sysfs_exit;
	err = mend_domain_init();
	if (err)
		goto undo_exit;
	err = mend_die_init();
	if (err)
		goto domain_exit;
	mend_inject_init();
	err = mend_sfi_init();
	if (err) {
		mend_inject_exit();
		mend_die_exit();
		goto domain_exit;
	}
	pr_info("runtime %s loaded\n", MEND_VERSION);
	return 0;

domain_exit:
	mend_domain_exit();
undo_exit:
	mend_undo_exit();
sysfs_exit:
	mend_sysfs_exit();
	pr_err("cannot start (%d)\n", err);
	return err;
}

static void __exit mend_exit(void)
{
	mend_sfi_exit();
	mend_inject_exit();
	mend_die_exit();
	mend_domain_exit();
	mend_undo_exit();
	mend_sysfs_exit();
	pr_info("runtime unloaded\n");
}

module_init(mend_init);
module_exit(mend_exit);

MODULE_DESCRIPTION("mend: checked, self-recovering drivers (runtime)");
MODULE_LICENSE("GPL");
MODULE_VERSION(MEND_VERSION);
