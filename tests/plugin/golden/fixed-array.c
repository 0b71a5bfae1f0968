/*
 * Index checks on arrays of fixed size, with or without annotations:
 * constant indexes are decided at compile time, a dominated duplicate is
 * dropped, a check whose operands do not change in a loop that always runs
 * it moves out of the loop. A trailing array may be a flexible array in
 * disguise and is not checked.
 * ARGS: -fplugin-arg-mend-null=annotated
 */
struct regs {
	unsigned int bank[16];
	unsigned int tail[1];
};

static int table[10];

int get(int i)
{
	int sum;

	/* DUMP: keep index check at fixed-array.c:[[@LINE+1]]:13: read of size 4 in 'table' (int[10]) */
	sum = table[i];
	/* DUMP: drop index check at fixed-array.c:[[@LINE+1]]:14: read of size 4 in 'table' (int[10]) (dominated by the check at fixed-array.c:[[@LINE-1]]:13) */
	sum += table[i];
	return sum;
}

int constant(void)
{
	/* DUMP: proven index check at fixed-array.c:[[@LINE+1]]:14: read of size 4 in 'table' (int[10]) */
	return table[9];
}

void set_bank(struct regs *r, int i, unsigned int v)
{
	/* DUMP: keep index check at fixed-array.c:[[@LINE+1]]:9: write of size 4 in 'bank' (unsigned int[16]) */
	r->bank[i] = v;
	/* DUMP-NOT: check at fixed-array.c:[[@LINE+1]] */
	r->tail[i] = v;
}

/* The loop always runs its first iteration: the check moves before it. */
int poll(struct regs *r, int which)
{
	int n = 0;

	/* DUMP: hoist index check at fixed-array.c:[[@LINE+1]]:16: read of size 4 in 'bank' (unsigned int[16]) (out of the loop at fixed-array.c:[[@LINE+1]]:9) */
	while (r->bank[which] & 1)
		n++;
	return n;
}
