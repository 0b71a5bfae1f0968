/* The kernel's __counted_by on a flexible array member. */
#include "behaviour.h"

struct packet {
	unsigned int len;
	unsigned char data[] __counted_by(len);
};

NOINLINE unsigned int checksum(struct packet *p, unsigned int upto)
{
	unsigned int sum = 0;

	for (unsigned int i = 0; i < upto; i++)
		/* REPORT: BUG: mend: out-of-bounds in checksum (counted-by.c:[[@LINE+1]]: */
		sum += p->data[i];
	return sum;
}

int main(int argc, char **argv)
{
	struct packet *p = calloc(1, sizeof(*p) + 32);

	p->len = 6;
	printf("%u\n", checksum(p, 6 + one_too_far(argc, argv)));
	return 0;
}
/* REPORT: Read of size 1 at index 6, bound 6 */
/* REPORT: annotation: count(len) declared at counted-by.c:6: */
