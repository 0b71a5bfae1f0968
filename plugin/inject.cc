/*
 * inject.cc - the mend-inject pass: a fault-injection point at the start of
 * every driver function, so that tests can make a chosen function fail in
 * a chosen way and watch the runtime recover.
 *
 * With -fplugin-arg-mend-recovery -fplugin-arg-mend-inject, every function
 * of the driver (mend_driver_code_p) gets a read-only record
 *
 *   static const struct mend_inject_point demo_read.mend_inject = {
 *           .function = "demo_read", .file = "drv.c", .line = 17,
 *           .abi = 1, .unit = &__mend_unit,
 *   };
 *
 * and, before its first statement,
 *
 *   if (__builtin_expect(__mend_inject_armed, 0)) {
 *           switch (__mend_inject_point(&demo_read.mend_inject)) {
 *           case MEND_INJECT_NULL_DEREF:
 *                   p = 0; asm volatile("" : "=r" (p) : "0" (p)); *(volatile int *)p;
 *                   break;
 *           case MEND_INJECT_BOUNDS:
 *                   __mend_check_fail(&__mend_site.N, 1, 0);
 *                   __builtin_trap();
 *           case MEND_INJECT_HANG:
 *                   for (;;)
 *                           ;	(polls.cc puts its poll on this back edge)
 *           case MEND_INJECT_TRAP:
 *                   __builtin_trap();
 *           }
 *   }
 *
 * (runtime/mend_guard.h has the contract). The fault happens in the driver
 * function's own code, so the runtime attributes it to the driver exactly
 * as it would a real bug there. The NULL pointer goes through an empty asm
 * so that GCC cannot see it is NULL (it would turn the load into a trap or
 * drop the path); the load is volatile so it is never removed. The armed
 * path is cold: both runtime functions are declared cold.
 *
 * The pass runs after census, checks and redirect (the checks do not check
 * the injected load) and before polls.
 *
 * Options: inject, which needs recovery (options.cc); dump
 * ("<output>.<n>t.mend-inject", one line per function: "inject point
 * 'demo_read' at drv.c:17").
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

static GTY(()) tree point_type;		/* struct mend_inject_point */
static GTY(()) tree point_fn;		/* __mend_inject_point */

static const struct ggc_root_tab inject_roots[] = {
	{ &point_type, 1, sizeof(point_type), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &point_fn, 1, sizeof(point_fn), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

static tree const_string_type(void)
{
	return build_pointer_type(build_qualified_type(char_type_node,
						       TYPE_QUAL_CONST));
}

/* struct mend_inject_point, field for field as in runtime/mend_guard.h. */
static tree inject_point_type(void)
{
	static const char *const names[] = {
		"function", "file", "line", "abi", "unit",
	};
	tree types[] = {
		const_string_type(), const_string_type(), unsigned_type_node,
		unsigned_type_node, ptr_type_node,
	};
	tree *chain;

	if (point_type)
		return point_type;
	point_type = make_node(RECORD_TYPE);
	chain = &TYPE_FIELDS(point_type);
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		tree field = build_decl(UNKNOWN_LOCATION, FIELD_DECL,
					get_identifier(names[i]), types[i]);

		DECL_CONTEXT(field) = point_type;
		*chain = field;
		chain = &DECL_CHAIN(field);
	}
	TYPE_NAME(point_type) = get_identifier("mend_inject_point");
	layout_type(point_type);
	return point_type;
}


/* int __mend_inject_point(const struct mend_inject_point *point), cold. */
static tree inject_function(void)
{
	tree type;

	if (point_fn)
		return point_fn;
	type = build_function_type_list(integer_type_node, const_ptr_type_node,
					NULL_TREE);
	point_fn = mend_extern_function("__mend_inject_point", type);
	return point_fn;
}

/* FN's static const struct mend_inject_point; returns its address. */
static tree build_point(tree fn)
{
	const char *function = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(fn));
	expanded_location x = expand_location(DECL_SOURCE_LOCATION(fn));
	const char *file = x.file ? lbasename(x.file) : "?";
	tree type = inject_point_type();
	char *name = concat(function, ".mend_inject", NULL);
	vec<constructor_elt, va_gc> *values = NULL;
	tree field = TYPE_FIELDS(type);
	tree address;
	tree point_values[] = {
		build_string_literal(strlen(function) + 1, function),
		build_string_literal(strlen(file) + 1, file),
		build_int_cst(unsigned_type_node, x.line),
		build_int_cst(unsigned_type_node, MEND_ABI_VERSION),
		fold_convert(ptr_type_node, mend_unit_address()),
	};

	for (tree value : point_values) {
		CONSTRUCTOR_APPEND_ELT(values, field, value);
		field = DECL_CHAIN(field);
	}
	address = mend_const_record(UNKNOWN_LOCATION, name, type, values);
	free(name);
	return address;
}

/* An empty cold block after AFTER, in LOOP. */
static basic_block cold_block(basic_block after, class loop *loop)
{
	basic_block bb = create_empty_bb(after);

	bb->count = profile_count::zero();
	if (current_loops)
		add_bb_to_loop(bb, loop);
	return bb;
}

static void append(basic_block bb, gimple *stmt, location_t loc)
{
	gimple_stmt_iterator gsi = gsi_last_bb(bb);

	gimple_set_location(stmt, loc);
	gsi_insert_after(&gsi, stmt, GSI_NEW_STMT);
}

static void append_trap(basic_block bb, location_t loc)
{
	gcall *trap = gimple_build_call(builtin_decl_explicit(BUILT_IN_TRAP), 0);

	gimple_call_set_ctrl_altering(trap, true);
	append(bb, trap, loc);
}

/* The volatile load through a NULL pointer GCC cannot see is NULL. */
static void fill_null_deref(basic_block bb, location_t loc)
{
	tree vint = build_qualified_type(integer_type_node, TYPE_QUAL_VOLATILE);
	tree ptr = make_ssa_name(ptr_type_node);
	vec<tree, va_gc> *inputs = NULL, *outputs = NULL;
	tree ref;
	gasm *launder;

	vec_safe_push(outputs, build_tree_list(
		build_tree_list(NULL_TREE, build_string(3, "=r")), ptr));
	vec_safe_push(inputs, build_tree_list(
		build_tree_list(NULL_TREE, build_string(2, "0")),
		null_pointer_node));
	launder = gimple_build_asm_vec("", inputs, outputs, NULL, NULL);
	gimple_asm_set_volatile(launder, true);
	SSA_NAME_DEF_STMT(ptr) = launder;
	append(bb, launder, loc);

	ref = build2(MEM_REF, vint, ptr,
		     build_int_cst(build_pointer_type(vint), 0));
	TREE_THIS_VOLATILE(ref) = 1;
	TREE_SIDE_EFFECTS(ref) = 1;
	append(bb, gimple_build_assign(make_ssa_name(integer_type_node), ref),
	       loc);
}

/* __mend_check_fail(&site, 1, 0) for an out-of-bounds "access". */
static void fill_bounds(basic_block bb, tree fn, location_t loc)
{
	tree fail = mend_runtime_decl(true);
	tree site = mend_build_site(loc, lang_hooks.decl_printable_name(fn, 2),
				    MEND_SITE_KIND_OUT_OF_BOUNDS, false, false,
				    1, 1, "injected fault", "");
	gcall *call = gimple_build_call(fail, 3, site,
					build_int_cst(long_unsigned_type_node, 1),
					build_int_cst(long_unsigned_type_node, 0));

	if (TREE_THIS_VOLATILE(fail)) {
		gimple_call_set_ctrl_altering(call, true);
		append(bb, call, loc);
		return;
	}
	append(bb, call, loc);
	append_trap(bb, loc);
}

static void inject_point(function *fun)
{
	tree fn = fun->decl;
	location_t loc = DECL_SOURCE_LOCATION(fn);
	edge first = single_succ_edge(ENTRY_BLOCK_PTR_FOR_FN(fun));
	basic_block test_bb = split_edge(first);
	basic_block cont = single_succ(test_bb);
	class loop *loop = test_bb->loop_father;
	tree flag = make_ssa_name(integer_type_node);
	tree kind = make_ssa_name(integer_type_node);
	basic_block armed_bb, at;
	edge e;
	gcall *call;

	/* test_bb: if (__mend_inject_armed != 0) goto armed_bb; */
	append(test_bb, gimple_build_assign(flag, mend_inject_armed_decl()), loc);
	append(test_bb, gimple_build_cond(NE_EXPR, flag, integer_zero_node,
					  NULL_TREE, NULL_TREE), loc);
	e = single_succ_edge(test_bb);
	e->flags = EDGE_FALSE_VALUE;
	e->probability = profile_probability::always();
	armed_bb = cold_block(test_bb, loop);
	make_edge(test_bb, armed_bb, EDGE_TRUE_VALUE)->probability =
		profile_probability::never();

	/* armed_bb: kind = __mend_inject_point(&point); */
	call = gimple_build_call(inject_function(), 1, build_point(fn));
	gimple_call_set_lhs(call, kind);
	append(armed_bb, call, loc);

	/* if (kind == K) goto fault_K; else next test; ...; else cont */
	at = armed_bb;
	for (int k = MEND_INJECT_NULL_DEREF; k <= MEND_INJECT_TRAP; k++) {
		basic_block fault = cold_block(at, loop);
		basic_block next = k < MEND_INJECT_TRAP ? cold_block(fault, loop) :
							  cont;

		append(at, gimple_build_cond(EQ_EXPR, kind,
					     build_int_cst(integer_type_node, k),
					     NULL_TREE, NULL_TREE), loc);
		make_edge(at, fault, EDGE_TRUE_VALUE)->probability =
			profile_probability::even();
		make_edge(at, next, EDGE_FALSE_VALUE)->probability =
			profile_probability::even();
		switch (k) {
		case MEND_INJECT_NULL_DEREF:
			fill_null_deref(fault, loc);
			make_single_succ_edge(fault, cont, EDGE_FALLTHRU);
			break;
		case MEND_INJECT_BOUNDS:
			fill_bounds(fault, fn, loc);
			break;
		case MEND_INJECT_HANG:
			/* for (;;): polls.cc polls on this back edge. */
			make_single_succ_edge(fault, fault, EDGE_FALLTHRU);
			break;
		case MEND_INJECT_TRAP:
			append_trap(fault, loc);
			break;
		}
		at = next;
	}
	if (current_loops)
		loops_state_set(LOOPS_NEED_FIXUP);
	free_dominance_info(CDI_DOMINATORS);
}

static unsigned int inject_function_pass(function *fun)
{
	expanded_location x = expand_location(DECL_SOURCE_LOCATION(fun->decl));

	if (!mend_driver_code_p(fun->decl) ||
	    lookup_attribute("naked", DECL_ATTRIBUTES(fun->decl)))
		return 0;
	inject_point(fun);
	if (dump_file)
		fprintf(dump_file, "inject point '%s' at %s:%d\n",
			IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(fun->decl)),
			x.file ? lbasename(x.file) : "?", x.line);
	mark_virtual_operands_for_renaming(fun);
	return TODO_update_ssa | TODO_cleanup_cfg;
}

void mend_register_inject(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)inject_roots);
	mend_register_early_pass(plugin_name, "mend-inject",
				 inject_function_pass);
}
