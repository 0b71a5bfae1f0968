// SPDX-License-Identifier: GPL-2.0
/*
 * The host runtime's report, driven directly as a failing check would
 * drive it. Expected on stderr (checked by CTest's regular expression):
 * the rule, "BUG: mend: out-of-bounds in copy_name (user_report.c:30:17)",
 * "Write of size 1: index 16, bound 16", the annotation line, and exit 86.
 */
#include <stdio.h>

#include "mend_user.h"

static const struct mend_site copy_name_site = {
	.kind = "out-of-bounds",
	.file = "user_report.c",
	.line = 30,
	.column = 17,
	.function = "copy_name",
	.annotation = "count(16)",
	.declared_at = "user_report.c:24",
	.access_size = 1,
	.is_write = 1,
};

int main(void)
{
	printf("before the violation\n");
	mend_user_report(&copy_name_site, 16, 16);
}
