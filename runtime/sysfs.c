// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: /sys/kernel/mend.
 *
 * Global, read-only attributes come from one table so that adding a
 * counter is one line. Each domain has a directory,
 * /sys/kernel/mend/<module>/, with state, last_failure, policy (writable),
 * tracked (what the driver holds, by kind) and one file per counter of mend_counter_names, whose kobject is the
 * domain's lifetime: the domain is freed when its directory goes.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/kobject.h>
#include <linux/slab.h>
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

/* Per-domain directories. */

const char *const mend_counter_names[MEND_COUNT_NR] = {
	[MEND_COUNT_FAILURES] = "failures",
	[MEND_COUNT_RESTARTS] = "restarts",
	[MEND_COUNT_UNDONE] = "undone",
	[MEND_COUNT_REFUSED] = "refused",
	[MEND_COUNT_MISUSES] = "misuses",
	[MEND_COUNT_ABORTED] = "aborted",
};

static struct mend_domain *to_domain(struct kobject *kobj)
{
	return container_of(kobj, struct mend_domain, kobj);
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  mend_state_name(READ_ONCE(to_domain(kobj)->state)));
}

static ssize_t last_failure_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	struct mend_domain *d = to_domain(kobj);
	unsigned long irq;
	ssize_t n;

	spin_lock_irqsave(&d->fail_lock, irq);
	n = sysfs_emit(buf, "%s\n", d->last_failure[0] ? d->last_failure :
		       "none");
	spin_unlock_irqrestore(&d->fail_lock, irq);
	return n;
}

static ssize_t policy_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return mend_policy_show(&to_domain(kobj)->policy, buf);
}

static ssize_t policy_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t len)
{
	int err = mend_policy_parse(&to_domain(kobj)->policy, buf);

	return err ? err : len;
}

static ssize_t counter_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	enum mend_counter c;

	for (c = 0; c < MEND_COUNT_NR; c++)
		if (!strcmp(attr->attr.name, mend_counter_names[c]))
			break;
	return sysfs_emit(buf, "%ld\n",
			  atomic_long_read(&to_domain(kobj)->counters[c]));
}

/* What the driver holds now: one line per kind, "<undo function> <count>". */
static ssize_t tracked_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return mend_undo_show(to_domain(kobj), buf);
}

static struct kobj_attribute mend_attr_state = __ATTR_RO(state);
static struct kobj_attribute mend_attr_tracked = __ATTR_RO(tracked);
static struct kobj_attribute mend_attr_last_failure = __ATTR_RO(last_failure);
static struct kobj_attribute mend_attr_policy = __ATTR_RW(policy);

/* Named from mend_counter_names by mend_sysfs_init(). */
static struct kobj_attribute mend_attr_counters[MEND_COUNT_NR] = {
	[0 ... MEND_COUNT_NR - 1] = {
		.attr = { .mode = 0444 },
		.show = counter_show,
	},
};

#define MEND_DOMAIN_FIXED_ATTRS	4
static struct attribute *mend_domain_attrs[MEND_DOMAIN_FIXED_ATTRS +
					   MEND_COUNT_NR + 1] = {
	&mend_attr_state.attr,
	&mend_attr_last_failure.attr,
	&mend_attr_policy.attr,
	&mend_attr_tracked.attr,
};
ATTRIBUTE_GROUPS(mend_domain);

static struct kobj_type mend_domain_ktype = {
	.release = mend_domain_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = mend_domain_groups,
};

int mend_domain_sysfs_add(struct mend_domain *d)
{
	int err;

	err = kobject_init_and_add(&d->kobj, &mend_domain_ktype, mend_kobj,
				   "%s", d->name);
	if (err)
		kobject_put(&d->kobj);
	return err;
}

void mend_domain_sysfs_del(struct mend_domain *d)
{
	kobject_del(&d->kobj);
	kobject_put(&d->kobj);
}

/* Tell user space the state changed: KOBJ_CHANGE with MEND_STATE=. */
void mend_domain_uevent_state(struct mend_domain *d)
{
	char state[32];
	char *envp[] = { state, NULL };

	snprintf(state, sizeof(state), "MEND_STATE=%s",
		 mend_state_name(READ_ONCE(d->state)));
	kobject_uevent_env(&d->kobj, KOBJ_CHANGE, envp);
}

int mend_sysfs_init(void)
{
	enum mend_counter c;
	int err;

	for (c = 0; c < MEND_COUNT_NR; c++) {
		mend_attr_counters[c].attr.name = mend_counter_names[c];
		mend_domain_attrs[MEND_DOMAIN_FIXED_ATTRS + c] =
			&mend_attr_counters[c].attr;
	}
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
