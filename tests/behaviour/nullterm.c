/* nullterm: the NUL right after the count may be read, nothing after it. */
#include "behaviour.h"

struct name {
	char *text __elems(len) __nullterm;
	unsigned int len;
};

NOINLINE int ends_at(struct name *n, unsigned int i)
{
	/* REPORT: BUG: mend: out-of-bounds in ends_at (nullterm.c:[[@LINE+1]]: */
	return n->text[i] == 0;
}

int main(int argc, char **argv)
{
	char buf[8] = "abc";
	struct name n = { buf, 3 };

	printf("%d\n", ends_at(&n, 3 + one_too_far(argc, argv)));
	return 0;
}
/* REPORT: Read of size 1 at index 4, bound 4 */
/* REPORT: annotation: count(len) nullterm declared at nullterm.c:5: */
