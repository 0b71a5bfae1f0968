/*
 * inject only means something with recovery: alone it is an error, not a
 * silently uninstrumented build.
 * ARGS: -fplugin-arg-mend-inject
 * EXPECT-FAIL
 */
/* CHECK: mend: option '-fplugin-arg-mend-inject' needs '-fplugin-arg-mend-recovery' */
int f(int x)
{
	return x;
}
