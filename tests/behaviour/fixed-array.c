/* An unannotated array of fixed size inside a struct. */
#include "behaviour.h"

struct regs {
	unsigned int bank[16];
	unsigned int status;
};

NOINLINE void set(struct regs *r, int i, unsigned int v)
{
	/* REPORT: BUG: mend: out-of-bounds in set (fixed-array.c:[[@LINE+1]]: */
	r->bank[i] = v;
}

int main(int argc, char **argv)
{
	struct regs r = { { 0 }, 0 };

	set(&r, 15 + one_too_far(argc, argv), 1);
	printf("%u\n", r.status);
	return 0;
}
/* REPORT: Write of size 4 at index 16, bound 16 */
/* REPORT: annotation: unsigned int[16] declared at fixed-array.c:5: */
