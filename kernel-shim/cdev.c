// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: character devices added with cdev_add(). Linked like a
 * miscdevice (kernel-shim/misc.c): a cdev that is a global of the driver
 * stays added across restarts, one in the driver's memory is deleted with
 * the instance that allocated it.
 *
 * A global cdev must stay: a file open on it holds the cdev itself, not
 * only its numbers. The inode caches it (i_cdev) and sits on its list, and
 * the file holds a reference on its kobject, dropped at the last close.
 * Deleting it on restart and letting the fresh instance's cdev_init()
 * start it over would reset that count and that list under the open file:
 * its close would put a reference it never took from the new kobject, and
 * the inode leave a list that no longer has it. Kept, the file carries on
 * through the same file_operations into the fresh instance.
 *
 * So during a restart the fresh instance's cdev_init() of the kept cdev
 * only sets its file_operations, and its cdev_add() keeps the cdev mapped
 * where it is; its numbers may have changed meanwhile (chrdev.c gives the
 * dead instance's region back, and a dynamic major is chosen again), and
 * then the cdev moves to the new ones. Between the undo and the fresh
 * init the cdev stays mapped on numbers nobody holds: an open then finds
 * the driver restarting and gets -EIO.
 */
#include <linux/cdev.h>
#include <linux/kobject.h>

#include "mend_internal.h"

static void undo_cdev_del(void *obj, const unsigned long *args)
{
	cdev_del(obj);
}

static bool restarting(struct mend_unit *unit)
{
	struct mend_domain *d = READ_ONCE(unit->domain);

	return d && READ_ONCE(d->state) == MEND_RESTARTING;
}

/*
 * cdev_init() of a cdev that is added wipes its kobject, its list of
 * inodes and its numbers while the kernel still maps it: a misuse, except
 * for the kept one of a restart.
 */
void __mend_wrap_cdev_init(struct mend_unit *unit, struct cdev *cdev,
			   const struct file_operations *fops)
{
	int flags = mend_undo_lookup(unit, undo_cdev_del, cdev);

	if (flags < 0) {
		cdev_init(cdev, fops);
		return;
	}
	if ((flags & MEND_UNDO_LINKED) && restarting(unit)) {
		WRITE_ONCE(cdev->ops, fops);
		return;
	}
	mend_misuse(unit, "cdev_init of added", cdev,
		    __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_wrap_cdev_init);

/*
 * Map the kept @cdev on new numbers. cdev_del() unmaps it and drops the
 * reference cdev_init() gave, which the cdev keeps: take one more first.
 * cdev_add() takes one on the parent, which the release puts only once.
 */
static int cdev_move(struct cdev *cdev, dev_t dev, unsigned int count)
{
	struct kobject *parent = cdev->kobj.parent;
	int err;

	kobject_get(&cdev->kobj);
	cdev_del(cdev);
	err = cdev_add(cdev, dev, count);
	if (!err)
		kobject_put(parent);
	return err;
}

int __mend_wrap_cdev_add(struct mend_unit *unit, struct cdev *cdev,
			 dev_t dev, unsigned int count)
{
	int flags = mend_undo_lookup(unit, undo_cdev_del, cdev);
	int err;

	if (flags >= 0) {
		if (!(flags & MEND_UNDO_LINKED) || !restarting(unit)) {
			mend_misuse(unit, "cdev_add of added", cdev,
				    __builtin_return_address(0));
			return -EBUSY;
		}
		if (cdev->dev == dev && cdev->count == count)
			return 0;
		err = cdev_move(cdev, dev, count);
		/* Mapped nowhere: initialized, not added, as the driver sees. */
		if (err)
			mend_undo_pop(unit, undo_cdev_del, cdev);
		return err;
	}
	err = cdev_add(cdev, dev, count);
	if (!err)
		mend_undo_push(unit, undo_cdev_del, cdev, NULL,
			       MEND_UNDO_LINKED, sizeof(*cdev));
	return err;
}
EXPORT_SYMBOL_GPL(__mend_wrap_cdev_add);

void __mend_wrap_cdev_del(struct mend_unit *unit, struct cdev *cdev)
{
	if (mend_undo_pop(unit, undo_cdev_del, cdev))
		cdev_del(cdev);
	else
		mend_misuse(unit, "cdev_del of", cdev,
			    __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_wrap_cdev_del);
