// SPDX-License-Identifier: GPL-2.0
/*
 * A module built through the one documented Kbuild line
 * (`tools/mend-config --kbuild`) with the plugin's verbose option: the
 * build log must show the plugin looked at each of these functions, and
 * the index check in kbuild_demo_init must link against mend.ko's symbols.
 * kbuild_demo_store's copies are checked against demo_name's size through
 * annotations/kernel.mend, which the documented line loads.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

static DEFINE_SPINLOCK(demo_lock);
static void *demo_buf;
static int demo_table[4];
static char demo_name[16];
static unsigned int demo_slot;
module_param(demo_slot, uint, 0444);

static int __init kbuild_demo_init(void)
{
	demo_buf = kzalloc(128, GFP_KERNEL);
	if (!demo_buf)
		return -ENOMEM;
	spin_lock(&demo_lock);
	memset(demo_buf, 1, 128);
	spin_unlock(&demo_lock);
	demo_table[demo_slot] = 1;
	return 0;
}
module_init(kbuild_demo_init);

long kbuild_demo_store(const char __user *ubuf, size_t len)
{
	if (copy_from_user(demo_name, ubuf, len)) /* range: copy_from_user */
		return -EFAULT;
	return strscpy(demo_name, "demo", len); /* range: strscpy */
}
EXPORT_SYMBOL_GPL(kbuild_demo_store);

static void __exit kbuild_demo_exit(void)
{
	kfree(demo_buf);
}
module_exit(kbuild_demo_exit);

MODULE_DESCRIPTION("mend test: a module opting in with the documented line");
MODULE_LICENSE("GPL");
