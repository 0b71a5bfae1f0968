/* count on a struct field, a write one element past it. */
#include "behaviour.h"

struct table {
	int *slots __elems(nslots);
	unsigned int nslots;
};

NOINLINE void fill(struct table *t, unsigned int upto)
{
	for (unsigned int i = 0; i < upto; i++)
		/* REPORT: BUG: mend: out-of-bounds in fill (count-field.c:[[@LINE+1]]: */
		t->slots[i] = i;
}

int main(int argc, char **argv)
{
	struct table t = { calloc(8, sizeof(int)), 8 };

	fill(&t, 8 + one_too_far(argc, argv));
	printf("filled\n");
	return 0;
}
/* REPORT: Write of size 4 at index 8, bound 8 */
/* REPORT: annotation: count(nslots) declared at count-field.c:5: */
