// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: the report of a failed check, KASAN style.
 *
 *   ==================================================================
 *   BUG: mend: out-of-bounds in oob_write_fill+0x89/0xfd9 [oob_write]
 *   Write of size 4 at index 8, bound 8
 *   at oob_write.c:42:11 in oob_write_fill()
 *   annotation: count(nslots) declared at oob_write.c:21:7
 *   CPU: 0 PID: 87 Comm: insmod ...
 *   Call Trace:
 *    ...
 *   ==================================================================
 *
 * The wording is runtime/report_format.h's, shared with the host runtime.
 * Reports are serialised by a raw spinlock taken with interrupts off (a
 * check can fail in hardirq context; a report nested in one this CPU is
 * printing goes without it), and counted in /sys/kernel/mend/reports.
 *
 * Only __mend_check_report (the report-only entry point) exists in the
 * kernel for now. __mend_check_fail is noreturn: after the report it must
 * unwind the driver to its recovery point, and that recovery runtime does
 * not exist yet. Until it lands, returning into the faulting code, BUG() or
 * panic() would all be wrong, so the kernel does not define it at all and
 * tools/mend-config --cflags builds every instrumented module with
 * -fplugin-arg-mend-report-only: such a module references only
 * __mend_check_report, and one that referenced __mend_check_fail would fail
 * to build (modpost) or to load rather than run unchecked.
 */
/*
 * No "mend: " prefix here: the report's lines are fixed by the contract
 * (DESIGN.md, "Kernel log"), as KASAN's are.
 */
#define pr_fmt(fmt) fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/spinlock.h>

#include "mend_internal.h"
#include "report_format.h"

static DEFINE_RAW_SPINLOCK(mend_report_lock);
/* The CPU printing a report under mend_report_lock, or -1. */
static int mend_report_cpu = -1;
static atomic_long_t mend_reports = ATOMIC_LONG_INIT(0);

/* Number of reports printed since mend.ko was loaded. */
long mend_report_count(void)
{
	return atomic_long_read(&mend_reports);
}

static void mend_report(const struct mend_site *site, unsigned long value,
			unsigned long bound, void *caller)
{
	char line[MEND_REPORT_LINE_MAX];
	unsigned long flags;
	bool nested;
	int which;

	/*
	 * A check that fails while this CPU prints a report (an NMI, or an
	 * instrumented console driver under printk) reports without the lock
	 * rather than deadlock on it.
	 */
	local_irq_save(flags);
	nested = READ_ONCE(mend_report_cpu) == raw_smp_processor_id();
	if (!nested) {
		raw_spin_lock(&mend_report_lock);
		WRITE_ONCE(mend_report_cpu, raw_smp_processor_id());
	}
	pr_err("%s\n", MEND_REPORT_RULE);
	pr_err(MEND_REPORT_BUG_FMT "%pS\n", mend_kind_name(site->kind), caller);
	for (which = 0; which < MEND_REPORT_NR_LINES; which++)
		if (mend_report_line(which, line, sizeof(line), site, value, bound))
			pr_err("%s\n", line);
	dump_stack();
	pr_err("%s\n", MEND_REPORT_RULE);
	atomic_long_inc(&mend_reports);
	if (!nested) {
		WRITE_ONCE(mend_report_cpu, -1);
		raw_spin_unlock(&mend_report_lock);
	}
	local_irq_restore(flags);
}

/*
 * A failed check in a module built with -fplugin-arg-mend-report-only:
 * report, and return so that the access goes ahead.
 */
void __mend_check_report(const struct mend_site *site, unsigned long value,
			 unsigned long bound)
{
	mend_report(site, value, bound, __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_check_report);
