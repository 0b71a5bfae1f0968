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
 *
 * A cdev in the heap belongs to its instance, like a misc device there:
 * it is added with the instance's copy of its file_operations
 * (kernel-shim/fops.c), so that files still open on it when the instance
 * dies are revoked. Such a file also holds the cdev itself: __fput() puts
 * a reference on its kobject, after the release. When the cdev lies in
 * memory the undo frees (a structure the driver allocated with kmalloc
 * and friends), that memory is kept until the cdev's last reference goes:
 * the undo of the cdev puts mend's kobj_type in front of the cdev's, the
 * undo of the allocation leaves the block to it (mend_cdev_keeps()), and
 * the kobject's release frees it after the cdev's own release. Until then
 * the inodes the dead cdev was opened through still name it (the kernel
 * forgets them in that release), so opens through such a node get -EIO
 * until the stale files are closed; the fresh instance's cdev is reached
 * through the other nodes of its numbers, and through that one after.
 */
#include <linux/cdev.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "mend_internal.h"

/* A dead instance's cdev that open files still hold. */
struct mend_cdev_kept {
	struct list_head node;		/* mend_cdevs_kept */
	struct cdev *cdev;
	const struct kobj_type *ktype;	/* the cdev's own */
	void *block;			/* the memory it lies in, once undone */
	mend_undo_fn free;		/* frees block */
};

static LIST_HEAD(mend_cdevs_kept);
static DEFINE_SPINLOCK(mend_cdevs_kept_lock);

static void mend_cdev_release(struct kobject *kobj)
{
	struct cdev *cdev = container_of(kobj, struct cdev, kobj);
	struct mend_cdev_kept *k;

	spin_lock(&mend_cdevs_kept_lock);
	list_for_each_entry(k, &mend_cdevs_kept, node)
		if (k->cdev == cdev)
			break;
	/* Only a kept cdev has this type: found. */
	list_del(&k->node);
	spin_unlock(&mend_cdevs_kept_lock);
	/* cdev_purge(): the inodes forget the cdev. */
	k->ktype->release(kobj);
	if (k->block)
		k->free(k->block, NULL);
	kfree(k);
}

static const struct kobj_type mend_cdev_ktype = {
	.release = mend_cdev_release,
};

/*
 * The undo frees the block [block, block + size) with @free: false when a
 * kept cdev lies in it, which then frees the block when it goes.
 */
bool mend_cdev_keeps(void *block, size_t size, mend_undo_fn free)
{
	struct mend_cdev_kept *k;
	bool kept = false;

	spin_lock(&mend_cdevs_kept_lock);
	list_for_each_entry(k, &mend_cdevs_kept, node) {
		if (!k->block && (void *)k->cdev >= block &&
		    (void *)k->cdev < block + size) {
			k->block = block;
			k->free = free;
			kept = true;
			break;
		}
	}
	spin_unlock(&mend_cdevs_kept_lock);
	return kept;
}

/* args[0]: the cdev is in the heap (see above). */
static void undo_cdev_del(void *obj, const unsigned long *args)
{
	struct cdev *cdev = obj;
	struct mend_cdev_kept *k;

	/*
	 * Besides the reference cdev_del() puts, open files hold it. None
	 * can be dropped before that put, so the release sees mend's type.
	 */
	if (args[0] && kref_read(&cdev->kobj.kref) > 1 &&
	    cdev->kobj.ktype && cdev->kobj.ktype->release) {
		k = kzalloc(sizeof(*k), GFP_KERNEL);
		if (k) {
			k->cdev = cdev;
			k->ktype = cdev->kobj.ktype;
			spin_lock(&mend_cdevs_kept_lock);
			list_add(&k->node, &mend_cdevs_kept);
			spin_unlock(&mend_cdevs_kept_lock);
			cdev->kobj.ktype = &mend_cdev_ktype;
		}
	}
	cdev_del(cdev);
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
	const struct file_operations *fops = cdev->ops;
	unsigned long args[MEND_UNDO_ARGS] = { 0 };
	struct mend_domain *d;
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
	d = READ_ONCE(unit->domain);
	args[0] = d && !within_module((unsigned long)cdev, d->mod);
	/* Files opened on a heap cdev are its instance's. */
	if (args[0] && fops) {
		cdev->ops = mend_fops_get(unit, fops);
		if (!cdev->ops) {
			cdev->ops = fops;
			return -ENOMEM;
		}
	}
	err = cdev_add(cdev, dev, count);
	if (err)
		cdev->ops = fops;
	else
		mend_undo_push(unit, undo_cdev_del, cdev, args,
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
