/*
 * apidesc.cc - the kernel API description: which calls the recovery
 * instrumentation redirects to tracking wrappers, and what each kind of
 * guarded entry point returns after a failure.
 *
 * -fplugin-arg-mend-api=FILE[:FILE...] (repeatable) reads description
 * files such as annotations/kernel-api.mend, one statement a line; '#'
 * starts a comment:
 *
 *   value EIO                  5
 *   api   kmalloc              acquire(return) undo(kfree)
 *   api   kfree                release(#1)
 *   entry default              safe(-EIO)
 *   entry pci_driver.probe     safe(-ENODEV)
 *   entry request_irq.#2       safe(IRQ_HANDLED)
 *
 * "api NAME EFFECT..." makes redirect.cc turn calls to NAME into calls to
 * __mend_wrap_NAME; the effects (acquire(return|#N), undo(NAME),
 * release(#N), lock(#N), unlock(#N), linked(#N), when(success),
 * wait(STATE), enqueue(#N), dequeue(#N), state(#N)) are the
 * wrapper's contract and are only checked for form here. "entry WHERE
 * safe(VALUE)" gives guards.cc the value a guarded entry returns after a
 * failure: WHERE is STRUCT.FIELD, FUNC.#N, module_init or default; VALUE is
 * an integer or a name from a "value" line, optionally negated.
 *
 * "fault CLASS NAME..." names the kernel API calls the software-fault
 * injector (sfi.cc) makes sites of: CLASS free (kfree-family: a double
 * free and a missing free), unlock (lock releases: a removed unlock) or
 * length (NAME.#N: argument N is a length, for an off-by-one), e.g.
 *
 *   fault free    kfree kvfree vfree
 *   fault unlock  spin_unlock mutex_unlock
 *   fault length  memcpy.#3 copy_from_user.#3
 *
 * Nothing is instrumented here. A malformed line, an unknown word, a second
 * description of the same api or entry and a VALUE naming no "value" line
 * are errors at FILE:LINE that say what is allowed.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

struct api_value {
	char *name;
	long value;
};

struct api_entry {
	char *where;		/* "file_operations.read", "default", ... */
	char *safe;		/* "-EIO", "1": resolved once all files are read */
	long value;
	char *at;		/* "FILE:LINE" for messages */
};

struct api_function {
	char *name;
	char *at;
};

static vec<struct api_value> api_values;
static vec<struct api_entry> api_entries;
static vec<struct api_function> api_functions;

struct api_fault {
	char *fault_class;	/* "free", "unlock", "length" */
	char *name;
	int argument;		/* length: N of NAME.#N; else 1 */
};

static vec<struct api_fault> api_faults;

static const char *const effect_names[] = {
	"acquire", "undo", "release", "lock", "unlock", "linked", "when",
	"wait", "enqueue", "dequeue", "state",
};

/* The task states a wait(STATE) effect names. */
static const char *const wait_states[] = {
	"uninterruptible", "interruptible", "killable", "idle", "current",
};

static bool identifier_p(const char *s)
{
	if (!ISIDST(*s))
		return false;
	while (ISIDNUM(*s))
		s++;
	return !*s;
}

/* "#N" with N >= 1. */
static bool argument_p(const char *s)
{
	if (*s++ != '#' || !ISDIGIT(*s) || *s == '0')
		return false;
	while (ISDIGIT(*s))
		s++;
	return !*s;
}

/* A decimal integer, optionally negative; false if TEXT is none. */
static bool parse_integer(const char *text, long *value)
{
	char *end;

	if (!*text || ISSPACE(*text))
		return false;
	errno = 0;
	*value = strtol(text, &end, 10);
	return !*end && !errno;
}

/*
 * Check one effect such as "acquire(return)" or "undo(kfree)". Returns an
 * error message or NULL.
 */
static char *check_effect(const char *effect)
{
	const char *open = strchr(effect, '(');
	size_t len = strlen(effect);
	char *name, *arg;
	char *message = NULL;
	unsigned int i;

	if (!open || effect[len - 1] != ')')
		return xasprintf("malformed effect '%s'; effects are "
				 "acquire(return|#N), undo(NAME), release(#N), "
				 "lock(#N), unlock(#N), linked(#N), "
				 "when(success), wait(STATE), enqueue(#N), "
				 "dequeue(#N), state(#N)", effect);
	name = xstrndup(effect, open - effect);
	arg = xstrndup(open + 1, effect + len - 1 - (open + 1));
	for (i = 0; i < ARRAY_SIZE(effect_names); i++)
		if (!strcmp(name, effect_names[i]))
			break;
	if (i == ARRAY_SIZE(effect_names))
		message = xasprintf("unknown effect '%s'; allowed: acquire, "
				    "undo, release, lock, unlock, linked, when, "
				    "wait, enqueue, dequeue, state", name);
	else if (!strcmp(name, "acquire")) {
		if (strcmp(arg, "return") && !argument_p(arg))
			message = xasprintf("acquire(%s): write acquire(return) "
					    "or acquire(#N)", arg);
	} else if (!strcmp(name, "undo")) {
		if (!identifier_p(arg))
			message = xasprintf("undo(%s): write undo(NAME), NAME "
					    "the releasing function", arg);
	} else if (!strcmp(name, "wait")) {
		for (i = 0; i < ARRAY_SIZE(wait_states); i++)
			if (!strcmp(arg, wait_states[i]))
				break;
		if (i == ARRAY_SIZE(wait_states) && !argument_p(arg))
			message = xasprintf("wait(%s): write wait(STATE), STATE "
					    "uninterruptible, interruptible, "
					    "killable, idle, current (the task's "
					    "state) or #N (an argument)", arg);
	} else if (!strcmp(name, "when")) {
		if (strcmp(arg, "success"))
			message = xasprintf("when(%s): the only condition is "
					    "when(success)", arg);
	} else if (!argument_p(arg)) {
		message = xasprintf("%s(%s): write %s(#N), N the 1-based "
				    "argument", name, arg, name);
	}
	free(name);
	free(arg);
	return message;
}

static char *parse_api(const char *at, char **words, unsigned int nwords)
{
	struct api_function *other;
	unsigned int i;

	if (nwords < 3)
		return xstrdup("expected 'api NAME EFFECT...'");
	if (!identifier_p(words[1]))
		return xasprintf("'%s' is not a function name", words[1]);
	for (i = 2; i < nwords; i++) {
		char *message = check_effect(words[i]);

		if (message)
			return message;
	}
	FOR_EACH_VEC_ELT(api_functions, i, other)
		if (!strcmp(other->name, words[1]))
			return xasprintf("api '%s' is already described at %s",
					 words[1], other->at);
	api_functions.safe_push({ xstrdup(words[1]), xstrdup(at) });
	return NULL;
}

/* STRUCT.FIELD, FUNC.#N, module_init or default. */
static bool entry_where_p(const char *where)
{
	const char *dot = strchr(where, '.');
	char *owner;
	bool ok;

	if (!dot)
		return !strcmp(where, "module_init") || !strcmp(where, "default");
	owner = xstrndup(where, dot - where);
	ok = identifier_p(owner) &&
	     (identifier_p(dot + 1) || argument_p(dot + 1));
	free(owner);
	return ok;
}

static char *parse_entry(const char *at, char **words, unsigned int nwords)
{
	const char *safe = nwords == 3 ? words[2] : "";
	size_t len = strlen(safe);
	struct api_entry *other;
	unsigned int i;

	if (nwords != 3 || strncmp(safe, "safe(", 5) || safe[len - 1] != ')' ||
	    len == 6)
		return xstrdup("expected 'entry WHERE safe(VALUE)'");
	if (!entry_where_p(words[1]))
		return xasprintf("unknown entry '%s'; WHERE is STRUCT.FIELD, "
				 "FUNC.#N, module_init or default", words[1]);
	FOR_EACH_VEC_ELT(api_entries, i, other)
		if (!strcmp(other->where, words[1]))
			return xasprintf("entry '%s' is already described at %s",
					 words[1], other->at);
	api_entries.safe_push({ xstrdup(words[1]), xstrndup(safe + 5, len - 6),
				0, xstrdup(at) });
	return NULL;
}

static char *parse_value(char **words, unsigned int nwords)
{
	long value;

	if (nwords != 3)
		return xstrdup("expected 'value NAME INTEGER'");
	if (!identifier_p(words[1]))
		return xasprintf("'%s' is not a name", words[1]);
	if (!parse_integer(words[2], &value))
		return xasprintf("'%s' is not an integer", words[2]);
	api_values.safe_push({ xstrdup(words[1]), value });
	return NULL;
}

static char *parse_fault(char **words, unsigned int nwords)
{
	static const char *const classes[] = { "free", "unlock", "length" };
	bool length;
	unsigned int i;

	if (nwords < 3)
		return xstrdup("expected 'fault CLASS NAME...'");
	for (i = 0; i < ARRAY_SIZE(classes); i++)
		if (!strcmp(words[1], classes[i]))
			break;
	if (i == ARRAY_SIZE(classes))
		return xasprintf("unknown fault class '%s'; allowed: free, "
				 "unlock, length", words[1]);
	length = !strcmp(words[1], "length");
	for (i = 2; i < nwords; i++) {
		char *dot = strchr(words[i], '.');
		char *name = dot ? xstrndup(words[i], dot - words[i]) :
				   xstrdup(words[i]);

		if (!identifier_p(name) || length != !!dot ||
		    (dot && !argument_p(dot + 1))) {
			free(name);
			return xasprintf(length ? "'%s': write NAME.#N, N the "
					 "1-based length argument" :
					 "'%s' is not a function name",
					 words[i]);
		}
		api_faults.safe_push({ xstrdup(words[1]), name,
				       dot ? atoi(dot + 2) : 1 });
	}
	return NULL;
}

static char *parse_line(const char *at, char *line)
{
	auto_vec<char *> words;
	char *save = NULL;

	for (char *w = strtok_r(line, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save))
		words.safe_push(w);
	if (!strcmp(words[0], "api"))
		return parse_api(at, words.address(), words.length());
	if (!strcmp(words[0], "entry"))
		return parse_entry(at, words.address(), words.length());
	if (!strcmp(words[0], "value"))
		return parse_value(words.address(), words.length());
	if (!strcmp(words[0], "fault"))
		return parse_fault(words.address(), words.length());
	return xasprintf("unknown statement '%s'; allowed: api, entry, value, "
			 "fault",
			 words[0]);
}

static bool load_description(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	int lineno = 0;
	bool ok = true;

	if (!f) {
		error("mend: cannot read API description %qs: %m", path);
		return false;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *hash = strchr(buf, '#');
		char *line = buf, *at, *message;

		lineno++;
		/* '#' starts a comment, except in "#N" arguments. */
		while (hash && hash > buf && hash[-1] != ' ' &&
		       hash[-1] != '\t')
			hash = strchr(hash + 1, '#');
		if (hash)
			*hash = 0;
		line += strspn(line, " \t\r\n");
		line[strcspn(line, "\r\n")] = 0;
		if (!*line)
			continue;
		at = xasprintf("%s:%d", path, lineno);
		message = parse_line(at, line);
		if (message) {
			error("mend: %s: %s", at, message);
			free(message);
			ok = false;
		}
		free(at);
	}
	fclose(f);
	return ok;
}

/* "-EIO", "EIO", "-5", "1" to a number; false for an unknown name. */
static bool resolve_value(const char *text, long *value)
{
	bool negative = *text == '-';
	const char *name = text + negative;
	struct api_value *v;
	unsigned int i;

	if (parse_integer(text, value))
		return true;
	FOR_EACH_VEC_ELT(api_values, i, v)
		if (!strcmp(v->name, name)) {
			*value = negative ? -v->value : v->value;
			return true;
		}
	return false;
}

bool mend_load_api_descriptions(const char *files)
{
	char *list, *path, *save = NULL;
	struct api_entry *entry;
	unsigned int i;
	bool ok = true;

	if (!files)
		return true;
	list = xstrdup(files);
	for (path = strtok_r(list, ":", &save); path;
	     path = strtok_r(NULL, ":", &save))
		ok &= load_description(path);
	free(list);
	FOR_EACH_VEC_ELT(api_entries, i, entry)
		if (!resolve_value(entry->safe, &entry->value)) {
			error("mend: %s: safe(%s): '%s' is neither an integer "
			      "nor a name given by a 'value' line", entry->at,
			      entry->safe, entry->safe + (*entry->safe == '-'));
			ok = false;
		}
	return ok;
}

bool mend_api_p(const char *name)
{
	struct api_function *api;
	unsigned int i;

	FOR_EACH_VEC_ELT(api_functions, i, api)
		if (!strcmp(api->name, name))
			return true;
	return false;
}

/*
 * The safe value described for ROLE ("file_operations.read",
 * "request_irq.#2", "module_init", "default"); false if none is.
 */
bool mend_entry_safe_value(const char *role, long *value)
{
	struct api_entry *entry;
	unsigned int i;

	FOR_EACH_VEC_ELT(api_entries, i, entry)
		if (!strcmp(entry->where, role)) {
			*value = entry->value;
			return true;
		}
	return false;
}

/*
 * The argument (1-based) a "fault FAULT_CLASS NAME" line gives NAME, or 0
 * if there is none.
 */
int mend_fault_api(const char *fault_class, const char *name)
{
	struct api_fault *f;
	unsigned int i;

	FOR_EACH_VEC_ELT(api_faults, i, f)
		if (!strcmp(f->fault_class, fault_class) &&
		    !strcmp(f->name, name))
			return f->argument;
	return 0;
}
