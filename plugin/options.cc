/*
 * options.cc - the -fplugin-arg-mend-<key>[=value] options.
 *
 * Keys:
 *   disable   register no pass; the object file is the same as without
 *             mend (useful to switch mend off in a build that always
 *             passes -fplugin=mend.so)
 *   verbose   print one note per function saying what mend saw in it
 *
 * A key that is not in option_keys[] is an error that lists the known keys,
 * and so is a value given to a key that takes none: a misspelt option must
 * not silently build an uninstrumented driver.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

struct mend_options mend_options;

struct option_key {
	const char *name;
	bool *flag;		/* set to true when the key is given */
	const char *help;
};

static const struct option_key option_keys[] = {
	{ "disable", &mend_options.disable, "register no pass; compile as without mend" },
	{ "verbose", &mend_options.verbose, "one note per function about what mend saw" },
};

static const struct option_key *find_option_key(const char *name)
{
	for (const struct option_key &key : option_keys)
		if (!strcmp(key.name, name))
			return &key;
	return NULL;
}

/* "disable, verbose": the names of all known keys, for error messages. */
static const char *known_key_names(void)
{
	static char *names;

	if (names)
		return names;
	names = xstrdup("");
	for (const struct option_key &key : option_keys)
		names = reconcat(names, names, *names ? ", " : "", key.name, NULL);
	return names;
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
		if (arg->value) {
			error("mend: option %<-fplugin-arg-%s-%s%> takes no value, "
			      "but was given %qs",
			      plugin, arg->key, arg->value);
			ok = false;
			continue;
		}
		*key->flag = true;
	}
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
