/*
 * sidefile.cc - annotations for sources nobody here may edit.
 *
 * -fplugin-arg-mend-annotations=FILE[:FILE...] reads side files that
 * annotate declarations by name, one per line; '#' starts a comment:
 *
 *   field   e1000_tx_ring.buffer_info   count(count)
 *   param   e1000_fill_ring.buf         count(len) nonnull
 *   return  e1000_get_desc              count(4)
 *   global  e1000_tables                count(E1000_MAX_NIC)
 *
 * The annotations are those of mend.h without the underscores: count(e),
 * bound(lo, hi), single, nullterm, nullable, nonnull, trusted. Before:
 *   struct e1000_tx_ring { struct e1000_tx_buffer *buffer_info; ... };
 * after, as far as mend is concerned:
 *   struct e1000_tx_ring { struct e1000_tx_buffer *buffer_info
 *                          __elems(count); ... };
 *
 * Each entry becomes the same mend_* attribute the macro would have made,
 * added to the declaration when GCC finishes it and before annotations.cc
 * checks it, so a side-file annotation is checked, reported and honoured
 * exactly like one written in the source. A malformed line is an error at
 * FILE:LINE; an entry for a struct or function the compile has, naming a
 * field or parameter it lacks, is an error at that struct or function.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

enum side_target { SIDE_FIELD, SIDE_PARAM, SIDE_RETURN, SIDE_GLOBAL };

struct side_entry {
	enum side_target target;
	char *owner;		/* struct tag or function; NULL for globals */
	char *name;		/* field, parameter or global */
	vec<std::pair<const char *, vec<char *>>> annotations;
	char *where;		/* "file:line" for messages */
};

static vec<struct side_entry *> side_entries;

static const char *const target_names[] = { "field", "param", "return",
					    "global" };

/* "count" -> "mend_count", with its number of string arguments. */
static const struct {
	const char *name;
	const char *attribute;
	int nargs;
} side_annotations[] = {
	{ "count", "mend_count", 1 },
	{ "bound", "mend_bound", 2 },
	{ "single", "mend_single", 0 },
	{ "nullterm", "mend_nullterm", 0 },
	{ "nullable", "mend_nullable", 0 },
	{ "nonnull", "mend_nonnull", 0 },
	{ "trusted", "mend_trusted", 0 },
};

static char *trim(char *s)
{
	char *end;

	while (ISSPACE(*s))
		s++;
	end = s + strlen(s);
	while (end > s && ISSPACE(end[-1]))
		*--end = 0;
	return s;
}

/*
 * Parse "count(len * 2) nullterm" into ENTRY. Arguments are split at
 * top-level commas. Returns an error message or NULL.
 */
static char *parse_annotations(char *text, struct side_entry *entry)
{
	char *p = text;

	while (*(p = trim(p))) {
		const char *attribute = NULL;
		int nargs = 0;
		size_t len = 0;
		vec<char *> args = vNULL;

		while (ISIDNUM(p[len]))
			len++;
		for (auto &a : side_annotations)
			if (strlen(a.name) == len && !strncmp(a.name, p, len)) {
				attribute = a.attribute;
				nargs = a.nargs;
			}
		if (!attribute)
			return xasprintf("unknown annotation '%.*s'; known: count, "
					 "bound, single, nullterm, nullable, "
					 "nonnull, trusted", (int)(len ? len : 1), p);
		p += len;
		if (nargs) {
			int depth = 0;
			char *start;

			if (*p != '(')
				return xasprintf("'%s' needs %d argument%s in "
						 "parentheses", attribute + 5,
						 nargs, nargs > 1 ? "s" : "");
			start = ++p;
			for (; *p && (depth || *p != ')'); p++) {
				if (*p == '(')
					depth++;
				else if (*p == ')')
					depth--;
				else if (*p == ',' && !depth) {
					*p = 0;
					args.safe_push(xstrdup(trim(start)));
					start = p + 1;
				}
			}
			if (*p != ')')
				return xasprintf("missing ')' after '%s('",
						 attribute + 5);
			*p++ = 0;
			args.safe_push(xstrdup(trim(start)));
			if ((int)args.length() != nargs)
				return xasprintf("'%s' takes %d argument%s, "
						 "got %u", attribute + 5, nargs,
						 nargs > 1 ? "s" : "",
						 args.length());
		}
		entry->annotations.safe_push(std::make_pair(attribute, args));
	}
	if (entry->annotations.is_empty())
		return xstrdup("no annotation given");
	return NULL;
}

static char *parse_line(char *line, struct side_entry *entry)
{
	char *target, *name, *dot;
	unsigned int t;

	target = strtok(line, " \t");
	name = strtok(NULL, " \t");
	if (!target || !name)
		return xstrdup("expected '<field|param|return|global> <name> "
			       "<annotations>'");
	for (t = 0; t < ARRAY_SIZE(target_names); t++)
		if (!strcmp(target, target_names[t]))
			break;
	if (t == ARRAY_SIZE(target_names))
		return xasprintf("unknown kind '%s'; allowed: field, param, "
				 "return, global", target);
	entry->target = (enum side_target)t;
	dot = strchr(name, '.');
	if ((entry->target == SIDE_FIELD || entry->target == SIDE_PARAM) != !!dot)
		return xasprintf("'%s %s': write %s", target, name,
				 dot ? "a plain name" :
				 entry->target == SIDE_FIELD ? "struct.field" :
				 "function.parameter");
	if (dot) {
		*dot = 0;
		entry->owner = xstrdup(name);
		entry->name = xstrdup(dot + 1);
	} else if (entry->target == SIDE_RETURN) {
		entry->owner = xstrdup(name);
		entry->name = xstrdup(name);
	} else {
		entry->name = xstrdup(name);
	}
	return parse_annotations(name + strlen(name) + 1 +
				 (dot ? strlen(dot + 1) + 1 : 0), entry);
}

static bool load_side_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	int lineno = 0;
	bool ok = true;

	if (!f) {
		error("mend: cannot read annotations file %qs: %m", path);
		return false;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *hash = strchr(buf, '#');
		char *line, *message;
		struct side_entry *entry;

		lineno++;
		if (hash)
			*hash = 0;
		line = trim(buf);
		if (!*line)
			continue;
		/* strtok ends the name at the first blank: keep the rest. */
		for (char *p = line; *p; p++)
			if (*p == '\t')
				*p = ' ';
		entry = XCNEW(struct side_entry);
		entry->where = xasprintf("%s:%d", path, lineno);
		{
			/* The blank after the name lets strtok end it. */
			char *copy = concat(line, " ", NULL);

			message = parse_line(copy, entry);
			free(copy);
		}
		if (message) {
			error("mend: %s: %s", entry->where, message);
			free(message);
			ok = false;
			continue;
		}
		side_entries.safe_push(entry);
	}
	fclose(f);
	return ok;
}

bool mend_load_side_files(const char *files)
{
	char *list, *path, *save = NULL;
	bool ok = true;

	if (!files)
		return true;
	list = xstrdup(files);
	for (path = strtok_r(list, ":", &save); path;
	     path = strtok_r(NULL, ":", &save))
		ok &= load_side_file(path);
	free(list);
	return ok;
}

/* Add ENTRY's annotations to DECL as the attributes mend.h would. */
static void annotate(tree decl, const struct side_entry *entry)
{
	for (auto &a : entry->annotations) {
		tree args = NULL_TREE;

		if (lookup_attribute(a.first, DECL_ATTRIBUTES(decl)))
			continue;
		for (int i = a.second.length() - 1; i >= 0; i--)
			args = tree_cons(NULL_TREE,
					 build_string(strlen(a.second[i]) + 1,
						      a.second[i]), args);
		DECL_ATTRIBUTES(decl) = tree_cons(get_identifier(a.first), args,
						  DECL_ATTRIBUTES(decl));
	}
}

static const char *record_tag(tree record)
{
	tree name = TYPE_NAME(record);

	if (name && TREE_CODE(name) == TYPE_DECL)
		name = DECL_NAME(name);
	return name ? IDENTIFIER_POINTER(name) : NULL;
}

void mend_apply_side_fields(tree record)
{
	const char *tag = record_tag(record);
	struct side_entry *entry;
	unsigned int i;

	if (!tag)
		return;
	FOR_EACH_VEC_ELT(side_entries, i, entry) {
		bool found = false;

		if (entry->target != SIDE_FIELD || strcmp(entry->owner, tag))
			continue;
		for (tree f = TYPE_FIELDS(record); f; f = DECL_CHAIN(f))
			if (TREE_CODE(f) == FIELD_DECL && DECL_NAME(f) &&
			    !strcmp(IDENTIFIER_POINTER(DECL_NAME(f)), entry->name)) {
				annotate(f, entry);
				found = true;
			}
		if (!found)
			error_at(TYPE_STUB_DECL(record) ?
				 DECL_SOURCE_LOCATION(TYPE_STUB_DECL(record)) :
				 input_location,
				 "mend: %s: %<struct %s%> has no field %qs",
				 entry->where, tag, entry->name);
	}
}

void mend_apply_side_global(tree var)
{
	struct side_entry *entry;
	unsigned int i;

	if (!DECL_NAME(var) || !DECL_FILE_SCOPE_P(var))
		return;
	FOR_EACH_VEC_ELT(side_entries, i, entry)
		if (entry->target == SIDE_GLOBAL &&
		    !strcmp(IDENTIFIER_POINTER(DECL_NAME(var)), entry->name))
			annotate(var, entry);
}

void mend_apply_side_function(tree fndecl)
{
	const char *name = IDENTIFIER_POINTER(DECL_NAME(fndecl));
	struct side_entry *entry;
	unsigned int i;

	FOR_EACH_VEC_ELT(side_entries, i, entry) {
		bool found = false;

		if (entry->target == SIDE_GLOBAL || entry->target == SIDE_FIELD ||
		    strcmp(entry->owner, name))
			continue;
		if (entry->target == SIDE_RETURN) {
			annotate(fndecl, entry);
			continue;
		}
		for (tree p = DECL_ARGUMENTS(fndecl); p; p = DECL_CHAIN(p))
			if (DECL_NAME(p) &&
			    !strcmp(IDENTIFIER_POINTER(DECL_NAME(p)), entry->name)) {
				annotate(p, entry);
				found = true;
			}
		if (!found)
			error_at(DECL_SOURCE_LOCATION(fndecl),
				 "mend: %s: %qD has no parameter %qs",
				 entry->where, fndecl, entry->name);
	}
}
