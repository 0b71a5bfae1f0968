// SPDX-License-Identifier: GPL-2.0
/*
 * A module whose init fails cleanly (-ENODEV): the harness must stop
 * before the scenario and say which module did not load.
 */
#include <linux/module.h>

static int __init fail_init_init(void)
{
	return -ENODEV;
}
module_init(fail_init_init);

MODULE_DESCRIPTION("mend test: module init that fails");
MODULE_LICENSE("GPL");
