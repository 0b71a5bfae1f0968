/*
 * trusted: no checks at all. The count says 4, the write goes to index 4
 * of an 8-element array: memory-safe, against the annotation, unreported.
 * EXPECT-NO-REPORT
 */
#include "behaviour.h"

struct table {
	int *slots __elems(4) __trusted;
};

NOINLINE void put(struct table *t, int i)
{
	t->slots[i] = i;
}

int main(int argc, char **argv)
{
	int storage[8] = { 0 };
	struct table t = { storage };

	put(&t, 3 + one_too_far(argc, argv));
	printf("%d\n", storage[4]);
	return 0;
}
