/* bound(lo, hi): a cursor that must stay within [start, end). */
#include "behaviour.h"

struct window {
	char *cur __bnd(start, end);
	char *start;
	char *end;
};

NOINLINE char at(struct window *w, int i)
{
	/* REPORT: BUG: mend: out-of-bounds in at (bound.c:[[@LINE+1]]: */
	return w->cur[i];
}

int main(int argc, char **argv)
{
	char text[16] = "abcdefghijklmno";
	struct window w = { text + 4, text + 2, text + 10 };

	/* cur is 2 past start; start + 8 is end: index 6 is the first outside */
	printf("%c\n", at(&w, 5 + one_too_far(argc, argv)));
	return 0;
}
/* REPORT: Read of size 1 at index 8, bound 8 */
/* REPORT: annotation: bound(start, end) declared at bound.c:5: */
