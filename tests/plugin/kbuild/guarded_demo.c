// SPDX-License-Identifier: GPL-2.0
/*
 * A module built with -fplugin-arg-mend-recovery (kbuild-recovery.sh):
 * demo_read is stored in a file_operations initializer and must be reached
 * through its guard, demo_init and demo_exit become the module's guarded
 * init_module and cleanup_module, demo_count and demo_buf are the unit's
 * globals, and the kmalloc/kfree calls go to their tracking wrappers with
 * the unit record as first argument.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/miscdevice.h>

static void *demo_buf;
static int demo_count;

static ssize_t demo_read(struct file *file, char __user *ubuf, size_t len,
			 loff_t *pos)
{
	demo_count++;
	return 0;
}

static const struct file_operations demo_fops = {
	.owner = THIS_MODULE,
	.read = demo_read,
};

static struct miscdevice demo_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "guarded_demo",
	.fops = &demo_fops,
};

static int __init demo_init(void)
{
	demo_buf = kmalloc(64, GFP_KERNEL);
	if (!demo_buf)
		return -ENOMEM;
	return misc_register(&demo_misc);
}
module_init(demo_init);

static void __exit demo_exit(void)
{
	misc_deregister(&demo_misc);
	kfree(demo_buf);
}
module_exit(demo_exit);

MODULE_DESCRIPTION("mend test: entry guards and redirected calls");
MODULE_LICENSE("GPL");
