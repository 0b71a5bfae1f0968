/*
 * flip-check at a line where no check is inserted (here one the compiler
 * proves safe, line 15) is an error, not a build that flips nothing.
 * ARGS: -fplugin-arg-mend-flip-check=errors-flip-check.c:15
 * EXPECT-FAIL
 */
/* CHECK: error: mend: 'flip-check=errors-flip-check.c:15': no check is inserted at line 15 of errors-flip-check.c ('-fplugin-arg-mend-dump' lists the checks) */
int table[4];

int get(int i)
{
	int x = table[i];

	/* DUMP: proven index check at errors-flip-check.c:[[@LINE+1]]:18: read of size 4 in 'table' (int[4]) */
	return x + table[2];
}
