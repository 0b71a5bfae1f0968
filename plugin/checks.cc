/*
 * checks.cc - the mend-checks pass: bounds and NULL checks before memory
 * accesses, with compile-time verdicts and redundant-check elimination.
 *
 * The pass runs right after "ssa", before the early inliner, on each
 * function of the driver (defined in the main source file or in a header
 * next to it; kernel headers are not driver code). In three steps:
 *
 * 1. Collect. For every load and store, and every call that copies memory:
 *    - index: an index into an array of fixed size (int a[10]; a[i]) or a
 *      flexible array member with a count (__counted_by)
 *    - bounds: an access through a pointer whose origin has known bounds:
 *      an annotated field, parameter, global, local or return value
 *      (count, single, bound, nullterm), an allocation whose size GCC's
 *      alloc_size attribute gives (malloc, kmalloc), an object of known
 *      size (&local, a fixed-size array member). The origin is found by
 *      walking SSA definitions back through pointer arithmetic, copies,
 *      casts and loop phis; the count is evaluated at the check.
 *    - range: a call whose length must fit the destination or source:
 *      memcpy, memmove, memset, strcpy, strncpy (GCC builtins), and calls
 *      to functions whose parameters carry a count (from the source or a
 *      side file: copy_from_user, strscpy)
 *    - null: the first access through a pointer that may be NULL: every
 *      __nullable pointer, and (null=all, the default) every pointer the
 *      compiler cannot prove non-NULL.
 * 2. Decide, in dominator order. A check whose outcome is known at compile
 *    time is either proven safe (dropped) or a compile error; a check
 *    dominated by an identical one is dropped; a NULL check dominated by a
 *    "p != NULL" test is proven; a check with loop-invariant operands that
 *    runs whenever its loop is entered is hoisted to the loop's preheader.
 *    Every decision is one line in the dump:
 *      keep bounds check at drv.c:12:9: write of size 4 via 'slots' count(n)
 *      drop null check at drv.c:13:9: 't' (dominated by drv.c:12:9)
 *      proven index check at drv.c:14:5: 'a' int[10], index 3
 *      hoist bounds check at drv.c:20:7: ... (out of the loop at drv.c:19:3)
 * 3. Lower each kept check to a compare and a branch to a cold block that
 *    calls the runtime with the site's static descriptor (struct mend_site,
 *    see site.cc) and the dynamic values:
 *
 *      before:  slots[i] = v;
 *      after:   if ((size_t)i * 4 > n * 4 - 4 || n * 4 < 4)
 *                       __mend_check_fail(&__mend_site.3, i, n);
 *               slots[i] = v;
 *
 * Options: checks=all|none|bounds|null, null=all|annotated, report-only
 * (call __mend_check_report, which returns, instead of __mend_check_fail),
 * verbose (a note per function and one per file with the counts), dump,
 * and for tests flip-check=FILE:LINE: the kept checks at that line are
 * lowered with the test inverted ("if (!failed) runtime(...)"), so they
 * fail on every correct access; each is a note and a dump line
 *      flip null check at drv.c:12:9: fails when the access is correct
 * and a unit compiled from FILE with no kept check at LINE is an error.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

enum check_kind { CHECK_BOUNDS, CHECK_INDEX, CHECK_RANGE, CHECK_NULL };

static const char *const check_kind_names[] = {
	"bounds", "index", "range", "null",
};

enum verdict { VERDICT_KEEP, VERDICT_DROP, VERDICT_PROVEN, VERDICT_HOIST };

static const char *const verdict_names[] = {
	"keep", "drop", "proven", "hoist",
};

/* Where a pointer's bounds come from. */
struct origin {
	tree base;		/* lowest valid address (pointer value) */
	tree limit;		/* bytes from base (sizetype GENERIC) */
	bool limit_reads_memory; /* limit loads a field or a global */
	tree shift;		/* bytes from base to the annotated pointer
				   (bound(lo, hi)), or NULL for none */
	unsigned HOST_WIDE_INT elem_size; /* 0: use the access size */
	char *what;		/* "'slots' count(n)", "kmalloc(32)" for messages */
	char *annotation;	/* for the report: "count(n)", "char[16]" */
	char *declared_at;	/* "drv.c:12:8" or "" */
	bool nullterm;
};

struct check {
	enum check_kind kind;
	enum verdict verdict;
	gimple *stmt;		/* the access; the check goes before it */
	location_t loc;
	bool is_write;
	unsigned HOST_WIDE_INT access_size;
	unsigned HOST_WIDE_INT elem_size;
	tree base, offset, limit; /* bounds, range: base + offset, limit bytes */
	bool limit_reads_memory;
	tree length;		/* range: bytes accessed */
	tree index, max;	/* index: index value and highest valid index */
	tree pointer;		/* null */
	char *what;
	char *annotation;
	char *declared_at;
	const struct check *reason; /* drop: the dominating check */
	class loop *hoist_loop;	/* hoist: the loop it leaves */
};

/* Per-function state of the pass. */
struct check_walk {
	function *fun;
	vec<struct check *> checks;
	unsigned int inserted, elided, proven;
};

/* Per-file totals for the verbose summary. */
static unsigned int unit_inserted, unit_elided, unit_proven, unit_functions;
/* Checks this unit lowered inverted (flip-check). */
static unsigned int unit_flipped;

static const char *fn_name(tree fndecl)
{
	return lang_hooks.decl_printable_name(fndecl, 2);
}

static char *location_text(location_t loc)
{
	expanded_location x = expand_location(loc);

	if (!x.file)
		return xstrdup("");
	return xasprintf("%s:%d:%d", lbasename(x.file), x.line, x.column);
}

/*
 * Driver code: functions defined in the main source file or in a header
 * in the same directory (the driver's own e1000.h). Inline functions from
 * kernel headers are the kernel's; checking them in every driver would
 * cost without finding driver bugs.
 */
bool mend_driver_code_p(tree fndecl)
{
	const char *file = DECL_SOURCE_FILE(fndecl);
	const char *main_file = main_input_filename;
	size_t dir_len = lbasename(main_file) - main_file;

	if (!file)
		return false;
	if (!filename_cmp(file, main_file))
		return true;
	return lbasename(file) - file == (ptrdiff_t)dir_len &&
	       !filename_ncmp(file, main_file, dir_len) &&
	       !strchr(lbasename(file), '/');
}

/* Origins. */

static void free_origin(struct origin *o)
{
	free(o->what);
	free(o->annotation);
	free(o->declared_at);
	memset(o, 0, sizeof(*o));
}

static tree size_of(tree value)
{
	return fold_convert(sizetype, value);
}

/* The element size of pointer type PTYPE, or 0 if it has none (void). */
static unsigned HOST_WIDE_INT pointee_size(tree ptype)
{
	tree t = TREE_TYPE(ptype);

	if (!t || !COMPLETE_TYPE_P(t) || !tree_fits_uhwi_p(TYPE_SIZE_UNIT(t)))
		return 0;
	return tree_to_uhwi(TYPE_SIZE_UNIT(t));
}

/* Is PARM assigned anywhere in the function (more SSA names than its
 * default definition)? Then its entry value is not what a count means. */
static bool parm_reassigned_p(function *fun, tree parm)
{
	unsigned int i;
	tree name;

	FOR_EACH_SSA_NAME(i, name, fun)
		if (SSA_NAME_VAR(name) == parm && !SSA_NAME_IS_DEFAULT_DEF(name))
			return true;
	return false;
}

/* The one SSA name of a register local, or NULL if it has several. */
static tree single_ssa_name(function *fun, tree var)
{
	unsigned int i;
	tree name, found = NULL_TREE;

	FOR_EACH_SSA_NAME(i, name, fun) {
		if (SSA_NAME_VAR(name) != var)
			continue;
		if (found)
			return NULL_TREE;
		found = name;
	}
	return found;
}

/* Count names resolve to values at the check: the context of each kind. */
struct count_scope {
	function *fun;
	tree annotated;		/* the annotated decl */
	tree object;		/* field: the struct object it was loaded from */
	gcall *call;		/* return value: the call */
	bool reads_memory;
	bool failed;
};

static tree value_of_decl(struct count_scope *scope, tree decl)
{
	switch (TREE_CODE(decl)) {
	case CONST_DECL:
		return DECL_INITIAL(decl);
	case FIELD_DECL:
		if (!scope->object)
			return NULL_TREE;
		scope->reads_memory = true;
		return build3(COMPONENT_REF, TREE_TYPE(decl),
			      unshare_expr(scope->object), decl, NULL_TREE);
	case PARM_DECL:
		if (scope->call) {
			int n = 0;

			for (tree p = DECL_ARGUMENTS(TREE_CODE(scope->annotated) ==
						     FUNCTION_DECL ?
						     scope->annotated :
						     DECL_CONTEXT(scope->annotated));
			     p; p = DECL_CHAIN(p), n++)
				if (p == decl)
					return n < (int)gimple_call_num_args(scope->call) ?
					       gimple_call_arg(scope->call, n) : NULL_TREE;
			return NULL_TREE;
		}
		if (DECL_CONTEXT(decl) != scope->fun->decl)
			return NULL_TREE;
		if (!is_gimple_reg(decl)) {
			scope->reads_memory = true;
			return decl;
		}
		if (parm_reassigned_p(scope->fun, decl))
			return NULL_TREE;
		return get_or_create_ssa_default_def(scope->fun, decl);
	case VAR_DECL:
		if (is_global_var(decl)) {
			if (TREE_READONLY(decl) && DECL_INITIAL(decl) &&
			    TREE_CODE(DECL_INITIAL(decl)) == INTEGER_CST)
				return DECL_INITIAL(decl);
			scope->reads_memory = true;
			return decl;
		}
		if (DECL_CONTEXT(decl) != scope->fun->decl)
			return NULL_TREE;
		if (!is_gimple_reg(decl)) {
			scope->reads_memory = true;
			return decl;
		}
		return single_ssa_name(scope->fun, decl);
	default:
		return NULL_TREE;
	}
}

static tree count_name_value(const struct mend_count_context *ctx,
			     const char *name)
{
	struct count_scope *scope = (struct count_scope *)ctx->data;
	tree decl = mend_resolve_name(scope->annotated, name, scope->fun);
	tree value = decl ? value_of_decl(scope, decl) : NULL_TREE;

	if (!value)
		scope->failed = true;
	return value;
}

/*
 * The origin an annotated declaration gives the pointer value PTR. OBJECT
 * is the struct PTR was loaded from (fields), CALL the call that returned
 * it (return values). False if the annotation says nothing about bounds or
 * its count cannot be evaluated here.
 */
static bool annotated_origin(function *fun, tree decl, tree ptr, tree object,
			     gcall *call, struct origin *o)
{
	struct mend_annotation ann;
	struct count_scope scope = { fun, decl, object, call, false, false };
	struct mend_count_context ctx = { count_name_value, &scope };
	tree ptype = TREE_CODE(decl) == FUNCTION_DECL ?
		     TREE_TYPE(TREE_TYPE(decl)) : TREE_TYPE(decl);
	unsigned HOST_WIDE_INT esize;

	if (!mend_get_annotation(decl, &ann))
		return false;
	if (ann.trusted || (!ann.count && !ann.lo && !ann.nullterm)) {
		mend_free_annotation(&ann);
		return false;
	}
	esize = TREE_CODE(ptype) == ARRAY_TYPE ?
		tree_to_uhwi(TYPE_SIZE_UNIT(TREE_TYPE(ptype))) :
		pointee_size(ptype);
	if (!esize)
		esize = 1;
	memset(o, 0, sizeof(*o));
	if (ann.lo) {
		tree lo = count_name_value(&ctx, ann.lo);
		tree hi = count_name_value(&ctx, ann.hi);

		if (!scope.failed) {
			o->base = lo;
			o->shift = fold_build2(MINUS_EXPR, sizetype,
					       fold_convert(sizetype, ptr),
					       fold_convert(sizetype, lo));
			o->limit = fold_build2(MINUS_EXPR, sizetype,
					       fold_convert(sizetype, hi),
					       fold_convert(sizetype, lo));
		}
	} else {
		tree count = mend_build_count(ann.count ? ann.count : "0", &ctx);

		if (!scope.failed && count) {
			o->base = ptr;
			o->limit = fold_build2(MULT_EXPR, sizetype, count,
					       size_int(esize));
		}
	}
	if (!o->base) {
		mend_free_annotation(&ann);
		return false;
	}
	o->limit_reads_memory = scope.reads_memory;
	o->elem_size = esize;
	o->nullterm = ann.nullterm;
	o->annotation = xstrdup(ann.text);
	o->declared_at = location_text(ann.loc);
	o->what = xasprintf("'%s' %s", DECL_NAME(decl) ?
			    IDENTIFIER_POINTER(DECL_NAME(decl)) : "?", ann.text);
	mend_free_annotation(&ann);
	return true;
}

/* The bounds of an object of known size: a variable or array member. */
static bool object_origin(tree ref, tree base, struct origin *o)
{
	tree type = TREE_TYPE(ref);
	tree size = TYPE_SIZE_UNIT(type);
	tree decl = ref;

	if (!size || TREE_CODE(size) != INTEGER_CST || integer_zerop(size))
		return false;
	if (TREE_CODE(ref) == COMPONENT_REF) {
		decl = TREE_OPERAND(ref, 1);
		/* A trailing array may be a flexible array in disguise. */
		if (TREE_CODE(type) != ARRAY_TYPE || array_at_struct_end_p(ref))
			return false;
	} else if (!DECL_P(ref)) {
		return false;
	}
	memset(o, 0, sizeof(*o));
	o->base = base;
	o->limit = size;
	o->elem_size = TREE_CODE(type) == ARRAY_TYPE ?
		       tree_to_uhwi(TYPE_SIZE_UNIT(TREE_TYPE(type))) : 0;
	o->annotation = xasprintf("%s", print_generic_expr_to_str(type));
	o->declared_at = location_text(DECL_SOURCE_LOCATION(decl));
	o->what = xasprintf("'%s' (%s)", DECL_NAME(decl) ?
			    IDENTIFIER_POINTER(DECL_NAME(decl)) : "?",
			    o->annotation);
	return true;
}

/* An allocation whose size GCC's alloc_size attribute describes. */
static bool allocation_origin(gcall *call, tree ptr, struct origin *o)
{
	tree fntype = gimple_call_fntype(call);
	tree attr, args, size;
	tree fndecl = gimple_call_fndecl(call);

	if (!fntype)
		return false;
	attr = lookup_attribute("alloc_size", TYPE_ATTRIBUTES(fntype));
	if (!attr)
		return false;
	args = TREE_VALUE(attr);
	size = NULL_TREE;
	for (; args; args = TREE_CHAIN(args)) {
		unsigned int n = tree_to_uhwi(TREE_VALUE(args)) - 1;

		if (n >= gimple_call_num_args(call))
			return false;
		tree arg = size_of(gimple_call_arg(call, n));
		size = size ? fold_build2(MULT_EXPR, sizetype, size, arg) : arg;
	}
	if (!size)
		return false;
	memset(o, 0, sizeof(*o));
	o->base = ptr;
	o->limit = size;
	o->annotation = xasprintf("alloc_size of %s",
				  fndecl ? fn_name(fndecl) : "(indirect)");
	o->declared_at = location_text(gimple_location(call));
	o->what = xasprintf("the object from %s", fndecl ? fn_name(fndecl) :
			    "an allocation");
	return true;
}

static bool find_origin(function *fun, tree ptr, tree *offset,
			struct origin *o, int depth);

/* &X: the object X names, or pointer arithmetic spelt as an address. */
static bool address_origin(function *fun, tree addr, tree *offset,
			   struct origin *o, int depth)
{
	tree ref = TREE_OPERAND(addr, 0);

	if (TREE_CODE(ref) == ARRAY_REF) {
		tree array = TREE_OPERAND(ref, 0);
		tree index = TREE_OPERAND(ref, 1);
		tree low = array_ref_low_bound(ref);
		tree esize = array_ref_element_size(ref);
		tree diff = fold_build2(MINUS_EXPR, sizetype, size_of(index),
					size_of(low));

		if (TREE_CODE(esize) != INTEGER_CST)
			return false;
		*offset = fold_build2(PLUS_EXPR, sizetype, *offset,
				      fold_build2(MULT_EXPR, sizetype, diff, esize));
		return address_origin(fun, build_fold_addr_expr(array), offset,
				      o, depth);
	}
	if (TREE_CODE(ref) == MEM_REF) {
		*offset = fold_build2(PLUS_EXPR, sizetype, *offset,
				      size_of(TREE_OPERAND(ref, 1)));
		return find_origin(fun, TREE_OPERAND(ref, 0), offset, o, depth + 1);
	}
	if (TREE_CODE(ref) == COMPONENT_REF) {
		tree field = TREE_OPERAND(ref, 1);

		/* A flexible array member with a count (__counted_by). */
		if (annotated_origin(fun, field, addr, TREE_OPERAND(ref, 0),
				     NULL, o))
			return true;
	}
	return object_origin(ref, addr, o);
}

/* Does NAME derive from TARGET by pointer arithmetic, copies and casts? */
static bool derives_from(tree name, tree target, int depth)
{
	while (depth++ < 32 && TREE_CODE(name) == SSA_NAME) {
		gimple *def = SSA_NAME_DEF_STMT(name);

		if (name == target)
			return true;
		if (!is_gimple_assign(def))
			return false;
		switch (gimple_assign_rhs_code(def)) {
		case POINTER_PLUS_EXPR:
		case SSA_NAME:
		CASE_CONVERT:
			name = gimple_assign_rhs1(def);
			break;
		default:
			return false;
		}
	}
	return name == target;
}

/*
 * Find where the pointer PTR gets its bounds, adding to *OFFSET (bytes,
 * sizetype) the distance from there, or setting *OFFSET to NULL when the
 * distance is only known at run time (through a loop phi).
 */
static bool find_origin(function *fun, tree ptr, tree *offset,
			struct origin *o, int depth)
{
	if (depth > 32)
		return false;
	if (TREE_CODE(ptr) == ADDR_EXPR)
		return address_origin(fun, ptr, offset, o, depth);
	if (TREE_CODE(ptr) != SSA_NAME || !POINTER_TYPE_P(TREE_TYPE(ptr)))
		return false;

	tree var = SSA_NAME_VAR(ptr);

	if (SSA_NAME_IS_DEFAULT_DEF(ptr))
		return var && TREE_CODE(var) == PARM_DECL &&
		       annotated_origin(fun, var, ptr, NULL_TREE, NULL, o);

	gimple *def = SSA_NAME_DEF_STMT(ptr);

	/* A fresh value of an annotated local: p = kmalloc(..) or p = q. */
	if (var && TREE_CODE(var) == VAR_DECL && !is_global_var(var) &&
	    is_gimple_assign(def) &&
	    gimple_assign_rhs_code(def) != POINTER_PLUS_EXPR &&
	    annotated_origin(fun, var, ptr, NULL_TREE, NULL, o))
		return true;

	if (is_gimple_assign(def)) {
		tree rhs = gimple_assign_rhs1(def);

		switch (gimple_assign_rhs_code(def)) {
		case POINTER_PLUS_EXPR:
			if (*offset)
				*offset = fold_build2(PLUS_EXPR, sizetype, *offset,
						      size_of(gimple_assign_rhs2(def)));
			return find_origin(fun, rhs, offset, o, depth + 1);
		case SSA_NAME:
		CASE_CONVERT:
			if (!POINTER_TYPE_P(TREE_TYPE(rhs)) &&
			    TREE_CODE(rhs) != ADDR_EXPR)
				return false;
			return find_origin(fun, rhs, offset, o, depth + 1);
		case ADDR_EXPR:
			return address_origin(fun, rhs, offset, o, depth);
		case COMPONENT_REF:
			return annotated_origin(fun, TREE_OPERAND(rhs, 1), ptr,
						TREE_OPERAND(rhs, 0), NULL, o);
		case VAR_DECL:
			return is_global_var(rhs) &&
			       annotated_origin(fun, rhs, ptr, NULL_TREE, NULL, o);
		default:
			return false;
		}
	}
	if (gcall *call = dyn_cast<gcall *>(def)) {
		tree callee = gimple_call_fndecl(call);

		if (callee && annotated_origin(fun, callee, ptr, NULL_TREE,
					       call, o))
			return true;
		return allocation_origin(call, ptr, o);
	}
	if (gphi *phi = dyn_cast<gphi *>(def)) {
		/* A loop's moving pointer: all entries share one origin. */
		struct origin first = {};
		bool found = false;

		for (unsigned int i = 0; i < gimple_phi_num_args(phi); i++) {
			tree arg = gimple_phi_arg_def(phi, i);
			struct origin other;
			tree ignored = size_zero_node;

			if (derives_from(arg, ptr, 0))
				continue;
			if (!find_origin(fun, arg, &ignored, &other, depth + 1)) {
				free_origin(&first);
				return false;
			}
			if (!found) {
				first = other;
				found = true;
				continue;
			}
			bool same = operand_equal_p(first.base, other.base, 0) &&
				    operand_equal_p(first.limit, other.limit, 0);
			free_origin(&other);
			if (!same) {
				free_origin(&first);
				return false;
			}
		}
		if (!found)
			return false;
		*o = first;
		*offset = NULL_TREE;
		return true;
	}
	return false;
}

/* NULL checks. */

/* The pointer whose NULL-ness decides whether PTR is NULL. */
static tree null_root(tree ptr)
{
	for (int depth = 0; depth < 32 && TREE_CODE(ptr) == SSA_NAME; depth++) {
		gimple *def = SSA_NAME_DEF_STMT(ptr);

		if (SSA_NAME_IS_DEFAULT_DEF(ptr) || !is_gimple_assign(def))
			break;
		switch (gimple_assign_rhs_code(def)) {
		case POINTER_PLUS_EXPR:
		case SSA_NAME:
		case ADDR_EXPR:
			ptr = gimple_assign_rhs1(def);
			continue;
		CASE_CONVERT:
			if (!POINTER_TYPE_P(TREE_TYPE(gimple_assign_rhs1(def))))
				return ptr;
			ptr = gimple_assign_rhs1(def);
			continue;
		default:
			return ptr;
		}
	}
	return ptr;
}

/* The decl whose annotation speaks for the pointer value PTR, if any. */
static tree annotated_decl_of(tree ptr)
{
	gimple *def;

	if (TREE_CODE(ptr) != SSA_NAME)
		return NULL_TREE;
	if (SSA_NAME_VAR(ptr) && TREE_CODE(SSA_NAME_VAR(ptr)) != RESULT_DECL)
		if (SSA_NAME_IS_DEFAULT_DEF(ptr) ||
		    TREE_CODE(SSA_NAME_VAR(ptr)) == VAR_DECL)
			return SSA_NAME_VAR(ptr);
	def = SSA_NAME_DEF_STMT(ptr);
	if (is_gimple_assign(def)) {
		tree rhs = gimple_assign_rhs1(def);

		if (TREE_CODE(rhs) == COMPONENT_REF)
			return TREE_OPERAND(rhs, 1);
		if (TREE_CODE(rhs) == VAR_DECL)
			return rhs;
	}
	if (gcall *call = dyn_cast<gcall *>(def))
		return gimple_call_fndecl(call);
	return NULL_TREE;
}

/* A parameter the function's nonnull attribute covers. */
static bool nonnull_parm_p(tree parm)
{
	tree fndecl = DECL_CONTEXT(parm);
	tree attrs = TYPE_ATTRIBUTES(TREE_TYPE(fndecl));
	unsigned int n = 1;

	for (tree p = DECL_ARGUMENTS(fndecl); p && p != parm; p = DECL_CHAIN(p))
		n++;
	for (tree a = lookup_attribute("nonnull", attrs); a;
	     a = lookup_attribute("nonnull", TREE_CHAIN(a))) {
		if (!TREE_VALUE(a))
			return true;
		for (tree arg = TREE_VALUE(a); arg; arg = TREE_CHAIN(arg))
			if (tree_to_uhwi(TREE_VALUE(arg)) == n)
				return true;
	}
	return false;
}

enum nullness { MAY_BE_NULL, NEVER_NULL, CHECK_NULLABLE };

static enum nullness pointer_nullness(tree root)
{
	tree decl;
	struct mend_annotation ann;
	enum nullness result = MAY_BE_NULL;

	if (TREE_CODE(root) != SSA_NAME)
		return NEVER_NULL;	/* &object, a constant address */
	decl = annotated_decl_of(root);
	if (decl && mend_get_annotation(decl, &ann)) {
		if (ann.nonnull || ann.trusted)
			result = NEVER_NULL;
		else if (ann.nullable)
			result = CHECK_NULLABLE;
		mend_free_annotation(&ann);
		if (result != MAY_BE_NULL)
			return result;
	}
	if (SSA_NAME_IS_DEFAULT_DEF(root) && SSA_NAME_VAR(root) &&
	    TREE_CODE(SSA_NAME_VAR(root)) == PARM_DECL &&
	    nonnull_parm_p(SSA_NAME_VAR(root)))
		return NEVER_NULL;
	if (gcall *call = dyn_cast<gcall *>(SSA_NAME_DEF_STMT(root))) {
		tree fntype = gimple_call_fntype(call);

		if (fntype && lookup_attribute("returns_nonnull",
					       TYPE_ATTRIBUTES(fntype)))
			return NEVER_NULL;
		if (gimple_call_fndecl(call) &&
		    lookup_attribute("returns_nonnull",
				     DECL_ATTRIBUTES(gimple_call_fndecl(call))))
			return NEVER_NULL;
	}
	return MAY_BE_NULL;
}

/*
 * Is BB reached only through a test that proves PTR is not NULL
 * ("if (p)", "if (p != NULL)", "if (!p) return")?
 */
static bool dominated_by_nonnull_test(basic_block bb, tree ptr)
{
	for (basic_block b = bb; b; b = get_immediate_dominator(CDI_DOMINATORS, b)) {
		edge e = single_pred_p(b) ? single_pred_edge(b) : NULL;
		gcond *cond;

		if (!e)
			continue;
		cond = safe_dyn_cast<gcond *>(last_stmt(e->src));
		if (!cond || gimple_cond_lhs(cond) != ptr ||
		    !integer_zerop(gimple_cond_rhs(cond)))
			continue;
		if ((gimple_cond_code(cond) == NE_EXPR && (e->flags & EDGE_TRUE_VALUE)) ||
		    (gimple_cond_code(cond) == EQ_EXPR && (e->flags & EDGE_FALSE_VALUE)))
			return true;
	}
	return false;
}

/* "'d'", "'peer'", for messages: the variable or field a pointer is. */
static char *pointer_description(tree ptr)
{
	tree var = TREE_CODE(ptr) == SSA_NAME ? SSA_NAME_VAR(ptr) : NULL_TREE;
	gimple *def;

	if (var && DECL_NAME(var))
		return xasprintf("'%s'", IDENTIFIER_POINTER(DECL_NAME(var)));
	def = TREE_CODE(ptr) == SSA_NAME ? SSA_NAME_DEF_STMT(ptr) : NULL;
	if (def && gimple_assign_single_p(def)) {
		tree rhs = gimple_assign_rhs1(def);

		if (TREE_CODE(rhs) == COMPONENT_REF &&
		    DECL_NAME(TREE_OPERAND(rhs, 1)))
			return xasprintf("'%s'", IDENTIFIER_POINTER(
				DECL_NAME(TREE_OPERAND(rhs, 1))));
		if (DECL_P(rhs) && DECL_NAME(rhs))
			return xasprintf("'%s'",
					 IDENTIFIER_POINTER(DECL_NAME(rhs)));
	}
	if (def && is_gimple_call(def) && gimple_call_fndecl(def))
		return xasprintf("the result of '%s'",
				 fn_name(gimple_call_fndecl(def)));
	return xstrdup("a pointer");
}

/* Collecting. */

static struct check *new_check(struct check_walk *walk, enum check_kind kind,
			       gimple *stmt, tree ref, bool is_write)
{
	struct check *c = XCNEW(struct check);

	c->kind = kind;
	c->stmt = stmt;
	/* The access expression's own column, where the front end kept it. */
	c->loc = ref && EXPR_HAS_LOCATION(ref) ? EXPR_LOCATION(ref) :
		 gimple_location(stmt);
	c->is_write = is_write;
	c->declared_at = xstrdup("");
	c->annotation = xstrdup("");
	walk->checks.safe_push(c);
	return c;
}

static void free_check(struct check *c)
{
	free(c->what);
	free(c->annotation);
	free(c->declared_at);
	free(c);
}

/* Take over an origin's strings and bounds. */
static void adopt_origin(struct check *c, struct origin *o)
{
	c->base = o->base;
	c->limit = o->limit;
	c->limit_reads_memory = o->limit_reads_memory;
	free(c->annotation);
	free(c->declared_at);
	c->what = o->what;
	c->annotation = o->annotation;
	c->declared_at = o->declared_at;
	o->what = o->annotation = o->declared_at = NULL;
}

static bool want(unsigned int family)
{
	return mend_options.checks & family;
}

/* The name a message gives an array: the variable or the field. */
static const char *array_name(tree array)
{
	tree decl = TREE_CODE(array) == COMPONENT_REF ? TREE_OPERAND(array, 1) :
		    array;

	if (DECL_P(decl) && DECL_NAME(decl))
		return IDENTIFIER_POINTER(DECL_NAME(decl));
	return "array";
}

/* Index checks for the arrays REF indexes into. */
static void collect_index_checks(struct check_walk *walk, gimple *stmt,
				 tree ref, bool is_write)
{
	for (tree t = ref; handled_component_p(t); t = TREE_OPERAND(t, 0)) {
		tree array, domain, max, low;
		struct check *c;

		if (TREE_CODE(t) != ARRAY_REF)
			continue;
		array = TREE_OPERAND(t, 0);
		domain = TYPE_DOMAIN(TREE_TYPE(array));
		low = array_ref_low_bound(t);
		max = domain ? TYPE_MAX_VALUE(domain) : NULL_TREE;
		if (max && TREE_CODE(max) == INTEGER_CST &&
		    TREE_CODE(low) == INTEGER_CST &&
		    !(TREE_CODE(array) == COMPONENT_REF &&
		      array_at_struct_end_p(t))) {
			c = new_check(walk, CHECK_INDEX, stmt, t, is_write);
			c->index = fold_build2(MINUS_EXPR, sizetype,
					       size_of(TREE_OPERAND(t, 1)),
					       size_of(low));
			c->max = fold_build2(MINUS_EXPR, sizetype, size_of(max),
					     size_of(low));
			c->access_size = tree_to_uhwi(array_ref_element_size(t));
			c->elem_size = c->access_size;
			free(c->annotation);
			free(c->declared_at);
			c->annotation = xasprintf("%s",
				print_generic_expr_to_str(TREE_TYPE(array)));
			c->declared_at = location_text(
				DECL_P(array) ? DECL_SOURCE_LOCATION(array) :
				TREE_CODE(array) == COMPONENT_REF ?
				DECL_SOURCE_LOCATION(TREE_OPERAND(array, 1)) :
				UNKNOWN_LOCATION);
			c->what = xasprintf("'%s' (%s)", array_name(array),
					    c->annotation);
			continue;
		}
		/* A flexible array member with a count (__counted_by). */
		if (TREE_CODE(array) == COMPONENT_REF) {
			struct origin o;
			tree esize = array_ref_element_size(t);

			if (TREE_CODE(esize) != INTEGER_CST ||
			    !annotated_origin(walk->fun, TREE_OPERAND(array, 1),
					      build_fold_addr_expr(array),
					      TREE_OPERAND(array, 0), NULL, &o))
				continue;
			c = new_check(walk, CHECK_INDEX, stmt, t, is_write);
			c->index = size_of(TREE_OPERAND(t, 1));
			c->max = fold_build2(MINUS_EXPR, sizetype,
					     fold_build2(TRUNC_DIV_EXPR, sizetype,
							 o.limit, esize),
					     size_one_node);
			c->limit_reads_memory = true;
			c->access_size = tree_to_uhwi(esize);
			c->elem_size = c->access_size;
			o.base = NULL_TREE;
			adopt_origin(c, &o);
		}
	}
}

/* The checks one load or store REF needs. */
static void collect_access(struct check_walk *walk, gimple *stmt, tree ref,
			   bool is_write)
{
	poly_int64 bitsize, bitpos;
	tree var_offset = NULL_TREE, inner, ptr, offset;
	machine_mode mode;
	int unsignedp, reversep, volatilep = 0;
	HOST_WIDE_INT bits, pos;
	struct origin o;

	if (want(MEND_CHECKS_BOUNDS))
		collect_index_checks(walk, stmt, ref, is_write);

	inner = get_inner_reference(ref, &bitsize, &bitpos, &var_offset, &mode,
				    &unsignedp, &reversep, &volatilep);
	if (TREE_CODE(inner) != MEM_REF ||
	    TREE_CODE(TREE_OPERAND(inner, 0)) != SSA_NAME)
		return;
	ptr = TREE_OPERAND(inner, 0);
	/* Per-CPU and other non-generic address spaces are not plain memory. */
	if (!ADDR_SPACE_GENERIC_P(TYPE_ADDR_SPACE(TREE_TYPE(TREE_TYPE(ptr)))))
		return;

	if (want(MEND_CHECKS_NULL)) {
		tree root = null_root(ptr);
		enum nullness n = pointer_nullness(root);

		if (n == CHECK_NULLABLE ||
		    (n == MAY_BE_NULL && mend_options.null_unannotated)) {
			struct check *c = new_check(walk, CHECK_NULL, stmt, ref,
						    is_write);

			c->pointer = root;
			c->access_size = bitsize.is_constant(&bits) ?
					 (bits + BITS_PER_UNIT - 1) / BITS_PER_UNIT : 0;
			c->what = pointer_description(root);
		}
	}

	if (!want(MEND_CHECKS_BOUNDS) || !bitsize.is_constant(&bits) ||
	    !bitpos.is_constant(&pos) || bits <= 0)
		return;
	offset = size_zero_node;
	if (!find_origin(walk->fun, ptr, &offset, &o, 0))
		return;

	struct check *c = new_check(walk, CHECK_BOUNDS, stmt, ref, is_write);

	if (offset) {
		offset = fold_build2(PLUS_EXPR, sizetype, offset,
				     size_of(TREE_OPERAND(inner, 1)));
		if (o.shift)
			offset = fold_build2(PLUS_EXPR, sizetype, offset, o.shift);
	} else {
		/* Only the run time knows how far the pointer has moved. */
		offset = fold_build2(MINUS_EXPR, sizetype,
				     fold_convert(sizetype, ptr),
				     fold_convert(sizetype, o.base));
		offset = fold_build2(PLUS_EXPR, sizetype, offset,
				     size_of(TREE_OPERAND(inner, 1)));
	}
	offset = fold_build2(PLUS_EXPR, sizetype, offset,
			     size_int(pos / BITS_PER_UNIT));
	if (var_offset)
		offset = fold_build2(PLUS_EXPR, sizetype, offset,
				     size_of(var_offset));
	c->offset = offset;
	c->access_size = (bits + (pos % BITS_PER_UNIT) + BITS_PER_UNIT - 1) /
			 BITS_PER_UNIT;
	c->elem_size = o.elem_size ? o.elem_size : c->access_size;
	/* A nullterm pointer's reads may reach the NUL after its count. */
	if (o.nullterm && !is_write)
		o.limit = fold_build2(PLUS_EXPR, sizetype, o.limit,
				      size_int(c->elem_size));
	adopt_origin(c, &o);
}

/*
 * A pointer argument that must address at least LENGTH bytes: checked
 * against the pointer's origin when it has one.
 */
static void collect_range(struct check_walk *walk, gcall *call, tree ptr,
			  tree length, bool is_write)
{
	struct origin o;
	tree offset = size_zero_node;

	if (!POINTER_TYPE_P(TREE_TYPE(ptr)) && TREE_CODE(ptr) != ADDR_EXPR)
		return;
	if (!find_origin(walk->fun, ptr, &offset, &o, 0))
		return;

	struct check *c = new_check(walk, CHECK_RANGE, call, NULL_TREE,
					    is_write);

	if (!offset)
		offset = fold_build2(MINUS_EXPR, sizetype,
				     fold_convert(sizetype, ptr),
				     fold_convert(sizetype, o.base));
	else if (o.shift)
		offset = fold_build2(PLUS_EXPR, sizetype, offset, o.shift);
	c->offset = offset;
	c->length = size_of(length);
	c->access_size = 1;
	c->elem_size = 1;
	if (o.nullterm && !is_write)
		o.limit = fold_build2(PLUS_EXPR, sizetype, o.limit,
				      size_int(o.elem_size ? o.elem_size : 1));
	adopt_origin(c, &o);
}

/* Is parameter N (0-based) of FNTYPE a pointer to const? */
static bool const_pointee_param(tree fntype, unsigned int n)
{
	tree args = TYPE_ARG_TYPES(fntype);

	for (; args && n; args = TREE_CHAIN(args), n--)
		;
	return args && POINTER_TYPE_P(TREE_VALUE(args)) &&
	       TYPE_READONLY(TREE_TYPE(TREE_VALUE(args)));
}

/* The argument ranges of a call: builtins, then annotated parameters. */
static void collect_call(struct check_walk *walk, gcall *call)
{
	tree callee = gimple_call_fndecl(call);
	unsigned int nargs = gimple_call_num_args(call);

	if (!want(MEND_CHECKS_BOUNDS) || !callee)
		return;
	if (fndecl_built_in_p(callee, BUILT_IN_NORMAL)) {
		switch (DECL_FUNCTION_CODE(callee)) {
		case BUILT_IN_MEMCPY:
		case BUILT_IN_MEMMOVE:
		case BUILT_IN_MEMCPY_CHK:
		case BUILT_IN_MEMMOVE_CHK:
			collect_range(walk, call, gimple_call_arg(call, 0),
				      gimple_call_arg(call, 2), true);
			collect_range(walk, call, gimple_call_arg(call, 1),
				      gimple_call_arg(call, 2), false);
			return;
		case BUILT_IN_MEMSET:
		case BUILT_IN_MEMSET_CHK:
		case BUILT_IN_STRNCPY:
		case BUILT_IN_STRNCPY_CHK:
			collect_range(walk, call, gimple_call_arg(call, 0),
				      gimple_call_arg(call, 2), true);
			return;
		case BUILT_IN_STRCPY:
		case BUILT_IN_STRCPY_CHK: {
			tree len = build_call_expr(
				builtin_decl_explicit(BUILT_IN_STRLEN), 1,
				gimple_call_arg(call, 1));

			collect_range(walk, call, gimple_call_arg(call, 0),
				      fold_build2(PLUS_EXPR, sizetype,
						  size_of(len), size_one_node),
				      true);
			return;
		}
		default:
			return;
		}
	}

	/* Parameters with a count: the caller must pass that much. */
	unsigned int n = 0;

	for (tree p = DECL_ARGUMENTS(callee); p && n < nargs;
	     p = DECL_CHAIN(p), n++) {
		struct mend_annotation ann;
		struct count_scope scope = { walk->fun, p, NULL_TREE, call,
					     false, false };
		struct mend_count_context ctx = { count_name_value, &scope };
		tree count;
		unsigned HOST_WIDE_INT esize;

		if (!POINTER_TYPE_P(TREE_TYPE(p)) ||
		    !mend_get_annotation(p, &ann))
			continue;
		count = ann.count && !ann.trusted ?
			mend_build_count(ann.count, &ctx) : NULL_TREE;
		mend_free_annotation(&ann);
		if (!count || scope.failed)
			continue;
		esize = pointee_size(TREE_TYPE(p));
		collect_range(walk, call, gimple_call_arg(call, n),
			      fold_build2(MULT_EXPR, sizetype, count,
					  size_int(esize ? esize : 1)),
			      !const_pointee_param(TREE_TYPE(callee), n));
	}
}

static bool memory_ref_p(tree t)
{
	return t && !is_gimple_reg(t) && !is_gimple_min_invariant(t) &&
	       (handled_component_p(t) || TREE_CODE(t) == MEM_REF);
}

static void collect_stmt(struct check_walk *walk, gimple *stmt)
{
	if (gimple_assign_single_p(stmt)) {
		tree lhs = gimple_assign_lhs(stmt);
		tree rhs = gimple_assign_rhs1(stmt);

		if (memory_ref_p(rhs))
			collect_access(walk, stmt, rhs, false);
		if (memory_ref_p(lhs))
			collect_access(walk, stmt, lhs, true);
	} else if (gcall *call = dyn_cast<gcall *>(stmt)) {
		for (unsigned int i = 0; i < gimple_call_num_args(call); i++)
			if (memory_ref_p(gimple_call_arg(call, i)))
				collect_access(walk, stmt,
					       gimple_call_arg(call, i), false);
		if (memory_ref_p(gimple_call_lhs(call)))
			collect_access(walk, stmt, gimple_call_lhs(call), true);
		collect_call(walk, call);
	} else if (greturn *ret = dyn_cast<greturn *>(stmt)) {
		if (memory_ref_p(gimple_return_retval(ret)))
			collect_access(walk, stmt, gimple_return_retval(ret),
				       false);
	}
}

/* Deciding. */

static bool same_limit_memory(const struct check *a, const struct check *b)
{
	return !a->limit_reads_memory ||
	       gimple_vuse(a->stmt) == gimple_vuse(b->stmt);
}

/*
 * Do A and B compute the same value? Equal operands, or SSA names whose
 * definitions apply the same arithmetic to the same values: before any
 * value numbering, "s[i]" twice computes "(long) i * 4" twice.
 */
static bool same_value(tree a, tree b, int depth = 0)
{
	gimple *da, *db;

	if (!a || !b)
		return a == b;
	if (operand_equal_p(a, b, 0))
		return true;
	if (depth > 8)
		return false;
	if (TREE_CODE(a) == SSA_NAME && TREE_CODE(b) == SSA_NAME) {
		da = SSA_NAME_DEF_STMT(a);
		db = SSA_NAME_DEF_STMT(b);
		if (!is_gimple_assign(da) || !is_gimple_assign(db) ||
		    gimple_assign_rhs_code(da) != gimple_assign_rhs_code(db) ||
		    gimple_assign_load_p(da) || gimple_vuse(da) ||
		    !types_compatible_p(TREE_TYPE(a), TREE_TYPE(b)))
			return false;
		for (unsigned int i = 1; i < gimple_num_ops(da); i++)
			if (!same_value(gimple_op(da, i), gimple_op(db, i),
					depth + 1))
				return false;
		return true;
	}
	if (TREE_CODE(a) != TREE_CODE(b) || !EXPR_P(a) ||
	    TREE_CODE_LENGTH(TREE_CODE(a)) != TREE_CODE_LENGTH(TREE_CODE(b)) ||
	    !types_compatible_p(TREE_TYPE(a), TREE_TYPE(b)))
		return false;
	for (int i = 0; i < TREE_CODE_LENGTH(TREE_CODE(a)); i++)
		if (!same_value(TREE_OPERAND(a, i), TREE_OPERAND(b, i), depth + 1))
			return false;
	return true;
}

/* Does the kept check A make B redundant when A dominates B? */
static bool covers(const struct check *a, const struct check *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case CHECK_NULL:
		return same_value(a->pointer, b->pointer);
	case CHECK_INDEX:
		return same_value(a->index, b->index) &&
		       same_value(a->max, b->max) &&
		       same_limit_memory(a, b);
	case CHECK_BOUNDS:
		return a->access_size >= b->access_size &&
		       same_value(a->base, b->base) &&
		       same_value(a->offset, b->offset) &&
		       same_value(a->limit, b->limit) &&
		       same_limit_memory(a, b);
	case CHECK_RANGE:
		return same_value(a->base, b->base) &&
		       same_value(a->offset, b->offset) &&
		       same_value(a->length, b->length) &&
		       same_value(a->limit, b->limit) &&
		       same_limit_memory(a, b);
	}
	return false;
}

/* Does statement A come before B (both in one block, or A dominating)? */
static bool stmt_dominates(gimple *a, gimple *b)
{
	basic_block ba = gimple_bb(a), bb = gimple_bb(b);

	if (ba != bb)
		return dominated_by_p(CDI_DOMINATORS, bb, ba);
	if (a == b)
		return true;
	return gimple_uid(a) < gimple_uid(b);
}

/*
 * The compile-time verdict of C: true with *VIOLATION set when its
 * operands are constants.
 */
static bool decided_at_compile_time(const struct check *c, bool *violation,
				    unsigned HOST_WIDE_INT *value)
{
	switch (c->kind) {
	case CHECK_INDEX:
		if (TREE_CODE(c->index) != INTEGER_CST ||
		    TREE_CODE(c->max) != INTEGER_CST)
			return false;
		*value = tree_to_uhwi(c->index);
		*violation = tree_int_cst_lt(c->max, c->index);
		return true;
	case CHECK_BOUNDS:
		if (!c->offset || TREE_CODE(c->offset) != INTEGER_CST ||
		    TREE_CODE(c->limit) != INTEGER_CST)
			return false;
		*value = tree_to_uhwi(c->offset);
		*violation = wi::gtu_p(wi::to_wide(c->offset) + c->access_size,
				       wi::to_wide(c->limit)) ||
			     wi::ltu_p(wi::to_wide(c->offset) + c->access_size,
				       wi::to_wide(c->offset));
		return true;
	case CHECK_RANGE:
		if (!c->offset || TREE_CODE(c->offset) != INTEGER_CST ||
		    TREE_CODE(c->limit) != INTEGER_CST ||
		    TREE_CODE(c->length) != INTEGER_CST)
			return false;
		*value = tree_to_uhwi(c->length);
		*violation = wi::gtu_p(wi::to_wide(c->offset) +
				       wi::to_wide(c->length),
				       wi::to_wide(c->limit));
		return true;
	case CHECK_NULL:
		return false;
	}
	return false;
}

static void report_compile_time_violation(const struct check *c,
					  unsigned HOST_WIDE_INT value)
{
	const char *access = c->is_write ? "write" : "read";

	switch (c->kind) {
	case CHECK_INDEX:
		error_at(c->loc, "mend: index %wd is out of bounds of %s",
			 (HOST_WIDE_INT)value, c->what);
		break;
	case CHECK_BOUNDS:
		error_at(c->loc, "mend: %s of size %wu at index %wd is out of "
			 "bounds of %s (%wu bytes)", access, c->access_size,
			 (HOST_WIDE_INT)value / (HOST_WIDE_INT)c->elem_size,
			 c->what, tree_to_uhwi(c->limit));
		break;
	case CHECK_RANGE:
		error_at(c->loc, "mend: %s of %wu bytes exceeds %s (%wu bytes "
			 "from offset %wu)", access, value, c->what,
			 tree_to_uhwi(c->limit), tree_to_uhwi(c->offset));
		break;
	case CHECK_NULL:
		break;
	}
}

/* The SSA names and decls C's operands read. */
static tree check_operand_walker(tree *tp, int *walk_subtrees, void *data)
{
	class loop *loop = (class loop *)data;

	if (TREE_CODE(*tp) == SSA_NAME) {
		gimple *def = SSA_NAME_DEF_STMT(*tp);
		basic_block bb = gimple_bb(def);

		if (bb && flow_bb_inside_loop_p(loop, bb))
			return *tp;
		*walk_subtrees = 0;
	} else if (TYPE_P(*tp)) {
		*walk_subtrees = 0;
	}
	return NULL_TREE;
}

static bool invariant_in(tree t, class loop *loop)
{
	return !t || !walk_tree_without_duplicates(&t, check_operand_walker, loop);
}

/* Does the loop contain a statement that writes memory or may not return? */
static bool loop_writes_or_calls(class loop *loop)
{
	basic_block *bbs = get_loop_body(loop);
	bool found = false;

	for (unsigned int i = 0; i < loop->num_nodes && !found; i++)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bbs[i]);
		     !gsi_end_p(gsi) && !found; gsi_next(&gsi))
			found = gimple_vdef(gsi_stmt(gsi)) ||
				is_gimple_call(gsi_stmt(gsi));
	free(bbs);
	return found;
}

/*
 * The outermost loop C can leave: its operands do not change in the loop
 * and it runs whenever the loop is entered (its block dominates every
 * exit), so checking once before the loop checks the same thing.
 */
static class loop *hoist_target(const struct check *c)
{
	class loop *best = NULL;
	basic_block bb = gimple_bb(c->stmt);

	for (class loop *loop = bb->loop_father; loop && loop_outer(loop);
	     loop = loop_outer(loop)) {
		bool ok = loop_preheader_edge(loop) != NULL;
		auto_vec<edge> exits = get_loop_exit_edges(loop);
		edge e;
		unsigned int i;

		FOR_EACH_VEC_ELT(exits, i, e)
			if (!dominated_by_p(CDI_DOMINATORS, e->src, bb))
				ok = false;
		if (exits.is_empty())
			ok = false;
		ok = ok && invariant_in(c->base, loop) &&
		     invariant_in(c->offset, loop) && invariant_in(c->limit, loop) &&
		     invariant_in(c->index, loop) && invariant_in(c->max, loop) &&
		     invariant_in(c->length, loop) && invariant_in(c->pointer, loop);
		if (ok && (c->limit_reads_memory || c->kind == CHECK_RANGE))
			ok = !loop_writes_or_calls(loop);
		if (!ok)
			break;
		best = loop;
	}
	return best;
}

static void log_decision(const struct check *c)
{
	char *at = location_text(c->loc);

	if (dump_file) {
		fprintf(dump_file, "%s %s check at %s: ", verdict_names[c->verdict],
			check_kind_names[c->kind], at);
		switch (c->kind) {
		case CHECK_NULL:
			fprintf(dump_file, "%s of size "
				HOST_WIDE_INT_PRINT_UNSIGNED " through %s",
				c->is_write ? "write" : "read", c->access_size,
				c->what);
			break;
		case CHECK_RANGE:
			fprintf(dump_file, "%s of a call into %s",
				c->is_write ? "write" : "read", c->what);
			break;
		default:
			fprintf(dump_file, "%s of size "
				HOST_WIDE_INT_PRINT_UNSIGNED " in %s",
				c->is_write ? "write" : "read", c->access_size,
				c->what);
			break;
		}
		if (c->verdict == VERDICT_DROP) {
			char *by = location_text(c->reason->loc);

			fprintf(dump_file, " (dominated by the check at %s)", by);
			free(by);
		} else if (c->verdict == VERDICT_HOIST) {
			char *loop_at = location_text(
				gimple_location(last_stmt(c->hoist_loop->header)));

			fprintf(dump_file, " (out of the loop at %s)", loop_at);
			free(loop_at);
		}
		fprintf(dump_file, "\n");
	}
	free(at);
}

/*
 * Blocks numbered in a pre-order walk of the dominator tree: a check can
 * only be covered by one that comes earlier in this order.
 */
static void number_in_dominator_order(basic_block bb, int *next)
{
	bb->aux = (void *)(intptr_t)(*next)++;
	for (basic_block son = first_dom_son(CDI_DOMINATORS, bb); son;
	     son = next_dom_son(CDI_DOMINATORS, son))
		number_in_dominator_order(son, next);
}

static int compare_by_position(const void *pa, const void *pb)
{
	const struct check *a = *(const struct check *const *)pa;
	const struct check *b = *(const struct check *const *)pb;
	intptr_t ia = (intptr_t)gimple_bb(a->stmt)->aux;
	intptr_t ib = (intptr_t)gimple_bb(b->stmt)->aux;

	if (ia != ib)
		return ia < ib ? -1 : 1;
	if (gimple_uid(a->stmt) != gimple_uid(b->stmt))
		return gimple_uid(a->stmt) < gimple_uid(b->stmt) ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void decide(struct check_walk *walk)
{
	auto_vec<struct check *> kept;
	struct check *c;
	unsigned int i;
	int next = 0;

	number_in_dominator_order(ENTRY_BLOCK_PTR_FOR_FN(walk->fun), &next);
	walk->checks.qsort(compare_by_position);
	clear_aux_for_blocks();
	FOR_EACH_VEC_ELT(walk->checks, i, c) {
		bool violation = false;
		unsigned HOST_WIDE_INT value = 0;
		struct check *k;
		unsigned int j;

		c->verdict = VERDICT_KEEP;
		if (decided_at_compile_time(c, &violation, &value)) {
			if (violation)
				report_compile_time_violation(c, value);
			c->verdict = VERDICT_PROVEN;
		} else if (c->kind == CHECK_NULL &&
			   dominated_by_nonnull_test(gimple_bb(c->stmt),
						     c->pointer)) {
			c->verdict = VERDICT_PROVEN;
		} else {
			FOR_EACH_VEC_ELT(kept, j, k) {
				if (covers(k, c) &&
				    stmt_dominates(k->stmt, c->stmt)) {
					c->verdict = VERDICT_DROP;
					c->reason = k;
					break;
				}
			}
		}
		if (c->verdict == VERDICT_KEEP) {
			c->hoist_loop = hoist_target(c);
			if (c->hoist_loop)
				c->verdict = VERDICT_HOIST;
			kept.safe_push(c);
		}
		switch (c->verdict) {
		case VERDICT_KEEP:
		case VERDICT_HOIST:
			walk->inserted++;
			break;
		case VERDICT_DROP:
			walk->elided++;
			break;
		case VERDICT_PROVEN:
			walk->proven++;
			break;
		}
		log_decision(c);
	}
}

/* Lowering. */

/* The tree of "C fails", over GENERIC operands. */
static tree failure_condition(const struct check *c)
{
	tree size, bad;

	switch (c->kind) {
	case CHECK_NULL:
		return fold_build2(EQ_EXPR, boolean_type_node, c->pointer,
				   build_int_cst(TREE_TYPE(c->pointer), 0));
	case CHECK_INDEX:
		return fold_build2(GT_EXPR, boolean_type_node, c->index, c->max);
	case CHECK_BOUNDS:
	case CHECK_RANGE:
		size = c->kind == CHECK_RANGE ? c->length :
		       size_int(c->access_size);
		/* offset + size > limit, without wrapping around */
		bad = fold_build2(GT_EXPR, boolean_type_node, c->offset, c->limit);
		return fold_build2(TRUTH_ORIF_EXPR, boolean_type_node, bad,
				   fold_build2(LT_EXPR, boolean_type_node,
					       fold_build2(MINUS_EXPR, sizetype,
							   c->limit, c->offset),
					       size));
	}
	return boolean_false_node;
}

/* EXPR as a GIMPLE operand, its statements appended to *SEQ. */
static tree gimple_operand(tree expr, gimple_seq *seq)
{
	gimple_seq stmts = NULL;
	tree value = force_gimple_operand(unshare_expr(expr), &stmts, true,
					  NULL_TREE);

	gimple_seq_add_seq(seq, stmts);
	return value;
}

/* What the runtime gets as value and bound when C fails. */
static void failure_values(const struct check *c, tree *value, tree *bound)
{
	tree esize = size_int(c->elem_size ? c->elem_size : 1);

	switch (c->kind) {
	case CHECK_NULL:
		*value = *bound = size_zero_node;
		return;
	case CHECK_INDEX:
		*value = c->index;
		*bound = fold_build2(PLUS_EXPR, sizetype, c->max, size_one_node);
		return;
	case CHECK_BOUNDS:
		*value = fold_convert(sizetype,
			fold_build2(TRUNC_DIV_EXPR, ssizetype,
				    fold_convert(ssizetype, c->offset),
				    fold_convert(ssizetype, esize)));
		*bound = fold_build2(TRUNC_DIV_EXPR, sizetype, c->limit, esize);
		return;
	case CHECK_RANGE:
		*value = c->length;
		*bound = fold_build2(MINUS_EXPR, sizetype,
				     fold_build2(MAX_EXPR, sizetype, c->limit,
						 c->offset), c->offset);
		return;
	}
}

static unsigned int site_kind(const struct check *c)
{
	return c->kind == CHECK_NULL ? MEND_SITE_KIND_NULL_DEREF :
	       MEND_SITE_KIND_OUT_OF_BOUNDS;
}

/*
 * Is C at the line flip-check names, in the file being compiled (not a
 * header it includes)?
 */
static bool flipped_p(const struct check *c)
{
	expanded_location x;

	if (!mend_options.flip_file)
		return false;
	x = expand_location(c->loc);
	return x.file && x.line == mend_options.flip_line &&
	       !filename_cmp(x.file, main_input_filename) &&
	       !filename_cmp(lbasename(x.file), mend_options.flip_file);
}

static void log_flip(const struct check *c)
{
	char *at = location_text(c->loc);

	inform(c->loc, "mend: %s check flipped on purpose (%<flip-check=%s%>): "
	       "it fails when the access is correct", check_kind_names[c->kind],
	       mend_options.flip_check);
	if (dump_file)
		fprintf(dump_file, "flip %s check at %s: fails when the access "
			"is correct\n", check_kind_names[c->kind], at);
	free(at);
	unit_flipped++;
}

/*
 * Insert C's test on the edge or before the statement GSI points to:
 * "if (failed) runtime(site, value, bound);" with the call in a cold block;
 * with FLIP "if (!failed)".
 */
static void lower_check(function *fun, const struct check *c, bool flip)
{
	gimple_stmt_iterator gsi;
	gimple_seq seq = NULL;
	basic_block bb, fail_bb;
	edge cont, fail;
	tree bad, value, bound, site, rt;
	gcall *call;
	gcond *cond;
	bool noreturn = !mend_options.report_only;

	if (c->verdict == VERDICT_HOIST) {
		edge pre = loop_preheader_edge(c->hoist_loop);

		bb = split_edge(pre);
		gsi = gsi_last_bb(bb);
	} else {
		gsi = gsi_for_stmt(c->stmt);
		bb = gimple_bb(c->stmt);
	}

	bad = failure_condition(c);
	if (flip)
		bad = fold_build1(TRUTH_NOT_EXPR, boolean_type_node, bad);
	bad = gimple_operand(bad, &seq);
	cond = gimple_build_cond(NE_EXPR, bad, boolean_false_node, NULL_TREE,
				 NULL_TREE);
	gimple_set_location(cond, c->loc);
	gimple_seq_add_stmt(&seq, cond);
	if (c->verdict == VERDICT_HOIST)
		gsi_insert_seq_after(&gsi, seq, GSI_NEW_STMT);
	else
		gsi_insert_seq_before(&gsi, seq, GSI_SAME_STMT);

	cont = split_block(bb, cond);
	cont->flags = EDGE_FALSE_VALUE;
	cont->probability = profile_probability::always();
	fail_bb = create_empty_bb(bb);
	fail_bb->count = profile_count::zero();
	/* A failure that does not return leaves every loop. */
	if (current_loops)
		add_bb_to_loop(fail_bb, noreturn ? current_loops->tree_root :
						   bb->loop_father);
	fail = make_edge(bb, fail_bb, EDGE_TRUE_VALUE);
	fail->probability = profile_probability::never();
	if (!noreturn) {
		edge back = make_edge(fail_bb, cont->dest, EDGE_FALLTHRU);

		back->probability = profile_probability::always();
	}

	failure_values(c, &value, &bound);
	seq = NULL;
	value = gimple_operand(fold_convert(long_unsigned_type_node, value),
			       &seq);
	bound = gimple_operand(fold_convert(long_unsigned_type_node, bound),
			       &seq);
	site = mend_build_site(c->loc, fn_name(fun->decl), site_kind(c),
			       c->is_write, c->kind == CHECK_RANGE,
			       c->access_size, c->elem_size, c->annotation,
			       c->declared_at);
	rt = mend_runtime_decl(noreturn);
	call = gimple_build_call(rt, 3, site, value, bound);
	gimple_set_location(call, c->loc);
	gimple_seq_add_stmt(&seq, call);
	if (noreturn)
		gimple_seq_add_stmt(&seq, gimple_build_call(
			builtin_decl_explicit(BUILT_IN_TRAP), 0));
	gsi = gsi_start_bb(fail_bb);
	gsi_insert_seq_after(&gsi, seq, GSI_NEW_STMT);
}

/* The pass. */

static bool instrumented_p(function *fun)
{
	struct mend_annotation ann;
	tree fndecl = fun->decl;
	bool trusted = false;

	if (!mend_options.checks || !mend_driver_code_p(fndecl))
		return false;
	if (lookup_attribute("no_instrument_function", DECL_ATTRIBUTES(fndecl)))
		return false;
	if (mend_get_annotation(fndecl, &ann)) {
		trusted = ann.trusted;
		mend_free_annotation(&ann);
	}
	return !trusted;
}

static unsigned int checks_execute(function *fun)
{
	struct check_walk walk = { fun, vNULL, 0, 0, 0 };
	basic_block bb;
	struct check *c;
	unsigned int i, uid = 0, todo = 0;
	bool lowered = false;
	char *line;

	if (!instrumented_p(fun)) {
		if (dump_file)
			fprintf(dump_file, "mend: '%s' is not instrumented "
				"(not driver code, trusted or checks=none)\n",
				fn_name(fun->decl));
		return 0;
	}

	calculate_dominance_info(CDI_DOMINATORS);
	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi);
		     gsi_next(&gsi))
			gimple_set_uid(gsi_stmt(gsi), uid++);
	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi);
		     gsi_next(&gsi))
			collect_stmt(&walk, gsi_stmt(gsi));

	if (!walk.checks.is_empty()) {
		loop_optimizer_init(LOOPS_NORMAL);
		calculate_dominance_info(CDI_DOMINATORS);
		decide(&walk);
		FOR_EACH_VEC_ELT(walk.checks, i, c) {
			bool flip;

			if (c->verdict != VERDICT_KEEP && c->verdict != VERDICT_HOIST)
				continue;
			flip = flipped_p(c);
			if (flip)
				log_flip(c);
			lower_check(fun, c, flip);
			lowered = true;
		}
		loop_optimizer_finalize();
	}

	line = xasprintf("mend: function '%s': checks inserted %u, elided %u, "
			 "proven safe %u", fn_name(fun->decl), walk.inserted,
			 walk.elided, walk.proven);
	if (mend_options.verbose)
		inform(DECL_SOURCE_LOCATION(fun->decl), "%s", line);
	if (dump_file)
		fprintf(dump_file, "%s\n", line);
	free(line);
	unit_inserted += walk.inserted;
	unit_elided += walk.elided;
	unit_proven += walk.proven;
	unit_functions++;

	FOR_EACH_VEC_ELT(walk.checks, i, c)
		free_check(c);
	walk.checks.release();
	free_dominance_info(CDI_DOMINATORS);
	if (lowered) {
		mark_virtual_operands_for_renaming(fun);
		todo = TODO_update_ssa | TODO_cleanup_cfg;
	}
	return todo;
}

static void finish_unit(void *, void *)
{
	if (mend_options.flip_file && !unit_flipped && !seen_error() &&
	    !filename_cmp(lbasename(main_input_filename),
			  mend_options.flip_file))
		error_at(UNKNOWN_LOCATION, "mend: %<flip-check=%s%>: no check is "
			 "inserted at line %d of %s (%<-fplugin-arg-mend-dump%> "
			 "lists the checks)", mend_options.flip_check,
			 mend_options.flip_line, mend_options.flip_file);
	if (mend_options.verbose && !seen_error())
		inform(UNKNOWN_LOCATION, "mend: %s: checks inserted %u, elided %u, "
		       "proven safe %u in %u functions",
		       lbasename(main_input_filename), unit_inserted,
		       unit_elided, unit_proven, unit_functions);
}

void mend_register_checks(const char *plugin_name)
{
	mend_register_early_pass(plugin_name, "mend-checks", checks_execute);
	register_callback(plugin_name, PLUGIN_FINISH_UNIT, finish_unit, NULL);
}
