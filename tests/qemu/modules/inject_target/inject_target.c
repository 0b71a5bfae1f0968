// SPDX-License-Identifier: GPL-2.0
/*
 * A small driver built with the plugin (recovery and inject), for faults
 * armed through /sys/kernel/debug/mend/inject: every write() sums a buffer
 * the driver allocated in init, in a loop (so a "hang" injection spins in
 * a loop with a poll on its back edge), and counts itself in a global that
 * a restart must reset. read() prints "writes=N sum=S".
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define TARGET_WORDS	64

static unsigned long *target_buf;
static unsigned int target_writes;

static ssize_t inject_target_write(struct file *file, const char __user *buf,
				   size_t count, loff_t *ppos)
{
	unsigned long sum = 0;
	unsigned int i;

	for (i = 0; i < TARGET_WORDS; i++)
		sum += target_buf[i];
	if (sum != TARGET_WORDS * (TARGET_WORDS - 1) / 2)
		return -EIO;
	target_writes++;
	return count;
}

static ssize_t inject_target_read(struct file *file, char __user *buf,
				  size_t count, loff_t *ppos)
{
	char line[48];
	unsigned long sum = 0;
	unsigned int i;
	int len;

	for (i = 0; i < TARGET_WORDS; i++)
		sum += target_buf[i];
	len = scnprintf(line, sizeof(line), "writes=%u sum=%lu\n",
			target_writes, sum);
	return simple_read_from_buffer(buf, count, ppos, line, len);
}

static const struct file_operations inject_target_fops = {
	.owner = THIS_MODULE,
	.read = inject_target_read,
	.write = inject_target_write,
};

static struct miscdevice inject_target_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "inject_target",
	.fops = &inject_target_fops,
};

static int __init inject_target_init(void)
{
	unsigned int i;
	int err;

	target_buf = kcalloc(TARGET_WORDS, sizeof(*target_buf), GFP_KERNEL);
	if (!target_buf)
		return -ENOMEM;
	for (i = 0; i < TARGET_WORDS; i++)
		target_buf[i] = i;
	err = misc_register(&inject_target_misc);
	if (err)
		kfree(target_buf);
	return err;
}
module_init(inject_target_init);

static void __exit inject_target_exit(void)
{
	misc_deregister(&inject_target_misc);
	kfree(target_buf);
}
module_exit(inject_target_exit);

MODULE_DESCRIPTION("mend test: a plugin-built driver for injected faults");
MODULE_LICENSE("GPL");
