/*
 * redirect.cc - the mend-redirect pass: calls into the described kernel API
 * go through the runtime's tracking wrappers.
 *
 * With -fplugin-arg-mend-recovery, in every function of the driver
 * (mend_driver_code_p), each direct call to a function that an "api" line
 * of the API description names (apidesc.cc) becomes a call to
 * __mend_wrap_NAME with the compile unit's record prepended to the
 * arguments and the same return type. The wrapper (kernel-shim/) calls NAME
 * and records the compensation in the undo log of the unit's domain:
 *
 *   before:  p->buf = kmalloc(64, GFP_KERNEL);
 *   after:   p->buf = __mend_wrap_kmalloc(&__mend_unit, 64, GFP_KERNEL);
 *
 * The declaration of __mend_wrap_NAME is NAME's type with "void *" in
 * front of the parameters, and none of NAME's attributes (alloc_size and
 * nonnull would count arguments from the wrong place).
 *
 * The pass runs right after "ssa" and before the early inliner, after
 * mend-checks (whose range checks need the original callees) and
 * mend-census (which lists the calls as tracked or untracked). There the
 * calls still name the API: kmalloc, not __kmalloc; but what the source
 * writes as a macro arrives expanded (spin_lock_irqsave as
 * _raw_spin_lock_irqsave, timer_setup as init_timer_key), so the
 * description names those.
 *
 * Options: recovery (without it the pass is not registered), api=FILES,
 * dump ("<output>.<n>t.mend-redirect", one line per redirected call:
 * "redirect kmalloc at drv.c:12:18 to __mend_wrap_kmalloc"). The verbose
 * note per function comes from mend-census.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

/* TREE_LIST: purpose the API function's name, value its wrapper's decl. */
static GTY(()) tree wrappers;

static const struct ggc_root_tab redirect_roots[] = {
	{ &wrappers, 1, sizeof(wrappers), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* __mend_wrap_NAME(void *unit, NAME's parameters...), NAME's return type. */
static tree wrapper_decl(tree api)
{
	tree type = TREE_TYPE(api);
	tree name = DECL_NAME(api);
	tree params, decl;
	char *wrapper_name;

	for (tree w = wrappers; w; w = TREE_CHAIN(w))
		if (TREE_PURPOSE(w) == name)
			return TREE_VALUE(w);

	params = tree_cons(NULL_TREE, ptr_type_node, TYPE_ARG_TYPES(type));
	wrapper_name = concat("__mend_wrap_", IDENTIFIER_POINTER(name), NULL);
	decl = build_fn_decl(wrapper_name,
			     build_function_type(TREE_TYPE(type), params));
	free(wrapper_name);
	/* Not driver code (mend_driver_code_p): no source location. */
	DECL_SOURCE_LOCATION(decl) = UNKNOWN_LOCATION;
	TREE_PUBLIC(decl) = 1;
	DECL_EXTERNAL(decl) = 1;
	DECL_ARTIFICIAL(decl) = 1;
	TREE_NOTHROW(decl) = TREE_NOTHROW(api);
	TREE_THIS_VOLATILE(decl) = TREE_THIS_VOLATILE(api);
	wrappers = tree_cons(name, decl, wrappers);
	return decl;
}

/* The described API function CALL calls directly, or NULL. */
static tree api_callee(const gcall *call)
{
	tree callee;

	if (gimple_call_internal_p(call))
		return NULL_TREE;
	callee = gimple_call_fndecl(call);
	if (!callee || fndecl_built_in_p(callee) || mend_driver_code_p(callee) ||
	    !DECL_NAME(callee))
		return NULL_TREE;
	return mend_api_p(IDENTIFIER_POINTER(DECL_NAME(callee))) ? callee :
								     NULL_TREE;
}

static void redirect_call(gimple_stmt_iterator *gsi, gcall *call, tree api)
{
	tree wrapper = wrapper_decl(api);
	auto_vec<tree> args(gimple_call_num_args(call) + 1);
	gcall *redirected;

	args.quick_push(mend_unit_address());
	for (unsigned int i = 0; i < gimple_call_num_args(call); i++)
		args.quick_push(gimple_call_arg(call, i));
	redirected = gimple_build_call_vec(wrapper, args);
	gimple_call_set_lhs(redirected, gimple_call_lhs(call));
	gimple_set_location(redirected, gimple_location(call));
	gimple_call_set_nothrow(redirected, TREE_NOTHROW(wrapper));
	gimple_move_vops(redirected, call);
	gsi_replace(gsi, redirected, true);

	if (dump_file) {
		expanded_location x = expand_location(gimple_location(call));

		fprintf(dump_file, "redirect %s at %s:%d:%d to %s\n",
			IDENTIFIER_POINTER(DECL_NAME(api)),
			x.file ? lbasename(x.file) : "?", x.line, x.column,
			IDENTIFIER_POINTER(DECL_NAME(wrapper)));
	}
}

static unsigned int redirect_function(function *fun)
{
	basic_block bb;

	if (!mend_driver_code_p(fun->decl))
		return 0;
	FOR_EACH_BB_FN(bb, fun) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb);
		     !gsi_end_p(gsi); gsi_next(&gsi)) {
			gcall *call = dyn_cast<gcall *>(gsi_stmt(gsi));
			tree api = call ? api_callee(call) : NULL_TREE;

			if (api)
				redirect_call(&gsi, call, api);
		}
	}
	return 0;
}

void mend_register_redirect(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)redirect_roots);
	mend_register_early_pass(plugin_name, "mend-redirect",
				 redirect_function);
}
