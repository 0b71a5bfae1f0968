// SPDX-License-Identifier: GPL-2.0
/*
 * Calls mend.ko's __mend_check_report by hand, as a failing check of a
 * report-only module would, with a site descriptor of its own: the kernel
 * report's format, independent of the plugin. Expected in the kernel log
 * (tests/qemu/scenarios/report-format.sh):
 *
 *   ==================================================================
 *   BUG: mend: out-of-bounds in report_direct_store+0x.../0x... [report_direct]
 *   Write of size 4 at index 8, bound 8
 *   at drivers/fake/ring.c:42:17 in ring_store()
 *   annotation: count(nslots) declared at drivers/fake/ring.h:12:8
 *   ... dump_stack() ...
 *   ==================================================================
 *   report_direct: the report returned
 */
#include <linux/module.h>

#include "mend_site.h"

static const struct mend_site report_direct_site = {
	.file = "drivers/fake/ring.c",
	.function = "ring_store",
	.annotation = "count(nslots)",
	.declared_at = "drivers/fake/ring.h:12:8",
	.line = 42,
	.column = 17,
	.kind = MEND_KIND_OUT_OF_BOUNDS,
	.flags = MEND_SITE_WRITE,
	.access_size = 4,
	.elem_size = 4,
};

static unsigned long site_index = 8;
module_param_named(index, site_index, ulong, 0444);
static unsigned long site_bound = 8;
module_param_named(bound, site_bound, ulong, 0444);

/*
 * The report names its caller by the return address of the call into
 * mend.ko: noinline, __noclone and work after the call (so that it is no
 * tail call) keep that address in a function of exactly this name.
 */
static noinline __noclone void report_direct_store(unsigned long i,
						   unsigned long n)
{
	__mend_check_report(&report_direct_site, i, n);
	pr_info("report_direct: the report returned\n");
}

static int __init report_direct_init(void)
{
	report_direct_store(site_index, site_bound);
	return 0;
}
module_init(report_direct_init);

static void __exit report_direct_exit(void)
{
}
module_exit(report_direct_exit);

MODULE_DESCRIPTION("mend test: mend.ko's report, called directly");
MODULE_LICENSE("GPL");
