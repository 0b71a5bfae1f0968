/*
 * A fault type inject= does not know is an error that lists the allowed
 * ones, not a silently uninstrumented build.
 * ARGS: -fplugin-arg-mend-inject=pointer,nul-check
 * EXPECT-FAIL
 */
/* CHECK: mend: option '-fplugin-arg-mend-inject' does not know the fault type 'nul-check'; allowed: all, sfi, entry, pointer, off-by-one, null-check, loop, unlock, double-free, missing-free, retval, param, init */
int f(int x)
{
	return x;
}
