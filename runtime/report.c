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
 * __mend_check_report (report-only builds) prints the report and returns;
 * __mend_check_fail (recover.c) prints it and recovers. A kernel-shim
 * wrapper that catches the driver misusing the API prints a report of kind
 * "misuse" in the same frame, and so does a fault in the driver's code
 * (null-ptr-deref, page-fault, general-protection, invalid-opcode,
 * divide-error) or a hang, from the failing context before it is cut
 * back, so that the call trace is the driver's:
 *
 *   BUG: mend: null-ptr-deref in edu_ioctl+0x37/0x127 [edu]
 *   Access at address 0000000000000000
 *
 *   BUG: mend: hang in edu_count+0x77/0x84 [edu]
 *   A loop ran for 300 ms (budget hang=300)
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

/*
 * Print one report: the rules, "BUG: mend: <kind> in <caller>", the lines
 * @lines renders, a stack trace.
 */
static void mend_report(const char *kind, void *caller,
			void (*lines)(const void *arg), const void *arg)
{
	unsigned long flags;
	bool nested;

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
	pr_err(MEND_REPORT_BUG_FMT "%pS\n", kind, caller);
	lines(arg);
	dump_stack();
	pr_err("%s\n", MEND_REPORT_RULE);
	atomic_long_inc(&mend_reports);
	if (!nested) {
		WRITE_ONCE(mend_report_cpu, -1);
		raw_spin_unlock(&mend_report_lock);
	}
	local_irq_restore(flags);
}

struct mend_check {
	const struct mend_site *site;
	unsigned long value, bound;
};

static void mend_check_lines(const void *arg)
{
	const struct mend_check *c = arg;
	char line[MEND_REPORT_LINE_MAX];
	int which;

	for (which = 0; which < MEND_REPORT_NR_LINES; which++)
		if (mend_report_line(which, line, sizeof(line), c->site,
				     c->value, c->bound))
			pr_err("%s\n", line);
}

void mend_report_check(const struct mend_site *site, unsigned long value,
		       unsigned long bound, void *caller)
{
	struct mend_check c = { site, value, bound };

	mend_report(mend_kind_name(site->kind), caller, mend_check_lines, &c);
}

/*
 * A failed check in a module built with -fplugin-arg-mend-report-only:
 * report, and return so that the access goes ahead.
 */
void __mend_check_report(const struct mend_site *site, unsigned long value,
			 unsigned long bound)
{
	mend_report_check(site, value, bound, __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_check_report);

struct mend_misuse {
	const char *what;
	const void *obj;
};

static void mend_misuse_lines(const void *arg)
{
	const struct mend_misuse *m = arg;

	pr_err("%s %px, which the driver does not own\n", m->what, m->obj);
}

static void mend_line(const void *arg)
{
	pr_err("%s\n", (const char *)arg);
}

/* A fault or a hang: @fmt renders the line below the first. */
void mend_report_failure(const char *kind, unsigned long ip,
			 const char *fmt, ...)
{
	char line[MEND_REPORT_LINE_MAX];
	va_list args;

	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	mend_report(kind, (void *)ip, mend_line, line);
}

/* A kernel-shim wrapper caught the driver misusing the API. */
void mend_report_misuse(const char *what, const void *obj, void *caller)
{
	struct mend_misuse m = { what, obj };

	mend_report("misuse", caller, mend_misuse_lines, &m);
}
