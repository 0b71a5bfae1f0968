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

/*
 * Hang detection. With recovery the plugin (plugin/polls.cc) puts on every
 * loop back edge of driver code (except loops it proves to run fewer than
 * 1024 times) an increment of a per-unit counter, and every 1024 back edges
 * of the unit (when the counter's low ten bits wrap) a call
 *
 *   __mend_poll(&__mend_unit);
 *
 * The runtime checks whether the current guarded entry has run longer than
 * its budget and, if so, fails it as a hang (the entry's recovery point is
 * taken, as for a failed check); otherwise it returns at once. It may be
 * called with interrupts disabled and outside any guarded entry (then it
 * returns). The call is cold; it must be cheap when it returns.
 */
void __mend_poll(struct mend_unit *unit);

/*
 * Fault injection (plugin option "inject", with recovery; plugin/inject.cc).
 * Every driver function starts with
 *
 *   if (__builtin_expect(__mend_inject_armed, 0))
 *           switch (__mend_inject_point(&<fn>.mend_inject)) { ... }
 *
 * where <fn>.mend_inject is a static const struct mend_inject_point in
 * .rodata. __mend_inject_armed (exported by the runtime) is nonzero while
 * some injection is armed (debugfs). __mend_inject_point decides whether
 * the point is the armed target (by function name) and returns what the
 * driver code then does itself, so the fault happens in the driver:
 *   MEND_INJECT_NONE       nothing, the function runs normally
 *   MEND_INJECT_NULL_DEREF a volatile 4-byte load from address 0 (a page
 *                          fault in the driver function)
 *   MEND_INJECT_BOUNDS     __mend_check_fail(site, 1, 0) with a site of
 *                          kind out-of-bounds (annotation "injected fault")
 *   MEND_INJECT_HANG       an endless loop whose back edge polls
 *                          (__mend_poll above), until the runtime fails it
 *   MEND_INJECT_TRAP       an invalid opcode (ud2, __builtin_trap())
 * Any other value is treated as MEND_INJECT_NONE.
 */
#define MEND_INJECT_NONE	0
#define MEND_INJECT_NULL_DEREF	1
#define MEND_INJECT_BOUNDS	2
#define MEND_INJECT_HANG	3
#define MEND_INJECT_TRAP	4

struct mend_inject_point {
	const char *function;			/* the driver function */
	const char *file;			/* its source file (base name) */
	unsigned int line;			/* where it is defined */
	unsigned int abi;			/* MEND_ABI_VERSION */
	struct mend_unit *unit;
};

extern int __mend_inject_armed;
int __mend_inject_point(const struct mend_inject_point *point);

#endif /* MEND_GUARD_H */
