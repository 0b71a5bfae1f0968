// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: ranges of character device numbers (alloc_chrdev_region(),
 * register_chrdev_region(), register_chrdev()). A range the driver
 * registered is unregistered on undo, so that a restart's init, which
 * registers again, does not leave the dead instance's range behind in
 * /proc/devices. The entry's object is the range's first device number
 * (a number, never a kernel address: no freed block can hold it), its
 * first argument the count.
 *
 * A dynamic major is kept across a restart: the device nodes user space
 * made for it, and the files open on them, name that major. The range is
 * parked instead of unregistered, and the fresh instance's request for a
 * dynamic range of the same size and first minor gets it back (the one
 * the dead instance allocated first, first). A parked range the fresh
 * instance does not ask for is unregistered after its init.
 */
#include <linux/fs.h>
#include <linux/kdev_t.h>

#include "mend_internal.h"

static void *devt_key(dev_t dev)
{
	return (void *)(unsigned long)dev;
}

static void undo_unregister_chrdev_region(void *obj, const unsigned long *args)
{
	unregister_chrdev_region((dev_t)(unsigned long)obj, args[0]);
}

static void undo_unregister_chrdev(void *obj, const unsigned long *args)
{
	dev_t dev = (dev_t)(unsigned long)obj;

	__unregister_chrdev(MAJOR(dev), MINOR(dev), args[0],
			    (const char *)args[1]);
}

static void track_region(struct mend_unit *unit, mend_undo_fn fn, dev_t dev,
			 unsigned int count, const char *name)
{
	unsigned long args[MEND_UNDO_ARGS] = { count, (unsigned long)name };

	mend_undo_push(unit, fn, devt_key(dev), args, 0, 0);
}

static void track_dynamic_region(struct mend_unit *unit, mend_undo_fn fn,
				 dev_t dev, unsigned int count,
				 const char *name)
{
	unsigned long args[MEND_UNDO_ARGS] = { count, (unsigned long)name };

	mend_undo_push_adoptable(unit, fn, NULL, NULL, devt_key(dev), args);
}

/*
 * On restart: the first number of the dynamic range the dead instance had
 * for @count minors from @baseminor (still registered, tracked again), or
 * 0. A parked range of another shape is unregistered.
 */
static dev_t adopt_dynamic_region(struct mend_unit *unit, mend_undo_fn fn,
				  unsigned int baseminor, unsigned int count)
{
	unsigned long args[MEND_UNDO_ARGS];
	void *key = mend_adopt(unit, fn, NULL, args);
	dev_t first;

	if (!key)
		return 0;
	first = (dev_t)(unsigned long)key;
	if (args[0] == count && MINOR(first) == baseminor)
		return first;
	mend_undo_pop(unit, fn, key);
	fn(key, args);
	return 0;
}

int __mend_wrap_alloc_chrdev_region(struct mend_unit *unit, dev_t *dev,
				    unsigned int baseminor, unsigned int count,
				    const char *name)
{
	dev_t kept = adopt_dynamic_region(unit, undo_unregister_chrdev_region,
					  baseminor, count);
	int err;

	if (kept) {
		*dev = kept;
		return 0;
	}
	err = alloc_chrdev_region(dev, baseminor, count, name);
	if (!err)
		track_dynamic_region(unit, undo_unregister_chrdev_region, *dev,
				     count, name);
	return err;
}
EXPORT_SYMBOL_GPL(__mend_wrap_alloc_chrdev_region);

int __mend_wrap_register_chrdev_region(struct mend_unit *unit, dev_t from,
				       unsigned int count, const char *name)
{
	int err = register_chrdev_region(from, count, name);

	if (!err)
		track_region(unit, undo_unregister_chrdev_region, from, count,
			     name);
	return err;
}
EXPORT_SYMBOL_GPL(__mend_wrap_register_chrdev_region);

/*
 * Unregistering a range the driver does not hold would take another
 * driver's numbers, or the same range twice: a misuse.
 */
void __mend_wrap_unregister_chrdev_region(struct mend_unit *unit, dev_t from,
					  unsigned int count)
{
	if (mend_undo_pop(unit, undo_unregister_chrdev_region, devt_key(from)))
		unregister_chrdev_region(from, count);
	else
		mend_misuse(unit, "unregister_chrdev_region of", devt_key(from),
			    __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_wrap_unregister_chrdev_region);

/*
 * register_chrdev() (an inline around this) registers a range and a cdev
 * of the kernel's own for it. It returns the major it chose when asked for
 * major 0, else 0; an error is negative.
 */
int __mend_wrap___register_chrdev(struct mend_unit *unit, unsigned int major,
				  unsigned int baseminor, unsigned int count,
				  const char *name,
				  const struct file_operations *fops)
{
	dev_t kept;
	int ret;

	if (major) {
		ret = __register_chrdev(major, baseminor, count, name, fops);
		if (!ret)
			track_region(unit, undo_unregister_chrdev,
				     MKDEV(major, baseminor), count, name);
		return ret;
	}
	/* Kept with the kernel's cdev, whose fops are the module's own. */
	kept = adopt_dynamic_region(unit, undo_unregister_chrdev, baseminor,
				    count);
	if (kept)
		return MAJOR(kept);
	ret = __register_chrdev(0, baseminor, count, name, fops);
	if (ret > 0)
		track_dynamic_region(unit, undo_unregister_chrdev,
				     MKDEV(ret, baseminor), count, name);
	return ret;
}
EXPORT_SYMBOL_GPL(__mend_wrap___register_chrdev);

void __mend_wrap___unregister_chrdev(struct mend_unit *unit,
				     unsigned int major,
				     unsigned int baseminor,
				     unsigned int count, const char *name)
{
	void *key = devt_key(MKDEV(major, baseminor));

	if (mend_undo_pop(unit, undo_unregister_chrdev, key))
		__unregister_chrdev(major, baseminor, count, name);
	else
		mend_misuse(unit, "unregister_chrdev of", key,
			    __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_wrap___unregister_chrdev);
