/*
 * flip-check=FILE:LINE (tests only): every check kept at that line is
 * lowered inverted, with a note and a "flip" line in the dump; the checks
 * of other lines are as without it. The ARGS below name the line of the
 * sum in flipped(): moving it means changing them.
 * tests/plugin/flip-check.sh runs such a build.
 * ARGS: -fplugin-arg-mend-null=annotated -fplugin-arg-mend-flip-check=flip-check.c:34
 */
#include <mend.h>

struct ring {
	int *slots __elems(nslots);
	unsigned int nslots;
	struct ring *next __nullable;
};

int same_checks(struct ring *r, unsigned int i)
{
	/* DUMP: keep null check at flip-check.c:[[@LINE+2]]:16: read of size 4 through 'next' */
	/* DUMP: keep bounds check at flip-check.c:[[@LINE+1]]:35: read of size 4 in 'slots' count(nslots) */
	return r->next->nslots + r->slots[i];
}

/*
 * CHECK: In function 'flipped'
 * CHECK-DAG: note: mend: null check flipped on purpose ('flip-check=flip-check.c:34'): it fails when the access is correct
 * CHECK-DAG: note: mend: bounds check flipped on purpose ('flip-check=flip-check.c:34'): it fails when the access is correct
 * CHECK: note: mend: function 'flipped': checks inserted 3, elided 0
 * CHECK-NOT: flipped on purpose
 * DUMP-NOT: flip null check at flip-check.c:21
 */
int flipped(struct ring *r, unsigned int i)
{
	int sum = r->next->nslots + r->slots[i];

	/* DUMP: keep null check at flip-check.c:[[@LINE-2]]:19: read of size 4 through 'next' */
	/* DUMP: keep bounds check at flip-check.c:[[@LINE-3]]:38: read of size 4 in 'slots' count(nslots) */
	/* DUMP: keep bounds check at flip-check.c:[[@LINE+4]]:23: read of size 4 in 'slots' count(nslots) */
	/* DUMP-DAG: flip null check at flip-check.c:[[@LINE-5]]:19: fails when the access is correct */
	/* DUMP-DAG: flip bounds check at flip-check.c:[[@LINE-6]]:38: fails when the access is correct */
	/* DUMP-NOT: flip bounds check at flip-check.c:[[@LINE+1]] */
	return sum + r->slots[i + 1];
}
