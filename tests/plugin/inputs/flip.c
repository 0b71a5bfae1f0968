/*
 * A correct program for plugin.flip-check: every access is in bounds, so
 * built with mend it prints "sum 10" and exits 0. Built with
 * flip-check=flip.c:<the line marked below>, the check there fails on
 * that correct access.
 */
#include <stdio.h>

static __attribute__((noinline)) int sum(const int *v __elems(n) __notnull, int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += v[i]; /* flip-check: this line */
	return s;
}

int main(int argc, char **argv)
{
	int v[4] = { 1, 2, 3, argc + 3 };

	(void)argv;
	printf("sum %d\n", sum(v, argc + 3));
	return 0;
}
