/*
 * annotations.cc - the mend_* attributes behind annotations/mend.h: their
 * registration, their checks at compile time and the lookup the checks
 * pass uses.
 *
 *   mend_count("expr")       the pointer addresses expr elements
 *   mend_bound("lo", "hi")   the pointer points into [lo, hi)
 *   mend_single              count(1)
 *   mend_nullterm            readable up to a NUL past the count
 *   mend_nullable            may be NULL: checked before every use
 *   mend_nonnull             never NULL: no NULL check
 *   mend_trusted             no checks (on a function: none in its body)
 *
 * Counts arrive as strings (mend.h stringifies them after macro expansion)
 * because GCC would parse identifier arguments as expressions, where the
 * sibling fields a count names are not in scope. A count is read with the
 * small grammar below and its names resolved where the annotation sits:
 *
 *   expr := term (('+' | '-') term)*      term := unary (('*' | '/' | '%') unary)*
 *   unary := '-' unary | '(' expr ')' | NUMBER | NAME
 *
 *   on a struct field   sibling fields, then file-scope constants and globals
 *   on a parameter      the other parameters, then file scope
 *   on a function       (its return value) the parameters, then file scope
 *   on a variable       locals and parameters in scope, then file scope
 *
 * Misuse is an error at the annotated declaration's file:line:col:
 *
 *   struct s { int n __elems(4); };
 *   s.c:1:18: error: mend: 'count' annotates pointers, but 'n' has type 'int'
 *
 *   struct s { char *buf __elems(lenn); int len; };
 *   s.c:1:19: error: mend: 'count(lenn)' of 'buf': 'lenn' is not a field of
 *   'struct s' nor a constant
 *
 * Fields are checked when their struct is complete (PLUGIN_FINISH_TYPE),
 * parameters and return values when the function's body is parsed
 * (PLUGIN_FINISH_PARSE_FUNCTION), variables when declared
 * (PLUGIN_FINISH_DECL). Side files (sidefile.cc) add the same attributes to
 * the declarations they name before these checks run, so a side-file
 * annotation is checked, and later honoured, exactly like one in the source.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

/* Expressions of counts and bounds. */

enum mend_expr_kind { EXPR_NUMBER, EXPR_NAME, EXPR_NEGATE, EXPR_BINARY };

struct mend_expr {
	enum mend_expr_kind kind;
	char op;			/* EXPR_BINARY: + - * / % */
	unsigned HOST_WIDE_INT number;
	char *name;
	struct mend_expr *left, *right;
};

struct expr_parser {
	const char *text;
	const char *pos;
	char *error;
};

static void free_expr(struct mend_expr *e)
{
	if (!e)
		return;
	free_expr(e->left);
	free_expr(e->right);
	free(e->name);
	free(e);
}

static struct mend_expr *new_expr(enum mend_expr_kind kind)
{
	struct mend_expr *e = XCNEW(struct mend_expr);

	e->kind = kind;
	return e;
}

static void skip_space(struct expr_parser *p)
{
	while (ISSPACE(*p->pos))
		p->pos++;
}

static struct mend_expr *parse_sum(struct expr_parser *p);

static struct mend_expr *parse_unary(struct expr_parser *p)
{
	struct mend_expr *e;

	skip_space(p);
	if (*p->pos == '-') {
		p->pos++;
		e = new_expr(EXPR_NEGATE);
		e->left = parse_unary(p);
		return e->left ? e : (free_expr(e), (struct mend_expr *)NULL);
	}
	if (*p->pos == '(') {
		p->pos++;
		e = parse_sum(p);
		skip_space(p);
		if (e && *p->pos != ')') {
			p->error = xasprintf("expected ')' at '%s'", p->pos);
			free_expr(e);
			return NULL;
		}
		p->pos++;
		return e;
	}
	if (ISDIGIT(*p->pos)) {
		char *end;

		e = new_expr(EXPR_NUMBER);
		e->number = strtoull(p->pos, &end, 0);
		p->pos = end;
		while (*p->pos == 'u' || *p->pos == 'U' || *p->pos == 'l' ||
		       *p->pos == 'L')
			p->pos++;
		return e;
	}
	if (ISIDST(*p->pos)) {
		const char *start = p->pos;

		while (ISIDNUM(*p->pos))
			p->pos++;
		if (p->pos - start == 6 && !strncmp(start, "sizeof", 6)) {
			p->error = xstrdup("'sizeof' is not supported; "
					   "count in elements of the pointer's type");
			return NULL;
		}
		e = new_expr(EXPR_NAME);
		e->name = xstrndup(start, p->pos - start);
		return e;
	}
	p->error = *p->pos ? xasprintf("unexpected '%s'", p->pos)
			   : xstrdup("the expression ends early");
	return NULL;
}

static struct mend_expr *parse_binary(struct expr_parser *p, const char *ops,
				      struct mend_expr *(*operand)(struct expr_parser *))
{
	struct mend_expr *left = operand(p);

	while (left) {
		struct mend_expr *e;
		char op;

		skip_space(p);
		op = *p->pos;
		if (!op || !strchr(ops, op))
			return left;
		p->pos++;
		e = new_expr(EXPR_BINARY);
		e->op = op;
		e->left = left;
		e->right = operand(p);
		if (!e->right) {
			free_expr(e);
			return NULL;
		}
		left = e;
	}
	return NULL;
}

static struct mend_expr *parse_product(struct expr_parser *p)
{
	return parse_binary(p, "*/%", parse_unary);
}

static struct mend_expr *parse_sum(struct expr_parser *p)
{
	return parse_binary(p, "+-", parse_product);
}

/* The expression TEXT, or NULL with *ERROR set (caller frees it). */
static struct mend_expr *parse_expr(const char *text, char **error)
{
	struct expr_parser p = { text, text, NULL };
	struct mend_expr *e = parse_sum(&p);

	if (e) {
		skip_space(&p);
		if (*p.pos) {
			p.error = xasprintf("unexpected '%s'", p.pos);
			free_expr(e);
			e = NULL;
		}
	}
	*error = p.error;
	return e;
}

/* Annotations of a declaration. */

/* 'count' for "mend_count": how users know the annotation. */
static const char *user_name(const char *attribute)
{
	return attribute + strlen("mend_");
}

static const char *string_arg(tree args, int n)
{
	for (; n && args; n--)
		args = TREE_CHAIN(args);
	if (!args || TREE_CODE(TREE_VALUE(args)) != STRING_CST)
		return NULL;
	return TREE_STRING_POINTER(TREE_VALUE(args));
}

bool mend_get_annotation(tree decl, struct mend_annotation *ann)
{
	tree attrs, a;

	memset(ann, 0, sizeof(*ann));
	if (!decl || !DECL_P(decl))
		return false;
	attrs = DECL_ATTRIBUTES(decl);
	if (!attrs)
		return false;
	for (a = attrs; a; a = TREE_CHAIN(a)) {
		tree name = get_attribute_name(a);
		const char *n = IDENTIFIER_POINTER(name);

		if (strncmp(n, "mend_", 5))
			continue;
		ann->present = true;
		if (!ann->loc)
			ann->loc = DECL_SOURCE_LOCATION(decl);
		if (!strcmp(n, "mend_count")) {
			ann->count = string_arg(TREE_VALUE(a), 0);
		} else if (!strcmp(n, "mend_bound")) {
			ann->lo = string_arg(TREE_VALUE(a), 0);
			ann->hi = string_arg(TREE_VALUE(a), 1);
		} else if (!strcmp(n, "mend_single")) {
			ann->count = "1";
			ann->single = true;
		} else if (!strcmp(n, "mend_nullterm")) {
			ann->nullterm = true;
		} else if (!strcmp(n, "mend_nullable")) {
			ann->nullable = true;
		} else if (!strcmp(n, "mend_nonnull")) {
			ann->nonnull = true;
		} else if (!strcmp(n, "mend_trusted")) {
			ann->trusted = true;
		}
	}
	if (!ann->present)
		return false;
	ann->decl = decl;
	/* The form a report shows: "count(len) nullterm", "single". */
	ann->text = xstrdup("");
	if (ann->single)
		ann->text = reconcat(ann->text, ann->text, "single", NULL);
	else if (ann->count)
		ann->text = reconcat(ann->text, ann->text, "count(", ann->count,
				     ")", NULL);
	if (ann->lo)
		ann->text = reconcat(ann->text, ann->text, "bound(", ann->lo,
				     ", ", ann->hi, ")", NULL);
	if (ann->nullterm)
		ann->text = reconcat(ann->text, ann->text,
				     *ann->text ? " " : "", "nullterm", NULL);
	if (ann->nullable)
		ann->text = reconcat(ann->text, ann->text,
				     *ann->text ? " " : "", "nullable", NULL);
	if (ann->nonnull)
		ann->text = reconcat(ann->text, ann->text,
				     *ann->text ? " " : "", "nonnull", NULL);
	if (ann->trusted)
		ann->text = reconcat(ann->text, ann->text,
				     *ann->text ? " " : "", "trusted", NULL);
	return true;
}

void mend_free_annotation(struct mend_annotation *ann)
{
	free(ann->text);
	ann->text = NULL;
}

/* Resolving the names of a count. */

/* NAME among the fields of RECORD, looking into anonymous members. */
static tree find_field(tree record, tree name)
{
	for (tree f = TYPE_FIELDS(record); f; f = DECL_CHAIN(f)) {
		if (TREE_CODE(f) != FIELD_DECL)
			continue;
		if (DECL_NAME(f) == name)
			return f;
		if (!DECL_NAME(f) && RECORD_OR_UNION_TYPE_P(TREE_TYPE(f))) {
			tree inner = find_field(TREE_TYPE(f), name);

			if (inner)
				return inner;
		}
	}
	return NULL_TREE;
}

static tree find_parm(tree fndecl, tree name)
{
	for (tree p = DECL_ARGUMENTS(fndecl); p; p = DECL_CHAIN(p))
		if (DECL_NAME(p) == name)
			return p;
	return NULL_TREE;
}

/* A file-scope variable or enumerator called NAME. */
static tree find_file_scope(tree name)
{
	tree decl = identifier_global_value(name);

	if (decl && (TREE_CODE(decl) == VAR_DECL ||
		     TREE_CODE(decl) == CONST_DECL))
		return decl;
	return NULL_TREE;
}

static tree find_local(struct function *fun, tree name)
{
	unsigned int i;
	tree var;

	if (!fun)
		return NULL_TREE;
	FOR_EACH_LOCAL_DECL(fun, i, var)
		if (DECL_NAME(var) == name)
			return var;
	return NULL_TREE;
}

/*
 * The declaration a name in the count of ANNOTATED stands for, or NULL.
 * SCOPE_FN is the function whose locals are in scope (variables only).
 */
tree mend_resolve_name(tree annotated, const char *text,
		       struct function *scope_fn)
{
	tree name = get_identifier(text);
	tree decl = NULL_TREE;

	switch (TREE_CODE(annotated)) {
	case FIELD_DECL:
		decl = find_field(DECL_CONTEXT(annotated), name);
		break;
	case PARM_DECL:
		if (DECL_CONTEXT(annotated))
			decl = find_parm(DECL_CONTEXT(annotated), name);
		break;
	case FUNCTION_DECL:
		decl = find_parm(annotated, name);
		break;
	case VAR_DECL:
		if (DECL_CONTEXT(annotated) &&
		    TREE_CODE(DECL_CONTEXT(annotated)) == FUNCTION_DECL) {
			decl = find_local(scope_fn, name);
			if (!decl)
				decl = find_parm(DECL_CONTEXT(annotated), name);
		}
		break;
	default:
		break;
	}
	if (!decl)
		decl = find_file_scope(name);
	return decl;
}

/* Building the value of a count. */

static tree build_expr(const struct mend_expr *e,
		       const struct mend_count_context *ctx)
{
	tree left, right;
	enum tree_code code;

	switch (e->kind) {
	case EXPR_NUMBER:
		return build_int_cst(sizetype, e->number);
	case EXPR_NAME:
		left = ctx->value_of(ctx, e->name);
		return left ? fold_convert(sizetype, left) : NULL_TREE;
	case EXPR_NEGATE:
		left = build_expr(e->left, ctx);
		return left ? fold_build1(NEGATE_EXPR, sizetype, left) : NULL_TREE;
	case EXPR_BINARY:
		left = build_expr(e->left, ctx);
		right = build_expr(e->right, ctx);
		if (!left || !right)
			return NULL_TREE;
		switch (e->op) {
		case '+': code = PLUS_EXPR; break;
		case '-': code = MINUS_EXPR; break;
		case '*': code = MULT_EXPR; break;
		case '/': code = TRUNC_DIV_EXPR; break;
		default: code = TRUNC_MOD_EXPR; break;
		}
		return fold_build2(code, sizetype, left, right);
	}
	return NULL_TREE;
}

tree mend_build_count(const char *text, const struct mend_count_context *ctx)
{
	char *error = NULL;
	struct mend_expr *e = parse_expr(text, &error);
	tree value;

	free(error);
	if (!e)
		return NULL_TREE;
	value = build_expr(e, ctx);
	free_expr(e);
	return value;
}

/* Checking annotations where they are declared. */

static const char *decl_kind_name(tree decl)
{
	switch (TREE_CODE(decl)) {
	case FIELD_DECL: return "field";
	case PARM_DECL: return "parameter";
	case FUNCTION_DECL: return "function";
	default: return "variable";
	}
}

/* What "'lenn' is not ..." says for a name that did not resolve. */
static const char *scope_description(tree annotated)
{
	switch (TREE_CODE(annotated)) {
	case FIELD_DECL:
		return "a field of the same struct";
	case PARM_DECL:
	case FUNCTION_DECL:
		return "a parameter of the function";
	default:
		return "a variable in scope";
	}
}

/*
 * Every name in E must be an integer field, parameter, variable or
 * constant; report the first that is not. LOOKUP finds a name's decl.
 */
static bool check_expr_names(const struct mend_expr *e, tree annotated,
			     const char *what,
			     tree (*lookup)(tree, const char *))
{
	tree decl;

	if (!e)
		return true;
	if (e->kind != EXPR_NAME)
		return check_expr_names(e->left, annotated, what, lookup) &&
		       check_expr_names(e->right, annotated, what, lookup);
	decl = lookup(annotated, e->name);
	if (!decl) {
		error_at(DECL_SOURCE_LOCATION(annotated),
			 "mend: %qs of %qD: %qs is not %s nor a constant",
			 what, annotated, e->name, scope_description(annotated));
		return false;
	}
	if (!INTEGRAL_TYPE_P(TREE_TYPE(decl))) {
		error_at(DECL_SOURCE_LOCATION(annotated),
			 "mend: %qs of %qD: %qs has type %qT; a count must be "
			 "an integer", what, annotated, e->name, TREE_TYPE(decl));
		return false;
	}
	return true;
}

/* Pointer-valued names in a bound(lo, hi) are what it is made of. */
static bool check_bound_name(tree annotated, const char *text,
			     const char *what,
			     tree (*lookup)(tree, const char *))
{
	tree decl = lookup(annotated, text);

	if (!decl) {
		error_at(DECL_SOURCE_LOCATION(annotated),
			 "mend: %qs of %qD: %qs is not %s", what, annotated,
			 text, scope_description(annotated));
		return false;
	}
	if (!POINTER_TYPE_P(TREE_TYPE(decl))) {
		error_at(DECL_SOURCE_LOCATION(annotated),
			 "mend: %qs of %qD: %qs has type %qT; a bound must be "
			 "a pointer", what, annotated, text, TREE_TYPE(decl));
		return false;
	}
	return true;
}

static tree lookup_at_declaration(tree annotated, const char *text)
{
	if (TREE_CODE(annotated) == VAR_DECL) {
		/* Variables are checked where declared: C's own scope. */
		tree decl = lookup_name(get_identifier(text));

		if (decl && (TREE_CODE(decl) == VAR_DECL ||
			     TREE_CODE(decl) == PARM_DECL ||
			     TREE_CODE(decl) == CONST_DECL))
			return decl;
		return NULL_TREE;
	}
	return mend_resolve_name(annotated, text, NULL);
}

/* The type an annotation constrains: the return type for a function. */
static tree annotated_type(tree decl)
{
	if (TREE_CODE(decl) == FUNCTION_DECL)
		return TREE_TYPE(TREE_TYPE(decl));
	return TREE_TYPE(decl);
}

/* A flexible array member: __counted_by's target. */
static bool flexible_array_p(tree decl)
{
	tree type = TREE_TYPE(decl);

	return TREE_CODE(decl) == FIELD_DECL && TREE_CODE(type) == ARRAY_TYPE &&
	       (!TYPE_DOMAIN(type) || !TYPE_MAX_VALUE(TYPE_DOMAIN(type)));
}

static void check_annotation(tree decl)
{
	struct mend_annotation ann;
	tree type;

	if (!mend_get_annotation(decl, &ann))
		return;
	type = annotated_type(decl);
	if ((ann.count || ann.lo || ann.nullterm || ann.nullable || ann.nonnull) &&
	    !POINTER_TYPE_P(type) && !(ann.count && flexible_array_p(decl))) {
		if (TREE_CODE(decl) == FUNCTION_DECL)
			error_at(ann.loc, "mend: %qs annotates the return value of "
				 "%qD, which is not a pointer but %qT", ann.text,
				 decl, type);
		else
			error_at(ann.loc, "mend: %qs annotates pointers, but %s "
				 "%qD has type %qT", ann.text, decl_kind_name(decl),
				 decl, type);
		mend_free_annotation(&ann);
		return;
	}
	if (ann.count) {
		char *error = NULL;
		struct mend_expr *e = parse_expr(ann.count, &error);

		if (!e) {
			error_at(ann.loc, "mend: cannot read %qs of %qD: %s",
				 ann.text, decl, error);
			free(error);
			mend_free_annotation(&ann);
			return;
		}
		check_expr_names(e, decl, ann.text, lookup_at_declaration);
		free_expr(e);
	}
	if (ann.lo &&
	    check_bound_name(decl, ann.lo, ann.text, lookup_at_declaration))
		check_bound_name(decl, ann.hi, ann.text, lookup_at_declaration);
	if (ann.nullable && ann.nonnull)
		error_at(ann.loc, "mend: %qD cannot be both %<nullable%> and %<nonnull%>",
			 decl);
	if (ann.count && ann.lo)
		error_at(ann.loc, "mend: %qD has both a count and a bound; "
			 "give one", decl);
	mend_free_annotation(&ann);
}

/* Attribute handlers: is the annotation on something it can apply to? */

static tree handle_mend_attribute(tree *node, tree name, tree args, int,
				  bool *no_add_attrs)
{
	const char *attribute = IDENTIFIER_POINTER(name);
	tree decl = *node;

	if (TYPE_P(decl)) {
		error("mend: %qs must follow the name it annotates, as in "
		      "%<char *buf __elems(len)%>, not a type",
		      user_name(attribute));
		*no_add_attrs = true;
		return NULL_TREE;
	}
	switch (TREE_CODE(decl)) {
	case FIELD_DECL:
	case PARM_DECL:
	case VAR_DECL:
	case FUNCTION_DECL:
		break;
	default:
		error_at(DECL_SOURCE_LOCATION(decl),
			 "mend: %qs cannot annotate %qD: it applies to struct "
			 "fields, parameters, variables and functions",
			 user_name(attribute), decl);
		*no_add_attrs = true;
		return NULL_TREE;
	}
	for (tree a = args; a; a = TREE_CHAIN(a)) {
		if (TREE_CODE(TREE_VALUE(a)) != STRING_CST) {
			error_at(DECL_SOURCE_LOCATION(decl),
				 "mend: %qs of %qD expects its expression as a "
				 "string; use the macros of %<mend.h%>",
				 user_name(attribute), decl);
			*no_add_attrs = true;
			return NULL_TREE;
		}
	}
	return NULL_TREE;
}

#define MEND_ATTRIBUTE(attr_name, nargs)				\
	{ attr_name, nargs, nargs, false, false, false, false,		\
	  handle_mend_attribute, NULL }

static struct attribute_spec mend_attributes[] = {
	MEND_ATTRIBUTE("mend_count", 1),
	MEND_ATTRIBUTE("mend_bound", 2),
	MEND_ATTRIBUTE("mend_single", 0),
	MEND_ATTRIBUTE("mend_nullterm", 0),
	MEND_ATTRIBUTE("mend_nullable", 0),
	MEND_ATTRIBUTE("mend_nonnull", 0),
	MEND_ATTRIBUTE("mend_trusted", 0),
};

static void register_attributes(void *, void *)
{
	for (struct attribute_spec &spec : mend_attributes)
		register_attribute(&spec);
}

/* Checking at the points where the names of a count are known. */

static void finish_type(void *gcc_data, void *)
{
	tree type = (tree)gcc_data;

	/* GCC finishes a struct again where a declaration names it. */
	static hash_set<int_hash<unsigned int, 0>> finished;

	if (!type || !RECORD_OR_UNION_TYPE_P(type) || !COMPLETE_TYPE_P(type))
		return;
	if (finished.add(TYPE_UID(TYPE_MAIN_VARIANT(type)) + 1))
		return;
	mend_apply_side_fields(type);
	for (tree f = TYPE_FIELDS(type); f; f = DECL_CHAIN(f))
		if (TREE_CODE(f) == FIELD_DECL)
			check_annotation(f);
}

static void finish_decl(void *gcc_data, void *)
{
	tree decl = (tree)gcc_data;

	if (!decl || TREE_CODE(decl) != VAR_DECL)
		return;
	mend_apply_side_global(decl);
	check_annotation(decl);
}

static void finish_parse_function(void *gcc_data, void *)
{
	tree fndecl = (tree)gcc_data;

	if (!fndecl || TREE_CODE(fndecl) != FUNCTION_DECL)
		return;
	mend_apply_side_function(fndecl);
	check_annotation(fndecl);
	for (tree p = DECL_ARGUMENTS(fndecl); p; p = DECL_CHAIN(p))
		check_annotation(p);
}

void mend_register_annotations(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_ATTRIBUTES, register_attributes,
			  NULL);
	register_callback(plugin_name, PLUGIN_FINISH_TYPE, finish_type, NULL);
	register_callback(plugin_name, PLUGIN_FINISH_DECL, finish_decl, NULL);
	register_callback(plugin_name, PLUGIN_FINISH_PARSE_FUNCTION,
			  finish_parse_function, NULL);
}
