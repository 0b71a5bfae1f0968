/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the mend plugin and the runtimes (kernel mend.ko and
 * the host libmend-user.a): the static descriptor of one check site and the
 * two functions a failing check calls.
 *
 * The plugin emits one struct mend_site per check, in .rodata, with exactly
 * this layout (plugin/site.cc builds the same record; keep them in step). A
 * failing check calls
 *
 *   __mend_check_fail(site, value, bound)    never returns (host: exit 86;
 *                                            kernel: recovery, runtime issue)
 *   __mend_check_report(site, value, bound)  returns (-fplugin-arg-mend-report-only)
 *
 * What value and bound mean depends on the kind and flags:
 *   MEND_KIND_OUT_OF_BOUNDS  value = element index (signed), bound = number
 *                            of elements (index must be < bound)
 *     with MEND_SITE_RANGE   value = bytes the call accesses, bound = bytes
 *                            available at the pointer (memcpy, copy_*_user)
 *   MEND_KIND_NULL_DEREF     value = 0, bound = 0
 */
#ifndef MEND_SITE_H
#define MEND_SITE_H

enum mend_kind {
	MEND_KIND_OUT_OF_BOUNDS = 1,
	MEND_KIND_NULL_DEREF = 2,
};

#define MEND_SITE_WRITE		0x1	/* the access stores */
#define MEND_SITE_RANGE		0x2	/* a call's length was checked, not an index */

struct mend_site {
	const char *file;
	const char *function;
	const char *annotation;		/* "count(len)", "int[16]", ""; never NULL */
	const char *declared_at;	/* "drv.c:12:8" or "" */
	unsigned int line;
	unsigned int column;
	unsigned int kind;		/* enum mend_kind */
	unsigned int flags;		/* MEND_SITE_* */
	unsigned int access_size;	/* bytes one access reads or writes */
	unsigned int elem_size;		/* bytes per element of the bound */
};

/* The name a report prints for a kind: "BUG: mend: <name> in ...". */
static inline const char *mend_kind_name(unsigned int kind)
{
	switch (kind) {
	case MEND_KIND_OUT_OF_BOUNDS:
		return "out-of-bounds";
	case MEND_KIND_NULL_DEREF:
		return "null-ptr-deref";
	}
	return "unknown-check";
}

void __mend_check_fail(const struct mend_site *site, unsigned long value,
		       unsigned long bound) __attribute__((noreturn));
void __mend_check_report(const struct mend_site *site, unsigned long value,
			 unsigned long bound);

#endif /* MEND_SITE_H */
