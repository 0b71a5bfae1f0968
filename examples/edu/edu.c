// SPDX-License-Identifier: GPL-2.0
/*
 * Driver for QEMU's "edu" educational PCI device (1234:11e8)
 *
 * The device computes factorials: the driver writes n to a register, the
 * device computes n! in the background and raises an interrupt when done.
 * This driver exposes that as a misc character device, usable from a shell:
 *
 *   qemu-system-x86_64 ... -device edu
 *   insmod edu.ko [msi=0]       # msi=0 forces legacy INTx
 *   echo 10 > /dev/edu          # computes 10!, blocks until the device answers
 *   cat /dev/edu                # prints the last result: 3628800
 *   cat /sys/class/misc/edu/irq_count   # interrupts handled so far
 *
 * A write takes a decimal n in 0..12 (12! is the largest factorial that fits
 * the device's 32-bit register); it fails with ERANGE otherwise, EINVAL for
 * a malformed number, ETIMEDOUT if the device does not answer within a
 * second. A read before any computation fails with ENODATA. One device is
 * supported (the node is always /dev/edu); users are serialised by a mutex.
 * Device reference: QEMU's docs/specs/edu.rst and its device model in hw/misc.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#define EDU_VENDOR_ID		0x1234
#define EDU_DEVICE_ID		0x11e8

/* BAR0 registers, all accessed 32 bits wide */
#define EDU_REG_ID		0x00	/* 0xMMmm00ed: major, minor version */
#define EDU_REG_LIVENESS	0x04	/* reads back ~(last value written) */
#define EDU_REG_FACT		0x08	/* write n to start, read n! when idle */
#define EDU_REG_STATUS		0x20
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_ACK		0x64

#define EDU_ID_MAGIC		0xed
#define EDU_STATUS_COMPUTING	0x01
#define EDU_STATUS_IRQFACT	0x80
#define EDU_IRQ_FACT		0x00000001

#define EDU_FACT_MAX		12
#define EDU_TIMEOUT		msecs_to_jiffies(1000)

static bool msi = true;
module_param(msi, bool, 0444);
MODULE_PARM_DESC(msi, "Use MSI if available (default: true); 0 forces INTx");

struct edu_dev {
	struct kref ref;		/* probe's reference plus one per open file */
	void __iomem *regs;
	struct miscdevice misc;
	struct mutex lock;		/* serialises users; protects the fields below */
	bool gone;			/* device removed, regs unmapped */
	bool have_result;
	u32 result;
	wait_queue_head_t wq;		/* woken by the interrupt handler */
	bool fact_irq;			/* set by the handler, cleared at start */
	atomic_t irq_count;
};

static void edu_free(struct kref *ref)
{
	struct edu_dev *edu = container_of(ref, struct edu_dev, ref);

	mutex_destroy(&edu->lock);
	kfree(edu);
}

static struct edu_dev *edu_from_file(struct file *file)
{
	struct miscdevice *misc = file->private_data;

	return container_of(misc, struct edu_dev, misc);
}

static bool edu_idle(struct edu_dev *edu)
{
	return !(ioread32(edu->regs + EDU_REG_STATUS) & EDU_STATUS_COMPUTING);
}

static bool edu_done(struct edu_dev *edu, bool need_irq)
{
	return (!need_irq || READ_ONCE(edu->fact_irq)) && edu_idle(edu);
}

/*
 * Sleep until the device is idle and, if @need_irq, until the interrupt
 * handler has seen a factorial interrupt since the computation started.
 * Checking the device as well means a late interrupt from an abandoned
 * computation cannot be taken for the end of the current one.
 */
static int edu_wait(struct edu_dev *edu, bool need_irq)
{
	long ret;

	ret = wait_event_interruptible_timeout(edu->wq, edu_done(edu, need_irq),
					       EDU_TIMEOUT);
	if (ret < 0)
		return ret;
	return ret ? 0 : -ETIMEDOUT;
}

/* Called with edu->lock held. */
static int edu_factorial(struct edu_dev *edu, u32 n, u32 *result)
{
	int err;

	/* The device ignores a new n while busy, e.g. after a timeout. */
	err = edu_wait(edu, false);
	if (err)
		return err;

	WRITE_ONCE(edu->fact_irq, false);
	iowrite32(EDU_STATUS_IRQFACT, edu->regs + EDU_REG_STATUS);
	iowrite32(n, edu->regs + EDU_REG_FACT);

	err = edu_wait(edu, true);
	if (err)
		return err;

	*result = ioread32(edu->regs + EDU_REG_FACT);
	return 0;
}

static irqreturn_t edu_irq(int irq, void *data)
{
	struct edu_dev *edu = data;
	u32 status;

	status = ioread32(edu->regs + EDU_REG_IRQ_STATUS);
	if (!status || status == ~0U)
		return IRQ_NONE;	/* not ours (shared INTx) or device gone */

	iowrite32(status, edu->regs + EDU_REG_IRQ_ACK);
	atomic_inc(&edu->irq_count);
	if (status & EDU_IRQ_FACT)
		WRITE_ONCE(edu->fact_irq, true);
	wake_up(&edu->wq);
	return IRQ_HANDLED;
}

static int edu_open(struct inode *inode, struct file *file)
{
	kref_get(&edu_from_file(file)->ref);
	return 0;
}

static int edu_release(struct inode *inode, struct file *file)
{
	kref_put(&edu_from_file(file)->ref, edu_free);
	return 0;
}

static ssize_t edu_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	struct edu_dev *edu = edu_from_file(file);
	char line[16];
	int len;

	if (mutex_lock_interruptible(&edu->lock))
		return -ERESTARTSYS;
	if (edu->gone)
		len = -ENODEV;
	else if (!edu->have_result)
		len = -ENODATA;
	else
		len = scnprintf(line, sizeof(line), "%u\n", edu->result);
	mutex_unlock(&edu->lock);

	if (len < 0)
		return len;
	return simple_read_from_buffer(buf, count, ppos, line, len);
}

static ssize_t edu_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	struct edu_dev *edu = edu_from_file(file);
	u32 n, result;
	int err;

	err = kstrtou32_from_user(buf, count, 10, &n);
	if (err)
		return err;
	if (n > EDU_FACT_MAX)
		return -ERANGE;

	if (mutex_lock_interruptible(&edu->lock))
		return -ERESTARTSYS;
	if (edu->gone) {
		err = -ENODEV;
	} else {
		err = edu_factorial(edu, n, &result);
		if (!err) {
			edu->result = result;
			edu->have_result = true;
		}
	}
	mutex_unlock(&edu->lock);

	return err ? err : count;
}

static const struct file_operations edu_fops = {
	.owner		= THIS_MODULE,
	.open		= edu_open,
	.release	= edu_release,
	.read		= edu_read,
	.write		= edu_write,
	.llseek		= no_llseek,
};

static ssize_t irq_count_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct miscdevice *misc = dev_get_drvdata(dev);
	struct edu_dev *edu = container_of(misc, struct edu_dev, misc);

	return sysfs_emit(buf, "%u\n", atomic_read(&edu->irq_count));
}
static DEVICE_ATTR_RO(irq_count);

static struct attribute *edu_attrs[] = {
	&dev_attr_irq_count.attr,
	NULL,
};
ATTRIBUTE_GROUPS(edu);

static int edu_check_device(struct pci_dev *pdev, void __iomem *regs)
{
	u32 id, pattern = 0x5a5aa5a5;

	id = ioread32(regs + EDU_REG_ID);
	if ((id & 0xff) != EDU_ID_MAGIC) {
		dev_err(&pdev->dev, "bad identification 0x%08x\n", id);
		return -ENODEV;
	}

	iowrite32(pattern, regs + EDU_REG_LIVENESS);
	if (ioread32(regs + EDU_REG_LIVENESS) != ~pattern) {
		dev_err(&pdev->dev, "liveness check failed\n");
		return -EIO;
	}

	dev_info(&pdev->dev, "edu version %u.%u\n", id >> 24, (id >> 16) & 0xff);
	return 0;
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	unsigned int irq_types = PCI_IRQ_LEGACY | (msi ? PCI_IRQ_MSI : 0);
	struct edu_dev *edu;
	int err;

	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	kref_init(&edu->ref);
	mutex_init(&edu->lock);
	init_waitqueue_head(&edu->wq);
	pci_set_drvdata(pdev, edu);

	err = pci_enable_device(pdev);
	if (err)
		goto err_free;

	err = pci_request_regions(pdev, KBUILD_MODNAME);
	if (err)
		goto err_disable;

	edu->regs = pci_iomap(pdev, 0, 0);
	if (!edu->regs) {
		err = -ENOMEM;
		goto err_release;
	}

	err = edu_check_device(pdev, edu->regs);
	if (err)
		goto err_unmap;

	/* MSI is a memory write by the device: it needs bus mastering. */
	pci_set_master(pdev);

	err = pci_alloc_irq_vectors(pdev, 1, 1, irq_types);
	if (err < 0)
		goto err_clear_master;

	err = request_irq(pci_irq_vector(pdev, 0), edu_irq, IRQF_SHARED,
			  KBUILD_MODNAME, edu);
	if (err)
		goto err_free_vectors;

	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = KBUILD_MODNAME;
	edu->misc.fops = &edu_fops;
	edu->misc.parent = &pdev->dev;
	edu->misc.groups = edu_groups;
	err = misc_register(&edu->misc);
	if (err)
		goto err_free_irq;

	dev_info(&pdev->dev, "/dev/%s ready, irq %d (%s)\n", edu->misc.name,
		 pci_irq_vector(pdev, 0), pdev->msi_enabled ? "MSI" : "INTx");
	return 0;

err_free_irq:
	free_irq(pci_irq_vector(pdev, 0), edu);
err_free_vectors:
	pci_free_irq_vectors(pdev);
err_clear_master:
	pci_clear_master(pdev);
err_unmap:
	pci_iounmap(pdev, edu->regs);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	kref_put(&edu->ref, edu_free);
	return err;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);

	misc_deregister(&edu->misc);

	/* Wait for a computation in progress; files still open see -ENODEV. */
	mutex_lock(&edu->lock);
	edu->gone = true;
	iowrite32(0, edu->regs + EDU_REG_STATUS);
	mutex_unlock(&edu->lock);

	free_irq(pci_irq_vector(pdev, 0), edu);
	iowrite32(~0U, edu->regs + EDU_REG_IRQ_ACK);	/* drop anything pending */
	pci_free_irq_vectors(pdev);
	pci_clear_master(pdev);
	pci_iounmap(pdev, edu->regs);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	kref_put(&edu->ref, edu_free);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR_ID, EDU_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= edu_ids,
	.probe		= edu_probe,
	.remove		= edu_remove,
};
module_pci_driver(edu_driver);

MODULE_DESCRIPTION("Driver for QEMU's edu educational PCI device");
MODULE_LICENSE("GPL");
