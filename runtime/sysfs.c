// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: /sys/kernel/mend.
 *
 * Global, read-only attributes come from one table so that adding a
 * counter is one line. Per-driver directories
 * (/sys/kernel/mend/<module>/{state,failures,...}) will be children of
 * mend_kobj.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "mend_internal.h"

struct kobject *mend_kobj;

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", MEND_VERSION);
}

static ssize_t reports_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%ld\n", mend_report_count());
}

static struct kobj_attribute mend_attr_version = __ATTR_RO(version);
static struct kobj_attribute mend_attr_reports = __ATTR_RO(reports);

static struct attribute *mend_global_attrs[] = {
	&mend_attr_version.attr,
	&mend_attr_reports.attr,
	NULL,
};

static const struct attribute_group mend_global_group = {
	.attrs = mend_global_attrs,
};

int mend_sysfs_init(void)
{
	int err;

	mend_kobj = kobject_create_and_add("mend", kernel_kobj);
	if (!mend_kobj)
		return -ENOMEM;
	err = sysfs_create_group(mend_kobj, &mend_global_group);
	if (err)
		goto put_kobj;
	return 0;

put_kobj:
	kobject_put(mend_kobj);
	mend_kobj = NULL;
	return err;
}

void mend_sysfs_exit(void)
{
	sysfs_remove_group(mend_kobj, &mend_global_group);
	kobject_put(mend_kobj);
	mend_kobj = NULL;
}
