// SPDX-License-Identifier: GPL-2.0
/*
 * Times a kmalloc/kfree loop with ktime and prints the guest time. Under
 * QEMU -icount guest time counts instructions, so two boots must print the
 * same figure: the test of the harness's determinism.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>

static unsigned int iterations = 100000;
module_param(iterations, uint, 0444);
MODULE_PARM_DESC(iterations, "kmalloc/kfree pairs to time");

static int __init ktime_kmalloc_init(void)
{
	unsigned int i;
	u64 start, ns;
	void *p;

	start = ktime_get_ns();
	for (i = 0; i < iterations; i++) {
		p = kmalloc(64, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		kfree(p);
	}
	ns = ktime_get_ns() - start;
	pr_info("%u kmalloc/kfree pairs in %llu ns\n", iterations, ns);
	return 0;
}
module_init(ktime_kmalloc_init);

static void __exit ktime_kmalloc_exit(void)
{
}
module_exit(ktime_kmalloc_exit);

MODULE_DESCRIPTION("mend test: guest time of a kmalloc/kfree loop");
MODULE_LICENSE("GPL");
