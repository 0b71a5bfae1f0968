/*
 * api-census.cc - the mend-census pass: which calls leave the driver.
 *
 * For every function of the driver (declared in its source file or in a
 * header next to it: mend_driver_code_p in checks.cc), count the call
 * statements whose callee is not driver code: a function the kernel headers
 * declare (kfree, misc_register) or define inline (kmalloc, spin_lock).
 * Without the recovery option all of them are "untracked".
 * Calls through a pointer are listed as "(indirect)". GCC builtins
 * (__builtin_*, memcpy as GCC knows it) and internal functions are not
 * kernel API and are not counted.
 *
 * The pass runs right after "ssa", before the early inliner, so the calls
 * are still those of the source: kmalloc rather than __kmalloc, spin_lock
 * rather than _raw_spin_lock. It changes nothing in the code.
 *
 * Options:
 *   -fplugin-arg-mend-verbose  a note per function (format below)
 *   -fplugin-arg-mend-dump     the same lines, plus which header functions
 *                              were skipped, in "<output>.<n>t.mend-census"
 *                              (GCC 12 rejects -fdump-tree-mend-census: it
 *                              reads -fdump- options before plugins register
 *                              passes; -fdump-tree-all works too).
 *
 * Example, driver.c:
 *   int setup(struct priv *p)
 *   {
 *           p->buf = kmalloc(64, GFP_KERNEL);
 *           spin_lock(&p->lock);
 *           p->ops->start(p);
 *           spin_unlock(&p->lock);
 *           return p->buf ? 0 : -ENOMEM;
 *   }
 * code before = code after; with -fplugin-arg-mend-verbose:
 *   driver.c:1:5: note: mend: function 'setup': 4 external calls,
 *   untracked: (indirect), kmalloc, spin_lock, spin_unlock
 * (one line). The count is of call statements; the names are deduplicated
 * and sorted by strcmp, so "(indirect)" comes first. A function without
 * such calls gives "mend: function 'NAME': 0 external calls".
 *
 * With -fplugin-arg-mend-recovery, calls to functions that an "api" line
 * of the API description names are tracked (mend-redirect, which runs
 * after this pass, sends them to their wrappers) and the note says so:
 *   driver.c:1:5: note: mend: function 'setup': 1 API calls tracked
 *   (kmalloc), untracked: (indirect), spin_lock, spin_unlock
 * where the count is of tracked call statements.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

static const char *decl_name(tree fndecl)
{
	return lang_hooks.decl_printable_name(fndecl, 2);
}

/*
 * The name under which a call leaves the driver, or NULL if it does not
 * (internal functions, builtins, calls to driver code).
 */
static const char *external_callee_name(const gcall *call)
{
	tree callee;

	if (gimple_call_internal_p(call))
		return NULL;
	callee = gimple_call_fndecl(call);
	if (!callee)
		return "(indirect)";
	if (fndecl_built_in_p(callee) || mend_driver_code_p(callee))
		return NULL;
	return decl_name(callee);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append ", a, b" to LINE: NAMES sorted and deduplicated. */
static char *append_names(char *line, const char *separator,
			  vec<const char *> &names)
{
	const char *previous = NULL;
	const char *name;
	unsigned int i;

	names.qsort(compare_names);
	FOR_EACH_VEC_ELT(names, i, name) {
		if (previous && !strcmp(previous, name))
			continue;
		line = reconcat(line, line, separator, name, NULL);
		separator = ", ";
		previous = name;
	}
	return line;
}

/*
 * "mend: function 'NAME': N external calls, untracked: a, b", or with
 * recovery "mend: function 'NAME': N API calls tracked (a, b), untracked:
 * c, d". The caller frees the result.
 */
static char *census_line(const char *function, unsigned int calls,
			 unsigned int tracked_calls, vec<const char *> &tracked,
			 vec<const char *> &untracked)
{
	char *line;

	if (!mend_options.recovery) {
		line = xasprintf("mend: function '%s': %u external calls",
				 function, calls);
		return append_names(line, ", untracked: ", untracked);
	}
	line = xasprintf("mend: function '%s': %u API calls tracked", function,
			 tracked_calls);
	if (!tracked.is_empty()) {
		line = append_names(line, " (", tracked);
		line = reconcat(line, line, ")", NULL);
	}
	return append_names(line, ", untracked: ", untracked);
}

static unsigned int census_function(function *fun)
{
	auto_vec<const char *> tracked, untracked;
	unsigned int calls = 0, tracked_calls = 0;
	basic_block bb;
	char *line;

	if (!mend_driver_code_p(fun->decl)) {
		if (dump_file)
			fprintf(dump_file, "mend: function '%s' comes from %s, "
				"not driver code: skipped\n",
				decl_name(fun->decl),
				DECL_SOURCE_FILE(fun->decl));
		return 0;
	}

	FOR_EACH_BB_FN(bb, fun) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb);
		     !gsi_end_p(gsi); gsi_next(&gsi)) {
			gcall *call = dyn_cast<gcall *>(gsi_stmt(gsi));
			const char *callee;

			if (!call)
				continue;
			callee = external_callee_name(call);
			if (!callee)
				continue;
			calls++;
			if (mend_options.recovery && mend_api_p(callee)) {
				tracked_calls++;
				tracked.safe_push(callee);
			} else {
				untracked.safe_push(callee);
			}
		}
	}

	line = census_line(decl_name(fun->decl), calls, tracked_calls, tracked,
			   untracked);
	if (mend_options.verbose)
		inform(DECL_SOURCE_LOCATION(fun->decl), "%s", line);
	if (dump_file)
		fprintf(dump_file, "%s\n", line);
	free(line);
	return 0;
}

void mend_register_api_census(const char *plugin_name)
{
	mend_register_early_pass(plugin_name, "mend-census", census_function);
}
