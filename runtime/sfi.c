// SPDX-License-Identifier: GPL-2.0
/*
 * mend runtime: software-fault-injection sites (runtime/mend_sfi.h).
 *
 * A driver built with -fplugin-arg-mend-inject=TYPES carries sites, each a
 * dormant fault (a NULL pointer, an off-by-one, a skipped unlock, ...).
 * When a module loads, its units' site tables are registered here (found
 * by the symbol name __mend_sfi_unit; the module needs no recovery
 * instrumentation, only mend.ko's symbols) and numbered 1..N within the
 * module. Per module, /sys/kernel/debug/mend/sfi/<module>/ has
 *
 *   sites   one line per site: "ID TYPE FILE:LINE:COL FUNCTION hits=H
 *           injected=I" and, if armed, " armed=once|always after=N"
 *           (hits count only while some site is armed: an unarmed build
 *           never calls in)
 *   arm     write "ID [once|always] [after=N] [null|wild|bit=N] [ms=N]"
 *           to arm a site: it injects at its hit number N + 1 (after=0,
 *           the next one), then disarms (once, the default) or injects at
 *           every hit from then on (always); "ID off" disarms one site,
 *           "off" all of the module's. Reading lists the armed sites.
 *
 * A site in a module's init, probe or remove path must be armed before the
 * module loads; /sys/kernel/debug/mend/sfi/arm holds such arms:
 *
 *   arm     write "MODULE SPEC" (SPEC as above, or "count") to apply SPEC
 *           to MODULE's sites when it next loads, before its init runs;
 *           "MODULE off" drops MODULE's, "off" all. Reading lists them.
 *
 * "count" (in either arm file) arms no site but makes every site of every
 * module count its hits until "off": the coverage of a workload, which a
 * campaign samples its sites from (tools/mend-inject --reached).
 *
 * The value of a corrupted pointer is NULL (default) or wild (a
 * non-canonical address: a general protection fault); a corrupted integer
 * parameter has bit N flipped (default 0); an off-by-one adds 1; a wrong
 * return value is -EIO for 0, 0 for anything else, NULL for a pointer. A
 * loop site armed once stays in its loop for ms=N milliseconds (default
 * 10000) from its first injection: long enough for the hang budget.
 */
#define pr_fmt(fmt) "mend: " fmt

#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "mend_internal.h"
#include "mend_sfi.h"

#define SFI_ONCE	1
#define SFI_ALWAYS	2

#define SFI_MODE_NULL	1
#define SFI_MODE_WILD	2
#define SFI_MODE_BIT	3

#define SFI_SPEC_MAX	96

/* Non-canonical on x86-64 whatever the value it is mixed with. */
#define SFI_WILD	0xdead000000000000UL

static const char *const sfi_type_names[MEND_SFI_NTYPES] = {
	[MEND_SFI_POINTER] = "pointer",
	[MEND_SFI_OFF_BY_ONE] = "off-by-one",
	[MEND_SFI_NULL_CHECK] = "null-check",
	[MEND_SFI_LOOP] = "loop",
	[MEND_SFI_UNLOCK] = "unlock",
	[MEND_SFI_DOUBLE_FREE] = "double-free",
	[MEND_SFI_MISSING_FREE] = "missing-free",
	[MEND_SFI_RETVAL] = "retval",
	[MEND_SFI_PARAM] = "param",
	[MEND_SFI_INIT] = "init",
};

struct sfi_module {
	struct list_head node;
	struct module *mod;
	unsigned int nsites;
	struct mend_sfi_site **sites;	/* by module id - 1 */
	struct dentry *dir;
	bool counting;			/* under sfi_lock */
};

/* An arm written before its module loaded (the global arm file). */
struct sfi_pending {
	struct list_head node;
	char module[MODULE_NAME_LEN];
	char spec[SFI_SPEC_MAX];
};

static LIST_HEAD(sfi_modules);
static LIST_HEAD(sfi_pending);
static DEFINE_MUTEX(sfi_mutex);		/* the lists, debugfs */
static DEFINE_SPINLOCK(sfi_lock);	/* arming state of every site */
static unsigned int sfi_narmed;		/* under sfi_lock */
static struct dentry *sfi_dir;

static const char *sfi_type_name(unsigned int type)
{
	return type < MEND_SFI_NTYPES && sfi_type_names[type] ?
	       sfi_type_names[type] : "unknown";
}

static void sfi_disarm_locked(struct mend_sfi_site *site)
{
	lockdep_assert_held(&sfi_lock);
	if (!site->armed)
		return;
	WRITE_ONCE(site->armed, 0);
	site->until = 0;
	if (!--sfi_narmed)
		mend_inject_set_armed(MEND_ARMED_SFI, false);
}

static void sfi_narmed_inc_locked(void)
{
	lockdep_assert_held(&sfi_lock);
	if (!sfi_narmed++)
		mend_inject_set_armed(MEND_ARMED_SFI, true);
}

static void sfi_count_locked(struct sfi_module *m, bool on)
{
	lockdep_assert_held(&sfi_lock);
	if (m->counting == on)
		return;
	m->counting = on;
	if (on)
		sfi_narmed_inc_locked();
	else if (!--sfi_narmed)
		mend_inject_set_armed(MEND_ARMED_SFI, false);
}

/* Disarms every site of @m, and stops its counting. */
static void sfi_module_off(struct sfi_module *m)
{
	unsigned int i;

	spin_lock_irq(&sfi_lock);
	for (i = 0; i < m->nsites; i++)
		sfi_disarm_locked(m->sites[i]);
	sfi_count_locked(m, false);
	spin_unlock_irq(&sfi_lock);
}

int __mend_sfi_hit(struct mend_sfi_site *site)
{
	struct sfi_module *m;
	unsigned long flags;
	bool fire = false, first = false;

	atomic_long_inc((atomic_long_t *)&site->hits);
	if (!READ_ONCE(site->armed))
		return 0;
	spin_lock_irqsave(&sfi_lock, flags);
	if (site->armed && site->until) {
		/* A loop armed once: stays in its loop for a while. */
		fire = time_before(jiffies, site->until);
		if (!fire)
			sfi_disarm_locked(site);
	} else if (site->armed && site->seen++ >= site->after) {
		fire = first = true;
		if (site->armed == SFI_ONCE) {
			if (site->type == MEND_SFI_LOOP)
				site->until = jiffies +
					msecs_to_jiffies(site->mode >> 8 ?: 10000);
			else
				sfi_disarm_locked(site);
		}
	}
	if (fire)
		site->injected++;
	spin_unlock_irqrestore(&sfi_lock, flags);
	if (first) {
		m = site->module;
		pr_info("sfi: %s: injecting %s at site %u (%s:%u:%u in %s)\n",
			m ? m->mod->name : "?", sfi_type_name(site->type),
			site->module_id, site->file, site->line, site->column,
			site->function);
	}
	return fire;
}
EXPORT_SYMBOL_GPL(__mend_sfi_hit);

unsigned long __mend_sfi_value(struct mend_sfi_site *site, unsigned long value)
{
	unsigned int mode = site->mode & 0xff;
	bool pointer = site->flags & MEND_SFI_VALUE_POINTER;

	switch (site->type) {
	case MEND_SFI_OFF_BY_ONE:
		return value + 1;
	case MEND_SFI_POINTER:
		return mode == SFI_MODE_WILD ? value ^ SFI_WILD : 0;
	case MEND_SFI_PARAM:
		if (pointer && mode != SFI_MODE_BIT)
			return mode == SFI_MODE_NULL ? 0 : value ^ SFI_WILD;
		return value ^ (1UL << ((site->mode >> 8) & 63));
	case MEND_SFI_RETVAL:
		if (pointer)
			return mode == SFI_MODE_WILD ? value ^ SFI_WILD : 0;
		if (site->flags & MEND_SFI_VALUE_BOOL)
			return !value;
		if (site->flags & MEND_SFI_VALUE_SIGNED)
			return value ? 0 : (unsigned long)-EIO;
		return !value;
	}
	return value;
}
EXPORT_SYMBOL_GPL(__mend_sfi_value);

/* debugfs */

static int sites_show(struct seq_file *sf, void *v)
{
	struct sfi_module *m = sf->private;
	unsigned int i;

	for (i = 0; i < m->nsites; i++) {
		struct mend_sfi_site *s = m->sites[i];

		seq_printf(sf, "%u %s %s:%u:%u %s hits=%lu injected=%lu",
			   s->module_id, sfi_type_name(s->type), s->file,
			   s->line, s->column, s->function,
			   READ_ONCE(s->hits), READ_ONCE(s->injected));
		if (READ_ONCE(s->armed))
			seq_printf(sf, " armed=%s after=%lu",
				   s->armed == SFI_ALWAYS ? "always" : "once",
				   s->after);
		seq_putc(sf, '\n');
	}
	return 0;
}

static int sites_open(struct inode *inode, struct file *file)
{
	return single_open(file, sites_show, inode->i_private);
}

static const struct file_operations sites_fops = {
	.owner = THIS_MODULE,
	.open = sites_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static int arm_show(struct seq_file *sf, void *v)
{
	struct sfi_module *m = sf->private;
	unsigned int i, n = 0;

	for (i = 0; i < m->nsites; i++) {
		struct mend_sfi_site *s = m->sites[i];

		if (!READ_ONCE(s->armed))
			continue;
		seq_printf(sf, "%u %s after=%lu\n", s->module_id,
			   s->armed == SFI_ALWAYS ? "always" : "once", s->after);
		n++;
	}
	if (READ_ONCE(m->counting)) {
		seq_puts(sf, "count\n");
		n++;
	}
	if (!n)
		seq_puts(sf, "off\n");
	return 0;
}

static int arm_open(struct inode *inode, struct file *file)
{
	return single_open(file, arm_show, inode->i_private);
}

/*
 * Applies an arm SPEC ("ID [once|always] [after=N] [null|wild|bit=N]
 * [ms=N]", "ID off", "off" or "count") to @m's sites; @spec is modified.
 */
static int sfi_arm(struct sfi_module *m, char *spec)
{
	unsigned int id, armed = SFI_ONCE, mode = 0, param = 0;
	unsigned long after = 0;
	bool off = false;
	char *cur, *word;
	struct mend_sfi_site *site;

	cur = strim(spec);
	word = strsep(&cur, " \t");
	if (!strcmp(word, "off")) {
		sfi_module_off(m);
		return 0;
	}
	if (!strcmp(word, "count")) {
		spin_lock_irq(&sfi_lock);
		sfi_count_locked(m, true);
		spin_unlock_irq(&sfi_lock);
		return 0;
	}
	if (kstrtouint(word, 10, &id) || !id || id > m->nsites)
		goto usage;
	while (cur && (word = strsep(&cur, " \t"))) {
		if (!*word)
			continue;
		if (!strcmp(word, "off"))
			off = true;
		else if (!strcmp(word, "once"))
			armed = SFI_ONCE;
		else if (!strcmp(word, "always"))
			armed = SFI_ALWAYS;
		else if (!strcmp(word, "null"))
			mode = SFI_MODE_NULL;
		else if (!strcmp(word, "wild"))
			mode = SFI_MODE_WILD;
		else if (!strncmp(word, "after=", 6)) {
			if (kstrtoul(word + 6, 10, &after))
				goto usage;
		} else if (!strncmp(word, "bit=", 4)) {
			if (kstrtouint(word + 4, 10, &param) || param > 63)
				goto usage;
			mode = SFI_MODE_BIT;
		} else if (!strncmp(word, "ms=", 3)) {
			if (kstrtouint(word + 3, 10, &param) || !param ||
			    param > 0xffffff)
				goto usage;
		} else {
			goto usage;
		}
	}
	site = m->sites[id - 1];
	spin_lock_irq(&sfi_lock);
	sfi_disarm_locked(site);
	if (!off) {
		site->after = after;
		site->seen = 0;
		site->until = 0;
		site->mode = mode | param << 8;
		WRITE_ONCE(site->armed, armed);
		sfi_narmed_inc_locked();
	}
	spin_unlock_irq(&sfi_lock);
	return 0;
usage:
	pr_warn("sfi: %s: write 'ID [once|always] [after=N] [null|wild|bit=N] [ms=N]', 'ID off', 'count' or 'off' (ID 1..%u)\n",
		m->mod->name, m->nsites);
	return -EINVAL;
}

static ssize_t arm_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	struct sfi_module *m = ((struct seq_file *)file->private_data)->private;
	char buf[SFI_SPEC_MAX];
	int ret;

	ret = mend_debugfs_line(buf, sizeof(buf), ubuf, count);
	if (!ret)
		ret = sfi_arm(m, buf);
	return ret ?: count;
}

static const struct file_operations arm_fops = {
	.owner = THIS_MODULE,
	.open = arm_open,
	.read = seq_read,
	.write = arm_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* Arms for a module's next load: /sys/kernel/debug/mend/sfi/arm */

static int pending_show(struct seq_file *sf, void *v)
{
	struct sfi_pending *p;

	mutex_lock(&sfi_mutex);
	list_for_each_entry(p, &sfi_pending, node)
		seq_printf(sf, "%s %s\n", p->module, p->spec);
	if (list_empty(&sfi_pending))
		seq_puts(sf, "off\n");
	mutex_unlock(&sfi_mutex);
	return 0;
}

static int pending_open(struct inode *inode, struct file *file)
{
	return single_open(file, pending_show, NULL);
}

static void pending_drop(const char *module)
{
	struct sfi_pending *p, *next;

	lockdep_assert_held(&sfi_mutex);
	list_for_each_entry_safe(p, next, &sfi_pending, node)
		if (!module || !strcmp(p->module, module)) {
			list_del(&p->node);
			kfree(p);
		}
}

static ssize_t pending_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[MODULE_NAME_LEN + SFI_SPEC_MAX], *cur, *module;
	struct sfi_pending *p;
	int ret;

	ret = mend_debugfs_line(buf, sizeof(buf), ubuf, count);
	if (ret)
		return ret;
	cur = strim(buf);
	module = strsep(&cur, " \t");
	mutex_lock(&sfi_mutex);
	if (!strcmp(module, "off") && !cur) {
		pending_drop(NULL);
	} else if (!*module || strlen(module) >= MODULE_NAME_LEN || !cur ||
		   !*(cur = skip_spaces(cur)) || strlen(cur) >= SFI_SPEC_MAX) {
		ret = -EINVAL;
	} else if (!strcmp(cur, "off")) {
		pending_drop(module);
	} else {
		p = kzalloc(sizeof(*p), GFP_KERNEL);
		if (p) {
			strscpy(p->module, module, sizeof(p->module));
			strscpy(p->spec, cur, sizeof(p->spec));
			list_add_tail(&p->node, &sfi_pending);
		} else {
			ret = -ENOMEM;
		}
	}
	mutex_unlock(&sfi_mutex);
	if (ret == -EINVAL)
		pr_warn("sfi: write 'MODULE SPEC' (SPEC as for a module's arm file), 'MODULE off' or 'off'\n");
	return ret ?: count;
}

static const struct file_operations pending_fops = {
	.owner = THIS_MODULE,
	.open = pending_open,
	.read = seq_read,
	.write = pending_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* Applies and drops the arms written for @m's module before it loaded. */
static void pending_apply(struct sfi_module *m)
{
	struct sfi_pending *p, *next;

	lockdep_assert_held(&sfi_mutex);
	list_for_each_entry_safe(p, next, &sfi_pending, node) {
		if (strcmp(p->module, m->mod->name))
			continue;
		pr_info("sfi: %s: armed at load: %s\n", p->module, p->spec);
		sfi_arm(m, p->spec);
		list_del(&p->node);
		kfree(p);
	}
}

/* Registration */

static int unit_cmp(const void *a, const void *b)
{
	const struct mend_sfi_unit *ua = *(const struct mend_sfi_unit **)a;
	const struct mend_sfi_unit *ub = *(const struct mend_sfi_unit **)b;

	return strcmp(ua->file, ub->file);
}

/* The site tables of @mod (its __mend_sfi_unit symbols), by file name. */
static unsigned int sfi_find_units(struct module *mod,
				   struct mend_sfi_unit **units,
				   unsigned int max)
{
	struct mod_kallsyms *ks;
	unsigned int i, n = 0;

	preempt_disable();
	ks = rcu_dereference_sched(mod->kallsyms);
	for (i = 0; i < ks->num_symtab; i++) {
		struct mend_sfi_unit *unit;

		if (strcmp(ks->strtab + ks->symtab[i].st_name,
			   "__mend_sfi_unit"))
			continue;
		unit = (struct mend_sfi_unit *)ks->symtab[i].st_value;
		if (unit->abi != MEND_SFI_ABI) {
			pr_warn("sfi: %s: %s has site table ABI %u, not %u: ignored\n",
				mod->name, unit->file, unit->abi, MEND_SFI_ABI);
			continue;
		}
		if (units && n < max)
			units[n] = unit;
		n++;
	}
	preempt_enable();
	return n;
}

static void sfi_module_add(struct module *mod)
{
	struct mend_sfi_unit **units;
	struct sfi_module *m;
	unsigned int nunits, u, i, n = 0;

	nunits = sfi_find_units(mod, NULL, 0);
	if (!nunits)
		return;
	units = kcalloc(nunits, sizeof(*units), GFP_KERNEL);
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!units || !m)
		goto nomem;
	nunits = min(nunits, sfi_find_units(mod, units, nunits));
	sort(units, nunits, sizeof(*units), unit_cmp, NULL);
	for (u = 0; u < nunits; u++)
		m->nsites += units[u]->nsites;
	m->sites = kcalloc(m->nsites ?: 1, sizeof(*m->sites), GFP_KERNEL);
	if (!m->sites)
		goto nomem;
	for (u = 0; u < nunits; u++)
		for (i = 0; i < units[u]->nsites; i++) {
			struct mend_sfi_site *s = units[u]->sites[i];

			s->module = m;
			s->module_id = n + 1;
			m->sites[n++] = s;
		}
	kfree(units);
	m->mod = mod;
	m->dir = debugfs_create_dir(mod->name, sfi_dir);
	debugfs_create_file("sites", 0400, m->dir, m, &sites_fops);
	debugfs_create_file("arm", 0600, m->dir, m, &arm_fops);
	mutex_lock(&sfi_mutex);
	list_add(&m->node, &sfi_modules);
	pending_apply(m);
	mutex_unlock(&sfi_mutex);
	pr_info("sfi: %s: %u fault-injection sites in %u unit%s\n", mod->name,
		m->nsites, nunits, nunits == 1 ? "" : "s");
	return;
nomem:
	kfree(units);
	if (m)
		kfree(m->sites);
	kfree(m);
	pr_err("sfi: %s: no memory for its fault-injection sites\n", mod->name);
}

static void sfi_module_del(struct sfi_module *m)
{
	debugfs_remove_recursive(m->dir);
	sfi_module_off(m);
	list_del(&m->node);
	kfree(m->sites);
	kfree(m);
}

static int sfi_module_notify(struct notifier_block *nb, unsigned long state,
			     void *data)
{
	struct module *mod = data;
	struct sfi_module *m, *next;

	if (state == MODULE_STATE_COMING) {
		sfi_module_add(mod);
	} else if (state == MODULE_STATE_GOING) {
		mutex_lock(&sfi_mutex);
		list_for_each_entry_safe(m, next, &sfi_modules, node)
			if (m->mod == mod)
				sfi_module_del(m);
		mutex_unlock(&sfi_mutex);
	}
	return NOTIFY_DONE;
}

static struct notifier_block sfi_module_nb = {
	.notifier_call = sfi_module_notify,
};

int mend_sfi_init(void)
{
	sfi_dir = debugfs_create_dir("sfi", mend_debugfs_dir);
	debugfs_create_file("arm", 0600, sfi_dir, NULL, &pending_fops);
	return register_module_notifier(&sfi_module_nb);
}

void mend_sfi_exit(void)
{
	unregister_module_notifier(&sfi_module_nb);
	debugfs_remove_recursive(sfi_dir);
	mutex_lock(&sfi_mutex);
	pending_drop(NULL);
	mutex_unlock(&sfi_mutex);
}
