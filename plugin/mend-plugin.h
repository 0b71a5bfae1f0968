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
	bool recovery;		/* entry guards, API redirection, unit record */
	const char *api;	/* kernel API descriptions, ':'-separated */
	bool inject;		/* inject / inject=entry: a fault-injection
				 * point per function (with recovery) */
	unsigned int sfi;	/* inject=TYPES: 1 << MEND_SFI_* (sfi.cc) */
	const char *flip_check;	/* flip-check=FILE:LINE as given, or NULL */
	const char *flip_file;	/* its FILE: checks there fail when they */
	int flip_line;		/* should pass (tests only) */
};

extern struct mend_options mend_options;

/* mend-plugin.cc */
void mend_register_early_pass(const char *plugin_name, const char *pass_name,
			      unsigned int (*execute)(function *));
void mend_register_unit_pass(const char *plugin_name, const char *pass_name,
			     unsigned int (*execute)(void),
			     const char *reference, enum pass_positioning_ops pos);

/* options.cc */
bool mend_parse_options(const struct plugin_name_args *plugin_info);
const char *mend_options_help(void);

/*
 * The annotation of one declaration (annotations.cc): a struct field, a
 * parameter, a variable, or a function for its return value.
 */
struct mend_annotation {
	bool present;
	tree decl;
	location_t loc;		/* where it was declared */
	const char *count;	/* count expression, "1" for single, or NULL */
	const char *lo, *hi;	/* bound(lo, hi) names, or NULL */
	bool single, nullterm, nullable, nonnull, trusted;
	char *text;		/* as reports show it: "count(len) nullterm" */
};

/* How names in a count become values at one check (checks.cc). */
struct mend_count_context {
	tree (*value_of)(const struct mend_count_context *ctx, const char *name);
	void *data;
};

/* annotations.cc */
void mend_register_annotations(const char *plugin_name);
bool mend_get_annotation(tree decl, struct mend_annotation *ann);
void mend_free_annotation(struct mend_annotation *ann);
tree mend_resolve_name(tree annotated, const char *name,
		       struct function *scope_fn);
tree mend_build_count(const char *text, const struct mend_count_context *ctx);

/* sidefile.cc: annotations for unmodified sources */
bool mend_load_side_files(const char *files);
void mend_apply_side_fields(tree record);
void mend_apply_side_global(tree var);
void mend_apply_side_function(tree fndecl);

/* checks.cc */
void mend_register_checks(const char *plugin_name);
bool mend_driver_code_p(tree fndecl);

/*
 * site.cc: the static descriptors of check sites and the runtime entry
 * points. The values mirror runtime/mend_site.h (the plugin includes GCC
 * headers only); a host test compares the two.
 */
#define MEND_SITE_KIND_OUT_OF_BOUNDS	1
#define MEND_SITE_KIND_NULL_DEREF	2
#define MEND_SITE_FLAG_WRITE		0x1
#define MEND_SITE_FLAG_RANGE		0x2

tree mend_build_site(location_t loc, const char *function, unsigned int kind,
		     bool is_write, bool is_range,
		     unsigned HOST_WIDE_INT access_size,
		     unsigned HOST_WIDE_INT elem_size, const char *annotation,
		     const char *declared_at);
tree mend_runtime_decl(bool noreturn);
/* A static const record NAME of TYPE initialised with VALUES; its address. */
tree mend_const_record(location_t loc, const char *name, tree type,
		       vec<constructor_elt, va_gc> *values);
/* The declaration of a runtime function: external, nothrow, cold. */
tree mend_extern_function(const char *name, tree type);
/*
 * extern int __mend_inject_armed: non-zero while a test fault (inject.cc)
 * or a fault-injection site (sfi.cc) is armed.
 */
tree mend_inject_armed_decl(void);
void mend_register_sites(const char *plugin_name);

/* api-census.cc */
void mend_register_api_census(const char *plugin_name);

/* apidesc.cc: the kernel API description (annotations/kernel-api.mend) */
bool mend_load_api_descriptions(const char *files);
bool mend_api_p(const char *name);
bool mend_entry_safe_value(const char *role, long *value);

/* redirect.cc */
void mend_register_redirect(const char *plugin_name);

/*
 * guards.cc: the unit record and the entry guards. The values mirror
 * runtime/mend_guard.h; a host test compares the two.
 */
#define MEND_ABI_VERSION	1
#define MEND_ENTRY_VOID		0x1
#define MEND_ENTRY_INIT		0x2
#define MEND_ENTRY_EXIT		0x4

void mend_register_guards(const char *plugin_name);
tree mend_unit_address(void);

/* polls.cc: back-edge polls (hang detection) */
void mend_register_polls(const char *plugin_name);

/*
 * inject.cc: fault-injection points. The values mirror runtime/mend_guard.h;
 * a host test compares the two.
 */
#define MEND_INJECT_NONE	0
#define MEND_INJECT_NULL_DEREF	1
#define MEND_INJECT_BOUNDS	2
#define MEND_INJECT_HANG	3
#define MEND_INJECT_TRAP	4

void mend_register_inject(const char *plugin_name);

/*
 * sfi.cc: software-fault-injection sites. The values mirror
 * runtime/mend_sfi.h; a host test compares the two.
 */
#define MEND_SFI_ABI		1
#define MEND_SFI_POINTER	1
#define MEND_SFI_OFF_BY_ONE	2
#define MEND_SFI_NULL_CHECK	3
#define MEND_SFI_LOOP		4
#define MEND_SFI_UNLOCK		5
#define MEND_SFI_DOUBLE_FREE	6
#define MEND_SFI_MISSING_FREE	7
#define MEND_SFI_RETVAL		8
#define MEND_SFI_PARAM		9
#define MEND_SFI_INIT		10
#define MEND_SFI_NTYPES		11
#define MEND_SFI_VALUE_POINTER	0x1
#define MEND_SFI_VALUE_SIGNED	0x2
#define MEND_SFI_VALUE_BOOL	0x4

/* "pointer", "off-by-one", ...; NULL for an unknown type. */
const char *mend_sfi_type_name(unsigned int type);
void mend_register_sfi(const char *plugin_name);

/* apidesc.cc: "fault CLASS NAME" lines (free, unlock, length) */
int mend_fault_api(const char *fault_class, const char *name);

#endif /* MEND_PLUGIN_H */
