// SPDX-License-Identifier: GPL-2.0
/*
 * mend host runtime: what a failed check does in a user-space program
 * instrumented with `mend-config --cflags-user --libs-user`.
 *
 * Both entry points print the report the kernel runtime prints, in the same
 * fixed, greppable form (runtime/report_format.h), to stderr:
 *
 *   __mend_check_fail    then ends the program with status 86, so that a
 *                        test can tell a caught violation from any other
 *                        failure;
 *   __mend_check_report  then returns, and the access goes ahead
 *                        (-fplugin-arg-mend-report-only).
 *
 * Built by CMake with the host compiler, never with the plugin.
 */
#include <execinfo.h>
#include <stdio.h>
#include <unistd.h>

#include "mend_user.h"
#include "../report_format.h"

#define MEND_USER_TRACE_DEPTH 32

static void mend_user_print(const struct mend_site *site, unsigned long value,
			    unsigned long bound)
{
	char line[MEND_REPORT_LINE_MAX];
	void *frames[MEND_USER_TRACE_DEPTH];
	int which, n;

	/* What the program printed so far comes first, and survives _exit(). */
	fflush(stdout);
	flockfile(stderr);
	fprintf(stderr, "%s\n" MEND_REPORT_BUG_FMT "%s (%s:%u:%u)\n",
		MEND_REPORT_RULE, mend_kind_name(site->kind), site->function,
		site->file, site->line, site->column);
	for (which = 0; which < MEND_REPORT_NR_LINES; which++)
		if (mend_report_line(which, line, sizeof(line), site, value, bound))
			fprintf(stderr, "%s\n", line);
	fprintf(stderr, "Call trace:\n");
	fflush(stderr);
	n = backtrace(frames, MEND_USER_TRACE_DEPTH);
	backtrace_symbols_fd(frames, n, STDERR_FILENO);
	fprintf(stderr, "%s\n", MEND_REPORT_RULE);
	fflush(stderr);
	funlockfile(stderr);
}

void __mend_check_fail(const struct mend_site *site, unsigned long value,
		       unsigned long bound)
{
	mend_user_print(site, value, bound);
	_exit(MEND_USER_EXIT_STATUS);
}

void __mend_check_report(const struct mend_site *site, unsigned long value,
			 unsigned long bound)
{
	mend_user_print(site, value, bound);
}
