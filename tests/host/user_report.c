// SPDX-License-Identifier: GPL-2.0
/*
 * The host runtime's report, driven directly as a failing check would drive
 * it: user_report ENTRY VARIANT
 *
 *   ENTRY    fail    __mend_check_fail: report on stderr, exit 86
 *            report  __mend_check_report: report, return; the program goes
 *                    on, prints "after the report: the program goes on" and
 *                    exits 0
 *   VARIANT  index     a write one past an annotated array
 *            negative  a read at index -1
 *            range     a memcpy-like call longer than its destination
 *            null      a read through a NULL pointer (no annotation)
 *
 * tests/host/CMakeLists.txt states the lines each run must print.
 */
#include <stdio.h>
#include <string.h>

#include "mend_user.h"

static const struct mend_site sites[] = {
	{	/* index: user_report.c:30:17, name[16] = c with count(16) */
		.file = "user_report.c",
		.function = "copy_name",
		.annotation = "count(16)",
		.declared_at = "user_report.c:24:10",
		.line = 30,
		.column = 17,
		.kind = MEND_KIND_OUT_OF_BOUNDS,
		.flags = MEND_SITE_WRITE,
		.access_size = 1,
		.elem_size = 1,
	},
	{	/* negative: a 4-byte read at ring[-1] */
		.file = "ring.c",
		.function = "ring_peek",
		.annotation = "count(size)",
		.declared_at = "ring.h:7:14",
		.line = 55,
		.column = 9,
		.kind = MEND_KIND_OUT_OF_BOUNDS,
		.flags = 0,
		.access_size = 4,
		.elem_size = 4,
	},
	{	/* range: memcpy of 20 bytes into 16; the count has no place */
		.file = "msg.c",
		.function = "msg_fill",
		.annotation = "count(len)",
		.declared_at = "",
		.line = 12,
		.column = 2,
		.kind = MEND_KIND_OUT_OF_BOUNDS,
		.flags = MEND_SITE_WRITE | MEND_SITE_RANGE,
		.access_size = 1,
		.elem_size = 1,
	},
	{	/* null: an 8-byte read through NULL, no annotation */
		.file = "stats.c",
		.function = "stats_read",
		.annotation = "",
		.declared_at = "",
		.line = 80,
		.column = 21,
		.kind = MEND_KIND_NULL_DEREF,
		.flags = 0,
		.access_size = 8,
		.elem_size = 8,
	},
};

static const struct {
	const char *name;
	unsigned long value, bound;
} variants[] = {
	{ "index", 16, 16 },
	{ "negative", (unsigned long)-1L, 8 },
	{ "range", 20, 16 },
	{ "null", 0, 0 },
};

int main(int argc, char **argv)
{
	unsigned int v;
	int fail;

	if (argc != 3 || (strcmp(argv[1], "fail") && strcmp(argv[1], "report"))) {
		fprintf(stderr, "usage: user_report fail|report index|negative|range|null\n");
		return 2;
	}
	fail = !strcmp(argv[1], "fail");
	for (v = 0; v < sizeof(variants) / sizeof(variants[0]); v++)
		if (!strcmp(argv[2], variants[v].name))
			break;
	if (v == sizeof(variants) / sizeof(variants[0])) {
		fprintf(stderr, "user_report: unknown variant '%s'\n", argv[2]);
		return 2;
	}

	/* Stays in stdout's buffer: the runtime must flush it first. */
	printf("before the violation\n");
	if (fail)
		__mend_check_fail(&sites[v], variants[v].value, variants[v].bound);
	__mend_check_report(&sites[v], variants[v].value, variants[v].bound);
	printf("after the report: the program goes on\n");
	return 0;
}
