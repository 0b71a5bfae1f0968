/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the plugin's software-fault injector
 * (-fplugin-arg-mend-inject=TYPES, plugin/sfi.cc) and the runtime
 * (runtime/sfi.c). The plugin builds records with exactly these layouts
 * (keep them in step; a host test compares the values).
 *
 * Every site of a compile unit is a writable static struct mend_sfi_site
 * whose first eight fields the plugin fills and whose rest is the
 * runtime's (zero at load). The driver's code at the site is
 *
 *   if (__builtin_expect(__mend_inject_armed, 0) && __mend_sfi_hit(&site))
 *           faulty;     (for a value: v = __mend_sfi_value(&site, v))
 *   else
 *           original;
 *
 * Each unit with sites has a local "__mend_sfi_unit" naming them; the
 * runtime finds the units of a module by that name in its symbol table
 * when the module loads (also a module built without recovery) and numbers
 * the sites of the module: units in the byte order of their file names,
 * module id = the ids of the units before + the site's id.
 */
#ifndef MEND_SFI_H
#define MEND_SFI_H

#define MEND_SFI_ABI		1

/* struct mend_sfi_site.type */
#define MEND_SFI_POINTER	1	/* a loaded pointer: NULL or wild */
#define MEND_SFI_OFF_BY_ONE	2	/* an index or a length: + 1 */
#define MEND_SFI_NULL_CHECK	3	/* p == NULL / p != NULL: not NULL */
#define MEND_SFI_LOOP		4	/* a loop's exit test: stays */
#define MEND_SFI_UNLOCK		5	/* an unlock call: skipped */
#define MEND_SFI_DOUBLE_FREE	6	/* a free call: made twice */
#define MEND_SFI_MISSING_FREE	7	/* a free call: skipped */
#define MEND_SFI_RETVAL		8	/* a return value: replaced */
#define MEND_SFI_PARAM		9	/* an API call's argument: corrupted */
#define MEND_SFI_INIT		10	/* a store of a constant: skipped */
#define MEND_SFI_NTYPES		11

/* struct mend_sfi_site.flags: the type of a corrupted value */
#define MEND_SFI_VALUE_POINTER	0x1
#define MEND_SFI_VALUE_SIGNED	0x2
#define MEND_SFI_VALUE_BOOL	0x4

struct mend_sfi_site {
	const char *function;
	const char *file;		/* base name */
	unsigned int line;
	unsigned int column;
	unsigned int id;		/* 1, 2, ... within the unit */
	unsigned int type;		/* MEND_SFI_* */
	unsigned int flags;		/* MEND_SFI_VALUE_* */
	unsigned int abi;		/* MEND_SFI_ABI */
	/* The runtime's, zero at load. */
	unsigned long hits;		/* times reached while armed */
	unsigned long injected;		/* times the fault was injected */
	unsigned long after;		/* hits to let pass first */
	unsigned long until;		/* loop armed once: jiffies */
	void *module;			/* the runtime's module record */
	unsigned int module_id;		/* id within the module */
	unsigned int armed;		/* 0, 1 once, 2 always */
	unsigned int mode;		/* value: MEND_SFI_MODE_* | bit << 8 */
	unsigned int seen;		/* hits since armed */
};

struct mend_sfi_unit {
	unsigned int abi;		/* MEND_SFI_ABI */
	unsigned int nsites;
	const char *file;		/* the unit's main input file */
	struct mend_sfi_site *const *sites;
};

extern int __mend_inject_armed;		/* bit MEND_ARMED_SFI: a site is */
int __mend_sfi_hit(struct mend_sfi_site *site);
unsigned long __mend_sfi_value(struct mend_sfi_site *site,
			       unsigned long value);

#endif /* MEND_SFI_H */
