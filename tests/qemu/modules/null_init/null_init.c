// SPDX-License-Identifier: GPL-2.0
/*
 * A module whose init dereferences NULL: the harness must fail the run and
 * show the Oops. The pointer comes through a volatile so that GCC cannot
 * prove it NULL and replace the access with a trap.
 */
#include <linux/module.h>

static int *volatile null_target;

static int __init null_init_init(void)
{
	return *null_target;
}
module_init(null_init_init);

MODULE_DESCRIPTION("mend test: NULL dereference in module init");
MODULE_LICENSE("GPL");
