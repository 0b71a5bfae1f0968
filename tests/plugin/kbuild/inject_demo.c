// SPDX-License-Identifier: GPL-2.0
/*
 * A module built with -fplugin-arg-mend-recovery -fplugin-arg-mend-inject
 * (kbuild-inject.sh): demo_wait spins with interrupts off until demo_ready
 * is set, so its loop must poll the runtime (__mend_poll); demo_clear's
 * loop runs 8 times and must not; every function starts with an injection
 * point (demo_init.mend_inject, ...).
 */
#include <linux/module.h>
#include <linux/irqflags.h>
#include <linux/processor.h>

static int demo_ready;
static int demo_regs[8];

static noinline void demo_wait(void)
{
	unsigned long flags;

	local_irq_save(flags);
	while (!READ_ONCE(demo_ready))
		cpu_relax();
	local_irq_restore(flags);
}

static noinline void demo_clear(void)
{
	int i;

	for (i = 0; i < 8; i++)
		WRITE_ONCE(demo_regs[i], 0);
}

static int __init demo_init(void)
{
	demo_clear();
	if (demo_regs[0])
		demo_wait();
	return 0;
}
module_init(demo_init);

static void __exit demo_exit(void)
{
}
module_exit(demo_exit);

MODULE_DESCRIPTION("mend test: back-edge polls and injection points");
MODULE_LICENSE("GPL");
