/* single: one element, so p[1] is one too far. */
#include "behaviour.h"

NOINLINE int second(int *p __single, int i)
{
	/* REPORT: BUG: mend: out-of-bounds in second (single.c:[[@LINE+1]]: */
	return p[i];
}

int main(int argc, char **argv)
{
	int pair[2] = { 7, 8 };

	printf("%d\n", second(pair, one_too_far(argc, argv)));
	return 0;
}
/* REPORT: Read of size 4 at index 1, bound 1 */
/* REPORT: annotation: single declared at single.c:4: */
