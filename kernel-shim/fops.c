// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: revoking the files of a dead instance.
 *
 * A device the driver registers inside memory it allocated (edu's misc
 * device, in the structure its probe allocates) belongs to one instance:
 * a restart deregisters it and the undo frees the memory, while files
 * opened on it may stay open. Their calls must never reach a later
 * instance: the driver code would take private_data, which names the dead
 * instance's memory, for its own. Neither private_data nor the device's
 * address tells the instances apart, because the slab often gives the
 * fresh instance's structure the dead one's address.
 *
 * What does is the file_operations a file uses: misc_open() and
 * chrdev_open() put the device's in file->f_op. So such a device is
 * registered with a copy of the driver's file_operations, one per
 * instance (struct mend_fops). Every undo run (a restart, a failed
 * restart, disabling) revokes all copies it finds, since the instance
 * that used them is dead; from then on the guard refuses the calls of a
 * file whose f_op is a revoked copy (mend_file_revoked()), and its close
 * does not call the driver's release at all: the undo already released
 * what the dead instance held, its memory included. Reopening the device
 * reaches the fresh instance through the fresh instance's copy.
 *
 * The kernel reads f_op->owner after release returns, so a copy cannot go
 * while a file uses it: copies stay until the domain goes. A revoked copy
 * whose last file is closed is taken again by a later instance that
 * registers the same file_operations, so copies do not pile up across
 * restarts; its bytes do not change, so a close still finishing on it
 * reads what it expects.
 *
 * nrevoked counts the files still open on revoked copies: while it is 0,
 * guards skip the check.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mend_internal.h"

struct mend_fops {
	struct file_operations fops;	/* what files opened through it use */
	const struct file_operations *orig;	/* the driver's */
	struct mend_domain *domain;
	struct list_head node;		/* domain->fops_copies */
	unsigned int files;		/* open through it; under fops_lock */
	bool revoked;			/* its instance is dead */
};

static int mend_fops_open(struct inode *inode, struct file *file);

static struct mend_fops *to_copy(const struct file_operations *f_op)
{
	if (!f_op || f_op->open != mend_fops_open)
		return NULL;
	return container_of(f_op, struct mend_fops, fops);
}

/*
 * misc_open() and chrdev_open() call the copy's open with file->f_op
 * already the copy. The driver's open runs through its guard; a file it
 * opened is counted, so that the copy is known to be in use.
 */
static int mend_fops_open(struct inode *inode, struct file *file)
{
	struct mend_fops *c = container_of(file->f_op, struct mend_fops, fops);
	struct mend_domain *d = c->domain;
	int err = c->orig->open ? c->orig->open(inode, file) : 0;

	/*
	 * A driver open that put other file_operations in the file is not
	 * revoked (those are not mend's), nor counted: the copy never sees
	 * its release.
	 */
	if (err || file->f_op != &c->fops)
		return err;
	spin_lock(&d->fops_lock);
	c->files++;
	/* The instance died while its open ran: the file is stale already. */
	if (c->revoked)
		atomic_inc(&d->nrevoked);
	spin_unlock(&d->fops_lock);
	return 0;
}

static int mend_fops_release(struct inode *inode, struct file *file)
{
	struct mend_fops *c = to_copy(file->f_op);
	struct mend_domain *d = c->domain;
	int ret = 0;

	/*
	 * A stale file's release is not the driver's business any more: it
	 * would put what the undo released (a reference on freed memory,
	 * or on the fresh instance's object at the same address). Revoked
	 * after this test, the guard refuses the call instead.
	 */
	if (!READ_ONCE(c->revoked) && c->orig->release)
		ret = c->orig->release(inode, file);
	spin_lock(&d->fops_lock);
	c->files--;
	if (c->revoked)
		atomic_dec(&d->nrevoked);
	spin_unlock(&d->fops_lock);
	return ret;
}

/*
 * The copy of @orig for the instance now running in @unit's domain,
 * to register instead of @orig; NULL when out of memory.
 */
const struct file_operations *mend_fops_get(struct mend_unit *unit,
					    const struct file_operations *orig)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	struct mend_fops *c, *found = NULL;

	if (!d)
		return orig;
	/* Registered again with what it was given last time: the same. */
	c = to_copy(orig);
	if (c)
		orig = c->orig;
	spin_lock(&d->fops_lock);
	list_for_each_entry(c, &d->fops_copies, node) {
		if (c->orig != orig)
			continue;
		if (!c->revoked) {
			found = c;
			break;
		}
		/* A dead instance's, no file left on it: reused. */
		if (!c->files && !found)
			found = c;
	}
	if (found)
		WRITE_ONCE(found->revoked, false);
	spin_unlock(&d->fops_lock);
	if (found)
		return &found->fops;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	c->fops = *orig;
	c->fops.open = mend_fops_open;
	c->fops.release = mend_fops_release;
	c->orig = orig;
	c->domain = d;
	spin_lock(&d->fops_lock);
	list_add_tail(&c->node, &d->fops_copies);
	spin_unlock(&d->fops_lock);
	return &c->fops;
}

/* @d's instance is dead: so are the files opened through its copies. */
void mend_fops_revoke(struct mend_domain *d)
{
	struct mend_fops *c;

	spin_lock(&d->fops_lock);
	list_for_each_entry(c, &d->fops_copies, node) {
		if (c->revoked)
			continue;
		WRITE_ONCE(c->revoked, true);
		atomic_add(c->files, &d->nrevoked);
	}
	spin_unlock(&d->fops_lock);
}

/*
 * The domain goes with its module. No file is open through a copy: each
 * holds the module (the copy's owner is the driver's).
 */
void mend_fops_destroy(struct mend_domain *d)
{
	struct mend_fops *c, *next;

	list_for_each_entry_safe(c, next, &d->fops_copies, node)
		kfree(c);
	INIT_LIST_HEAD(&d->fops_copies);
	atomic_set(&d->nrevoked, 0);
}

/* The members of file_operations whose struct file is their second argument. */
static const char *const file_second_arg[] = { "open", "release", "fasync" };

bool mend_file_revoked(struct mend_domain *d, const struct mend_frame *frame)
{
	const char *role = frame->entry->role;
	const struct file *file;
	struct mend_fops *c;
	unsigned int i;
	size_t len;

	len = str_has_prefix(role, "file_operations.");
	if (!len)
		return false;
	file = (const struct file *)frame->rdi;
	for (i = 0; i < ARRAY_SIZE(file_second_arg); i++)
		if (!strcmp(role + len, file_second_arg[i]))
			file = (const struct file *)frame->rsi;
	c = file ? to_copy(file->f_op) : NULL;
	return c && READ_ONCE(c->revoked);
}
