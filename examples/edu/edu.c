// SPDX-License-Identifier: GPL-2.0
/*
 * Driver for QEMU's "edu" educational PCI device (1234:11e8)
 *
 * The device computes factorials and copies data by DMA between system
 * memory and a 4 KiB buffer of its own, raising an interrupt when either is
 * done. This driver exposes both as a misc character device:
 *
 *   qemu-system-x86_64 ... -device edu
 *   insmod edu.ko [msi=0] [heartbeat_ms=100]
 *   echo 10 > /dev/edu          # computes 10!, blocks until the device answers
 *   cat /dev/edu                # prints the last result: 3628800
 *   edu-ctl fact 10             # the same through ioctl(EDU_IOC_FACT)
 *   edu-ctl dma 4095 0 7        # a buffer through the device and back by DMA
 *   cat /sys/class/misc/edu/stats   # interrupts, factorials, DMAs, heartbeats
 *
 * A write takes a decimal n in 0..12 (12! is the largest factorial that fits
 * the device's 32-bit register); it fails with ERANGE otherwise, EINVAL for
 * a malformed number, ETIMEDOUT if the device does not answer within a
 * second. A read before any computation fails with ENODATA. The ioctls are
 * in edu_ioctl.h. A timer checks every heartbeat_ms that the device still
 * answers its liveness register. One device is supported (the node is always
 * /dev/edu); users are serialised by a mutex, the statistics by a spinlock
 * the interrupt handler and the timer take too.
 *
 * It is mend's example driver: the DMA buffer carries a count annotation,
 * so a copy into it past its end is a failed check, and the driver uses
 * each kind of kernel resource mend tracks (MMIO, IRQ, DMA, timer, locks,
 * a misc device). Device reference: QEMU's docs/specs/edu.rst.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <mend.h>

#include "edu_ioctl.h"

#define EDU_VENDOR_ID		0x1234
#define EDU_DEVICE_ID		0x11e8

/* BAR0 registers: 32 bits wide below 0x80, 64 bits from 0x80 */
#define EDU_REG_ID		0x00	/* 0xMMmm00ed: major, minor version */
#define EDU_REG_LIVENESS	0x04	/* reads back ~(last value written) */
#define EDU_REG_FACT		0x08	/* write n to start, read n! when idle */
#define EDU_REG_STATUS		0x20
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_ACK		0x64
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98

#define EDU_ID_MAGIC		0xed
#define EDU_STATUS_COMPUTING	0x01
#define EDU_STATUS_IRQFACT	0x80
#define EDU_IRQ_FACT		0x00000001
#define EDU_IRQ_DMA		0x00000100

#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2	/* direction: device buffer -> RAM */
#define EDU_DMA_IRQ		0x4
#define EDU_DMA_DEVICE_ADDR	0x40000	/* the device buffer, as the device sees it */
#define EDU_DMA_ADDR_BITS	28	/* the device drops higher address bits */

#define EDU_FACT_MAX		12
#define EDU_TIMEOUT		msecs_to_jiffies(1000)

static bool msi = true;
module_param(msi, bool, 0444);
MODULE_PARM_DESC(msi, "Use MSI if available (default: true); 0 forces INTx");

static unsigned int heartbeat_ms = 100;
module_param(heartbeat_ms, uint, 0444);
MODULE_PARM_DESC(heartbeat_ms, "Liveness check period in ms (default 100, 0: off)");

struct edu_dev {
	struct kref ref;		/* probe's reference plus one per open file */
	struct pci_dev *pdev;
	void __iomem *regs;
	struct miscdevice misc;
	struct mutex lock;		/* serialises users; protects the fields below */
	bool gone;			/* device removed, regs unmapped */
	bool have_result;
	u32 result;
	/* The DMA bounce buffer, EDU_DMA_SIZE bytes, coherent. */
	u8 *dma_buf __elems(EDU_DMA_SIZE);
	dma_addr_t dma_handle;
	wait_queue_head_t wq;		/* woken by the interrupt handler */
	u32 irq_seen;			/* EDU_IRQ_* since the last start */
	struct timer_list heartbeat;
	spinlock_t stats_lock;		/* protects irq_seen and stats */
	struct edu_stats stats;
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

/* Has the handler seen all of @irqs since they were cleared? */
static bool edu_irq_seen(struct edu_dev *edu, u32 irqs)
{
	unsigned long flags;
	bool seen;

	spin_lock_irqsave(&edu->stats_lock, flags);
	seen = (edu->irq_seen & irqs) == irqs;
	spin_unlock_irqrestore(&edu->stats_lock, flags);
	return seen;
}

static void edu_irq_clear(struct edu_dev *edu, u32 irqs)
{
	spin_lock_irq(&edu->stats_lock);
	edu->irq_seen &= ~irqs;
	spin_unlock_irq(&edu->stats_lock);
}

static bool edu_done(struct edu_dev *edu, u32 irqs)
{
	return edu_irq_seen(edu, irqs) && edu_idle(edu);
}

/*
 * Sleep until the device is idle and the interrupt handler has seen @irqs
 * since they were cleared. Checking the device as well means a late
 * interrupt from an abandoned computation cannot be taken for the end of the
 * current one.
 */
static int edu_wait(struct edu_dev *edu, u32 irqs)
{
	long ret;

	ret = wait_event_interruptible_timeout(edu->wq, edu_done(edu, irqs),
					       EDU_TIMEOUT);
	if (ret < 0)
		return ret;
	return ret ? 0 : -ETIMEDOUT;
}

/* Count one event in @counter, a member of edu->stats; stats_lock held. */
static void edu_count(struct edu_dev *edu, u32 *counter)
{
	lockdep_assert_held(&edu->stats_lock);
	(*counter)++;
}

/* Called with edu->lock held. */
static int edu_factorial(struct edu_dev *edu, u32 n, u32 *result)
{
	int err;

	/* The device ignores a new n while busy, e.g. after a timeout. */
	err = edu_wait(edu, 0);
	if (err)
		return err;

	edu_irq_clear(edu, EDU_IRQ_FACT);
	iowrite32(EDU_STATUS_IRQFACT, edu->regs + EDU_REG_STATUS);
	iowrite32(n, edu->regs + EDU_REG_FACT);

	err = edu_wait(edu, EDU_IRQ_FACT);
	if (err)
		return err;

	*result = ioread32(edu->regs + EDU_REG_FACT);
	spin_lock_irq(&edu->stats_lock);
	edu_count(edu, &edu->stats.facts);
	spin_unlock_irq(&edu->stats_lock);
	return 0;
}

/*
 * One DMA transfer of @len bytes between dma_buf and the device buffer at
 * @offset, in the direction @to_ram says. Called with edu->lock held.
 */
static int edu_dma(struct edu_dev *edu, u32 offset, u32 len, bool to_ram)
{
	u64 ram = edu->dma_handle, device = EDU_DMA_DEVICE_ADDR + offset;
	int err;

	edu_irq_clear(edu, EDU_IRQ_DMA);
	writeq(to_ram ? device : ram, edu->regs + EDU_REG_DMA_SRC);
	writeq(to_ram ? ram : device, edu->regs + EDU_REG_DMA_DST);
	writeq(len, edu->regs + EDU_REG_DMA_COUNT);
	writeq(EDU_DMA_RUN | EDU_DMA_IRQ | (to_ram ? EDU_DMA_TO_RAM : 0),
	       edu->regs + EDU_REG_DMA_CMD);

	err = edu_wait(edu, EDU_IRQ_DMA);
	if (err)
		return err;
	if (readq(edu->regs + EDU_REG_DMA_CMD) & EDU_DMA_RUN)
		return -EIO;
	spin_lock_irq(&edu->stats_lock);
	edu_count(edu, &edu->stats.dmas);
	spin_unlock_irq(&edu->stats_lock);
	return 0;
}

/*
 * EDU_IOC_DMA: the caller's bytes go to the device buffer at d->offset and
 * come back by a second transfer into a cleared bounce buffer, so what the
 * caller reads back has really been through the device twice.
 */
static int edu_dma_round_trip(struct edu_dev *edu, const struct edu_dma *d)
{
	void __user *data = u64_to_user_ptr(d->data);
	int err;

	if (d->len > EDU_DMA_SIZE || d->offset > EDU_DMA_SIZE - d->len)
		return -EINVAL;
	if (copy_from_user(edu->dma_buf, data, d->len))
		return -EFAULT;
	err = edu_dma(edu, d->offset, d->len, false);
	if (err)
		return err;
	memset(edu->dma_buf, 0, d->len);
	err = edu_dma(edu, d->offset, d->len, true);
	if (err)
		return err;
	if (copy_to_user(data, edu->dma_buf, d->len))
		return -EFAULT;
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
	spin_lock(&edu->stats_lock);
	edu->stats.irqs++;
	edu->irq_seen |= status;
	spin_unlock(&edu->stats_lock);
	wake_up(&edu->wq);
	return IRQ_HANDLED;
}

/* The device must still invert what is written to its liveness register. */
static void edu_heartbeat(struct timer_list *t)
{
	struct edu_dev *edu = from_timer(edu, t, heartbeat);
	u32 pattern = jiffies;
	unsigned long flags;
	bool alive;

	iowrite32(pattern, edu->regs + EDU_REG_LIVENESS);
	alive = ioread32(edu->regs + EDU_REG_LIVENESS) == ~pattern;
	spin_lock_irqsave(&edu->stats_lock, flags);
	if (alive)
		edu->stats.heartbeats++;
	else
		edu->stats.missed_heartbeats++;
	spin_unlock_irqrestore(&edu->stats_lock, flags);
	mod_timer(&edu->heartbeat, jiffies + msecs_to_jiffies(heartbeat_ms));
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

/* Called with edu->lock held. */
static int edu_compute(struct edu_dev *edu, u32 n, u32 *result)
{
	int err;

	if (n > EDU_FACT_MAX)
		return -ERANGE;
	err = edu_factorial(edu, n, result);
	if (!err) {
		edu->result = *result;
		edu->have_result = true;
	}
	return err;
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

	if (mutex_lock_interruptible(&edu->lock))
		return -ERESTARTSYS;
	err = edu->gone ? -ENODEV : edu_compute(edu, n, &result);
	mutex_unlock(&edu->lock);

	return err ? err : count;
}

static long edu_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct edu_dev *edu = edu_from_file(file);
	void __user *uarg = (void __user *)arg;
	struct edu_fact fact;
	struct edu_dma dma;
	struct edu_stats stats;
	int err;

	switch (cmd) {
	case EDU_IOC_FACT:
		if (copy_from_user(&fact, uarg, sizeof(fact)))
			return -EFAULT;
		break;
	case EDU_IOC_DMA:
		if (copy_from_user(&dma, uarg, sizeof(dma)))
			return -EFAULT;
		break;
	case EDU_IOC_STATS:
		spin_lock_irq(&edu->stats_lock);
		stats = edu->stats;
		spin_unlock_irq(&edu->stats_lock);
		return copy_to_user(uarg, &stats, sizeof(stats)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}

	if (mutex_lock_interruptible(&edu->lock))
		return -ERESTARTSYS;
	if (edu->gone)
		err = -ENODEV;
	else if (cmd == EDU_IOC_FACT)
		err = edu_compute(edu, fact.n, &fact.result);
	else
		err = edu_dma_round_trip(edu, &dma);
	mutex_unlock(&edu->lock);

	if (!err && cmd == EDU_IOC_FACT &&
	    copy_to_user(uarg, &fact, sizeof(fact)))
		err = -EFAULT;
	return err;
}

static const struct file_operations edu_fops = {
	.owner		= THIS_MODULE,
	.open		= edu_open,
	.release	= edu_release,
	.read		= edu_read,
	.write		= edu_write,
	.unlocked_ioctl	= edu_ioctl,
	.llseek		= no_llseek,
};

static struct edu_dev *edu_from_device(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct edu_dev, misc);
}

/* "irqs facts dmas heartbeats missed_heartbeats" */
static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct edu_dev *edu = edu_from_device(dev);
	struct edu_stats s;

	spin_lock_irq(&edu->stats_lock);
	s = edu->stats;
	spin_unlock_irq(&edu->stats_lock);
	return sysfs_emit(buf, "%u %u %u %u %u\n", s.irqs, s.facts, s.dmas,
			  s.heartbeats, s.missed_heartbeats);
}
static DEVICE_ATTR_RO(stats);

static ssize_t irq_count_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct edu_dev *edu = edu_from_device(dev);
	u32 irqs;

	spin_lock_irq(&edu->stats_lock);
	irqs = edu->stats.irqs;
	spin_unlock_irq(&edu->stats_lock);
	return sysfs_emit(buf, "%u\n", irqs);
}
static DEVICE_ATTR_RO(irq_count);

static struct attribute *edu_attrs[] = {
	&dev_attr_stats.attr,
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
	spin_lock_init(&edu->stats_lock);
	init_waitqueue_head(&edu->wq);
	timer_setup(&edu->heartbeat, edu_heartbeat, 0);
	edu->pdev = pdev;
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

	/* DMA and MSI are memory writes by the device: bus mastering. */
	pci_set_master(pdev);

	err = dma_set_mask_and_coherent(&pdev->dev,
					DMA_BIT_MASK(EDU_DMA_ADDR_BITS));
	if (err)
		goto err_clear_master;
	edu->dma_buf = dma_alloc_coherent(&pdev->dev, EDU_DMA_SIZE,
					  &edu->dma_handle, GFP_KERNEL);
	if (!edu->dma_buf) {
		err = -ENOMEM;
		goto err_clear_master;
	}

	err = pci_alloc_irq_vectors(pdev, 1, 1, irq_types);
	if (err < 0)
		goto err_free_dma;

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

	if (heartbeat_ms)
		mod_timer(&edu->heartbeat,
			  jiffies + msecs_to_jiffies(heartbeat_ms));
	dev_info(&pdev->dev, "/dev/%s ready, irq %d (%s)\n", edu->misc.name,
		 pci_irq_vector(pdev, 0), pdev->msi_enabled ? "MSI" : "INTx");
	return 0;

err_free_irq:
	free_irq(pci_irq_vector(pdev, 0), edu);
err_free_vectors:
	pci_free_irq_vectors(pdev);
err_free_dma:
	dma_free_coherent(&pdev->dev, EDU_DMA_SIZE, edu->dma_buf,
			  edu->dma_handle);
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
	del_timer_sync(&edu->heartbeat);

	/* Wait for a computation in progress; files still open see -ENODEV. */
	mutex_lock(&edu->lock);
	edu->gone = true;
	iowrite32(0, edu->regs + EDU_REG_STATUS);
	mutex_unlock(&edu->lock);

	free_irq(pci_irq_vector(pdev, 0), edu);
	iowrite32(~0U, edu->regs + EDU_REG_IRQ_ACK);	/* drop anything pending */
	pci_free_irq_vectors(pdev);
	dma_free_coherent(&pdev->dev, EDU_DMA_SIZE, edu->dma_buf,
			  edu->dma_handle);
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
