/* A copy whose length exceeds its destination (range check). */
#include "behaviour.h"

struct msg {
	char name[8];
	int after;
};

NOINLINE void set_name(struct msg *m, const char *src, size_t n)
{
	/* REPORT: BUG: mend: out-of-bounds in set_name (copy.c:[[@LINE+1]]: */
	memcpy(m->name, src, n);
}

int main(int argc, char **argv)
{
	struct msg m = { "", 0 };

	set_name(&m, "0123456789", 8 + one_too_far(argc, argv));
	printf("%d\n", m.after);
	return 0;
}
/* REPORT: Write of 9 bytes, bound 8 bytes */
/* REPORT: annotation: char[8] declared at copy.c:5: */
