/*
 * mend-plugin.h - what the files of the mend GCC plugin share: the parsed
 * plugin options and the entry points of each file.
 *
 * Include after gcc-compat.h.
 */
#ifndef MEND_PLUGIN_H
#define MEND_PLUGIN_H

/* Which families of checks the checks pass inserts (checks=). */
enum mend_check_families {
	MEND_CHECKS_BOUNDS = 1 << 0,
	MEND_CHECKS_NULL = 1 << 1,
};

/* The -fplugin-arg-mend-<key> settings of this compile; see options.cc. */
struct mend_options {
	bool disable;		/* register no pass: compile as without mend */
	bool verbose;		/* notes per function on what mend did */
	bool dump;		/* write the passes' dump files */
	bool report_only;	/* a failed check reports and returns */
	bool null_unannotated;	/* NULL checks on unannotated pointers too */
	unsigned int checks;	/* enum mend_check_families */
	const char *annotations; /* side files, ':'-separated */
};

extern struct mend_options mend_options;

/* options.cc */
bool mend_parse_options(const struct plugin_name_args *plugin_info);
const char *mend_options_help(void);

/* api-census.cc */
void mend_register_api_census(const char *plugin_name);

#endif /* MEND_PLUGIN_H */
