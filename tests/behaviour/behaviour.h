/*
 * behaviour.h - shared by the behaviour tests: each program runs in bounds
 * when called with "ok" and makes exactly one mistake (one element too
 * far, or a NULL) when called with "off-by-one". The extra element comes
 * from argv so the compiler cannot decide the check at compile time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mend.h>

#define NOINLINE __attribute__((noinline))

static inline int one_too_far(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "ok") && strcmp(argv[1], "off-by-one"))) {
		fprintf(stderr, "usage: %s ok|off-by-one\n", argv[0]);
		exit(2);
	}
	return !strcmp(argv[1], "off-by-one");
}
