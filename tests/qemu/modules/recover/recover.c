// SPDX-License-Identifier: GPL-2.0
/*
 * A driver that follows the recovery contract (runtime/mend_guard.h) by
 * hand, as the plugin's output will: one compile unit with its globals
 * table, guarded entries with their thunks, and calls to the kernel-shim
 * wrappers instead of the API. It tests mend.ko's side without the plugin.
 *
 * /dev/mend_recover takes commands on write():
 *   inc     counter++ (read() prints "counter=N")
 *   leak    kmalloc a block and keep it nowhere but in a global
 *   null    NULL dereference in the driver (page fault, process context)
 *   lock    take the spinlock, then dereference NULL while holding it
 *   oob     a failed bounds check (__mend_check_fail)
 *   timer   arm a timer whose callback dereferences NULL (softirq)
 *   double  kfree the init's buffer twice (misuse)
 * Every bad command makes write() fail with -EIO (the entry's safe value)
 * and the driver restart with counter back at its load-time value 7.
 */
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

#include "mend_guard.h"
#include "mend_site.h"

/* The kernel-shim wrappers this driver calls (what the plugin would). */
void *__mend_wrap_kmalloc(struct mend_unit *unit, size_t size, gfp_t flags);
void __mend_wrap_kfree(struct mend_unit *unit, const void *p);
int __mend_wrap_misc_register(struct mend_unit *unit, struct miscdevice *m);
void __mend_wrap_misc_deregister(struct mend_unit *unit, struct miscdevice *m);
void __mend_wrap_init_timer_key(struct mend_unit *unit,
				struct timer_list *timer,
				void (*func)(struct timer_list *),
				unsigned int flags, const char *name,
				struct lock_class_key *key);
int __mend_wrap_mod_timer(struct mend_unit *unit, struct timer_list *timer,
			  unsigned long expires);
void __mend_wrap_spin_lock(struct mend_unit *unit, spinlock_t *lock);
void __mend_wrap_spin_unlock(struct mend_unit *unit, spinlock_t *lock);

static int counter = 7;
static char *buffer;
static void *leaked;
static int *volatile null_target;
static struct timer_list timer;
static DEFINE_SPINLOCK(lock);

/* Defined below; the thunks (top-level asm) are their guarded doors. */
ssize_t recover_write_thunk(struct file *f, const char __user *ubuf,
			    size_t len, loff_t *pos);
ssize_t recover_read_thunk(struct file *f, char __user *ubuf, size_t len,
			   loff_t *pos);
void recover_timer_thunk(struct timer_list *t);

static const struct file_operations recover_fops = {
	.owner = THIS_MODULE,
	.write = recover_write_thunk,
	.read = recover_read_thunk,
	.llseek = noop_llseek,
};

static struct miscdevice recover_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "mend_recover",
	.fops = &recover_fops,
};

static const struct mend_global recover_globals[] = {
	{ &counter, sizeof(counter) },
	{ &buffer, sizeof(buffer) },
	{ &leaked, sizeof(leaked) },
	{ &timer, sizeof(timer) },
	{ &lock, sizeof(lock) },
	{ &recover_misc, sizeof(recover_misc) },
};

static struct mend_unit __mend_unit __used = {
	.abi = MEND_ABI_VERSION,
	.nglobals = ARRAY_SIZE(recover_globals),
	.file = __FILE__,
	.globals = recover_globals,
	.owner = THIS_MODULE,
};

static const struct mend_site oob_site = {
	.file = __FILE__,
	.function = "recover_write",
	.annotation = "count(4)",
	.declared_at = "",
	.line = __LINE__,
	.kind = MEND_KIND_OUT_OF_BOUNDS,
	.flags = MEND_SITE_WRITE,
	.access_size = 4,
	.elem_size = 4,
};

/*
 * __mend_check_fail does not return, but objtool only knows the noreturn
 * functions of its own list: a direct call would make it warn that
 * recover_write() falls through. Called through a pointer, it is an
 * ordinary call.
 */
static void (*volatile check_fail)(const struct mend_site *site,
				   unsigned long value, unsigned long bound) =
	__mend_check_fail;

static noinline __used void recover_timer(struct timer_list *t)
{
	*null_target = 3;
}

static noinline __used ssize_t recover_write(struct file *f,
				      const char __user *ubuf, size_t len,
				      loff_t *pos)
{
	char cmd[16] = "";

	if (copy_from_user(cmd, ubuf, min(len, sizeof(cmd) - 1)))
		return -EFAULT;
	strim(cmd);
	if (!strcmp(cmd, "inc")) {
		__mend_wrap_spin_lock(&__mend_unit, &lock);
		counter++;
		__mend_wrap_spin_unlock(&__mend_unit, &lock);
	} else if (!strcmp(cmd, "leak")) {
		leaked = __mend_wrap_kmalloc(&__mend_unit, 64, GFP_KERNEL);
	} else if (!strcmp(cmd, "null")) {
		*null_target = 1;
	} else if (!strcmp(cmd, "lock")) {
		__mend_wrap_spin_lock(&__mend_unit, &lock);
		*null_target = 2;
		__mend_wrap_spin_unlock(&__mend_unit, &lock);
	} else if (!strcmp(cmd, "oob")) {
		check_fail(&oob_site, 4, 4);
	} else if (!strcmp(cmd, "timer")) {
		__mend_wrap_mod_timer(&__mend_unit, &timer, jiffies + 1);
	} else if (!strcmp(cmd, "double")) {
		__mend_wrap_kfree(&__mend_unit, buffer);
		__mend_wrap_kfree(&__mend_unit, buffer);
	} else {
		return -EINVAL;
	}
	return len;
}

static noinline __used ssize_t recover_read(struct file *f, char __user *ubuf,
				     size_t len, loff_t *pos)
{
	char text[32];
	int n;

	n = scnprintf(text, sizeof(text), "counter=%d\n", counter);
	return simple_read_from_buffer(ubuf, len, pos, text, n);
}

static noinline __used int recover_init(void)
{
	int err;

	buffer = __mend_wrap_kmalloc(&__mend_unit, 128, GFP_KERNEL);
	if (!buffer)
		return -ENOMEM;
	__mend_wrap_init_timer_key(&__mend_unit, &timer, recover_timer_thunk,
				   0, NULL, NULL);
	err = __mend_wrap_misc_register(&__mend_unit, &recover_misc);
	if (err)
		goto free_buffer;
	pr_info("recover: up, counter=%d\n", counter);
	return 0;

free_buffer:
	__mend_wrap_kfree(&__mend_unit, buffer);
	return err;
}

static noinline __used void recover_exit(void)
{
	del_timer_sync(&timer);
	__mend_wrap_misc_deregister(&__mend_unit, &recover_misc);
	__mend_wrap_kfree(&__mend_unit, buffer);
	if (leaked)
		__mend_wrap_kfree(&__mend_unit, leaked);
	pr_info("recover: down\n");
}

#define ENTRY(fn, what, safe, fl)					\
	static const struct mend_entry fn##_entry __used = {		\
		.function = #fn, .role = what, .unit = &__mend_unit,	\
		.safe_value = safe, .flags = fl,			\
		.abi = MEND_ABI_VERSION,				\
	}
ENTRY(recover_init, "module_init", -EIO, MEND_ENTRY_INIT);
ENTRY(recover_exit, "module_exit", 0, MEND_ENTRY_EXIT | MEND_ENTRY_VOID);
ENTRY(recover_write, "file_operations.write", -EIO, 0);
ENTRY(recover_read, "file_operations.read", -EIO, 0);
ENTRY(recover_timer, "init_timer_key.#2", 0, MEND_ENTRY_VOID);

/* The thunks of runtime/mend_guard.h, as the plugin emits them. */
#define THUNK(name, fn)							\
	asm(".pushsection .text\n"					\
	    ".globl " #name "\n"					\
	    ".type " #name ", @function\n"				\
	    #name ":\n"							\
	    "	leaq " #fn "_entry(%rip), %rax\n"			\
	    "	leaq " #fn "(%rip), %r11\n"				\
	    "	jmp __mend_guard_trampoline\n"				\
	    ".size " #name ", . - " #name "\n"				\
	    ".popsection\n")
THUNK(init_module, recover_init);
THUNK(cleanup_module, recover_exit);
THUNK(recover_write_thunk, recover_write);
THUNK(recover_read_thunk, recover_read);
THUNK(recover_timer_thunk, recover_timer);

MODULE_DESCRIPTION("mend test: a driver recovering through mend.ko");
MODULE_LICENSE("GPL");
