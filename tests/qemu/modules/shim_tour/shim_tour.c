// SPDX-License-Identifier: GPL-2.0
/*
 * A driver built with the plugin (recovery and inject) that tours the
 * kernel API the kernel-shim tracks and no other QEMU test uses: krealloc,
 * vmalloc, vzalloc and kvmalloc, the other allocators whose memory goes
 * back through kfree(), kvfree() and vfree() (node, array, copying,
 * printing and user-space ones), a slab cache of its own (with a
 * constructor and a usercopy region), rwlocks and the rarer spinlock and
 * mutex variants, a work item, a delayed work and a tasklet, character
 * devices in a region of its own (one in a global, kept across restarts),
 * and driver callbacks nested two deep (sort() called from a sort()
 * comparison).
 *
 * /dev/shim_tour takes one command per write(); read() prints
 * "works=W dworks=D tasklets=T rlen=R". A command that holds resources
 * calls tour_step() while it holds them, so that a fault armed there
 * ("tour_step null" in /sys/kernel/debug/mend/inject) finds them in
 * flight and the recovery must undo them:
 *
 *   krealloc    grow the init's buffer by 64 bytes (it moves whenever it
 *               outgrows its slab), and a transient block grown (moves),
 *               shrunk (stays) and freed by krealloc(p, 0)
 *   vmem        vmalloc, vzalloc, kvmalloc small (kmalloc) and large
 *               (vmalloc), kvmalloc_node, then their frees
 *   dup         (written with its NUL: printf 'dup\0') the node, array,
 *               copying, printing and user-space allocators, kvrealloc
 *               and krealloc_array; all freed with kfree(), kvfree(),
 *               vfree() and the _sensitive and _const frees
 *   cache       three objects of the driver's cache, and a second cache
 *               created with two objects (kmem_cache_alloc and _zalloc);
 *               then all freed and the second cache destroyed
 *   rwlock      every rwlock variant; a write lock and a read lock, both
 *               irqsave, held at tour_step
 *   spin        the other spinlock and mutex variants (trylocks, nested,
 *               raw, atomic_dec_and_lock, mutex_lock_io); a mutex and a
 *               raw spinlock held at tour_step
 *   cdev-add    a second cdev (minor 1) in memory of its own, kept
 *   cdev-del    ... deleted and freed
 *   work, dwork, tasklet   schedule the work item, the delayed work, the
 *               tasklet (which allocate an object of the cache and take
 *               the shared rwlock; faults go to tour_work_step,
 *               tour_dwork_fn, tour_tasklet_fn, tour_tasklet_step)
 *   nest        sort() groups with a comparison (tour_cmp_outer) that
 *               sorts both groups with sort() and another comparison
 *               (tour_cmp_inner, whose keys come from tour_key); then
 *               print what the middle level saw
 *   wunlock-bad, runlock-bad   unlock an rwlock nobody holds (misuse)
 *
 * The char device (major in /proc/devices as "shim_tour", minors 0 to 4)
 * reads an object's name straight out of the cache's usercopy region:
 * minor 0 from memory of its own, minor 1 the cdev-add one, and two cdevs
 * in globals, kept across restarts (files open on them carry on): one on
 * minor 2 (the object "tour2"), one ("tour3") on minor 3 or 4. Each fresh
 * instance adds the first on the same minor, the second on the other one
 * (as a dynamic major chosen again could differ): the kept cdev moves.
 */
#define pr_fmt(fmt) "shim_tour: " fmt

#include <linux/atomic.h>
#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#define TOUR_OBJS	5
#define TOUR_MAGIC	0x52554f54	/* the constructor's mark */
#define TOUR_KV_SMALL	200
#define TOUR_KV_BIG	(5 << 20)	/* more than kmalloc gives */
#define TOUR_RBUF	32
#define TOUR_MINORS	5
#define TOUR_GMINOR	2	/* the global cdevs: minor 2, and 3 or 4 */
#define TOUR_KVZ	300
#define NEST_GROUPS	4
#define NEST_KEYS	5

struct tour_obj {
	u32 magic;
	u32 seq;
	char name[16];			/* the cache's usercopy region */
	u64 payload[6];
};

/* A char device in memory of its own. */
struct tour_cdev {
	struct cdev cdev;
	struct tour_obj *obj;		/* what read() shows */
};

/* The deferred work lives with the instance: its free ends the tracking. */
struct tour_state {
	struct work_struct work;
	struct delayed_work dwork;
	struct tasklet_struct tasklet;
	unsigned int works, dworks, tasklets;
};

static struct kmem_cache *tour_cache;
static struct tour_obj *tour_objs[TOUR_OBJS];
static void *tour_vbuf, *tour_vzbuf, *tour_kv_small, *tour_kv_big;
static u8 *tour_rbuf;
static size_t tour_rlen;
static struct tour_state *tour;
static dev_t tour_devt;
static struct tour_cdev *tour_cdev0, *tour_cdev1;
static struct tour_cdev tour_gcdev[2];
static bool tour_gcdev_on[2];
static char *tour_name;
static void *tour_kvz;
static bool tour_misc_on;
static const char *tour_last_step;

/* Shared with the tasklet: process context takes it with bottom halves off. */
static DEFINE_RWLOCK(tour_lock);
static DEFINE_RWLOCK(tour_rw);
static DEFINE_RWLOCK(tour_rw2);
static DEFINE_RWLOCK(tour_mid_lock);
static DEFINE_RWLOCK(tour_in_rlock);
static DEFINE_RWLOCK(tour_in_wlock);
static DEFINE_SPINLOCK(tour_spin);
static DEFINE_RAW_SPINLOCK(tour_raw);
static DEFINE_MUTEX(tour_mutex);

static u32 nest_order[NEST_GROUPS];
static u32 nest_keys[NEST_GROUPS][NEST_KEYS];
static unsigned int nest_mid_done;
static bool nest_in_free, nest_irqs_off;

/* Where a test arms a fault while a command holds what it took. */
static noinline void tour_step(const char *what)
{
	WRITE_ONCE(tour_last_step, what);
}

static void tour_fill(u8 *p, size_t n, u8 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = seed + i;
}

static bool tour_same(const u8 *p, size_t n, u8 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (u8)(seed + i))
			return false;
	return true;
}

static int tour_krealloc(void)
{
	size_t len = tour_rlen + 64;
	u8 *p, *q;
	int err = 0;

	/* The init's buffer grows; it moves when it outgrows its slab. */
	p = krealloc(tour_rbuf, len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	tour_rbuf = p;
	if (!tour_same(p, tour_rlen, 0x11))
		return -EBADMSG;
	tour_fill(p, len, 0x11);
	tour_rlen = len;

	/* A block of its own: krealloc(NULL) allocates, 0 frees. */
	q = krealloc(NULL, 32, GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	tour_fill(q, 32, 0x5a);
	p = krealloc(q, 8192, GFP_KERNEL);	/* another slab: moves */
	if (!p) {
		kfree(q);
		return -ENOMEM;
	}
	q = p;
	tour_step("krealloc");
	if (!tour_same(q, 32, 0x5a))
		err = -EBADMSG;
	p = krealloc(q, 16, GFP_KERNEL);	/* fits: stays */
	if (!p) {
		kfree(q);
		return -ENOMEM;
	}
	q = p;
	if (!tour_same(q, 16, 0x5a))
		err = -EBADMSG;
	if (krealloc(q, 0, GFP_KERNEL) != ZERO_SIZE_PTR)
		err = -EBADMSG;
	return err;
}

static int tour_vmem(void)
{
	u8 *a, *b, *c, *d, *e;
	int err = 0;

	a = vmalloc(3 * PAGE_SIZE);
	b = vzalloc(5 * PAGE_SIZE);
	c = kvmalloc(TOUR_KV_SMALL, GFP_KERNEL);
	d = kvmalloc(TOUR_KV_BIG, GFP_KERNEL);
	e = kvmalloc_node(300, GFP_KERNEL, NUMA_NO_NODE);
	if (!a || !b || !c || !d || !e) {
		err = -ENOMEM;
	} else if (b[5 * PAGE_SIZE - 1] || is_vmalloc_addr(c) ||
		   !is_vmalloc_addr(d)) {
		err = -EBADMSG;
	} else {
		memset(a, 1, 3 * PAGE_SIZE);
		memset(d, 2, TOUR_KV_BIG);
		tour_step("vmem");
	}
	vfree(a);
	vfree(b);
	kvfree(c);
	kvfree(d);
	kvfree(e);
	return err;
}

static __printf(1, 2) char *tour_printf(const char *fmt, ...)
{
	va_list args;
	char *p;

	va_start(args, fmt);
	p = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	return p;
}

static bool tour_str(const void *p, const char *s)
{
	return !IS_ERR_OR_NULL(p) && !strcmp(p, s);
}

enum { DUP_K = 12, DUP_KV = 6, DUP_V = 8 };

/*
 * @ubuf holds "dup" and its NUL (@len 4). What the kmalloc family gives
 * goes to kfree(), the kvmalloc family's to kvfree(), the vmalloc
 * family's to vfree(); a few through the other frees.
 */
static int tour_dup(const char __user *ubuf, size_t len)
{
	static const char hello[] = "hello, tour";
	void *k[DUP_K] = {}, *kv[DUP_KV] = {}, *v[DUP_V] = {};
	const char *cs = NULL, *cr = NULL;
	size_t kv0_len = 100;
	char *bad;
	u8 *a, *b;
	void *p;
	unsigned int i;
	int err = 0;

	if (len != 4)
		return -EINVAL;
	k[0] = kmalloc_node(40, GFP_KERNEL, NUMA_NO_NODE);
	k[1] = kzalloc_node(50, GFP_KERNEL, NUMA_NO_NODE);
	k[2] = kcalloc_node(6, 10, GFP_KERNEL, NUMA_NO_NODE);
	k[3] = kstrdup(hello, GFP_KERNEL);
	k[4] = kstrndup(hello, 5, GFP_KERNEL);
	k[5] = kmemdup(hello, sizeof(hello), GFP_KERNEL);
	k[6] = kmemdup_nul(hello, 4, GFP_KERNEL);
	k[7] = kasprintf(GFP_KERNEL, "%s-%d-%c%s", "tour", 42, 'x', "y");
	k[8] = tour_printf("%u+%u", 2, 3);
	k[9] = memdup_user(ubuf, len);
	k[10] = memdup_user_nul(ubuf, 3);
	k[11] = strndup_user(ubuf, len);
	kv[0] = kvzalloc(kv0_len, GFP_KERNEL);
	kv[1] = kvzalloc_node(TOUR_KV_BIG, GFP_KERNEL, NUMA_NO_NODE);
	kv[2] = kvmalloc_array(10, 30, GFP_KERNEL);
	kv[3] = kvcalloc(20, 40, GFP_KERNEL);
	kv[4] = vmemdup_user(ubuf, len);
	kv[5] = vmemdup_array_user(ubuf, 2, 2);
	v[0] = vmalloc_node(PAGE_SIZE, NUMA_NO_NODE);
	v[1] = vzalloc_node(2 * PAGE_SIZE, NUMA_NO_NODE);
	v[2] = vmalloc_user(PAGE_SIZE);
	v[3] = vmalloc_32(PAGE_SIZE);
	v[4] = vmalloc_32_user(PAGE_SIZE);
	v[5] = __vmalloc(PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);
	v[6] = vmalloc_array(4, PAGE_SIZE);
	v[7] = vcalloc(2, PAGE_SIZE);
	/* A copy, and a string of the kernel's rodata returned as it is. */
	cs = kstrdup_const(hello, GFP_KERNEL);
	cr = kstrdup_const(hex_asc, GFP_KERNEL);
	/* No NUL in its first 3 bytes: an error, nothing to free. */
	bad = strndup_user(ubuf, 3);
	a = kmalloc_array_node(4, 8, GFP_KERNEL, NUMA_NO_NODE);
	b = memdup_array_user(ubuf, 2, 2);

	for (i = 0; i < DUP_K; i++)
		if (IS_ERR_OR_NULL(k[i]))
			err = -ENOMEM;
	for (i = 0; i < DUP_KV; i++)
		if (IS_ERR_OR_NULL(kv[i]))
			err = -ENOMEM;
	for (i = 0; i < DUP_V; i++)
		if (!v[i])
			err = -ENOMEM;
	if (!cs || !cr || IS_ERR_OR_NULL(a) || IS_ERR_OR_NULL(b))
		err = -ENOMEM;
	if (err)
		goto out;
	if (!tour_str(k[3], hello) || !tour_str(k[4], "hello") ||
	    memcmp(k[5], hello, sizeof(hello)) || !tour_str(k[6], "hell") ||
	    !tour_str(k[7], "tour-42-xy") || !tour_str(k[8], "2+3") ||
	    memcmp(k[9], "dup", 4) || !tour_str(k[10], "dup") ||
	    !tour_str(k[11], "dup") || memcmp(kv[4], "dup", 4) ||
	    memcmp(kv[5], "dup", 4) || memcmp(b, "dup", 4) ||
	    !tour_str(cs, hello) || cs == hello || cr != hex_asc ||
	    PTR_ERR_OR_ZERO(bad) != -EINVAL ||
	    ((u8 *)k[1])[49] || ((u8 *)k[2])[59] || ((u8 *)kv[0])[99] ||
	    ((u8 *)kv[1])[TOUR_KV_BIG - 1] || !is_vmalloc_addr(kv[1]) ||
	    ((u8 *)kv[3])[799] || ((u8 *)v[1])[2 * PAGE_SIZE - 1] ||
	    ((u8 *)v[5])[PAGE_SIZE - 1] || ((u8 *)v[7])[2 * PAGE_SIZE - 1]) {
		err = -EBADMSG;
		goto out;
	}
	/* Moved blocks: the tracking follows them. */
	tour_fill(a, 32, 0x21);
	tour_fill(kv[0], 100, 0x31);
	p = krealloc_array(k[0], 10, 100, GFP_KERNEL);
	if (p)
		k[0] = p;
	p = krealloc_array(a, 64, 8, GFP_KERNEL);
	if (p)
		a = p;
	p = kvrealloc(kv[0], kv0_len, 5000, GFP_KERNEL);
	if (p) {
		kv[0] = p;
		kv0_len = 5000;
	}
	if (kv0_len != 5000 || ksize(a) < 512 || ksize(k[0]) < 1000) {
		err = -ENOMEM;
		goto out;
	}
	if (!tour_same(a, 32, 0x21) || !tour_same(kv[0], 100, 0x31)) {
		err = -EBADMSG;
		goto out;
	}
	tour_step("dup");
out:
	kfree_sensitive(k[0]);
	for (i = 1; i < DUP_K; i++) {
		if (IS_ERR(k[i]))
			continue;
		/* kvfree() takes kmalloc()'s memory too. */
		if (i % 4 == 3)
			kvfree(k[i]);
		else
			kfree(k[i]);
	}
	kvfree_sensitive(kv[0], kv0_len);
	for (i = 1; i < DUP_KV; i++)
		if (!IS_ERR(kv[i]))
			kvfree(kv[i]);
	for (i = 0; i < DUP_V; i++)
		vfree(v[i]);
	kfree_const(cs);
	kfree_const(cr);
	kfree(a);
	if (!IS_ERR(b))
		kfree(b);
	if (!IS_ERR(bad))
		kfree(bad);
	return err;
}

static int tour_cache_cmd(void)
{
	struct tour_obj *o[3] = { NULL, NULL, NULL };
	struct kmem_cache *tmp;
	u8 *t1 = NULL, *t2 = NULL;
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(o); i++) {
		o[i] = kmem_cache_alloc(tour_cache, GFP_KERNEL);
		if (!o[i])
			err = -ENOMEM;
		else if (o[i]->magic != TOUR_MAGIC)
			err = -EBADMSG;
	}
	tmp = kmem_cache_create("shim_tour_tmp", 200, 0, 0, NULL);
	if (tmp) {
		t1 = kmem_cache_alloc(tmp, GFP_KERNEL);
		t2 = kmem_cache_zalloc(tmp, GFP_KERNEL);
		if (!t1 || !t2)
			err = -ENOMEM;
		else if (t2[0] || t2[199])
			err = -EBADMSG;
	} else {
		err = -ENOMEM;
	}
	if (!err)
		tour_step("cache");
	if (tmp) {
		if (t1)
			kmem_cache_free(tmp, t1);
		if (t2)
			kmem_cache_free(tmp, t2);
		kmem_cache_destroy(tmp);
	}
	for (i = 0; i < ARRAY_SIZE(o); i++)
		if (o[i])
			kmem_cache_free(tour_cache, o[i]);
	kmem_cache_destroy(NULL);
	return err;
}

static int tour_rwlock(void)
{
	unsigned long flags, flags2;
	int err = 0;

	read_lock(&tour_rw);
	read_unlock(&tour_rw);
	read_lock_bh(&tour_rw);
	read_unlock_bh(&tour_rw);
	read_lock_irq(&tour_rw);
	read_unlock_irq(&tour_rw);
	read_lock_irqsave(&tour_rw, flags);
	read_unlock_irqrestore(&tour_rw, flags);
	if (read_trylock(&tour_rw))
		read_unlock(&tour_rw);
	else
		err = -EBUSY;
	/* Two readers in one context. */
	read_lock(&tour_rw);
	read_lock(&tour_rw);
	read_unlock(&tour_rw);
	read_unlock(&tour_rw);

	write_lock(&tour_rw);
	write_unlock(&tour_rw);
	write_lock_bh(&tour_rw);
	write_unlock_bh(&tour_rw);
	write_lock_irq(&tour_rw);
	write_unlock_irq(&tour_rw);
	write_lock_irqsave(&tour_rw, flags);
	write_unlock_irqrestore(&tour_rw, flags);
	if (write_trylock(&tour_rw))
		write_unlock(&tour_rw);
	else
		err = -EBUSY;
	if (write_trylock_irqsave(&tour_rw, flags))
		write_unlock_irqrestore(&tour_rw, flags);
	else
		err = -EBUSY;

	write_lock_irqsave(&tour_rw, flags);
	read_lock_irqsave(&tour_rw2, flags2);
	tour_step("rwlock");
	read_unlock_irqrestore(&tour_rw2, flags2);
	write_unlock_irqrestore(&tour_rw, flags);
	return err;
}

static int tour_spin_cmd(void)
{
	atomic_t ref = ATOMIC_INIT(2);
	unsigned long flags;
	int err = 0;

	if (spin_trylock_bh(&tour_spin))
		spin_unlock_bh(&tour_spin);
	else
		err = -EBUSY;
	if (spin_trylock_irq(&tour_spin))
		spin_unlock_irq(&tour_spin);
	else
		err = -EBUSY;
	if (spin_trylock_irqsave(&tour_spin, flags))
		spin_unlock_irqrestore(&tour_spin, flags);
	else
		err = -EBUSY;
	spin_lock_nested(&tour_spin, SINGLE_DEPTH_NESTING);
	spin_unlock(&tour_spin);
	spin_lock_irqsave_nested(&tour_spin, flags, SINGLE_DEPTH_NESTING);
	spin_unlock_irqrestore(&tour_spin, flags);

	raw_spin_lock(&tour_raw);
	raw_spin_unlock(&tour_raw);
	raw_spin_lock_bh(&tour_raw);
	raw_spin_unlock_bh(&tour_raw);
	raw_spin_lock_irq(&tour_raw);
	raw_spin_unlock_irq(&tour_raw);
	raw_spin_lock_irqsave(&tour_raw, flags);
	raw_spin_unlock_irqrestore(&tour_raw, flags);
	if (raw_spin_trylock(&tour_raw))
		raw_spin_unlock(&tour_raw);
	else
		err = -EBUSY;
	if (raw_spin_trylock_bh(&tour_raw))
		raw_spin_unlock_bh(&tour_raw);
	else
		err = -EBUSY;

	/* 2 -> 1: not taken; 1 -> 0: taken. */
	if (atomic_dec_and_lock(&ref, &tour_spin)) {
		spin_unlock(&tour_spin);
		err = -EBADMSG;
	}
	if (atomic_dec_and_lock(&ref, &tour_spin))
		spin_unlock(&tour_spin);
	else
		err = -EBADMSG;
	atomic_set(&ref, 1);
	if (atomic_dec_and_lock_irqsave(&ref, &tour_spin, flags))
		spin_unlock_irqrestore(&tour_spin, flags);
	else
		err = -EBADMSG;

	mutex_lock_nested(&tour_mutex, SINGLE_DEPTH_NESTING);
	mutex_unlock(&tour_mutex);
	atomic_set(&ref, 1);
	if (atomic_dec_and_mutex_lock(&ref, &tour_mutex))
		mutex_unlock(&tour_mutex);
	else
		err = -EBADMSG;

	mutex_lock_io(&tour_mutex);
	raw_spin_lock(&tour_raw);
	tour_step("spin");
	raw_spin_unlock(&tour_raw);
	mutex_unlock(&tour_mutex);
	return err;
}

static int tour_cdev_open(struct inode *inode, struct file *file)
{
	file->private_data = container_of(inode->i_cdev, struct tour_cdev,
					  cdev);
	return 0;
}

/* Straight from the slab object: hardened usercopy checks the region. */
static ssize_t tour_cdev_read(struct file *file, char __user *buf,
			      size_t count, loff_t *ppos)
{
	struct tour_cdev *c = file->private_data;

	return simple_read_from_buffer(buf, count, ppos, c->obj->name,
				       strnlen(c->obj->name,
					       sizeof(c->obj->name)));
}

static const struct file_operations tour_cdev_fops = {
	.owner = THIS_MODULE,
	.open = tour_cdev_open,
	.read = tour_cdev_read,
	.llseek = noop_llseek,
};

static int tour_cdev_add(unsigned int minor, struct tour_cdev **slot)
{
	struct tour_cdev *c;
	int err;

	if (*slot)
		return -EEXIST;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	cdev_init(&c->cdev, &tour_cdev_fops);
	c->cdev.owner = THIS_MODULE;
	c->obj = tour_objs[minor];
	err = cdev_add(&c->cdev, tour_devt + minor, 1);
	if (err) {
		kfree(c);
		return err;
	}
	*slot = c;
	return 0;
}

static void tour_cdev_del(struct tour_cdev **slot)
{
	if (!*slot)
		return;
	cdev_del(&(*slot)->cdev);
	kfree(*slot);
	*slot = NULL;
}

/*
 * The global cdevs. A fresh instance finds them as the dead one left them,
 * still added (their bytes are kept): the second goes to the other minor.
 */
static int tour_gcdev_add(unsigned int i)
{
	struct tour_cdev *c = &tour_gcdev[i];
	dev_t dev = tour_devt + TOUR_GMINOR + i;
	int err;

	if (i && c->cdev.dev == dev)
		dev++;
	cdev_init(&c->cdev, &tour_cdev_fops);
	c->cdev.owner = THIS_MODULE;
	c->obj = tour_objs[TOUR_GMINOR + i];
	err = cdev_add(&c->cdev, dev, 1);
	if (!err)
		tour_gcdev_on[i] = true;
	return err;
}

static void tour_gcdev_del(unsigned int i)
{
	if (tour_gcdev_on[i])
		cdev_del(&tour_gcdev[i].cdev);
	tour_gcdev_on[i] = false;
}

static noinline void tour_work_step(struct tour_obj *obj)
{
	obj->seq++;
}

static void tour_work_fn(struct work_struct *work)
{
	struct tour_state *s = container_of(work, struct tour_state, work);
	struct tour_obj *obj = kmem_cache_alloc(tour_cache, GFP_KERNEL);

	if (!obj)
		return;
	read_lock_bh(&tour_lock);
	tour_work_step(obj);
	read_unlock_bh(&tour_lock);
	kmem_cache_free(tour_cache, obj);
	write_lock_bh(&tour_lock);
	s->works++;
	write_unlock_bh(&tour_lock);
}

static void tour_dwork_fn(struct work_struct *work)
{
	struct tour_state *s = container_of(to_delayed_work(work),
					    struct tour_state, dwork);

	write_lock_irq(&tour_lock);
	s->dworks++;
	write_unlock_irq(&tour_lock);
}

static noinline void tour_tasklet_step(struct tour_obj *obj)
{
	obj->seq++;
}

/* Softirq context. */
static void tour_tasklet_fn(struct tasklet_struct *t)
{
	struct tour_state *s = from_tasklet(s, t, tasklet);
	struct tour_obj *obj = kmem_cache_alloc(tour_cache, GFP_ATOMIC);

	if (!obj)
		return;
	write_lock(&tour_lock);
	tour_tasklet_step(obj);
	write_unlock(&tour_lock);
	kmem_cache_free(tour_cache, obj);
	write_lock(&tour_lock);
	s->tasklets++;
	write_unlock(&tour_lock);
}

/* The innermost driver code of "nest". */
static noinline u32 tour_key(const u32 *key)
{
	return READ_ONCE(*key);
}

static int tour_cmp_inner(const void *a, const void *b)
{
	unsigned long flags;
	u32 ka, kb;

	read_lock_irqsave(&tour_in_rlock, flags);
	write_lock(&tour_in_wlock);
	ka = tour_key(a);
	kb = tour_key(b);
	write_unlock(&tour_in_wlock);
	read_unlock_irqrestore(&tour_in_rlock, flags);
	return ka < kb ? -1 : ka > kb;
}

/*
 * Called by sort() for the groups, calls sort() for their keys. After a
 * failure in tour_cmp_inner it carries on: its own lock still held, the
 * inner callbacks' locks released, interrupts still off.
 */
static int tour_cmp_outer(const void *a, const void *b)
{
	u32 ga = *(const u32 *)a, gb = *(const u32 *)b;
	unsigned long flags;

	write_lock_irqsave(&tour_mid_lock, flags);
	sort(nest_keys[ga], NEST_KEYS, sizeof(u32), tour_cmp_inner, NULL);
	sort(nest_keys[gb], NEST_KEYS, sizeof(u32), tour_cmp_inner, NULL);
	if (!irqs_disabled())
		nest_irqs_off = false;
	write_unlock_irqrestore(&tour_mid_lock, flags);
	if (write_trylock(&tour_in_rlock))
		write_unlock(&tour_in_rlock);
	else
		nest_in_free = false;
	if (write_trylock(&tour_in_wlock))
		write_unlock(&tour_in_wlock);
	else
		nest_in_free = false;
	nest_mid_done++;
	return nest_keys[ga][0] < nest_keys[gb][0] ? -1 :
		nest_keys[ga][0] > nest_keys[gb][0];
}

static int tour_nest(void)
{
	unsigned int g, k;
	bool sorted = true;

	for (g = 0; g < NEST_GROUPS; g++) {
		nest_order[g] = g;
		for (k = 0; k < NEST_KEYS; k++)
			nest_keys[g][k] = (NEST_GROUPS - g) * 100 +
					  (NEST_KEYS - k);
	}
	nest_mid_done = 0;
	nest_in_free = true;
	nest_irqs_off = true;
	read_lock_bh(&tour_lock);
	sort(nest_order, NEST_GROUPS, sizeof(u32), tour_cmp_outer, NULL);
	read_unlock_bh(&tour_lock);
	for (g = 0; g < NEST_GROUPS; g++) {
		if (nest_order[g] != NEST_GROUPS - 1 - g)
			sorted = false;
		for (k = 1; k < NEST_KEYS; k++)
			if (nest_keys[g][k - 1] > nest_keys[g][k])
				sorted = false;
	}
	pr_info("nest: %s, %u middle callbacks finished, inner locks %s, irqs %s\n",
		sorted ? "sorted" : "unsorted", nest_mid_done,
		nest_in_free ? "free" : "held", nest_irqs_off ? "off" : "on");
	return 0;
}

static ssize_t tour_write(struct file *file, const char __user *ubuf,
			  size_t len, loff_t *ppos)
{
	char buf[24] = "";
	char *cmd;
	int err = 0;

	if (copy_from_user(buf, ubuf, min(len, sizeof(buf) - 1)))
		return -EFAULT;
	cmd = strim(buf);
	if (!strcmp(cmd, "krealloc")) {
		err = tour_krealloc();
	} else if (!strcmp(cmd, "dup")) {
		err = tour_dup(ubuf, len);
	} else if (!strcmp(cmd, "vmem")) {
		err = tour_vmem();
	} else if (!strcmp(cmd, "cache")) {
		err = tour_cache_cmd();
	} else if (!strcmp(cmd, "rwlock")) {
		err = tour_rwlock();
	} else if (!strcmp(cmd, "spin")) {
		err = tour_spin_cmd();
	} else if (!strcmp(cmd, "cdev-add")) {
		err = tour_cdev_add(1, &tour_cdev1);
		if (!err)
			tour_step("cdev");
	} else if (!strcmp(cmd, "cdev-del")) {
		tour_cdev_del(&tour_cdev1);
	} else if (!strcmp(cmd, "work")) {
		schedule_work(&tour->work);
	} else if (!strcmp(cmd, "dwork")) {
		schedule_delayed_work(&tour->dwork, 1);
	} else if (!strcmp(cmd, "tasklet")) {
		tasklet_schedule(&tour->tasklet);
	} else if (!strcmp(cmd, "nest")) {
		err = tour_nest();
	} else if (!strcmp(cmd, "wunlock-bad")) {
		write_unlock(&tour_rw);
	} else if (!strcmp(cmd, "runlock-bad")) {
		read_unlock(&tour_rw);
	} else {
		return -EINVAL;
	}
	return err ? err : len;
}

static ssize_t tour_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	char line[80];
	int len;

	read_lock_bh(&tour_lock);
	len = scnprintf(line, sizeof(line),
			"works=%u dworks=%u tasklets=%u rlen=%zu\n",
			tour->works, tour->dworks, tour->tasklets, tour_rlen);
	read_unlock_bh(&tour_lock);
	return simple_read_from_buffer(buf, count, ppos, line, len);
}

static const struct file_operations tour_fops = {
	.owner = THIS_MODULE,
	.read = tour_read,
	.write = tour_write,
	.llseek = noop_llseek,
};

static struct miscdevice tour_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "shim_tour",
	.fops = &tour_fops,
};

static void tour_obj_ctor(void *p)
{
	struct tour_obj *obj = p;

	obj->magic = TOUR_MAGIC;
	obj->seq = 0;
}

/* What the instance holds, released in reverse; also a failed init's. */
static void tour_cleanup(void)
{
	unsigned int i;

	if (tour_misc_on)
		misc_deregister(&tour_misc);
	tour_misc_on = false;
	tour_gcdev_del(1);
	tour_gcdev_del(0);
	tour_cdev_del(&tour_cdev1);
	tour_cdev_del(&tour_cdev0);
	if (tour_devt)
		unregister_chrdev_region(tour_devt, TOUR_MINORS);
	tour_devt = 0;
	if (tour) {
		tasklet_kill(&tour->tasklet);
		cancel_work_sync(&tour->work);
		cancel_delayed_work_sync(&tour->dwork);
		kfree(tour);
		tour = NULL;
	}
	kvfree(tour_kvz);
	kfree(tour_name);
	kfree(tour_rbuf);
	kvfree(tour_kv_big);
	kvfree(tour_kv_small);
	vfree(tour_vzbuf);
	vfree(tour_vbuf);
	for (i = 0; i < TOUR_OBJS; i++)
		if (tour_objs[i])
			kmem_cache_free(tour_cache, tour_objs[i]);
	kmem_cache_destroy(tour_cache);
}

static int tour_init(void)
{
	unsigned int i;
	int err = -ENOMEM;

	tour_cache = kmem_cache_create_usercopy("shim_tour",
			sizeof(struct tour_obj), 0, SLAB_HWCACHE_ALIGN,
			offsetof(struct tour_obj, name),
			sizeof_field(struct tour_obj, name), tour_obj_ctor);
	if (!tour_cache)
		return -ENOMEM;
	for (i = 0; i < TOUR_OBJS; i++) {
		tour_objs[i] = kmem_cache_alloc(tour_cache, GFP_KERNEL);
		if (!tour_objs[i])
			goto fail;
		if (tour_objs[i]->magic != TOUR_MAGIC) {
			err = -EBADMSG;
			goto fail;
		}
		snprintf(tour_objs[i]->name, sizeof(tour_objs[i]->name),
			 "tour%u", i);
	}
	tour_vbuf = vmalloc(4 * PAGE_SIZE);
	tour_vzbuf = vzalloc(8 * PAGE_SIZE);
	tour_kv_small = kvmalloc(TOUR_KV_SMALL, GFP_KERNEL);
	tour_kv_big = kvmalloc(TOUR_KV_BIG, GFP_KERNEL);
	tour_rbuf = kmalloc(TOUR_RBUF, GFP_KERNEL);
	tour = kzalloc(sizeof(*tour), GFP_KERNEL);
	tour_name = kasprintf(GFP_KERNEL, "%s.%u", "tour", TOUR_OBJS);
	tour_kvz = kvzalloc(TOUR_KVZ, GFP_KERNEL);
	if (!tour_vbuf || !tour_vzbuf || !tour_kv_small || !tour_kv_big ||
	    !tour_rbuf || !tour || !tour_name || !tour_kvz)
		goto fail;
	if (strcmp(tour_name, "tour.5") || ((u8 *)tour_kvz)[TOUR_KVZ - 1]) {
		err = -EBADMSG;
		goto fail;
	}
	tour_fill(tour_rbuf, TOUR_RBUF, 0x11);
	tour_rlen = TOUR_RBUF;
	INIT_WORK(&tour->work, tour_work_fn);
	INIT_DELAYED_WORK(&tour->dwork, tour_dwork_fn);
	tasklet_setup(&tour->tasklet, tour_tasklet_fn);

	err = alloc_chrdev_region(&tour_devt, 0, TOUR_MINORS, "shim_tour");
	if (err)
		goto fail;
	err = tour_cdev_add(0, &tour_cdev0);
	if (err)
		goto fail;
	err = tour_gcdev_add(0);
	if (err)
		goto fail;
	err = tour_gcdev_add(1);
	if (err)
		goto fail;
	err = misc_register(&tour_misc);
	if (err)
		goto fail;
	tour_misc_on = true;

	/* Each runs once per instance. */
	schedule_work(&tour->work);
	schedule_delayed_work(&tour->dwork, 1);
	tasklet_schedule(&tour->tasklet);
	return 0;

fail:
	tour_cleanup();
	return err;
}
module_init(tour_init);

static void tour_exit(void)
{
	tour_cleanup();
}
module_exit(tour_exit);

MODULE_DESCRIPTION("mend test: a plugin-built driver touring the kernel-shim");
MODULE_LICENSE("GPL");
