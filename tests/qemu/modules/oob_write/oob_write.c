// SPDX-License-Identifier: GPL-2.0
/*
 * An off-by-one write through an annotated pointer, for mend's report path
 * end to end: the plugin checks the store into t->slots[] against
 * count(nslots), and in report-only mode (mend-config --cflags, for now)
 * mend.ko reports the write at index 8 once, the write goes ahead, and the
 * module loads and stays loaded.
 *
 * The loop bound is a module parameter (default 9, one too many), so the
 * compiler cannot prove anything at compile time and the check stays.
 * tests/qemu/CMakeLists.txt finds the lines the report names by the
 * "mend-test:" markers below.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <mend.h>

#define OOB_NSLOTS 8

struct oob_table {
	u32 *slots __elems(nslots); /* mend-test: declared */
	unsigned int nslots;
};

static unsigned int nwrites = OOB_NSLOTS + 1;
module_param(nwrites, uint, 0444);
MODULE_PARM_DESC(nwrites, "slots to write (at most 9); 9 writes one past the end");

static struct oob_table *oob_table;

/*
 * noinline and __noclone: the report names this function by the return
 * address of its call into mend.ko, so that address must lie in a function
 * of exactly this name.
 */
static noinline __noclone unsigned int oob_write_fill(struct oob_table *t,
						      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		t->slots[i] = i; /* mend-test: violation */
	return i;
}

static int __init oob_write_init(void)
{
	unsigned int wrote;

	oob_table = kzalloc(sizeof(*oob_table), GFP_KERNEL);
	if (!oob_table)
		return -ENOMEM;
	/*
	 * Report-only lets the bad write happen: one spare slot past the
	 * declared count keeps it inside this module's own allocation, so the
	 * test reports a violation without corrupting the kernel's heap.
	 */
	oob_table->slots = kcalloc(OOB_NSLOTS + 1, sizeof(u32), GFP_KERNEL);
	if (!oob_table->slots) {
		kfree(oob_table);
		return -ENOMEM;
	}
	oob_table->nslots = OOB_NSLOTS;

	wrote = oob_write_fill(oob_table, min(nwrites, OOB_NSLOTS + 1U));
	pr_info("oob_write: survived, wrote %u slots\n", wrote);
	return 0;
}
module_init(oob_write_init);

static void __exit oob_write_exit(void)
{
	kfree(oob_table->slots);
	kfree(oob_table);
	pr_info("oob_write: unloaded\n");
}
module_exit(oob_write_exit);

MODULE_DESCRIPTION("mend test: an off-by-one write reported by mend");
MODULE_LICENSE("GPL");
