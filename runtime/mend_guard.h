/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the mend plugin's recovery instrumentation and the
 * kernel runtime (mend.ko + kernel-shim): compile units, guarded entry
 * points and redirected API calls. The plugin builds records with exactly
 * these layouts (plugin/guards.cc; keep them in step, a host test compares
 * the values).
 *
 * Compile units. Every instrumented compile unit of a driver defines one
 *
 *   static struct mend_unit __mend_unit;     (writable: .data)
 *
 * naming its writable globals (file-scope and function-static variables the
 * unit defines, except those placed in a named section and mend's own
 * records). The runtime finds all units of a module by the local symbol
 * name "__mend_unit" in the module's symbol table when the module's first
 * guarded entry (its init function) runs, before any driver code has run,
 * copies the globals then (their load-time values) and writes them back on
 * restart.
 *
 * Guarded entries. For each driver function the kernel can call (its
 * address is taken, or it is the module's init or exit function) the plugin
 * emits a static const struct mend_entry and a thunk, and replaces every
 * reference to the function's address (static initializers such as
 * file_operations, arguments such as request_irq's handler, stores) by the
 * thunk's address; for init/exit the thunk takes over the symbol names
 * init_module / cleanup_module. The thunk is three instructions:
 *
 *   <fn>.mend_guard:
 *	leaq	<entry>(%rip), %rax	# struct mend_entry *
 *	leaq	<fn>(%rip), %r11	# the driver function
 *	jmp	__mend_guard_trampoline
 *
 * __mend_guard_trampoline (runtime, assembly) sets up a recovery point on
 * the stack, calls the function with the original argument registers and
 * returns its value; after a failure inside, it returns entry->safe_value
 * instead. Only functions with at most six integer or pointer arguments,
 * none passed on the stack, not variadic, are guarded (the plugin says so
 * under verbose for the others).
 *
 * Redirected calls. A call to an API function NAME listed in
 * annotations/kernel-api.mend becomes a call to
 *
 *   __mend_wrap_NAME(&__mend_unit, <the original arguments>)
 *
 * with NAME's return type; the wrapper (kernel-shim/) calls NAME and records
 * the compensation in the undo log of the unit's domain.
 */
#ifndef MEND_GUARD_H
#define MEND_GUARD_H

#define MEND_ABI_VERSION	1

struct module;
struct mend_domain;

/* One writable global of a compile unit. */
struct mend_global {
	void *addr;
	unsigned long size;
};

struct mend_unit {
	unsigned int abi;			/* MEND_ABI_VERSION */
	unsigned int nglobals;
	const char *file;			/* the unit's main source file */
	const struct mend_global *globals;
	struct module *owner;			/* &__this_module */
	struct mend_domain *domain;		/* runtime's; NULL at load */
};

/* struct mend_entry.flags */
#define MEND_ENTRY_VOID		0x1	/* returns nothing */
#define MEND_ENTRY_INIT		0x2	/* the module's init function */
#define MEND_ENTRY_EXIT		0x4	/* the module's exit function */

struct mend_entry {
	const char *function;			/* the driver function */
	const char *role;			/* "file_operations.read",
						 * "request_threaded_irq.#2",
						 * "module_init", "address taken" */
	struct mend_unit *unit;
	long safe_value;			/* returned after a failure */
	unsigned int flags;			/* MEND_ENTRY_* */
	unsigned int abi;			/* MEND_ABI_VERSION */
};

void __mend_guard_trampoline(void);

#endif /* MEND_GUARD_H */
