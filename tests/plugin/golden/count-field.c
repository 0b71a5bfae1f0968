/*
 * A struct field with a count: every access through it is checked against
 * its sibling field; a second, identical access is covered by the first;
 * a constant index within a constant count needs no check.
 * ARGS: -fplugin-arg-mend-null=annotated
 */
#include <mend.h>

struct table {
	int *slots __elems(nslots);
	unsigned int nslots;
	int *fixed __elems(4);
};

int twice(struct table *t, int i)
{
	int *s = t->slots;
	int sum;

	/* DUMP: keep bounds check at count-field.c:[[@LINE+1]]:9: read of size 4 in 'slots' count(nslots) */
	sum = s[i];
	/* DUMP: drop bounds check at count-field.c:[[@LINE+1]]:10: read of size 4 in 'slots' count(nslots) (dominated by the check at count-field.c:[[@LINE-1]]:9) */
	sum += s[i];
	return sum;
}

/*
 * A store between two accesses could change the count (int and unsigned
 * int may alias), so both are checked.
 */
void store_twice(struct table *t, int i, int v)
{
	/* DUMP: keep bounds check at count-field.c:[[@LINE+1]]:10: write of size 4 in 'slots' count(nslots) */
	t->slots[i] = v;
	/* DUMP: keep bounds check at count-field.c:[[@LINE+1]]:10: write of size 4 in 'slots' count(nslots) */
	t->slots[i] = v + 1;
}

int read_fixed(struct table *t)
{
	/* DUMP: proven bounds check at count-field.c:[[@LINE+1]]:17: read of size 4 in 'fixed' count(4) */
	return t->fixed[3];
}

/* CHECK: count-field.c:[[@LINE+1]]:5: note: mend: function 'read_at': checks inserted 1, elided 0, proven safe 0 */
int read_at(struct table *t, unsigned int i)
{
	/* DUMP: keep bounds check at count-field.c:[[@LINE+1]]:17: read of size 4 in 'fixed' count(4) */
	return t->fixed[i];
}

/* CHECK: note: mend: count-field.c: checks inserted 4, elided 1, proven safe 1 in 4 functions */
