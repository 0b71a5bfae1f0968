// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: domains, one per instrumented module.
 *
 * A domain is born at the module's first guarded call, its init function,
 * before any of the driver's code has run: the compile units are found by
 * their "__mend_unit" symbol in the module's symbol table (during init
 * mod->kallsyms still holds every symbol, local ones included), and each
 * unit's writable globals are copied then, so that a restart can put back
 * their load-time values. The domain dies when the module goes (module
 * notifier, MODULE_STATE_GOING: after its exit function, or after a failed
 * init); whatever the undo log still holds then is released.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mend_internal.h"

LIST_HEAD(mend_domains);
/* Serialises creation and destruction; lookups use RCU. */
static DEFINE_MUTEX(mend_domains_mutex);

/* The domain of @mod, or NULL. Any context; the caller holds RCU. */
struct mend_domain *mend_domain_of_module(struct module *mod)
{
	struct mend_domain *d;

	list_for_each_entry_rcu(d, &mend_domains, node)
		if (d->mod == mod)
			return d;
	return NULL;
}

/*
 * The domain whose module's code holds @ip, or NULL. Any context (the die
 * notifier); the caller holds RCU.
 */
struct mend_domain *mend_domain_of_text(unsigned long ip)
{
	struct mend_domain *d;

	list_for_each_entry_rcu(d, &mend_domains, node) {
		const struct module_layout *core = &d->mod->core_layout;
		const struct module_layout *init = &d->mod->init_layout;

		if ((ip >= (unsigned long)core->base &&
		     ip < (unsigned long)core->base + core->text_size) ||
		    (ip >= (unsigned long)init->base &&
		     ip < (unsigned long)init->base + init->text_size))
			return d;
	}
	return NULL;
}

/* The units of @mod: every local symbol named __mend_unit. */
static int mend_find_units(struct mend_domain *d, struct mend_unit *first)
{
	struct mod_kallsyms *ks;
	unsigned int i, n = 0;

	preempt_disable();
	ks = rcu_dereference_sched(d->mod->kallsyms);
	for (i = 0; i < ks->num_symtab; i++)
		if (!strcmp(ks->strtab + ks->symtab[i].st_name, "__mend_unit"))
			n++;
	preempt_enable();

	d->units = kcalloc(n + 1, sizeof(*d->units), GFP_KERNEL);
	if (!d->units)
		return -ENOMEM;
	d->units[d->nunits++] = first;
	preempt_disable();
	for (i = 0; i < ks->num_symtab && d->nunits <= n; i++) {
		struct mend_unit *unit;

		if (strcmp(ks->strtab + ks->symtab[i].st_name, "__mend_unit"))
			continue;
		unit = (struct mend_unit *)ks->symtab[i].st_value;
		if (unit == first || unit->owner != d->mod ||
		    unit->abi != MEND_ABI_VERSION)
			continue;
		d->units[d->nunits++] = unit;
	}
	preempt_enable();
	return 0;
}

/* Copy every unit's globals: their load-time values. */
static int mend_snapshot(struct mend_domain *d)
{
	unsigned int u, g;

	d->snapshots = kcalloc(d->nunits, sizeof(*d->snapshots), GFP_KERNEL);
	if (!d->snapshots)
		return -ENOMEM;
	for (u = 0; u < d->nunits; u++) {
		const struct mend_unit *unit = d->units[u];

		d->snapshots[u] = kcalloc(unit->nglobals, sizeof(void *),
					  GFP_KERNEL);
		if (!d->snapshots[u])
			return -ENOMEM;
		for (g = 0; g < unit->nglobals; g++) {
			d->snapshots[u][g] = kmemdup(unit->globals[g].addr,
						     unit->globals[g].size,
						     GFP_KERNEL);
			if (!d->snapshots[u][g])
				return -ENOMEM;
		}
	}
	return 0;
}

/* Put the load-time values back (recovery worker, the driver quiet). */
void mend_domain_reset_globals(struct mend_domain *d)
{
	unsigned int u, g;

	for (u = 0; u < d->nunits; u++) {
		const struct mend_unit *unit = d->units[u];

		for (g = 0; g < unit->nglobals; g++)
			mend_undo_restore_global(d, unit->globals[g].addr,
						 d->snapshots[u][g],
						 unit->globals[g].size);
	}
}

static void mend_domain_free(struct mend_domain *d)
{
	unsigned int u, g;

	for (u = 0; d->snapshots && u < d->nunits; u++) {
		for (g = 0; d->snapshots[u] && g < d->units[u]->nglobals; g++)
			kfree(d->snapshots[u][g]);
		kfree(d->snapshots[u]);
	}
	kfree(d->snapshots);
	kfree(d->units);
	kfree(d);
}

/* sysfs.c's kobject release. */
void mend_domain_release(struct kobject *kobj)
{
	mend_domain_free(container_of(kobj, struct mend_domain, kobj));
}

/*
 * The module of @entry (its init) makes its first guarded call: set up its
 * domain. Returns NULL when that fails; the init is then refused.
 */
struct mend_domain *mend_domain_create(const struct mend_entry *entry,
				       void *init_fn)
{
	struct mend_unit *first = entry->unit;
	struct mend_domain *d;
	unsigned int u;
	int err;

	if (!first->owner) {
		pr_err("%s: unit %s has no module\n", entry->function,
		       first->file);
		return NULL;
	}
	mutex_lock(&mend_domains_mutex);
	d = first->domain;
	if (d)
		goto unlock;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		goto unlock;
	d->mod = first->owner;
	d->name = first->owner->name;
	d->state = MEND_RUNNING;
	d->init_entry = entry;
	d->init_fn = init_fn;
	spin_lock_init(&d->undo_lock);
	INIT_LIST_HEAD(&d->undo);
	INIT_LIST_HEAD(&d->parked);
	INIT_HLIST_HEAD(&d->undo_spare);
	hash_init(d->undo_hash);
	spin_lock_init(&d->fops_lock);
	INIT_LIST_HEAD(&d->fops_copies);
	raw_spin_lock_init(&d->locks_lock);
	spin_lock_init(&d->fail_lock);
	mend_policy_default(&d->policy);
	mend_recover_init(d);
	err = mend_find_units(d, first);
	if (!err)
		err = mend_snapshot(d);
	if (err) {
		pr_err("%s: cannot set up its domain (%d)\n", d->name, err);
		mend_domain_free(d);
		d = NULL;
		goto unlock;
	}
	err = mend_domain_sysfs_add(d);	/* on failure, frees d */
	if (err) {
		pr_err("%s: cannot create its sysfs directory (%d)\n",
		       first->owner->name, err);
		d = NULL;
		goto unlock;
	}
	for (u = 0; u < d->nunits; u++)
		WRITE_ONCE(d->units[u]->domain, d);
	list_add_rcu(&d->node, &mend_domains);
	pr_info("%s: domain with %u unit%s\n", d->name, d->nunits,
		d->nunits == 1 ? "" : "s");
unlock:
	mutex_unlock(&mend_domains_mutex);
	return d;
}

static int mend_module_notify(struct notifier_block *nb, unsigned long state,
			      void *data)
{
	struct module *mod = data;
	struct mend_domain *d;
	unsigned int u;

	if (state != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&mend_domains_mutex);
	rcu_read_lock();
	d = mend_domain_of_module(mod);
	rcu_read_unlock();
	if (d) {
		list_del_rcu(&d->node);
		mend_recover_going(d);
		for (u = 0; u < d->nunits; u++)
			WRITE_ONCE(d->units[u]->domain, NULL);
		synchronize_rcu();
		mend_undo_destroy(d);
		mend_domain_sysfs_del(d);	/* the last reference */
	}
	mutex_unlock(&mend_domains_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block mend_module_nb = {
	.notifier_call = mend_module_notify,
};

int mend_domain_init(void)
{
	return register_module_notifier(&mend_module_nb);
}

void mend_domain_exit(void)
{
	unregister_module_notifier(&mend_module_nb);
}
