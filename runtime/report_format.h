/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wording of a mend report, shared by the kernel runtime (report.c) and
 * the host runtime (host/mend_user.c), so that both print the same lines:
 *
 *   ==================================================================
 *   BUG: mend: out-of-bounds in <where>
 *   Write of size 4 at index 8, bound 8
 *   at drv.c:42:17 in fill_ring()
 *   annotation: count(nslots) declared at drv.c:12:8
 *   <call trace>
 *   ==================================================================
 *
 * Only the first line's <where> and the call trace differ: the kernel prints
 * the caller as %pS ("fill_ring+0x1c/0x80 [drv]") and dump_stack(); the host
 * prints "fill_ring (drv.c:42:17)" and a backtrace(3).
 *
 * This header includes no system header: include it after the one that
 * declares snprintf() and size_t (<linux/kernel.h> in the kernel, <stdio.h>
 * on the host).
 */
#ifndef MEND_REPORT_FORMAT_H
#define MEND_REPORT_FORMAT_H

#include "mend_site.h"

/* The first and last line of every report: 66 '='. */
#define MEND_REPORT_RULE \
	"=================================================================="

/* The report's first line up to <where>: "BUG: mend: <kind> in ". */
#define MEND_REPORT_BUG_FMT	"BUG: mend: %s in "

/* Room for one rendered line; a longer line is cut, never overrun. */
#define MEND_REPORT_LINE_MAX	256

/* The lines between the first line and the call trace, in order. */
enum mend_report_line {
	MEND_REPORT_ACCESS,		/* what the access did */
	MEND_REPORT_AT,			/* where it is in the source */
	MEND_REPORT_ANNOTATION,		/* the annotation that bounds it */
	MEND_REPORT_NR_LINES,
};

/*
 * Render line @which of the report on @site into @buf (@size bytes, always
 * NUL-terminated). Returns 0 when the report has no such line (a site with
 * no annotation), else a positive length.
 */
static inline int mend_report_line(enum mend_report_line which, char *buf,
				   size_t size, const struct mend_site *site,
				   unsigned long value, unsigned long bound)
{
	const char *op = (site->flags & MEND_SITE_WRITE) ? "Write" : "Read";
	int n = 0;

	buf[0] = '\0';
	switch (which) {
	case MEND_REPORT_ACCESS:
		if (site->kind == MEND_KIND_NULL_DEREF)
			n = snprintf(buf, size,
				     "%s of size %u through a NULL pointer",
				     op, site->access_size);
		else if (site->flags & MEND_SITE_RANGE)
			n = snprintf(buf, size, "%s of %lu bytes, bound %lu bytes",
				     op, value, bound);
		else
			n = snprintf(buf, size,
				     "%s of size %u at index %ld, bound %lu",
				     op, site->access_size, (long)value, bound);
		break;
	case MEND_REPORT_AT:
		n = snprintf(buf, size, "at %s:%u:%u in %s()", site->file,
			     site->line, site->column, site->function);
		break;
	case MEND_REPORT_ANNOTATION:
		if (!site->annotation || !site->annotation[0])
			return 0;
		if (site->declared_at && site->declared_at[0])
			n = snprintf(buf, size, "annotation: %s declared at %s",
				     site->annotation, site->declared_at);
		else
			n = snprintf(buf, size, "annotation: %s",
				     site->annotation);
		break;
	default:
		return 0;
	}
	return n > 0 ? n : 0;
}

#endif /* MEND_REPORT_FORMAT_H */
