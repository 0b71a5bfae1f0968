/*
 * sfi.cc - the mend-sfi pass: software-fault-injection sites, the fault
 * types of the fault-injection literature (Nooks, Ng and Chen's Rio,
 * MINIX 3) compiled into a driver, dormant until the runtime arms one.
 *
 * With -fplugin-arg-mend-inject=TYPES (a comma list, or all; options.cc),
 * with or without recovery, every place of driver code (mend_driver_code_p)
 * where a fault of a selected type can be planted becomes a site: a static
 * writable descriptor (runtime/mend_sfi.h)
 *
 *   static struct mend_sfi_site __mend_sfi.3 = {
 *           .function = "edu_ioctl", .file = "edu.c", .line = 212,
 *           .column = 9, .id = 3, .type = MEND_SFI_POINTER, .flags = 1,
 *           .abi = 1,
 *   };			(the rest, the runtime's counters and state, zero)
 *
 * and the faulty variant of the code next to the original, behind a test
 * that costs one load and a branch not taken while nothing is armed:
 *
 *   if (__builtin_expect(__mend_inject_armed, 0) && __mend_sfi_hit(&site))
 *           faulty;
 *   else
 *           original;
 *
 * Fault types (site selection at GIMPLE level, right after "ssa"):
 *
 *   pointer       a pointer loaded from memory (p = dev->buf) becomes
 *                 NULL, or a wild non-canonical value (armed "wild"):
 *                   p = dev->buf;  ->  p0 = dev->buf;
 *                                      p = hit ? __mend_sfi_value(&s, p0) : p0;
 *   off-by-one    an array index in a load or store (a[i]), or the length
 *                 argument of a call a "fault length NAME.#N" line names
 *                 (memcpy, copy_from_user, ...), is one more
 *   null-check    "if (p == NULL)" / "if (p != NULL)" takes the not-NULL
 *                 branch: the check is gone
 *   loop          a loop's exit test stays in the loop (an endless loop;
 *                 armed once, the runtime keeps it going for ms=N)
 *   unlock        a call a "fault unlock" line names (spin_unlock,
 *                 mutex_unlock, ...) is skipped
 *   double-free   a call a "fault free" line names (kfree, ...) is made
 *                 twice: kfree(p); if (hit) kfree(p);
 *   missing-free  the same call is skipped (a leak)
 *   retval        the value a driver function returns is replaced: 0
 *                 becomes -EIO, anything else 0, a pointer NULL
 *   param         the first integer or pointer argument of a call to a
 *                 function outside the driver (the kernel API; not an
 *                 inline helper of its headers) is
 *                 corrupted: an integer has a bit flipped (bit=N, default
 *                 0), a pointer becomes wild (or NULL)
 *   init          a store of a constant to a field or a variable in
 *                 memory (x->state = 0, struct s = {}) is skipped
 *
 * The values are computed by the runtime (__mend_sfi_value, cold), so the
 * compiler sees nothing constant in the faulty variant and the checks pass,
 * which runs after this one, checks the faulty value as it would a real
 * bug's: an off-by-one index into a bounded array ends in a failed bounds
 * check, a removed NULL check in a NULL check. The API calls keep their
 * names here (the redirect pass runs later), so a doubled kfree reaches
 * the kernel-shim's wrapper twice. The list of API names lives in
 * annotations/kernel-api.mend ("fault" lines, apidesc.cc).
 *
 * Per compile unit the pass (at the end of the early passes, an IPA pass)
 * emits
 *
 *   static struct mend_sfi_site *const __mend_sfi_sites[] = { &__mend_sfi.0, ... };
 *   static struct mend_sfi_unit __mend_sfi_unit = {
 *           .abi = 1, .nsites = N, .file = "<main input file>",
 *           .sites = __mend_sfi_sites,
 *   };			(kept even if nothing refers to it)
 *
 * which the runtime finds by name in the module's symbol table when the
 * module loads (runtime/sfi.c), and writes the site list next to the
 * object, "<output>.mend-sites" (e.g. edu.o.mend-sites):
 *
 *   # mend-sites unit /path/edu.c
 *   1 pointer edu.c:120:14 edu_irq
 *   2 null-check edu.c:131:6 edu_irq
 *
 * ids count from 1 within the unit, in the source order of the functions
 * (the plain and the recovery build of a driver number alike); the runtime and tools/mend-sites
 * number a module's sites by taking its units in the byte order of their
 * file names, so ids are unique within the module and the same at build
 * and at run time.
 *
 * Options: inject=TYPES; dump ("<output>.<n>t.mend-sfi": one line per
 * site, "site 3 pointer at edu.c:212:9 in edu_ioctl"); verbose (a note per
 * function with sites: "mend: function 'F': N fault-injection sites").
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

static const char *const type_names[MEND_SFI_NTYPES] = {
	NULL, "pointer", "off-by-one", "null-check", "loop", "unlock",
	"double-free", "missing-free", "retval", "param", "init",
};

const char *mend_sfi_type_name(unsigned int type)
{
	return type < MEND_SFI_NTYPES ? type_names[type] : NULL;
}

static GTY(()) tree site_type;		/* struct mend_sfi_site */
static GTY(()) tree hit_fn;		/* __mend_sfi_hit */
static GTY(()) tree value_fn;		/* __mend_sfi_value */
static GTY(()) tree site_list;		/* TREE_LIST of the site variables */

static const struct ggc_root_tab sfi_roots[] = {
	{ &site_type, 1, sizeof(site_type), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &hit_fn, 1, sizeof(hit_fn), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &value_fn, 1, sizeof(value_fn), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &site_list, 1, sizeof(site_list), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* One line of the site list. */
struct listed_site {
	unsigned int id, type, line, column;
	char *file, *function;
	int fn_line;		/* where the function starts: the order of */
	unsigned int seq;	/* the ids, and the order within it */
	tree var;
};

static vec<struct listed_site> listed;

static tree const_string_type(void)
{
	return build_pointer_type(build_qualified_type(char_type_node,
						       TYPE_QUAL_CONST));
}

static tree record_type(const char *name, const char *const *names,
			tree *types, unsigned int n)
{
	tree record = make_node(RECORD_TYPE);
	tree *chain = &TYPE_FIELDS(record);

	for (unsigned int i = 0; i < n; i++) {
		tree field = build_decl(UNKNOWN_LOCATION, FIELD_DECL,
					get_identifier(names[i]), types[i]);

		DECL_CONTEXT(field) = record;
		*chain = field;
		chain = &DECL_CHAIN(field);
	}
	TYPE_NAME(record) = get_identifier(name);
	layout_type(record);
	return record;
}

/* struct mend_sfi_site, field for field as in runtime/mend_sfi.h. */
static tree sfi_site_type(void)
{
	static const char *const names[] = {
		"function", "file", "line", "column", "id", "type", "flags",
		"abi", "hits", "injected", "after", "until", "module",
		"module_id", "armed", "mode", "seen",
	};
	tree types[] = {
		const_string_type(), const_string_type(), unsigned_type_node,
		unsigned_type_node, unsigned_type_node, unsigned_type_node,
		unsigned_type_node, unsigned_type_node,
		long_unsigned_type_node, long_unsigned_type_node,
		long_unsigned_type_node, long_unsigned_type_node,
		ptr_type_node, unsigned_type_node, unsigned_type_node,
		unsigned_type_node, unsigned_type_node,
	};

	if (!site_type)
		site_type = record_type("mend_sfi_site", names, types,
					ARRAY_SIZE(names));
	return site_type;
}


static tree leaf_function(const char *name, tree type)
{
	tree decl = mend_extern_function(name, type);

	DECL_ATTRIBUTES(decl) = tree_cons(get_identifier("leaf"), NULL_TREE,
					  DECL_ATTRIBUTES(decl));
	return decl;
}

/* int __mend_sfi_hit(struct mend_sfi_site *site) */
static tree hit_function(void)
{
	if (!hit_fn)
		hit_fn = leaf_function("__mend_sfi_hit",
			build_function_type_list(integer_type_node,
						 ptr_type_node, NULL_TREE));
	return hit_fn;
}

/* unsigned long __mend_sfi_value(struct mend_sfi_site *, unsigned long) */
static tree value_function(void)
{
	if (!value_fn)
		value_fn = leaf_function("__mend_sfi_value",
			build_function_type_list(long_unsigned_type_node,
						 ptr_type_node,
						 long_unsigned_type_node,
						 NULL_TREE));
	return value_fn;
}

static const char *fn_name(tree fn)
{
	return IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(fn));
}

/* MEND_SFI_VALUE_* of a value of TYPE. */
static unsigned int value_flags(tree type)
{
	if (POINTER_TYPE_P(type))
		return MEND_SFI_VALUE_POINTER;
	if (TREE_CODE(type) == BOOLEAN_TYPE)
		return MEND_SFI_VALUE_BOOL;
	return TYPE_UNSIGNED(type) ? 0 : MEND_SFI_VALUE_SIGNED;
}

/* Whether the runtime can corrupt a value of TYPE (through a long). */
static bool value_type_p(tree type)
{
	return POINTER_TYPE_P(type) ||
	       (INTEGRAL_TYPE_P(type) && TYPE_PRECISION(type) <= 64);
}

/* The site's descriptor; returns its address. */
static tree build_site(function *fun, unsigned int type, location_t loc,
		       unsigned int flags)
{
	static unsigned int counter;
	expanded_location x = expand_location(loc != UNKNOWN_LOCATION ? loc :
		type == MEND_SFI_RETVAL ? fun->function_end_locus :
		DECL_SOURCE_LOCATION(fun->decl));
	const char *file = x.file ? lbasename(x.file) : "?";
	const char *function = fn_name(fun->decl);
	tree record = sfi_site_type();
	vec<constructor_elt, va_gc> *values = NULL;
	tree field = TYPE_FIELDS(record);
	unsigned int id = 0;	/* emit_unit numbers the sites */
	char name[32];
	tree var;
	tree site_values[] = {
		build_string_literal(strlen(function) + 1, function),
		build_string_literal(strlen(file) + 1, file),
		build_int_cst(unsigned_type_node, x.line),
		build_int_cst(unsigned_type_node, x.column),
		build_int_cst(unsigned_type_node, id),
		build_int_cst(unsigned_type_node, type),
		build_int_cst(unsigned_type_node, flags),
		build_int_cst(unsigned_type_node, MEND_SFI_ABI),
	};

	for (tree value : site_values) {
		CONSTRUCTOR_APPEND_ELT(values, field, value);
		field = DECL_CHAIN(field);
	}
	snprintf(name, sizeof(name), "__mend_sfi.%u", counter++);
	var = build_decl(loc, VAR_DECL, get_identifier(name), record);
	SET_DECL_ASSEMBLER_NAME(var, get_identifier(name));
	TREE_STATIC(var) = 1;
	TREE_PUBLIC(var) = 0;
	TREE_ADDRESSABLE(var) = 1;
	TREE_USED(var) = 1;
	DECL_ARTIFICIAL(var) = 1;
	DECL_IGNORED_P(var) = 1;
	DECL_PRESERVE_P(var) = 1;
	DECL_INITIAL(var) = build_constructor(record, values);
	TREE_STATIC(DECL_INITIAL(var)) = 1;
	varpool_node::finalize_decl(var);
	site_list = tree_cons(NULL_TREE, var, site_list);

	listed.safe_push({ id, type, (unsigned int)x.line,
			   (unsigned int)x.column, xstrdup(file),
			   xstrdup(function),
			   LOCATION_LINE(DECL_SOURCE_LOCATION(fun->decl)),
			   listed.length(), var });
	if (dump_file)
		fprintf(dump_file, "site %s at %s:%d:%d in %s\n",
			type_names[type], file, x.line, x.column, function);
	return build_fold_addr_expr(var);
}

/* CFG surgery. */

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

/* Split STMT's block right before STMT; the edge into STMT's new block. */
static edge split_before(gimple *stmt)
{
	basic_block bb = gimple_bb(stmt);
	gimple_stmt_iterator gsi = gsi_for_stmt(stmt);

	gsi_prev(&gsi);
	if (gsi_end_p(gsi) || gimple_code(gsi_stmt(gsi)) == GIMPLE_LABEL)
		return split_block_after_labels(bb);
	return split_block(bb, gsi_stmt(gsi));
}

/* The blocks of one guarded site. */
struct guard {
	basic_block test;	/* flag = __mend_inject_armed; if (flag) */
	basic_block hit;	/* h = __mend_sfi_hit(&site); if (h) */
	basic_block fault;	/* the faulty variant (or NULL) */
	edge from_test, from_hit, from_fault;	/* into the original path */
};

/*
 * On the fall-through edge E, the test of SITE: E->src -> test -> E->dest
 * when nothing is armed, test -> hit -> E->dest when the site does not
 * fire, and when it fires hit -> FAULT_DEST if given, else hit -> a new
 * empty faulty block -> E->dest.
 */
static struct guard guard_edge(edge e, tree site, location_t loc,
			       basic_block fault_dest)
{
	struct guard g;
	basic_block dest = e->dest;
	tree flag = make_ssa_name(integer_type_node);
	tree h = make_ssa_name(integer_type_node);
	class loop *loop;
	gcall *call;

	g.test = split_edge(e);
	loop = g.test->loop_father;
	append(g.test, gimple_build_assign(flag, mend_inject_armed_decl()), loc);
	append(g.test, gimple_build_cond(NE_EXPR, flag, integer_zero_node,
					 NULL_TREE, NULL_TREE), loc);
	g.from_test = single_succ_edge(g.test);
	g.from_test->flags = EDGE_FALSE_VALUE;
	g.from_test->probability = profile_probability::always();
	g.hit = cold_block(g.test, loop);
	make_edge(g.test, g.hit, EDGE_TRUE_VALUE)->probability =
		profile_probability::never();

	call = gimple_build_call(hit_function(), 1, site);
	gimple_call_set_lhs(call, h);
	append(g.hit, call, loc);
	append(g.hit, gimple_build_cond(NE_EXPR, h, integer_zero_node,
					NULL_TREE, NULL_TREE), loc);
	g.from_hit = make_edge(g.hit, dest, EDGE_FALSE_VALUE);
	g.from_hit->probability = profile_probability::likely();
	if (fault_dest) {
		make_edge(g.hit, fault_dest, EDGE_TRUE_VALUE)->probability =
			profile_probability::unlikely();
		g.fault = NULL;
		g.from_fault = NULL;
		return g;
	}
	g.fault = cold_block(g.hit, loop);
	make_edge(g.hit, g.fault, EDGE_TRUE_VALUE)->probability =
		profile_probability::unlikely();
	g.from_fault = make_single_succ_edge(g.fault, dest, EDGE_FALLTHRU);
	return g;
}

/* In BB: (TYPE) __mend_sfi_value(site, (unsigned long) VALUE). */
static tree faulty_value(basic_block bb, tree site, tree value, location_t loc)
{
	tree type = TREE_TYPE(value);
	tree in = make_ssa_name(long_unsigned_type_node);
	tree out = make_ssa_name(long_unsigned_type_node);
	tree result = make_ssa_name(type);
	gcall *call;

	append(bb, gimple_build_assign(in, NOP_EXPR, value), loc);
	call = gimple_build_call(value_function(), 2, site, in);
	gimple_call_set_lhs(call, out);
	append(bb, call, loc);
	append(bb, gimple_build_assign(result, NOP_EXPR, out), loc);
	return result;
}

/* The PHI in G's join block choosing ORIGINAL or FAULTY into RESULT. */
static void join_value(const struct guard &g, tree result, tree original,
		       tree faulty, location_t loc)
{
	gphi *phi = create_phi_node(result, g.from_test->dest);

	add_phi_arg(phi, original, g.from_test, loc);
	add_phi_arg(phi, original, g.from_hit, loc);
	add_phi_arg(phi, faulty, g.from_fault, loc);
}

/* Operand *OP of STMT (an SSA name or a constant) is faulty when armed. */
static void guard_operand(function *fun, gimple *stmt, tree *op,
			  unsigned int type)
{
	location_t loc = gimple_location(stmt);
	tree value = *op;
	tree site = build_site(fun, type, loc, value_flags(TREE_TYPE(value)));
	struct guard g = guard_edge(split_before(stmt), site, loc, NULL);
	tree faulty = faulty_value(g.fault, site, value, loc);
	tree result = make_ssa_name(TREE_TYPE(value));

	join_value(g, result, value, faulty, loc);
	*op = result;
	update_stmt(stmt);
}

/* The SSA name STMT defines is faulty when armed (a loaded pointer). */
static void guard_definition(function *fun, gimple *stmt, unsigned int type)
{
	location_t loc = gimple_location(stmt);
	tree lhs = gimple_get_lhs(stmt);
	tree original = make_ssa_name(TREE_TYPE(lhs), stmt);
	tree site = build_site(fun, type, loc, value_flags(TREE_TYPE(lhs)));
	edge e = split_block(gimple_bb(stmt), stmt);
	struct guard g;
	tree faulty;

	gimple_set_lhs(stmt, original);
	update_stmt(stmt);
	g = guard_edge(e, site, loc, NULL);
	faulty = faulty_value(g.fault, site, original, loc);
	join_value(g, lhs, original, faulty, loc);
}

/* STMT is skipped when armed. */
static void guard_skip(function *fun, gimple *stmt, unsigned int type)
{
	location_t loc = gimple_location(stmt);
	tree site = build_site(fun, type, loc, 0);
	edge into = split_before(stmt);
	edge after = split_block(gimple_bb(stmt), stmt);

	guard_edge(into, site, loc, after->dest);
}

/* STMT (a call) is made a second time when armed. */
static void guard_twice(function *fun, gimple *stmt, unsigned int type)
{
	location_t loc = gimple_location(stmt);
	tree site = build_site(fun, type, loc, 0);
	edge e = split_block(gimple_bb(stmt), stmt);
	struct guard g = guard_edge(e, site, loc, NULL);
	gimple *copy = gimple_copy(stmt);

	gimple_set_vuse(copy, NULL_TREE);
	gimple_set_vdef(copy, NULL_TREE);
	append(g.fault, copy, loc);
	update_stmt(copy);
}

/* COND (alone at the end of its block) goes along FORCED when armed. */
static void guard_branch(function *fun, gcond *cond, edge forced,
			 unsigned int type)
{
	location_t loc = gimple_location(cond);
	tree site = build_site(fun, type, loc, 0);
	basic_block dest = forced->dest;
	edge into = split_before(cond);
	edge from_cond = find_edge(gimple_bb(cond), dest);
	struct guard g = guard_edge(into, site, loc, dest);
	edge from_hit = find_edge(g.hit, dest);

	for (gphi_iterator gsi = gsi_start_phis(dest); !gsi_end_p(gsi);
	     gsi_next(&gsi)) {
		gphi *phi = gsi.phi();

		add_phi_arg(phi, PHI_ARG_DEF_FROM_EDGE(phi, from_cond), from_hit,
			    gimple_phi_arg_location_from_edge(phi, from_cond));
	}
}

/* Site selection. */

struct candidate {
	unsigned int type;
	gimple *stmt;
	unsigned int op;	/* off-by-one, param: which operand */
	edge forced;		/* null-check, loop */
};

static bool enabled(unsigned int type)
{
	return mend_options.sfi & (1u << type);
}

/* The callee's name as the API description spells it (no __builtin_). */
static const char *callee_name(gimple *stmt)
{
	tree fn = gimple_call_fndecl(stmt);
	const char *name;

	if (!fn || !DECL_NAME(fn))
		return NULL;
	name = IDENTIFIER_POINTER(DECL_NAME(fn));
	if (startswith(name, "__builtin_"))
		name += strlen("__builtin_");
	return name;
}

/* The ARRAY_REF of STMT's load or store whose index may be off by one. */
static tree *array_index(gimple *stmt)
{
	tree refs[2] = { NULL_TREE, NULL_TREE };

	if (!is_gimple_assign(stmt))
		return NULL;
	if (gimple_store_p(stmt))
		refs[0] = gimple_assign_lhs(stmt);
	if (gimple_assign_load_p(stmt))
		refs[1] = gimple_assign_rhs1(stmt);
	for (tree ref : refs)
		for (; ref && handled_component_p(ref);
		     ref = TREE_OPERAND(ref, 0))
			if (TREE_CODE(ref) == ARRAY_REF &&
			    (TREE_CODE(TREE_OPERAND(ref, 1)) == SSA_NAME ||
			     TREE_CODE(TREE_OPERAND(ref, 1)) == INTEGER_CST) &&
			    value_type_p(TREE_TYPE(TREE_OPERAND(ref, 1))))
				return &TREE_OPERAND(ref, 1);
	return NULL;
}

/* Whether a call to STMT's callee is a call out of the driver. */
static bool api_call_p(gimple *stmt)
{
	tree fn = gimple_call_fndecl(stmt);
	const char *name;

	if (!fn || gimple_call_internal_p(stmt) || mend_driver_code_p(fn))
		return false;
	/*
	 * An inline helper is no call into the kernel, and its arguments may
	 * have to stay constants (arch_static_branch's feed an asm "i").
	 */
	if (DECL_DECLARED_INLINE_P(fn) ||
	    lookup_attribute("always_inline", DECL_ATTRIBUTES(fn)))
		return false;
	name = IDENTIFIER_POINTER(DECL_NAME(fn));
	/* Not mend's own, nor builtins that are no calls (__builtin_expect) */
	return !startswith(name, "__mend_") && !startswith(name, "__builtin_");
}

/* A constant a store may write that "init" removes. */
static bool init_store_p(gimple *stmt)
{
	tree lhs, rhs;

	if (!gimple_assign_single_p(stmt) || !gimple_store_p(stmt) ||
	    gimple_clobber_p(stmt) || gimple_has_volatile_ops(stmt))
		return false;
	lhs = gimple_assign_lhs(stmt);
	rhs = gimple_assign_rhs1(stmt);
	if (TREE_CODE(lhs) == SSA_NAME)
		return false;
	return TREE_CODE(rhs) == INTEGER_CST || TREE_CODE(rhs) == REAL_CST ||
	       (TREE_CODE(rhs) == CONSTRUCTOR && !CONSTRUCTOR_NELTS(rhs));
}

/* The edge of COND's block that stays in its loop, if the other leaves. */
static edge loop_stay_edge(basic_block bb)
{
	class loop *loop = bb->loop_father;
	edge t = EDGE_SUCC(bb, 0), f = EDGE_SUCC(bb, 1);
	bool t_exits, f_exits;

	if (!loop || loop == current_loops->tree_root || EDGE_COUNT(bb->succs) != 2)
		return NULL;
	t_exits = loop_exit_edge_p(loop, t);
	f_exits = loop_exit_edge_p(loop, f);
	if (t_exits == f_exits)
		return NULL;
	return t_exits ? f : t;
}

static void collect_stmt(gimple *stmt, vec<struct candidate> *out)
{
	const char *name;
	int argument;

	switch (gimple_code(stmt)) {
	case GIMPLE_ASSIGN:
		if (enabled(MEND_SFI_POINTER) && gimple_assign_load_p(stmt) &&
		    TREE_CODE(gimple_assign_lhs(stmt)) == SSA_NAME &&
		    POINTER_TYPE_P(TREE_TYPE(gimple_assign_lhs(stmt))) &&
		    !gimple_has_volatile_ops(stmt) && !stmt_ends_bb_p(stmt))
			out->safe_push({ MEND_SFI_POINTER, stmt, 0, NULL });
		if (enabled(MEND_SFI_OFF_BY_ONE) && array_index(stmt))
			out->safe_push({ MEND_SFI_OFF_BY_ONE, stmt, 0, NULL });
		if (enabled(MEND_SFI_INIT) && init_store_p(stmt))
			out->safe_push({ MEND_SFI_INIT, stmt, 0, NULL });
		break;
	case GIMPLE_CALL:
		name = callee_name(stmt);
		if (!name || stmt_ends_bb_p(stmt) ||
		    (gimple_call_flags(stmt) & (ECF_NORETURN | ECF_RETURNS_TWICE)))
			break;
		argument = mend_fault_api("length", name);
		if (enabled(MEND_SFI_OFF_BY_ONE) && argument &&
		    (unsigned int)argument <= gimple_call_num_args(stmt) &&
		    INTEGRAL_TYPE_P(TREE_TYPE(gimple_call_arg(stmt, argument - 1))))
			out->safe_push({ MEND_SFI_OFF_BY_ONE, stmt,
					 (unsigned int)argument, NULL });
		if (!gimple_call_lhs(stmt) && enabled(MEND_SFI_UNLOCK) &&
		    mend_fault_api("unlock", name))
			out->safe_push({ MEND_SFI_UNLOCK, stmt, 0, NULL });
		if (!gimple_call_lhs(stmt) && mend_fault_api("free", name)) {
			if (enabled(MEND_SFI_DOUBLE_FREE))
				out->safe_push({ MEND_SFI_DOUBLE_FREE, stmt, 0,
						 NULL });
			if (enabled(MEND_SFI_MISSING_FREE))
				out->safe_push({ MEND_SFI_MISSING_FREE, stmt, 0,
						 NULL });
		}
		if (enabled(MEND_SFI_PARAM) && api_call_p(stmt))
			for (unsigned int i = 0; i < gimple_call_num_args(stmt); i++) {
				tree arg = gimple_call_arg(stmt, i);

				if ((TREE_CODE(arg) == SSA_NAME ||
				     TREE_CODE(arg) == INTEGER_CST) &&
				    value_type_p(TREE_TYPE(arg))) {
					out->safe_push({ MEND_SFI_PARAM, stmt,
							 i + 1, NULL });
					break;
				}
			}
		break;
	case GIMPLE_RETURN: {
		tree value = gimple_return_retval(as_a<greturn *>(stmt));

		if (enabled(MEND_SFI_RETVAL) && value &&
		    (TREE_CODE(value) == SSA_NAME ||
		     TREE_CODE(value) == INTEGER_CST) &&
		    value_type_p(TREE_TYPE(value)))
			out->safe_push({ MEND_SFI_RETVAL, stmt, 0, NULL });
		break;
	}
	case GIMPLE_COND: {
		gcond *cond = as_a<gcond *>(stmt);
		basic_block bb = gimple_bb(stmt);
		tree lhs = gimple_cond_lhs(cond);
		enum tree_code code = gimple_cond_code(cond);
		edge t, f, stay;

		if (EDGE_COUNT(bb->succs) != 2)
			break;
		extract_true_false_edges_from_block(bb, &t, &f);
		if (enabled(MEND_SFI_NULL_CHECK) && POINTER_TYPE_P(TREE_TYPE(lhs)) &&
		    integer_zerop(gimple_cond_rhs(cond)) &&
		    (code == EQ_EXPR || code == NE_EXPR)) {
			out->safe_push({ MEND_SFI_NULL_CHECK, stmt, 0,
					 code == NE_EXPR ? t : f });
			break;
		}
		if (enabled(MEND_SFI_LOOP) && (stay = loop_stay_edge(bb)))
			out->safe_push({ MEND_SFI_LOOP, stmt, 0, stay });
		break;
	}
	default:
		break;
	}
}

static void plant(function *fun, const struct candidate &c)
{
	switch (c.type) {
	case MEND_SFI_POINTER:
		guard_definition(fun, c.stmt, c.type);
		break;
	case MEND_SFI_OFF_BY_ONE:
		if (c.op)
			guard_operand(fun, c.stmt,
				      gimple_call_arg_ptr(c.stmt, c.op - 1),
				      c.type);
		else
			guard_operand(fun, c.stmt, array_index(c.stmt), c.type);
		break;
	case MEND_SFI_PARAM:
		guard_operand(fun, c.stmt, gimple_call_arg_ptr(c.stmt, c.op - 1),
			      c.type);
		break;
	case MEND_SFI_RETVAL:
		guard_operand(fun, c.stmt,
			      gimple_return_retval_ptr(as_a<greturn *>(c.stmt)),
			      c.type);
		break;
	case MEND_SFI_UNLOCK:
	case MEND_SFI_MISSING_FREE:
	case MEND_SFI_INIT:
		guard_skip(fun, c.stmt, c.type);
		break;
	case MEND_SFI_DOUBLE_FREE:
		guard_twice(fun, c.stmt, c.type);
		break;
	case MEND_SFI_NULL_CHECK:
	case MEND_SFI_LOOP:
		guard_branch(fun, as_a<gcond *>(c.stmt), c.forced, c.type);
		break;
	}
}

static unsigned int sfi_function_pass(function *fun)
{
	auto_vec<struct candidate> candidates;
	unsigned int before = listed.length();
	bool loops = enabled(MEND_SFI_LOOP);
	basic_block bb;

	if (!mend_driver_code_p(fun->decl) ||
	    lookup_attribute("naked", DECL_ATTRIBUTES(fun->decl)))
		return 0;
	if (loops)
		loop_optimizer_init(LOOPS_NORMAL | LOOPS_HAVE_RECORDED_EXITS);
	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi);
		     gsi_next(&gsi))
			collect_stmt(gsi_stmt(gsi), &candidates);
	/*
	 * Branches first: a forced edge names blocks that splitting for
	 * the other sites would move the condition away from.
	 */
	for (const struct candidate &c : candidates)
		if (c.forced)
			plant(fun, c);
	for (const struct candidate &c : candidates)
		if (!c.forced)
			plant(fun, c);
	if (loops)
		loop_optimizer_finalize();
	if (current_loops)
		loops_state_set(LOOPS_NEED_FIXUP);
	free_dominance_info(CDI_DOMINATORS);
	if (mend_options.verbose && listed.length() > before)
		inform(DECL_SOURCE_LOCATION(fun->decl),
		       "mend: function %qs: %u fault-injection sites",
		       fn_name(fun->decl), listed.length() - before);
	if (listed.length() == before)
		return 0;
	mark_virtual_operands_for_renaming(fun);
	return TODO_update_ssa | TODO_cleanup_cfg;
}

/* The unit record and the site list, once every function has its sites. */

static void finalize_var(tree var, tree init)
{
	varpool_node *node;

	DECL_INITIAL(var) = init;
	TREE_CONSTANT(init) = 1;
	TREE_STATIC(init) = 1;
	varpool_node::add(var);
	node = varpool_node::get(var);
	if (!node->analyzed)
		node->analyze();
}

static tree unit_var(const char *name, tree type, bool writable)
{
	tree var = build_decl(UNKNOWN_LOCATION, VAR_DECL, get_identifier(name),
			      writable ? type :
			      build_qualified_type(type, TYPE_QUAL_CONST));

	SET_DECL_ASSEMBLER_NAME(var, get_identifier(name));
	TREE_STATIC(var) = 1;
	TREE_PUBLIC(var) = 0;
	TREE_READONLY(var) = !writable;
	TREE_ADDRESSABLE(var) = 1;
	TREE_USED(var) = 1;
	DECL_ARTIFICIAL(var) = 1;
	DECL_IGNORED_P(var) = 1;
	DECL_PRESERVE_P(var) = 1;
	return var;
}

/*
 * Ids in source order of the functions (then the order the pass found the
 * sites in), whatever order GCC compiled the functions in: the build with
 * recovery and the plain one number the same sites the same.
 */
static int site_order(const void *a, const void *b)
{
	const struct listed_site *x = (const struct listed_site *)a;
	const struct listed_site *y = (const struct listed_site *)b;

	if (x->fn_line != y->fn_line)
		return x->fn_line < y->fn_line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void number_sites(void)
{
	listed.qsort(site_order);
	for (unsigned int i = 0; i < listed.length(); i++) {
		tree init = DECL_INITIAL(listed[i].var);

		listed[i].id = i + 1;
		/* .id is the fifth field */
		(*CONSTRUCTOR_ELTS(init))[4].value =
			build_int_cst(unsigned_type_node, i + 1);
	}
}

static void emit_unit(void)
{
	static const char *const names[] = { "abi", "nsites", "file", "sites" };
	tree types[] = {
		unsigned_type_node, unsigned_type_node, const_string_type(),
		const_ptr_type_node,
	};
	tree unit_type = record_type("mend_sfi_unit", names, types, 4);
	unsigned int n = listed.length();
	tree array_type = build_array_type_nelts(ptr_type_node, n);
	tree array = unit_var("__mend_sfi_sites", array_type, false);
	vec<constructor_elt, va_gc> *sites = NULL, *values = NULL;
	const char *file = main_input_filename;
	tree field = TYPE_FIELDS(unit_type);

	for (unsigned int i = 0; i < n; i++)
		CONSTRUCTOR_APPEND_ELT(sites, size_int(i),
				       build_fold_addr_expr(listed[i].var));
	finalize_var(array, build_constructor(array_type, sites));

	tree unit_values[] = {
		build_int_cst(unsigned_type_node, MEND_SFI_ABI),
		build_int_cst(unsigned_type_node, n),
		build_string_literal(strlen(file) + 1, file),
		fold_convert(const_ptr_type_node, build_fold_addr_expr(array)),
	};
	for (tree value : unit_values) {
		CONSTRUCTOR_APPEND_ELT(values, field, value);
		field = DECL_CHAIN(field);
	}
	finalize_var(unit_var("__mend_sfi_unit", unit_type, true),
		     build_constructor(unit_type, values));
}

/* "<output>.mend-sites", where GCC puts the dumps of this compile. */
static char *listing_name(void)
{
	bool in_dir = dump_dir_name && !IS_ABSOLUTE_PATH(dump_base_name);

	return concat(in_dir ? dump_dir_name : "", dump_base_name,
		      ".mend-sites", NULL);
}

static void write_listing(void)
{
	char *path = listing_name();
	FILE *f = fopen(path, "w");

	if (!f) {
		error("mend: cannot write the fault-injection site list %qs: %m",
		      path);
		free(path);
		return;
	}
	fprintf(f, "# mend-sites unit %s\n", main_input_filename);
	for (const struct listed_site &s : listed)
		fprintf(f, "%u %s %s:%u:%u %s\n", s.id, type_names[s.type],
			s.file, s.line, s.column, s.function);
	fclose(f);
	free(path);
}

static unsigned int sfi_unit_execute(void)
{
	if (seen_error())
		return 0;
	number_sites();
	write_listing();
	if (listed.length())
		emit_unit();
	return 0;
}

void mend_register_sfi(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)sfi_roots);
	mend_register_early_pass(plugin_name, "mend-sfi", sfi_function_pass);
	/* After every function went through the early passes ("ssa"). */
	mend_register_unit_pass(plugin_name, "mend-sfi-unit", sfi_unit_execute,
				"build_ssa_passes", PASS_POS_INSERT_AFTER);
}
