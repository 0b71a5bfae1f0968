/*
 * An access that is out of bounds whatever the inputs is a compile error;
 * the same access in bounds needs no check.
 * EXPECT-FAIL
 */
#include <mend.h>

struct ring {
	unsigned int desc[16];
	int *slots __elems(8);
};

unsigned int last_plus_one(struct ring *r)
{
	/* CHECK-DAG: errors-verdict.c:[[@LINE+1]]:23: error: mend: index 16 is out of bounds of 'desc' (unsigned int[16]) */
	return r->desc[16];
}

void ninth_slot(struct ring *r)
{
	/* CHECK-DAG: errors-verdict.c:[[@LINE+1]]:17: error: mend: write of size 4 at index 8 is out of bounds of 'slots' count(8) (32 bytes) */
	r->slots[8] = 1;
}

void copy_too_much(struct ring *r, const unsigned int *src)
{
	/* CHECK-DAG: errors-verdict.c:[[@LINE+1]]:9: error: mend: write of 68 bytes exceeds 'desc' (unsigned int[16]) (64 bytes from offset 0) */
	__builtin_memcpy(r->desc, src, 68);
}
