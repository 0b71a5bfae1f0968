// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: test-only fault injection.
 *
 * A driver built with -fplugin-arg-mend-inject starts every function with
 * an injection point (runtime/mend_guard.h). Writing to
 * /sys/kernel/debug/mend/inject arms one fault, the next time a function
 * of that name runs:
 *
 *   echo 'edu_ioctl null' > /sys/kernel/debug/mend/inject
 *
 * Kinds: null (NULL dereference), bounds (failed bounds check), hang
 * (endless loop, ended by the loop polls), trap (invalid opcode),
 * double-free (the function frees one allocation twice through the
 * kernel-shim), block (an uninterruptible wait for an event that never
 * comes, ended by the watchdog's block budget) and sleep (the same wait,
 * interruptible: no budget ends it, only a signal or the recovery of the
 * driver, which aborts the call). A third word "always" keeps the fault
 * armed: every call of the function fails, until "off". Reading shows the
 * armed target, or "off", and how many faults were injected since load.
 * The first four happen in the driver's own code, so they are attributed
 * to the driver exactly like a real bug; the others are made here, on the
 * driver's behalf, inside its call, through the kernel-shim as the
 * driver's own calls would be. block and sleep are for functions that run
 * in task context.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "mend_internal.h"

/*
 * Nonzero while something is armed: MEND_ARMED_POINT, a function's point
 * here; MEND_ARMED_SFI, a software-fault site (sfi.c). Every injection
 * point and site tests it first.
 */
int __mend_inject_armed;
EXPORT_SYMBOL_GPL(__mend_inject_armed);

static DEFINE_SPINLOCK(armed_lock);

void mend_inject_set_armed(int bit, bool on)
{
	unsigned long flags;

	spin_lock_irqsave(&armed_lock, flags);
	WRITE_ONCE(__mend_inject_armed,
		   on ? __mend_inject_armed | bit : __mend_inject_armed & ~bit);
	spin_unlock_irqrestore(&armed_lock, flags);
}

/* Made by the runtime, never returned to the injection point. */
#define MEND_INJECT_DOUBLE_FREE	(MEND_INJECT_TRAP + 1)
#define MEND_INJECT_BLOCK	(MEND_INJECT_TRAP + 2)
#define MEND_INJECT_SLEEP	(MEND_INJECT_TRAP + 3)

static const char *const inject_kinds[] = {
	[MEND_INJECT_NULL_DEREF] = "null",
	[MEND_INJECT_BOUNDS] = "bounds",
	[MEND_INJECT_HANG] = "hang",
	[MEND_INJECT_TRAP] = "trap",
	[MEND_INJECT_DOUBLE_FREE] = "double-free",
	[MEND_INJECT_BLOCK] = "block",
	[MEND_INJECT_SLEEP] = "sleep",
};

static DEFINE_SPINLOCK(inject_lock);
static char inject_function[KSYM_NAME_LEN];
static int inject_kind;
static bool inject_always;
static unsigned long inject_fired;
struct dentry *mend_debugfs_dir;

int __mend_inject_point(const struct mend_inject_point *point)
{
	unsigned long flags;
	int kind = MEND_INJECT_NONE;

	spin_lock_irqsave(&inject_lock, flags);
	if (inject_kind && !strcmp(point->function, inject_function)) {
		kind = inject_kind;
		if (!inject_always) {
			inject_kind = MEND_INJECT_NONE;
			mend_inject_set_armed(MEND_ARMED_POINT, false);
		}
		inject_fired++;
	}
	spin_unlock_irqrestore(&inject_lock, flags);
	if (!kind)
		return MEND_INJECT_NONE;
	pr_info("injecting %s in %s (%s:%u)\n", inject_kinds[kind],
		point->function, point->file, point->line);
	if (kind == MEND_INJECT_DOUBLE_FREE) {
		void *p = __mend_wrap_kmalloc(point->unit, 32, GFP_ATOMIC);

		__mend_wrap_kfree(point->unit, p);
		/* A misuse: under a guard, this call does not return. */
		__mend_wrap_kfree(point->unit, p);
		return MEND_INJECT_NONE;
	}
	if (kind == MEND_INJECT_BLOCK || kind == MEND_INJECT_SLEEP) {
		struct completion never;

		init_completion(&never);
		mend_completion_wait(&never, MAX_SCHEDULE_TIMEOUT,
				     kind == MEND_INJECT_BLOCK ?
				     TASK_UNINTERRUPTIBLE : TASK_INTERRUPTIBLE,
				     false, _RET_IP_);
		return MEND_INJECT_NONE;
	}
	return kind;
}
EXPORT_SYMBOL_GPL(__mend_inject_point);

/*
 * Copies a write of at most @size - 1 bytes to one of mend's debugfs
 * control files (inject, sfi's arm files) into @buf, NUL-terminated.
 */
int mend_debugfs_line(char *buf, size_t size, const char __user *ubuf,
		      size_t count)
{
	if (count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	return 0;
}

static ssize_t inject_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	char buf[KSYM_NAME_LEN + 32], *name, *kind_name, *cur;
	bool always = false;
	int kind, ret;

	ret = mend_debugfs_line(buf, sizeof(buf), ubuf, count);
	if (ret)
		return ret;
	cur = strim(buf);
	name = strsep(&cur, " \t");
	if (!strcmp(name, "off")) {
		spin_lock_irq(&inject_lock);
		inject_kind = MEND_INJECT_NONE;
		mend_inject_set_armed(MEND_ARMED_POINT, false);
		spin_unlock_irq(&inject_lock);
		return count;
	}
	kind_name = cur ? strsep(&cur, " \t") : "";
	if (cur && !strcmp(strim(cur), "always"))
		always = true;
	else if (cur && *strim(cur))
		kind_name = "";
	for (kind = 1; kind < ARRAY_SIZE(inject_kinds); kind++)
		if (!strcmp(kind_name, inject_kinds[kind]))
			break;
	if (!*name || strlen(name) >= sizeof(inject_function) ||
	    kind == ARRAY_SIZE(inject_kinds)) {
		pr_warn("inject: write 'FUNCTION null|bounds|hang|trap|double-free|block|sleep [always]' or 'off'\n");
		return -EINVAL;
	}
	spin_lock_irq(&inject_lock);
	strscpy(inject_function, name, sizeof(inject_function));
	inject_kind = kind;
	inject_always = always;
	mend_inject_set_armed(MEND_ARMED_POINT, true);
	spin_unlock_irq(&inject_lock);
	return count;
}

static int inject_show(struct seq_file *m, void *v)
{
	spin_lock_irq(&inject_lock);
	if (inject_kind)
		seq_printf(m, "%s %s%s", inject_function,
			   inject_kinds[inject_kind],
			   inject_always ? " always" : "");
	else
		seq_puts(m, "off");
	seq_printf(m, " (fired %lu)\n", inject_fired);
	spin_unlock_irq(&inject_lock);
	return 0;
}

static int inject_open(struct inode *inode, struct file *file)
{
	return single_open(file, inject_show, NULL);
}

static const struct file_operations inject_fops = {
	.owner = THIS_MODULE,
	.open = inject_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = inject_write,
};

void mend_inject_init(void)
{
	mend_debugfs_dir = debugfs_create_dir("mend", NULL);
	debugfs_create_file("inject", 0600, mend_debugfs_dir, NULL, &inject_fops);
}

void mend_inject_exit(void)
{
	debugfs_remove_recursive(mend_debugfs_dir);
}
