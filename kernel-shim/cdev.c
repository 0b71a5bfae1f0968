// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: character devices added with cdev_add(). Linked like a
 * miscdevice (kernel-shim/misc.c): a cdev that is a global of the driver
 * stays added across restarts, one in the driver's memory is deleted with
 * the instance that allocated it.
 */
#include <linux/cdev.h>

#include "mend_internal.h"

static void undo_cdev_del(void *obj, const unsigned long *args)
{
	cdev_del(obj);
}

int __mend_wrap_cdev_add(struct mend_unit *unit, struct cdev *cdev,
			 dev_t dev, unsigned int count)
{
	int err;

	if (mend_undo_lookup(unit, undo_cdev_del, cdev) >= 0)
		return 0;
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
