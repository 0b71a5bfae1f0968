/* count on a parameter naming another parameter, a read past it. */
#include "behaviour.h"

NOINLINE long sum(const long *v __elems(n), int n, int upto)
{
	long total = 0;

	for (int i = 0; i < upto; i++)
		/* REPORT: BUG: mend: out-of-bounds in sum (count-param.c:[[@LINE+1]]: */
		total += v[i];
	return total;
}

int main(int argc, char **argv)
{
	long v[5] = { 1, 2, 3, 4, 5 };

	printf("%ld\n", sum(v, 5, 5 + one_too_far(argc, argv)));
	return 0;
}
/* REPORT: Read of size 8 at index 5, bound 5 */
/* REPORT: annotation: count(n) declared at count-param.c:4: */
