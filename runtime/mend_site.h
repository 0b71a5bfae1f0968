/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The static descriptor of one check site, shared by the kernel runtime and
 * the host runtime. The plugin emits one per check, in .rodata; a failing
 * check passes it to the runtime together with the dynamic values.
 */
#ifndef MEND_SITE_H
#define MEND_SITE_H

struct mend_site {
	const char *kind;	/* "out-of-bounds", "null-deref", ... */
	const char *file;
	unsigned int line;
	unsigned int column;
	const char *function;
	const char *annotation;	/* e.g. "count(len)"; NULL if none */
	const char *declared_at; /* file:line of the annotation */
	unsigned int access_size; /* bytes */
	unsigned int is_write;
};

#endif /* MEND_SITE_H */
