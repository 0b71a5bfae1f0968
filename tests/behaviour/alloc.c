/* An allocation of known size, followed through locals; no annotation. */
#include "behaviour.h"

NOINLINE int last(int n, int i)
{
	int *a = malloc(n * sizeof(int));
	int *b = a + 1;
	int v;

	for (int k = 0; k < n; k++)
		a[k] = k;
	/* REPORT: BUG: mend: out-of-bounds in last (alloc.c:[[@LINE+1]]: */
	v = b[i];
	free(a);
	return v;
}

int main(int argc, char **argv)
{
	printf("%d\n", last(10, 8 + one_too_far(argc, argv)));
	return 0;
}
/* REPORT: Read of size 4 at index 10, bound 10 */
/* REPORT: annotation: alloc_size of malloc declared at alloc.c:6: */
