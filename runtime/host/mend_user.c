// SPDX-License-Identifier: GPL-2.0
/*
 * mend host runtime: what a failed check does in a user-space program
 * instrumented with `mend-config --cflags-user --libs-user`.
 *
 * It prints the report the kernel runtime prints, in the same fixed,
 * greppable form, to stderr and ends the program with status 86, so a test
 * can tell a caught violation from any other failure.
 */
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mend_user.h"

#define REPORT_RULE "=================================================================="

void mend_user_report(const struct mend_site *site, unsigned long value,
		      unsigned long bound)
{
	void *frames[32];
	int n;

	fflush(stdout);
	fprintf(stderr, "%s\nBUG: mend: %s in %s (%s:%u:%u)\n", REPORT_RULE,
		mend_kind_name(site->kind), site->function, site->file, site->line,
		site->column);
	fprintf(stderr, "%s of size %u: index %lu, bound %lu\n",
		(site->flags & MEND_SITE_WRITE) ? "Write" : "Read", site->access_size, value,
		bound);
	if (site->annotation)
		fprintf(stderr, "annotation: %s declared at %s\n",
			site->annotation, site->declared_at);
	n = backtrace(frames, 32);
	fprintf(stderr, "Call trace:\n");
	backtrace_symbols_fd(frames, n, STDERR_FILENO);
	fprintf(stderr, "%s\n", REPORT_RULE);
	_exit(MEND_USER_EXIT_STATUS);
}
