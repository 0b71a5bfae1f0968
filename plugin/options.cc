/*
 * options.cc - the -fplugin-arg-mend-<key>[=value] options.
 *
 * Keys:
 *   disable           register no pass; the object file is the same as
 *                     without mend (switch mend off in a build that always
 *                     passes -fplugin=mend.so)
 *   verbose           notes per function: checks inserted, elided and
 *                     proven safe, and the kernel API calls seen
 *   dump              write each mend pass's dump file next to the output
 *                     (<output>.<n>t.mend-checks, ...): every check with
 *                     its keep/drop decision
 *   checks=FAMILIES   all (default), none, bounds or null
 *   null=SCOPE        which pointers get NULL checks: all (default: also
 *                     unannotated pointers the compiler cannot prove
 *                     non-NULL) or annotated (only __nullable ones)
 *   report-only       a failed check reports and lets the access happen
 *                     (the default stops: exit 86 on the host, recovery in
 *                     the kernel)
 *   annotations=FILES side files annotating unmodified sources, separated
 *                     by ':' (see annotations/README.md); the key may be
 *                     given more than once (mend-config's kernel flags load
 *                     annotations/kernel.mend, a driver adds its own)
 *   recovery          instrument for recovery (kernel drivers): guard each
 *                     entry point the kernel can call, redirect calls to
 *                     described kernel API functions to their tracking
 *                     wrappers, emit the unit record (guards.cc,
 *                     redirect.cc); without it nothing of this happens
 *   api=FILES         kernel API descriptions, separated by ':'
 *                     (annotations/kernel-api.mend, see apidesc.cc); the
 *                     key may be given more than once
 *   inject            with recovery: a fault-injection point at the start
 *                     of every driver function (inject.cc); the runtime
 *                     arms one by name. Without recovery it is an error
 *   inject=TYPES      software-fault-injection sites (sfi.cc), TYPES a
 *                     comma list of pointer, off-by-one, null-check, loop,
 *                     unlock, double-free, missing-free, retval, param,
 *                     init, or all (every one of them; "sfi" means the
 *                     same), and entry (the points of plain "inject",
 *                     which need recovery). Works with and without
 *                     recovery. Given once
 *   flip-check=FILE:LINE
 *                     for tests only: every check inserted at line LINE
 *                     of FILE (a base name, e.g. edu.c) is lowered with
 *                     its condition inverted, so it fails on a correct
 *                     access and the build behaves differently from the
 *                     plain one (the differential tests' proof that they
 *                     catch such a change). Each flip is a note at the
 *                     check and a "flip" line in the dump. A unit compiled
 *                     from another file ignores it (one flag can go to
 *                     every file of a module); in the unit of FILE, a line
 *                     where no check is inserted is an error. Given once
 *
 * A key that is not in option_keys[] is an error that lists the known keys;
 * so is a value given to a key that takes none, a missing value and a value
 * a key does not know: a misspelt option must not silently build an
 * uninstrumented driver. A key that takes one value may be given once.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

struct mend_options mend_options = {
	.disable = false,
	.verbose = false,
	.dump = false,
	.report_only = false,
	.null_unannotated = true,
	.checks = MEND_CHECKS_BOUNDS | MEND_CHECKS_NULL,
	.annotations = NULL,
	.recovery = false,
	.api = NULL,
	.inject = false,
	.sfi = 0,
	.flip_check = NULL,
	.flip_file = NULL,
	.flip_line = 0,
};

struct option_choice {
	const char *name;
	unsigned int value;
};

static const struct option_choice checks_choices[] = {
	{ "all", MEND_CHECKS_BOUNDS | MEND_CHECKS_NULL },
	{ "none", 0 },
	{ "bounds", MEND_CHECKS_BOUNDS },
	{ "null", MEND_CHECKS_NULL },
	{ NULL, 0 },
};

static const struct option_choice null_choices[] = {
	{ "all", true },
	{ "annotated", false },
	{ NULL, 0 },
};

enum option_kind {
	OPTION_FLAG,		/* no value; sets *flag */
	OPTION_CHOICE,		/* one of choices[]; sets *flag or *value */
	OPTION_STRING,		/* any non-empty value, once; sets *string */
	OPTION_LIST,		/* any non-empty value; appended with ':' */
	OPTION_INJECT,		/* inject or inject=TYPES (parse_inject) */
};

struct option_key {
	const char *name;
	enum option_kind kind;
	bool *flag;
	unsigned int *value;
	const char **string;
	const struct option_choice *choices;
	const char *help;
};

static const struct option_key option_keys[] = {
	{ "disable", OPTION_FLAG, &mend_options.disable, NULL, NULL, NULL,
	  "register no pass; compile as without mend" },
	{ "verbose", OPTION_FLAG, &mend_options.verbose, NULL, NULL, NULL,
	  "notes per function: checks inserted, elided, proven safe; API calls" },
	{ "dump", OPTION_FLAG, &mend_options.dump, NULL, NULL, NULL,
	  "write the dump file of each mend pass" },
	{ "checks", OPTION_CHOICE, NULL, &mend_options.checks, NULL,
	  checks_choices, "all, none, bounds or null (default all)" },
	{ "null", OPTION_CHOICE, &mend_options.null_unannotated, NULL, NULL,
	  null_choices, "NULL checks on all pointers or only annotated ones" },
	{ "report-only", OPTION_FLAG, &mend_options.report_only, NULL, NULL,
	  NULL, "a failed check reports and the access goes ahead" },
	{ "annotations", OPTION_LIST, NULL, NULL, &mend_options.annotations,
	  NULL, "side files of annotations, ':'-separated" },
	{ "recovery", OPTION_FLAG, &mend_options.recovery, NULL, NULL, NULL,
	  "guard entry points, redirect kernel API calls, record the unit" },
	{ "api", OPTION_LIST, NULL, NULL, &mend_options.api, NULL,
	  "kernel API descriptions, ':'-separated" },
	{ "inject", OPTION_INJECT, &mend_options.inject, NULL, NULL, NULL,
	  "alone, with recovery: a fault-injection point in every driver "
	  "function; =TYPES: software-fault-injection sites (all, or a comma "
	  "list of fault types)" },
	{ "flip-check", OPTION_STRING, NULL, NULL, &mend_options.flip_check,
	  NULL, "FILE:LINE: tests only, the checks at that line fail on a "
	  "correct access" },
};

static const struct option_key *find_option_key(const char *name)
{
	for (const struct option_key &key : option_keys)
		if (!strcmp(key.name, name))
			return &key;
	return NULL;
}

/* "disable, verbose, ...": the names of all known keys, for errors. */
static const char *known_key_names(void)
{
	static char *names;

	if (names)
		return names;
	names = xstrdup("");
	for (const struct option_key &key : option_keys)
		names = reconcat(names, names, *names ? ", " : "", key.name,
				 key.kind == OPTION_FLAG ? "" : "=", NULL);
	return names;
}

static char *choice_names(const struct option_choice *choices)
{
	char *names = xstrdup("");

	for (; choices->name; choices++)
		names = reconcat(names, names, *names ? ", " : "",
				 choices->name, NULL);
	return names;
}

/* "entry, all, sfi, pointer, off-by-one, ...": what inject= takes. */
static char *inject_type_names(void)
{
	char *names = xstrdup("all, sfi, entry");

	for (unsigned int t = 1; t < MEND_SFI_NTYPES; t++)
		names = reconcat(names, names, ", ", mend_sfi_type_name(t), NULL);
	return names;
}

/* inject (entry points) or inject=TYPES, once. */
static bool parse_inject(const char *plugin, const char *value)
{
	static bool given;
	char *list, *type, *save = NULL;
	bool ok = true;

	if (given) {
		error("mend: option %<-fplugin-arg-%s-inject%> given twice",
		      plugin);
		return false;
	}
	given = true;
	if (!value) {
		mend_options.inject = true;
		return true;
	}
	if (!*value) {
		error("mend: option %<-fplugin-arg-%s-inject=%> needs a list of "
		      "fault types; allowed: %s", plugin, inject_type_names());
		return false;
	}
	list = xstrdup(value);
	for (type = strtok_r(list, ",", &save); type;
	     type = strtok_r(NULL, ",", &save)) {
		unsigned int t;

		if (!strcmp(type, "all") || !strcmp(type, "sfi")) {
			mend_options.sfi |= ((1u << MEND_SFI_NTYPES) - 1) & ~1u;
			continue;
		}
		if (!strcmp(type, "entry")) {
			mend_options.inject = true;
			continue;
		}
		for (t = 1; t < MEND_SFI_NTYPES; t++)
			if (!strcmp(type, mend_sfi_type_name(t)))
				break;
		if (t < MEND_SFI_NTYPES) {
			mend_options.sfi |= 1u << t;
			continue;
		}
		error("mend: option %<-fplugin-arg-%s-inject%> does not know the "
		      "fault type %qs; allowed: %s", plugin, type,
		      inject_type_names());
		ok = false;
	}
	if (ok && (*value == ',' || value[strlen(value) - 1] == ',' ||
		   strstr(value, ",,"))) {
		error("mend: option %<-fplugin-arg-%s-inject%>: empty fault type "
		      "in %qs", plugin, value);
		ok = false;
	}
	free(list);
	return ok;
}

static bool set_option(const char *plugin, const struct option_key *key,
		       const char *value)
{
	if (key->kind == OPTION_INJECT)
		return parse_inject(plugin, value);
	if (key->kind == OPTION_FLAG) {
		if (value) {
			error("mend: option %<-fplugin-arg-%s-%s%> takes no "
			      "value, but was given %qs", plugin, key->name,
			      value);
			return false;
		}
		*key->flag = true;
		return true;
	}
	if (!value || !*value) {
		error("mend: option %<-fplugin-arg-%s-%s%> needs a value "
		      "(%<-fplugin-arg-%s-%s=...%>)", plugin, key->name,
		      plugin, key->name);
		return false;
	}
	if (key->kind == OPTION_STRING) {
		if (*key->string) {
			error("mend: option %<-fplugin-arg-%s-%s%> given twice "
			      "(%qs and %qs)", plugin, key->name, *key->string,
			      value);
			return false;
		}
		*key->string = value;
		return true;
	}
	if (key->kind == OPTION_LIST) {
		*key->string = *key->string ?
			       concat(*key->string, ":", value, NULL) : value;
		return true;
	}
	for (const struct option_choice *c = key->choices; c->name; c++) {
		if (strcmp(c->name, value))
			continue;
		if (key->flag)
			*key->flag = c->value;
		else
			*key->value = c->value;
		return true;
	}
	error("mend: option %<-fplugin-arg-%s-%s%> does not know %qs; "
	      "allowed: %s", plugin, key->name, value,
	      choice_names(key->choices));
	return false;
}

/*
 * flip-check=FILE:LINE into mend_options.flip_file and flip_line: FILE a
 * base name (no '/'), LINE a line number from 1.
 */
static bool parse_flip_check(const char *plugin)
{
	const char *value = mend_options.flip_check;
	const char *colon = strrchr(value, ':');
	char *end;
	long line;

	if (colon && colon != value && !memchr(value, '/', colon - value)) {
		errno = 0;
		line = strtol(colon + 1, &end, 10);
		if (ISDIGIT(colon[1]) && !*end && !errno && line > 0 &&
		    line <= INT_MAX) {
			mend_options.flip_file = xstrndup(value, colon - value);
			mend_options.flip_line = line;
			return true;
		}
	}
	error("mend: option %<-fplugin-arg-%s-flip-check%> wants FILE:LINE, the "
	      "base name of a source file and a line number (e.g. "
	      "%<drv.c:120%>), but was given %qs", plugin, value);
	return false;
}

bool mend_parse_options(const struct plugin_name_args *plugin_info)
{
	const char *plugin = plugin_info->base_name;
	bool ok = true;

	for (int i = 0; i < plugin_info->argc; i++) {
		const struct plugin_argument *arg = &plugin_info->argv[i];
		const struct option_key *key = find_option_key(arg->key);

		if (!key) {
			error("mend: unknown option %<-fplugin-arg-%s-%s%>; "
			      "known options: %s",
			      plugin, arg->key, known_key_names());
			ok = false;
			continue;
		}
		if (!set_option(plugin, key, arg->value))
			ok = false;
	}
	if (ok && mend_options.inject && !mend_options.recovery) {
		error("mend: option %<-fplugin-arg-%s-inject%> needs "
		      "%<-fplugin-arg-%s-recovery%> (without it, only "
		      "%<inject=TYPES%> with software-fault types)", plugin,
		      plugin);
		ok = false;
	}
	if (ok && mend_options.flip_check && !parse_flip_check(plugin))
		ok = false;
	return ok;
}

/* The text GCC prints for the plugin under "gcc --help -v". */
const char *mend_options_help(void)
{
	char *help = xstrdup("options -fplugin-arg-mend-<key>:");

	for (const struct option_key &key : option_keys)
		help = reconcat(help, help, "\n  ", key.name, ": ", key.help,
				NULL);
	return help;
}
