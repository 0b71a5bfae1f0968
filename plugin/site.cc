/*
 * site.cc - the static descriptor of each check and the runtime functions
 * a failing check calls.
 *
 * Each kept check gets a read-only struct mend_site in .rodata, laid out
 * as runtime/mend_site.h declares it:
 *
 *   static const struct mend_site __mend_site.7 = {
 *           .file = "drv.c", .function = "fill", .annotation = "count(n)",
 *           .declared_at = "drv.h:12:9", .line = 40, .column = 13,
 *           .kind = 1, .flags = 1, .access_size = 4, .elem_size = 4,
 *   };
 *
 * and its cold block calls __mend_check_fail(&__mend_site.7, value, bound)
 * (never returns; a trap follows the call) or, with report-only,
 * __mend_check_report (returns). The runtime owns what happens next.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

static GTY(()) tree site_type;
static GTY(()) tree fail_decl;
static GTY(()) tree report_decl;
static GTY(()) tree inject_armed_var;	/* __mend_inject_armed */

static const struct ggc_root_tab site_roots[] = {
	{ &site_type, 1, sizeof(site_type), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &fail_decl, 1, sizeof(fail_decl), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &report_decl, 1, sizeof(report_decl), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &inject_armed_var, 1, sizeof(inject_armed_var), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

static tree add_field(tree record, tree *chain, const char *name, tree type)
{
	tree field = build_decl(UNKNOWN_LOCATION, FIELD_DECL,
				get_identifier(name), type);

	DECL_CONTEXT(field) = record;
	*chain = field;
	return field;
}

/* struct mend_site, field for field as in runtime/mend_site.h. */
static tree mend_site_type(void)
{
	static const char *const strings[] = {
		"file", "function", "annotation", "declared_at",
	};
	static const char *const numbers[] = {
		"line", "column", "kind", "flags", "access_size", "elem_size",
	};
	tree string_type = build_pointer_type(
		build_qualified_type(char_type_node, TYPE_QUAL_CONST));
	tree record, *chain;

	if (site_type)
		return site_type;
	record = make_node(RECORD_TYPE);
	chain = &TYPE_FIELDS(record);
	for (const char *name : strings)
		chain = &DECL_CHAIN(add_field(record, chain, name, string_type));
	for (const char *name : numbers)
		chain = &DECL_CHAIN(add_field(record, chain, name,
					      unsigned_type_node));
	TYPE_NAME(record) = get_identifier("mend_site");
	layout_type(record);
	site_type = record;
	return record;
}

static tree string_value(const char *text)
{
	return build_string_literal(strlen(text) + 1, text);
}

tree mend_build_site(location_t loc, const char *function, unsigned int kind,
		     bool is_write, bool is_range,
		     unsigned HOST_WIDE_INT access_size,
		     unsigned HOST_WIDE_INT elem_size, const char *annotation,
		     const char *declared_at)
{
	static unsigned int counter;
	tree type = mend_site_type();
	expanded_location x = expand_location(loc);
	vec<constructor_elt, va_gc> *values = NULL;
	tree field = TYPE_FIELDS(type);
	char name[32];
	unsigned int flags = (is_write ? MEND_SITE_FLAG_WRITE : 0) |
			     (is_range ? MEND_SITE_FLAG_RANGE : 0);
	const char *strings[] = {
		x.file ? lbasename(x.file) : "?", function, annotation,
		declared_at,
	};
	unsigned HOST_WIDE_INT numbers[] = {
		(unsigned HOST_WIDE_INT)x.line, (unsigned HOST_WIDE_INT)x.column,
		kind, flags, access_size, elem_size,
	};

	for (const char *s : strings) {
		CONSTRUCTOR_APPEND_ELT(values, field, string_value(s));
		field = DECL_CHAIN(field);
	}
	for (unsigned HOST_WIDE_INT n : numbers) {
		CONSTRUCTOR_APPEND_ELT(values, field,
				       build_int_cst(unsigned_type_node, n));
		field = DECL_CHAIN(field);
	}

	snprintf(name, sizeof(name), "__mend_site.%u", counter++);
	return mend_const_record(loc, name, type, values);
}

tree mend_const_record(location_t loc, const char *name, tree type,
		       vec<constructor_elt, va_gc> *values)
{
	tree var = build_decl(loc, VAR_DECL, get_identifier(name),
			      build_qualified_type(type, TYPE_QUAL_CONST));

	SET_DECL_ASSEMBLER_NAME(var, get_identifier(name));
	TREE_STATIC(var) = 1;
	TREE_READONLY(var) = 1;
	TREE_PUBLIC(var) = 0;
	TREE_ADDRESSABLE(var) = 1;
	DECL_ARTIFICIAL(var) = 1;
	DECL_IGNORED_P(var) = 1;
	DECL_INITIAL(var) = build_constructor(type, values);
	TREE_CONSTANT(DECL_INITIAL(var)) = 1;
	TREE_STATIC(DECL_INITIAL(var)) = 1;
	varpool_node::finalize_decl(var);
	return build_fold_addr_expr(var);
}

tree mend_extern_function(const char *name, tree type)
{
	tree decl = build_fn_decl(name, type);

	/* Not driver code (mend_driver_code_p): no source location. */
	DECL_SOURCE_LOCATION(decl) = UNKNOWN_LOCATION;
	TREE_PUBLIC(decl) = 1;
	DECL_EXTERNAL(decl) = 1;
	DECL_ARTIFICIAL(decl) = 1;
	TREE_NOTHROW(decl) = 1;
	DECL_ATTRIBUTES(decl) = tree_cons(get_identifier("cold"), NULL_TREE,
					  NULL_TREE);
	return decl;
}

tree mend_inject_armed_decl(void)
{
	if (inject_armed_var)
		return inject_armed_var;
	inject_armed_var = build_decl(UNKNOWN_LOCATION, VAR_DECL,
				      get_identifier("__mend_inject_armed"),
				      integer_type_node);
	TREE_PUBLIC(inject_armed_var) = 1;
	DECL_EXTERNAL(inject_armed_var) = 1;
	DECL_ARTIFICIAL(inject_armed_var) = 1;
	TREE_USED(inject_armed_var) = 1;
	return inject_armed_var;
}

/* void NAME(const struct mend_site *, unsigned long, unsigned long) */
static tree runtime_function(const char *name)
{
	tree type = build_function_type_list(void_type_node, const_ptr_type_node,
					     long_unsigned_type_node,
					     long_unsigned_type_node, NULL_TREE);
	tree decl = mend_extern_function(name, type);

	DECL_ATTRIBUTES(decl) = tree_cons(get_identifier("leaf"), NULL_TREE,
					  DECL_ATTRIBUTES(decl));
	return decl;
}

tree mend_runtime_decl(bool noreturn)
{
	if (noreturn) {
		/*
		 * Declared as returning, although it does not: checks.cc puts
		 * a trap after the call, because the kernel's objtool does not
		 * know this function and would take the end of the cold path
		 * for a fall-through into the next function.
		 */
		if (!fail_decl)
			fail_decl = runtime_function("__mend_check_fail");
		return fail_decl;
	}
	if (!report_decl)
		report_decl = runtime_function("__mend_check_report");
	return report_decl;
}

void mend_register_sites(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)site_roots);
}
