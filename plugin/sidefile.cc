/*
 * sidefile.cc - annotations for unmodified sources, from side files.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

bool mend_load_side_files(const char *)
{
	return true;
}

void mend_apply_side_fields(tree)
{
}

void mend_apply_side_global(tree)
{
}

void mend_apply_side_function(tree)
{
}
