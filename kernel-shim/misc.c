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
 * registers its own. Files opened on the dead one still hold it in
 * private_data (misc_open puts it there); the entry is revoking, so from
 * then on their calls get the entry's safe value (-EIO; release: nothing)
 * without reaching driver code that would use the dead instance's memory.
 * Reopening the device reaches the fresh instance.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/string.h>

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
	if (!err) {
		mend_unrevoke(unit, misc);
		mend_undo_push(unit, undo_misc_deregister, misc, NULL,
			       MEND_UNDO_LINKED | MEND_UNDO_REVOKE,
			       sizeof(*misc));
	}
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

/* The members of file_operations whose struct file is their second argument. */
static const char *const file_second_arg[] = { "open", "release", "fasync" };

bool mend_file_revoked(struct mend_domain *d, const struct mend_frame *frame)
{
	const char *role = frame->entry->role;
	const struct file *file;
	unsigned int i;
	size_t len;

	len = str_has_prefix(role, "file_operations.");
	if (!len)
		return false;
	file = (const struct file *)frame->rdi;
	for (i = 0; i < ARRAY_SIZE(file_second_arg); i++)
		if (!strcmp(role + len, file_second_arg[i]))
			file = (const struct file *)frame->rsi;
	return file && mend_revoked(d, file->private_data);
}
