// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: misc character devices.
 *
 * A miscdevice that is a global of the driver is linked: it keeps its
 * identity (minor, /dev node, open files) across restarts, so a restart's
 * misc_register() of the same object succeeds without registering again,
 * the reset of globals skips its bytes, and only disabling the driver
 * deregisters it.
 *
 * A miscdevice inside memory the driver allocated belongs to that instance:
 * a restart deregisters it before the memory goes, and the fresh instance
 * registers its own, often at the same address. Files opened on the dead
 * one must not reach the fresh one, so such a device is registered with
 * the instance's own copy of its file_operations (kernel-shim/fops.c),
 * which the restart revokes: from then on the files' calls get the
 * entry's safe value (-EIO) and their close calls no driver code.
 * Reopening the device reaches the fresh instance.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "mend_internal.h"

static void undo_misc_deregister(void *obj, const unsigned long *args)
{
	misc_deregister(obj);
}

int __mend_wrap_misc_register(struct mend_unit *unit, struct miscdevice *misc)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	const struct file_operations *fops = misc->fops;
	int err;

	if (mend_undo_lookup(unit, undo_misc_deregister, misc) >= 0)
		return 0;
	/* A global keeps its files across restarts: no copy. */
	if (d && fops && !within_module((unsigned long)misc, d->mod)) {
		misc->fops = mend_fops_get(unit, fops);
		if (!misc->fops) {
			misc->fops = fops;
			return -ENOMEM;
		}
	}
	err = misc_register(misc);
	if (err)
		misc->fops = fops;
	else
		mend_undo_push(unit, undo_misc_deregister, misc, NULL,
			       MEND_UNDO_LINKED, sizeof(*misc));
	return err;
}
EXPORT_SYMBOL_GPL(__mend_wrap_misc_register);

void __mend_wrap_misc_deregister(struct mend_unit *unit,
				 struct miscdevice *misc)
{
	if (mend_undo_pop(unit, undo_misc_deregister, misc))
		misc_deregister(misc);
	else
		mend_misuse(unit, "misc_deregister of", misc,
			    __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_wrap_misc_deregister);
