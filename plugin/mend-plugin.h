/*
 * mend-plugin.h - what the files of the mend GCC plugin share: the parsed
 * plugin options and the entry points of each file.
 *
 * Include after gcc-compat.h.
 */
#ifndef MEND_PLUGIN_H
#define MEND_PLUGIN_H

/* The -fplugin-arg-mend-<key> settings of this compile; see options.cc. */
struct mend_options {
	bool disable;	/* register no pass: the compile is as without mend */
	bool verbose;	/* one note per function about what mend saw */
};

extern struct mend_options mend_options;

/* options.cc */
bool mend_parse_options(const struct plugin_name_args *plugin_info);
const char *mend_options_help(void);

/* api-census.cc */
void mend_register_api_census(const char *plugin_name);

#endif /* MEND_PLUGIN_H */
