/* count on a function's return value, in terms of its parameters. */
#include "behaviour.h"

static char pool[64];

NOINLINE char *take(int len) __elems(len);
NOINLINE char *take(int len)
{
	return pool + 64 - len;
}

NOINLINE void clear(int len, int upto)
{
	char *p = take(len);

	for (int i = 0; i < upto; i++)
		/* REPORT: BUG: mend: out-of-bounds in clear (return.c:[[@LINE+1]]: */
		p[i] = 0;
}

int main(int argc, char **argv)
{
	clear(4, 4 + one_too_far(argc, argv));
	printf("cleared\n");
	return 0;
}
/* REPORT: Write of size 1 at index 4, bound 4 */
/* REPORT: annotation: count(len) declared at return.c:7: */
