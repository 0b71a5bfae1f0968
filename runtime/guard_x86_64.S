/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mend runtime: the guard trampoline every kernel->driver entry goes
 * through (runtime/mend_guard.h describes the thunks that jump here), and
 * the way back to it after a failure.
 *
 * The trampoline keeps a struct mend_frame (runtime/mend_internal.h; the
 * offsets below are checked against it in guard.c) on the stack for the
 * whole call: the callee-saved registers of the kernel caller, the
 * argument registers while the enter hook runs, and what the hooks need.
 * A failure anywhere inside the driver resumes at __mend_guard_resume with
 * that frame: the stack is cut back to it, the caller's callee-saved
 * registers come back from it, and the kernel caller sees an ordinary
 * return of the entry's safe value.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>

#define F_RBX		0
#define F_RBP		8
#define F_R12		16
#define F_R13		24
#define F_R14		32
#define F_R15		40
#define F_RDI		48
#define F_RSI		56
#define F_RDX		64
#define F_RCX		72
#define F_R8		80
#define F_R9		88
#define F_TARGET	96
#define F_ENTRY		104
#define F_RET		112
/* 8 mod 16, so that the stack is 16-byte aligned at the calls below. */
#define FRAME_SIZE	184

	.text

/*
 * %rax = struct mend_entry *, %r11 = the driver function, the argument
 * registers as the kernel caller set them, the caller's return address
 * at (%rsp) (the thunk jumped here).
 */
SYM_FUNC_START(__mend_guard_trampoline)
	subq	$FRAME_SIZE, %rsp
	movq	%rbx, F_RBX(%rsp)
	movq	%rbp, F_RBP(%rsp)
	movq	%r12, F_R12(%rsp)
	movq	%r13, F_R13(%rsp)
	movq	%r14, F_R14(%rsp)
	movq	%r15, F_R15(%rsp)
	movq	%rdi, F_RDI(%rsp)
	movq	%rsi, F_RSI(%rsp)
	movq	%rdx, F_RDX(%rsp)
	movq	%rcx, F_RCX(%rsp)
	movq	%r8, F_R8(%rsp)
	movq	%r9, F_R9(%rsp)
	movq	%r11, F_TARGET(%rsp)
	movq	%rax, F_ENTRY(%rsp)

	movq	%rsp, %rdi
	call	mend_guard_enter
	testl	%eax, %eax
	jnz	.Lrefused

	movq	F_RDI(%rsp), %rdi
	movq	F_RSI(%rsp), %rsi
	movq	F_RDX(%rsp), %rdx
	movq	F_RCX(%rsp), %rcx
	movq	F_R8(%rsp), %r8
	movq	F_R9(%rsp), %r9
	movq	F_TARGET(%rsp), %r11
	CALL_NOSPEC r11
	movq	%rax, F_RET(%rsp)

	movq	%rsp, %rdi
	call	mend_guard_exit
.Lrefused:
	movq	F_RET(%rsp), %rax
	/* Unchanged, but objtool wants every saved register restored. */
	movq	F_RBX(%rsp), %rbx
	movq	F_RBP(%rsp), %rbp
	movq	F_R12(%rsp), %r12
	movq	F_R13(%rsp), %r13
	movq	F_R14(%rsp), %r14
	movq	F_R15(%rsp), %r15
	addq	$FRAME_SIZE, %rsp
	RET
SYM_FUNC_END(__mend_guard_trampoline)

/*
 * void __mend_guard_resume(struct mend_frame *frame) - never returns to
 * its caller: returns from the trampoline call that built @frame, with
 * the value mend_guard_recovered() gives (the entry's safe value).
 */
SYM_FUNC_START(__mend_guard_resume)
	movq	%rdi, %rsp
	UNWIND_HINT sp_reg=ORC_REG_SP sp_offset=FRAME_SIZE+8 type=UNWIND_HINT_TYPE_CALL
	movq	F_RBX(%rsp), %rbx
	movq	F_RBP(%rsp), %rbp
	movq	F_R12(%rsp), %r12
	movq	F_R13(%rsp), %r13
	movq	F_R14(%rsp), %r14
	movq	F_R15(%rsp), %r15
	movq	%rsp, %rdi
	call	mend_guard_recovered
	addq	$FRAME_SIZE, %rsp
	/* The trampoline's caller's frame: back to the state at entry. */
	UNWIND_HINT_FUNC
	RET
SYM_FUNC_END(__mend_guard_resume)

/*
 * long mend_guard_call(const struct mend_entry *entry, void *fn,
 *			unsigned long arg0, unsigned long arg1)
 * Calls @fn(arg0, arg1) through the guard of @entry, from C: how the
 * recovery worker re-runs a module's init function.
 */
SYM_FUNC_START(mend_guard_call)
	movq	%rdi, %rax
	movq	%rsi, %r11
	movq	%rdx, %rdi
	movq	%rcx, %rsi
	jmp	__mend_guard_trampoline
SYM_FUNC_END(mend_guard_call)

/*
 * void mend_skip_function(void)
 * Returns at once. A kprobe at the entry of a function that sets the
 * probed ip here makes that function return to its caller without running
 * (recover.c: page_fault_oops for a fault mend takes over).
 */
SYM_FUNC_START(mend_skip_function)
	RET
SYM_FUNC_END(mend_skip_function)
