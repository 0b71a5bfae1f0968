/*
 * guards.cc - the mend-guards pass: the compile unit's record and a guard
 * in front of every driver function the kernel can call.
 *
 * With -fplugin-arg-mend-recovery, once per compile unit:
 *
 * 1. The unit record (runtime/mend_guard.h), local, in .data, kept even if
 *    nothing refers to it, naming every writable global the unit defines
 *    (file-scope and function-static variables that are not read-only, not
 *    in a named section and not mend's own):
 *
 *      static const struct mend_global __mend_globals[] = {
 *              { &count, 4 }, { &state, 64 },
 *      };
 *      static struct mend_unit __mend_unit = {
 *              .abi = 1, .nglobals = 2, .file = "drv.c",
 *              .globals = __mend_globals, .owner = &__this_module,
 *      };
 *
 * 2. Entry guards. A driver function whose address is taken (in a static
 *    initializer or in any function body), and the functions that the
 *    init_module/cleanup_module aliases of module_init/module_exit name,
 *    get a read-only struct mend_entry and a thunk in assembly, in the
 *    function's own section:
 *
 *      static const struct mend_entry drv_read.mend_entry = {
 *              .function = "drv_read", .role = "file_operations.read",
 *              .unit = &__mend_unit, .safe_value = -5, .abi = 1,
 *      };
 *      drv_read.mend_guard:
 *              leaq    drv_read.mend_entry(%rip), %rax
 *              leaq    drv_read(%rip), %r11
 *              jmp     __mend_guard_trampoline
 *
 *    (endbr64 first when the compile asks for -fcf-protection=branch).
 *    Every use of the function's address outside the callee of a direct
 *    call then takes the thunk's address instead:
 *
 *      before:  static const struct file_operations fops = {
 *                       .read = drv_read, ...
 *      after:   static const struct file_operations fops = {
 *                       .read = drv_read.mend_guard, ...
 *
 *    The role says where the address went: "STRUCT.FIELD" for a member of
 *    a static initializer, "FUNC.#N" for argument N of a call to FUNC,
 *    "module_init"/"module_exit", otherwise "address taken". The safe value
 *    is the one the API description (apidesc.cc) gives for the role, else
 *    its "default"; functions returning a pointer return 0 unless their
 *    role is described, void functions are MEND_ENTRY_VOID. For module_init
 *    and module_exit the thunk also defines the global init_module or
 *    cleanup_module, so the module loader calls the guard; the alias is
 *    renamed (<name>.mend_unguarded) and made local. The function itself
 *    stays, with its own name and calling convention (it is marked used:
 *    IPA may clone it, but neither removes it nor changes its signature).
 *    Functions the trampoline cannot call (variadic, more than six
 *    arguments, arguments or a return value that are not integers or
 *    pointers) stay unguarded.
 *
 * The pass is a small IPA pass just before "visibility": every function
 * body (lowered GIMPLE, before the early inliner) and every static
 * initializer is there to search and rewrite at once, the module_init
 * aliases are resolved, and visibility has not yet decided what is local,
 * so the renamed aliases and the new records take part in it. The
 * per-function passes (checks, census, redirect) come later and see the
 * thunks' addresses like any other constant.
 *
 * Options: recovery (without it nothing here runs), api=FILES (the safe
 * values), verbose (a note per guarded or refused function:
 * "mend: function 'drv_read': guarded entry (file_operations.read, safe
 * -5)", "mend: function 'log': not guarded (variadic)"), dump
 * ("<output>.<n>i.mend-guards": one line per global and per function).
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

static GTY(()) tree unit_var;		/* __mend_unit */
static GTY(()) tree unit_type;		/* struct mend_unit */

static const struct ggc_root_tab guard_roots[] = {
	{ &unit_var, 1, sizeof(unit_var), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &unit_type, 1, sizeof(unit_type), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* One function the kernel can call, while the pass runs. */
struct guard {
	tree fn;
	char *role;
	unsigned int flags;	/* MEND_ENTRY_* */
	tree alias;		/* init_module/cleanup_module, or NULL */
	tree thunk;		/* NULL if it cannot be guarded */
};

struct guard_search {
	auto_vec<struct guard> guards;
	hash_map<tree, unsigned int> index;	/* fn or alias -> guards[] */
};

struct field_spec {
	const char *name;
	tree type;
};

/* A struct type NAME with FIELDS, laid out as a C compiler would. */
static tree record_type(const char *name, const struct field_spec *fields,
			unsigned int nfields)
{
	tree record = make_node(RECORD_TYPE);
	tree *chain = &TYPE_FIELDS(record);

	for (unsigned int i = 0; i < nfields; i++) {
		tree field = build_decl(UNKNOWN_LOCATION, FIELD_DECL,
					get_identifier(fields[i].name),
					fields[i].type);

		DECL_CONTEXT(field) = record;
		*chain = field;
		chain = &DECL_CHAIN(field);
	}
	TYPE_NAME(record) = get_identifier(name);
	layout_type(record);
	return record;
}

static tree const_string_type(void)
{
	return build_pointer_type(build_qualified_type(char_type_node,
						       TYPE_QUAL_CONST));
}

/* A static variable of mend's own, local to the unit. */
static tree mend_var(const char *name, tree type, bool writable)
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
	return var;
}

static tree unit_decl(void)
{
	static const char *const names[] = {
		"abi", "nglobals", "file", "globals", "owner", "domain",
	};
	tree types[] = {
		unsigned_type_node, unsigned_type_node, const_string_type(),
		const_ptr_type_node, ptr_type_node, ptr_type_node,
	};
	struct field_spec fields[ARRAY_SIZE(names)];

	if (unit_var)
		return unit_var;
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		fields[i] = { names[i], types[i] };
	unit_type = record_type("mend_unit", fields, ARRAY_SIZE(fields));
	unit_var = mend_var("__mend_unit", unit_type, true);
	DECL_PRESERVE_P(unit_var) = 1;
	return unit_var;
}

tree mend_unit_address(void)
{
	return build_fold_addr_expr(unit_decl());
}

static bool mend_record_p(tree var)
{
	const char *name = DECL_NAME(var) ? IDENTIFIER_POINTER(DECL_NAME(var)) :
					    "";

	return var == unit_var || startswith(name, "__mend_");
}

/* Whether the runtime saves and restores VAR on restart. */
static bool writable_global_p(varpool_node *node)
{
	tree var = node->decl;

	return !node->alias && TREE_STATIC(var) && !DECL_EXTERNAL(var) &&
	       !TREE_READONLY(var) && !node->get_section() &&
	       !DECL_THREAD_LOCAL_P(var) && !DECL_HARD_REGISTER(var) &&
	       DECL_SIZE_UNIT(var) &&
	       TREE_CODE(DECL_SIZE_UNIT(var)) == INTEGER_CST &&
	       mend_driver_code_p(var) && !mend_record_p(var);
}

/* The extern struct module __this_module, as an opaque object. */
static tree this_module_address(void)
{
	varpool_node *node;
	tree decl;

	FOR_EACH_VARIABLE(node)
		if (!strcmp(IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(node->decl)),
			    "__this_module"))
			return build_fold_addr_expr(node->decl);
	decl = build_decl(UNKNOWN_LOCATION, VAR_DECL,
			  get_identifier("__this_module"), char_type_node);
	TREE_PUBLIC(decl) = 1;
	DECL_EXTERNAL(decl) = 1;
	DECL_ARTIFICIAL(decl) = 1;
	TREE_ADDRESSABLE(decl) = 1;
	return build_fold_addr_expr(decl);
}

/*
 * Give VAR its initializer and add it to the varpool. Before IPA_SSA
 * finalize_decl neither queues nor analyzes a new variable; without the
 * analysis it would never be output.
 */
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

/* __mend_globals[] and __mend_unit. */
static void emit_unit(void)
{
	tree unit = unit_decl();
	struct field_spec global_fields[] = {
		{ "addr", ptr_type_node }, { "size", long_unsigned_type_node },
	};
	tree global_type = record_type("mend_global", global_fields, 2);
	vec<constructor_elt, va_gc> *globals = NULL, *values = NULL;
	tree globals_addr = null_pointer_node;
	tree field = TYPE_FIELDS(unit_type);
	unsigned int nglobals = 0;
	varpool_node *node;
	const char *file = lbasename(main_input_filename);

	FOR_EACH_DEFINED_VARIABLE(node) {
		vec<constructor_elt, va_gc> *global = NULL;
		tree var = node->decl;

		if (!writable_global_p(node))
			continue;
		CONSTRUCTOR_APPEND_ELT(global, TYPE_FIELDS(global_type),
				       build_fold_addr_expr(var));
		CONSTRUCTOR_APPEND_ELT(global, DECL_CHAIN(TYPE_FIELDS(global_type)),
				       fold_convert(long_unsigned_type_node,
						    DECL_SIZE_UNIT(var)));
		CONSTRUCTOR_APPEND_ELT(globals, size_int(nglobals),
				       build_constructor(global_type, global));
		nglobals++;
		if (dump_file)
			fprintf(dump_file, "global %s size %s\n",
				IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(var)),
				print_generic_expr_to_str(DECL_SIZE_UNIT(var)));
	}
	if (nglobals) {
		tree array_type = build_array_type_nelts(global_type, nglobals);
		tree array = mend_var("__mend_globals", array_type, false);

		finalize_var(array, build_constructor(array_type, globals));
		globals_addr = build_fold_addr_expr(array);
	}

	tree unit_values[] = {
		build_int_cst(unsigned_type_node, MEND_ABI_VERSION),
		build_int_cst(unsigned_type_node, nglobals),
		build_string_literal(strlen(file) + 1, file),
		fold_convert(const_ptr_type_node, globals_addr),
		fold_convert(ptr_type_node, this_module_address()),
		null_pointer_node,
	};
	for (tree value : unit_values) {
		CONSTRUCTOR_APPEND_ELT(values, field, value);
		field = DECL_CHAIN(field);
	}
	finalize_var(unit, build_constructor(unit_type, values));
	if (dump_file)
		fprintf(dump_file, "unit %s: %u globals\n", file, nglobals);
}

static const char *fn_name(tree fn)
{
	return IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(fn));
}

/* Whether FN is a driver function defined here that may get a guard. */
static bool candidate_p(tree fn)
{
	cgraph_node *node;

	if (TREE_CODE(fn) != FUNCTION_DECL || fndecl_built_in_p(fn) ||
	    !mend_driver_code_p(fn))
		return false;
	node = cgraph_node::get(fn);
	return node && node->definition && !node->alias;
}

static void note_guard(struct guard_search *search, tree fn, const char *role,
		       unsigned int flags, tree alias)
{
	unsigned int *found = search->index.get(fn);
	unsigned int slot = found ? *found : search->guards.length();

	if (found) {
		struct guard *g = &search->guards[slot];

		/* A described role beats "address taken"; module_init wins. */
		if (alias || !strcmp(g->role, "address taken")) {
			free(g->role);
			g->role = xstrdup(role);
			g->flags |= flags;
			if (alias)
				g->alias = alias;
		}
	} else {
		search->guards.safe_push({ fn, xstrdup(role), flags, alias,
					   NULL_TREE });
		search->index.put(fn, slot);
	}
	if (alias)
		search->index.put(alias, slot);
}

static tree function_address(tree t)
{
	STRIP_NOPS(t);
	if (TREE_CODE(t) == ADDR_EXPR &&
	    TREE_CODE(TREE_OPERAND(t, 0)) == FUNCTION_DECL)
		return TREE_OPERAND(t, 0);
	return NULL_TREE;
}

static tree note_address_taken(tree *tp, int *walk_subtrees, void *data)
{
	struct guard_search *search = (struct guard_search *)data;
	tree fn = function_address(*tp);

	if (fn) {
		*walk_subtrees = 0;
		if (candidate_p(fn))
			note_guard(search, fn, "address taken", 0, NULL_TREE);
	}
	return NULL_TREE;
}

static const char *record_tag(tree record)
{
	tree name = TYPE_NAME(record);

	if (name && TREE_CODE(name) == TYPE_DECL)
		name = DECL_NAME(name);
	return name ? IDENTIFIER_POINTER(name) : NULL;
}

/* Functions stored in INIT's struct members are "STRUCT.FIELD". */
static void note_initializer(struct guard_search *search, tree init)
{
	unsigned HOST_WIDE_INT i;
	tree field, value;

	if (TREE_CODE(init) != CONSTRUCTOR) {
		walk_tree_without_duplicates(&init, note_address_taken, search);
		return;
	}
	FOR_EACH_CONSTRUCTOR_ELT(CONSTRUCTOR_ELTS(init), i, field, value) {
		tree fn = function_address(value);
		const char *tag = RECORD_OR_UNION_TYPE_P(TREE_TYPE(init)) ?
				  record_tag(TREE_TYPE(init)) : NULL;

		if (fn && tag && field && TREE_CODE(field) == FIELD_DECL &&
		    DECL_NAME(field)) {
			char *role;

			if (!candidate_p(fn))
				continue;
			role = concat(tag, ".",
				      IDENTIFIER_POINTER(DECL_NAME(field)), NULL);
			note_guard(search, fn, role, 0, NULL_TREE);
			free(role);
		} else {
			note_initializer(search, value);
		}
	}
}

/* Arguments of direct calls are "FUNC.#N"; other uses "address taken". */
static void note_body(struct guard_search *search, function *fun)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, fun) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb);
		     !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			gcall *call = dyn_cast<gcall *>(stmt);
			tree callee = call ? gimple_call_fndecl(call) : NULL_TREE;

			for (unsigned int i = 0; i < gimple_num_ops(stmt); i++) {
				tree op = gimple_op(stmt, i);
				tree fn;

				if (!op || (call && i == 1))
					continue;
				fn = function_address(op);
				if (fn && callee && DECL_NAME(callee) && i >= 3 &&
				    candidate_p(fn)) {
					char *role = xasprintf("%s.#%u",
						IDENTIFIER_POINTER(DECL_NAME(callee)),
						i - 2);

					note_guard(search, fn, role, 0, NULL_TREE);
					free(role);
					continue;
				}
				walk_tree_without_duplicates(&op,
							     note_address_taken,
							     search);
			}
		}
	}
}

/* The module's init and exit functions, through their aliases. */
static void note_module_aliases(struct guard_search *search)
{
	cgraph_node *node;

	FOR_EACH_FUNCTION(node) {
		const char *name = fn_name(node->decl);
		bool init = !strcmp(name, "init_module");
		cgraph_node *target;

		if (!node->alias || (!init && strcmp(name, "cleanup_module")))
			continue;
		target = node->ultimate_alias_target();
		if (!candidate_p(target->decl))
			continue;
		note_guard(search, target->decl, init ? "module_init" :
			   "module_exit", init ? MEND_ENTRY_INIT : MEND_ENTRY_EXIT,
			   node->decl);
	}
}

static bool register_type_p(tree type)
{
	return (INTEGRAL_TYPE_P(type) || POINTER_TYPE_P(type)) &&
	       TYPE_SIZE(type) && tree_fits_uhwi_p(TYPE_SIZE(type)) &&
	       tree_to_uhwi(TYPE_SIZE(type)) <= 64;
}

/* Why the trampoline cannot call FN, or NULL if it can. */
static const char *unguardable_reason(tree fn)
{
	tree type = TREE_TYPE(fn);
	unsigned int nargs = 0;

	if (stdarg_p(type))
		return "variadic";
	if (DECL_STATIC_CHAIN(fn))
		return "nested function";
	for (tree arg = DECL_ARGUMENTS(fn); arg; arg = DECL_CHAIN(arg)) {
		if (!register_type_p(TREE_TYPE(arg)))
			return "an argument is neither an integer nor a pointer";
		nargs++;
	}
	if (nargs > 6)
		return "more than six arguments";
	if (!VOID_TYPE_P(TREE_TYPE(type)) && !register_type_p(TREE_TYPE(type)))
		return "returns neither an integer nor a pointer";
	return NULL;
}

static long safe_value(const struct guard *g)
{
	tree ret = TREE_TYPE(TREE_TYPE(g->fn));
	long value = 0;

	if (VOID_TYPE_P(ret) || mend_entry_safe_value(g->role, &value))
		return value;
	if (!POINTER_TYPE_P(ret))
		mend_entry_safe_value("default", &value);
	return value;
}

static tree entry_type(void)
{
	struct field_spec fields[] = {
		{ "function", const_string_type() },
		{ "role", const_string_type() },
		{ "unit", ptr_type_node },
		{ "safe_value", long_integer_type_node },
		{ "flags", unsigned_type_node },
		{ "abi", unsigned_type_node },
	};

	return record_type("mend_entry", fields, ARRAY_SIZE(fields));
}

/* G's struct mend_entry; returns its assembler name. */
static const char *emit_entry(const struct guard *g, tree type, long safe)
{
	const char *function = fn_name(g->fn);
	char *name = concat(function, ".mend_entry", NULL);
	tree var = mend_var(name, type, false);
	vec<constructor_elt, va_gc> *values = NULL;
	tree field = TYPE_FIELDS(type);
	tree entry_values[] = {
		build_string_literal(strlen(function) + 1, function),
		build_string_literal(strlen(g->role) + 1, g->role),
		fold_convert(ptr_type_node, mend_unit_address()),
		build_int_cst(long_integer_type_node, safe),
		build_int_cst(unsigned_type_node, g->flags),
		build_int_cst(unsigned_type_node, MEND_ABI_VERSION),
	};

	free(name);
	for (tree value : entry_values) {
		CONSTRUCTOR_APPEND_ELT(values, field, value);
		field = DECL_CHAIN(field);
	}
	DECL_PRESERVE_P(var) = 1;
	finalize_var(var, build_constructor(type, values));
	return IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(var));
}

/* The thunk of G, in G's section, appended to ASM. */
static char *append_thunk(char *text, const struct guard *g, const char *entry)
{
	const char *fn = fn_name(g->fn);
	const char *thunk = fn_name(g->thunk);
	const char *section = cgraph_node::get(g->fn)->get_section();
	const char *global = g->alias ?
			     IDENTIFIER_POINTER(DECL_NAME(g->alias)) : NULL;
	char *globl = global ?
		xasprintf("\t.globl\t%s\n\t.type\t%s, @function\n%s:\n",
			  global, global, global) : xstrdup("");
	char *size = global ? xasprintf("\t.size\t%s, .-%s\n", global, global) :
			      xstrdup("");

	text = reconcat(text, text,
			"\t.pushsection\t", section ? section : ".text",
			",\"ax\",@progbits\n\t.p2align\t4\n\t.type\t", thunk,
			", @function\n", thunk, ":\n", globl,
			(flag_cf_protection & CF_BRANCH) ? "\tendbr64\n" : "",
			"\tleaq\t", entry, "(%rip), %rax\n\tleaq\t", fn,
			"(%rip), %r11\n\tjmp\t__mend_guard_trampoline\n",
			"\t.size\t", thunk, ", .-", thunk, "\n", size,
			"\t.popsection\n", NULL);
	free(globl);
	free(size);
	return text;
}

/* Keep FN as it is: the thunk calls it by name, with its own ABI. */
static void keep_original(tree fn)
{
	cgraph_node *node = cgraph_node::get(fn);

	DECL_PRESERVE_P(fn) = 1;
	TREE_USED(fn) = 1;
	node->force_output = true;
}

/* The thunk's declaration: FN's type, defined by the top-level asm. */
static tree thunk_decl(tree fn)
{
	char *name = concat(fn_name(fn), ".mend_guard", NULL);
	tree thunk = build_fn_decl(name, TREE_TYPE(fn));

	free(name);
	/* Not driver code (mend_driver_code_p): no source location. */
	DECL_SOURCE_LOCATION(thunk) = UNKNOWN_LOCATION;
	TREE_PUBLIC(thunk) = 1;
	DECL_EXTERNAL(thunk) = 1;
	DECL_ARTIFICIAL(thunk) = 1;
	TREE_ADDRESSABLE(thunk) = 1;
	return thunk;
}

static void rename_module_alias(tree alias)
{
	char *name = concat(IDENTIFIER_POINTER(DECL_NAME(alias)),
			    ".mend_unguarded", NULL);
	cgraph_node *node = cgraph_node::get(alias);

	symtab->change_decl_assembler_name(alias, get_identifier(name));
	free(name);
	TREE_PUBLIC(alias) = 0;
	node->externally_visible = false;
	node->forced_by_abi = false;
}

static char *verdict_line(const struct guard *g, long safe,
			  const char *reason)
{
	const char *name = lang_hooks.decl_printable_name(g->fn, 2);

	if (reason)
		return xasprintf("mend: function '%s': not guarded (%s)", name,
				 reason);
	if (g->flags & MEND_ENTRY_VOID)
		return xasprintf("mend: function '%s': guarded entry (%s, void)",
				 name, g->role);
	return xasprintf("mend: function '%s': guarded entry (%s, safe %ld)",
			 name, g->role, safe);
}

static tree replace_address(tree *tp, int *walk_subtrees, void *data)
{
	struct guard_search *search = (struct guard_search *)data;
	unsigned int *slot;

	if (TREE_CODE(*tp) != ADDR_EXPR ||
	    TREE_CODE(TREE_OPERAND(*tp, 0)) != FUNCTION_DECL)
		return NULL_TREE;
	*walk_subtrees = 0;
	slot = search->index.get(TREE_OPERAND(*tp, 0));
	if (slot && search->guards[*slot].thunk)
		*tp = build1(ADDR_EXPR, TREE_TYPE(*tp),
			     search->guards[*slot].thunk);
	return NULL_TREE;
}

/* Every address of a guarded function, outside direct calls, to its thunk. */
static void replace_addresses(struct guard_search *search)
{
	cgraph_node *cnode;
	varpool_node *vnode;

	FOR_EACH_VARIABLE(vnode) {
		tree var = vnode->decl;

		if (!DECL_INITIAL(var) || DECL_INITIAL(var) == error_mark_node)
			continue;
		walk_tree(&DECL_INITIAL(var), replace_address, search, NULL);
		vnode->remove_all_references();
		record_references_in_initializer(var, false);
	}
	FOR_EACH_FUNCTION_WITH_GIMPLE_BODY(cnode) {
		function *fun = DECL_STRUCT_FUNCTION(cnode->decl);
		basic_block bb;

		if (!fun || !fun->cfg)
			continue;
		FOR_EACH_BB_FN(bb, fun) {
			for (gimple_stmt_iterator gsi = gsi_start_bb(bb);
			     !gsi_end_p(gsi); gsi_next(&gsi)) {
				gimple *stmt = gsi_stmt(gsi);
				bool call = is_gimple_call(stmt);

				for (unsigned int i = 0; i < gimple_num_ops(stmt);
				     i++)
					if (gimple_op(stmt, i) && !(call && i == 1))
						walk_tree(gimple_op_ptr(stmt, i),
							  replace_address,
							  search, NULL);
			}
		}
		push_cfun(fun);
		cgraph_edge::rebuild_references();
		pop_cfun();
	}
}

/*
 * A restart runs the module's init function again, long after the kernel
 * has freed .init.text and .init.data: driver code and data placed there
 * (__init, __initdata, __initconst) stay in the ordinary sections instead.
 * Runs before the globals table is made, so former __initdata is reset too.
 */
static void keep_init_sections(void)
{
	cgraph_node *cnode;
	varpool_node *vnode;

	FOR_EACH_FUNCTION(cnode) {
		const char *section = cnode->get_section();

		/* An alias follows its target (init_module). */
		if (section && startswith(section, ".init.") && !cnode->alias &&
		    mend_driver_code_p(cnode->decl))
			cnode->set_section(NULL);
	}
	FOR_EACH_VARIABLE(vnode) {
		const char *section = vnode->get_section();

		if (section && startswith(section, ".init.") && !vnode->alias &&
		    mend_driver_code_p(vnode->decl))
			vnode->set_section(NULL);
	}
}

static unsigned int guards_execute(void)
{
	struct guard_search search;
	tree type = entry_type();
	char *text = xstrdup("");
	cgraph_node *cnode;
	varpool_node *vnode;
	struct guard *g;
	unsigned int i;

	keep_init_sections();
	note_module_aliases(&search);
	FOR_EACH_VARIABLE(vnode)
		if (DECL_INITIAL(vnode->decl) &&
		    DECL_INITIAL(vnode->decl) != error_mark_node)
			note_initializer(&search, DECL_INITIAL(vnode->decl));
	FOR_EACH_FUNCTION_WITH_GIMPLE_BODY(cnode)
		if (DECL_STRUCT_FUNCTION(cnode->decl) &&
		    DECL_STRUCT_FUNCTION(cnode->decl)->cfg)
			note_body(&search, DECL_STRUCT_FUNCTION(cnode->decl));

	emit_unit();
	FOR_EACH_VEC_ELT(search.guards, i, g) {
		const char *reason = unguardable_reason(g->fn);
		long safe = 0;
		char *line;

		if (VOID_TYPE_P(TREE_TYPE(TREE_TYPE(g->fn))))
			g->flags |= MEND_ENTRY_VOID;
		if (!reason) {
			safe = safe_value(g);
			g->thunk = thunk_decl(g->fn);
			keep_original(g->fn);
			text = append_thunk(text, g, emit_entry(g, type, safe));
			if (g->alias)
				rename_module_alias(g->alias);
		}
		line = verdict_line(g, safe, reason);
		if (mend_options.verbose)
			inform(DECL_SOURCE_LOCATION(g->fn), "%s", line);
		if (dump_file)
			fprintf(dump_file, "%s\n", line + strlen("mend: "));
		free(line);
	}
	if (*text) {
		replace_addresses(&search);
		symtab->finalize_toplevel_asm(build_string(strlen(text), text));
	}
	free(text);
	FOR_EACH_VEC_ELT(search.guards, i, g)
		free(g->role);
	return 0;
}

void mend_register_guards(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)guard_roots);
	mend_register_unit_pass(plugin_name, "mend-guards", guards_execute,
				"visibility", PASS_POS_INSERT_BEFORE);
}
