// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: misc character devices. A registered miscdevice is linked:
 * it keeps its identity (minor, /dev node, open files) across restarts, so
 * a restart's misc_register() of the same object succeeds without
 * registering again, the reset of globals skips its bytes, and only
 * disabling the driver deregisters it.
 */
#include <linux/miscdevice.h>

#include "mend_internal.h"

static void undo_misc_deregister(void *obj, const unsigned long *args)
{
	misc_deregister(obj);
}

int __mend_wrap_misc_register(struct mend_unit *unit, struct miscdevice *misc)
{
	int err;

	if (mend_undo_lookup(unit, undo_misc_deregister, misc) >= 0)
		return 0;
	err = misc_register(misc);
	if (!err)
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
