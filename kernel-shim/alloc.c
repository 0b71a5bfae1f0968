// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: memory. Every allocation the driver makes is logged with
 * the function that frees it; a free removes the entry, and a free of
 * memory the domain does not hold (a double free, a pointer from
 * elsewhere) is a misuse: reported and recovered from instead of
 * corrupting the allocator.
 *
 * Every allocator whose memory the driver may hand to a tracked free has
 * a wrapper, under the name its call has before inlining: kvzalloc() and
 * kmalloc_node() are inlines the plugin sees as such, kmemdup() is the
 * fortified inline of <linux/fortify-string.h> (its compile-time size
 * check is lost: the driver's call goes here instead), memdup_array_user()
 * an inline around memdup_user(). Otherwise the free of memory mend never
 * saw allocated would be a misuse, and the driver restarted for nothing.
 * devm_* allocations are not tracked: devres frees them when a restart
 * unbinds the device.
 *
 * A slab cache the driver creates is logged too, destroyed on undo. The
 * log is undone newest first and an object can only come from a cache
 * that exists, so a cache's objects are always freed before the cache is
 * destroyed.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "mend_internal.h"

/* A dead instance's cdev in the block, held by open files, keeps it. */
static void undo_kfree(void *obj, const unsigned long *args)
{
	if (!mend_cdev_keeps(obj, ksize(obj), undo_kfree))
		kfree(obj);
}

static void undo_kvfree(void *obj, const unsigned long *args)
{
	if (is_vmalloc_addr(obj) ||
	    !mend_cdev_keeps(obj, ksize(obj), undo_kvfree))
		kvfree(obj);
}

static void undo_vfree(void *obj, const unsigned long *args)
{
	vfree(obj);
}

static void undo_kmem_cache_free(void *obj, const unsigned long *args)
{
	kmem_cache_free((struct kmem_cache *)args[0], obj);
}

static void undo_kmem_cache_destroy(void *obj, const unsigned long *args)
{
	kmem_cache_destroy(obj);
}

/* Nothing to free: NULL, ZERO_SIZE_PTR or an error (memdup_user()). */
static void *track(struct mend_unit *unit, void *p, mend_undo_fn fn)
{
	if (!ZERO_OR_NULL_PTR(p) && !IS_ERR(p))
		mend_undo_push(unit, fn, p, NULL, 0, 0);
	return p;
}

void *__mend_wrap_kmalloc(struct mend_unit *unit, size_t size, gfp_t flags)
{
	return track(unit, kmalloc(size, flags), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmalloc);

void *__mend_wrap_kzalloc(struct mend_unit *unit, size_t size, gfp_t flags)
{
	return track(unit, kzalloc(size, flags), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kzalloc);

void *__mend_wrap_kcalloc(struct mend_unit *unit, size_t n, size_t size,
			  gfp_t flags)
{
	return track(unit, kcalloc(n, size, flags), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kcalloc);

void *__mend_wrap_kmalloc_array(struct mend_unit *unit, size_t n, size_t size,
				gfp_t flags)
{
	return track(unit, kmalloc_array(n, size, flags), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmalloc_array);

void *__mend_wrap_kvmalloc(struct mend_unit *unit, size_t size, gfp_t flags)
{
	return track(unit, kvmalloc(size, flags), undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvmalloc);

void *__mend_wrap_kvmalloc_node(struct mend_unit *unit, size_t size,
				gfp_t flags, int node)
{
	return track(unit, kvmalloc_node(size, flags, node), undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvmalloc_node);

void *__mend_wrap_kvzalloc(struct mend_unit *unit, size_t size, gfp_t flags)
{
	return track(unit, kvzalloc(size, flags), undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvzalloc);

void *__mend_wrap_kvzalloc_node(struct mend_unit *unit, size_t size,
				gfp_t flags, int node)
{
	return track(unit, kvzalloc_node(size, flags, node), undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvzalloc_node);

void *__mend_wrap_kvmalloc_array(struct mend_unit *unit, size_t n,
				 size_t size, gfp_t flags)
{
	return track(unit, kvmalloc_array(n, size, flags), undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvmalloc_array);

void *__mend_wrap_kvcalloc(struct mend_unit *unit, size_t n, size_t size,
			   gfp_t flags)
{
	return track(unit, kvcalloc(n, size, flags), undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvcalloc);

void *__mend_wrap_kmalloc_node(struct mend_unit *unit, size_t size,
			       gfp_t flags, int node)
{
	return track(unit, kmalloc_node(size, flags, node), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmalloc_node);

void *__mend_wrap_kzalloc_node(struct mend_unit *unit, size_t size,
			       gfp_t flags, int node)
{
	return track(unit, kzalloc_node(size, flags, node), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kzalloc_node);

void *__mend_wrap_kmalloc_array_node(struct mend_unit *unit, size_t n,
				     size_t size, gfp_t flags, int node)
{
	return track(unit, kmalloc_array_node(n, size, flags, node),
		     undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmalloc_array_node);

void *__mend_wrap_kcalloc_node(struct mend_unit *unit, size_t n, size_t size,
			       gfp_t flags, int node)
{
	return track(unit, kcalloc_node(n, size, flags, node), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kcalloc_node);

void *__mend_wrap_vmalloc(struct mend_unit *unit, unsigned long size)
{
	return track(unit, vmalloc(size), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vmalloc);

void *__mend_wrap_vzalloc(struct mend_unit *unit, unsigned long size)
{
	return track(unit, vzalloc(size), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vzalloc);

void *__mend_wrap_vmalloc_node(struct mend_unit *unit, unsigned long size,
			       int node)
{
	return track(unit, vmalloc_node(size, node), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vmalloc_node);

void *__mend_wrap_vzalloc_node(struct mend_unit *unit, unsigned long size,
			       int node)
{
	return track(unit, vzalloc_node(size, node), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vzalloc_node);

void *__mend_wrap_vmalloc_user(struct mend_unit *unit, unsigned long size)
{
	return track(unit, vmalloc_user(size), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vmalloc_user);

void *__mend_wrap_vmalloc_32(struct mend_unit *unit, unsigned long size)
{
	return track(unit, vmalloc_32(size), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vmalloc_32);

void *__mend_wrap_vmalloc_32_user(struct mend_unit *unit, unsigned long size)
{
	return track(unit, vmalloc_32_user(size), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vmalloc_32_user);

void *__mend_wrap___vmalloc(struct mend_unit *unit, unsigned long size,
			    gfp_t flags)
{
	return track(unit, __vmalloc(size, flags), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap___vmalloc);

void *__mend_wrap_vmalloc_array(struct mend_unit *unit, size_t n, size_t size)
{
	return track(unit, vmalloc_array(n, size), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vmalloc_array);

void *__mend_wrap_vcalloc(struct mend_unit *unit, size_t n, size_t size)
{
	return track(unit, vcalloc(n, size), undo_vfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vcalloc);

/* Copies: kmalloc'ed (vmemdup_user(): kvmalloc'ed), freed with kfree(). */
char *__mend_wrap_kstrdup(struct mend_unit *unit, const char *s, gfp_t gfp)
{
	return track(unit, kstrdup(s, gfp), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kstrdup);

char *__mend_wrap_kstrndup(struct mend_unit *unit, const char *s, size_t max,
			   gfp_t gfp)
{
	return track(unit, kstrndup(s, max, gfp), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kstrndup);

/*
 * A string in the kernel's rodata comes back as itself and is not the
 * driver's; a copy is, freed by kfree_const() or kfree().
 */
const char *__mend_wrap_kstrdup_const(struct mend_unit *unit, const char *s,
				      gfp_t gfp)
{
	const char *p = kstrdup_const(s, gfp);

	if (p != s)
		track(unit, (void *)p, undo_kfree);
	return p;
}
EXPORT_SYMBOL_GPL(__mend_wrap_kstrdup_const);

void *__mend_wrap_kmemdup(struct mend_unit *unit, const void *src, size_t len,
			  gfp_t gfp)
{
	return track(unit, kmemdup(src, len, gfp), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmemdup);

char *__mend_wrap_kmemdup_nul(struct mend_unit *unit, const char *s,
			      size_t len, gfp_t gfp)
{
	return track(unit, kmemdup_nul(s, len, gfp), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmemdup_nul);

char *__mend_wrap_kvasprintf(struct mend_unit *unit, gfp_t gfp,
			     const char *fmt, va_list args)
{
	return track(unit, kvasprintf(gfp, fmt, args), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvasprintf);

/*
 * The plugin declares the wrapper of a variadic function variadic too (the
 * unit, then the function's own parameters and "...") and passes the
 * driver's arguments on as they are: this one formats them itself.
 */
__printf(3, 4)
char *__mend_wrap_kasprintf(struct mend_unit *unit, gfp_t gfp,
			    const char *fmt, ...)
{
	va_list args;
	char *p;

	va_start(args, fmt);
	p = kvasprintf(gfp, fmt, args);
	va_end(args);
	return track(unit, p, undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kasprintf);

/* From user space: an ERR_PTR() on failure, untracked. */
void *__mend_wrap_memdup_user(struct mend_unit *unit, const void __user *src,
			      size_t len)
{
	return track(unit, memdup_user(src, len), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_memdup_user);

void *__mend_wrap_memdup_user_nul(struct mend_unit *unit,
				  const void __user *src, size_t len)
{
	return track(unit, memdup_user_nul(src, len), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_memdup_user_nul);

void *__mend_wrap_memdup_array_user(struct mend_unit *unit,
				    const void __user *src, size_t n,
				    size_t size)
{
	return track(unit, memdup_array_user(src, n, size), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_memdup_array_user);

void *__mend_wrap_vmemdup_user(struct mend_unit *unit, const void __user *src,
			       size_t len)
{
	return track(unit, vmemdup_user(src, len), undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vmemdup_user);

void *__mend_wrap_vmemdup_array_user(struct mend_unit *unit,
				     const void __user *src, size_t n,
				     size_t size)
{
	return track(unit, vmemdup_array_user(src, n, size), undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vmemdup_array_user);

char *__mend_wrap_strndup_user(struct mend_unit *unit, const char __user *s,
			       long n)
{
	return track(unit, strndup_user(s, n), undo_kfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_strndup_user);

void *__mend_wrap_kmem_cache_alloc(struct mend_unit *unit,
				   struct kmem_cache *cache, gfp_t flags)
{
	unsigned long args[MEND_UNDO_ARGS] = { (unsigned long)cache };
	void *p = kmem_cache_alloc(cache, flags);

	if (p)
		mend_undo_push(unit, undo_kmem_cache_free, p, args, 0, 0);
	return p;
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmem_cache_alloc);

/* An inline around kmem_cache_alloc(): the driver's call has this name. */
void *__mend_wrap_kmem_cache_zalloc(struct mend_unit *unit,
				    struct kmem_cache *cache, gfp_t flags)
{
	return __mend_wrap_kmem_cache_alloc(unit, cache, flags | __GFP_ZERO);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmem_cache_zalloc);

/*
 * The ctor is the driver's (guarded, as every function the kernel calls):
 * the allocator runs it inside the driver's own kmem_cache_alloc().
 */
struct kmem_cache *__mend_wrap_kmem_cache_create(struct mend_unit *unit,
						 const char *name,
						 unsigned int size,
						 unsigned int align,
						 slab_flags_t flags,
						 void (*ctor)(void *))
{
	return track(unit, kmem_cache_create(name, size, align, flags, ctor),
		     undo_kmem_cache_destroy);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmem_cache_create);

struct kmem_cache *
__mend_wrap_kmem_cache_create_usercopy(struct mend_unit *unit,
				       const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags,
				       unsigned int useroffset,
				       unsigned int usersize,
				       void (*ctor)(void *))
{
	return track(unit, kmem_cache_create_usercopy(name, size, align, flags,
						      useroffset, usersize,
						      ctor),
		     undo_kmem_cache_destroy);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmem_cache_create_usercopy);

/*
 * Forget @p's entry before it is freed; false (after reporting a misuse
 * that recovers when under a guard) when the domain does not hold it.
 */
static bool untrack(struct mend_unit *unit, mend_undo_fn fn, const void *p,
		    const char *what, void *caller)
{
	if (ZERO_OR_NULL_PTR(p))
		return true;
	if (mend_undo_pop(unit, fn, p))
		return true;
	mend_misuse(unit, what, p, caller);
	return false;
}

/*
 * The entry follows the block: krealloc() may move it (growing past its
 * slab's size) or keep it (shrinking), and frees it for a size of 0
 * (ZERO_SIZE_PTR, not tracked).
 */
static void *track_krealloc(struct mend_unit *unit, const void *p,
			    size_t size, gfp_t flags, void *caller)
{
	size_t old;
	void *q;

	if (!untrack(unit, NULL, p, "krealloc of", caller))
		return NULL;
	/* Asked only of a block the driver holds: ksize() trusts @p. */
	old = ZERO_OR_NULL_PTR(p) ? 0 : ksize(p);
	q = krealloc(p, size, flags);
	if (!q) {
		/* On failure @p is still the driver's. */
		track(unit, (void *)p, undo_kfree);
		return NULL;
	}
	/* Entries of objects inside a block that moved died with it. */
	if (q != p)
		mend_undo_drop_range(unit, p, old);
	return track(unit, q, undo_kfree);
}

void *__mend_wrap_krealloc(struct mend_unit *unit, const void *p,
			   size_t size, gfp_t flags)
{
	return track_krealloc(unit, p, size, flags,
			      __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_wrap_krealloc);

/* An inline around krealloc(): an overflowing size leaves @p alone. */
void *__mend_wrap_krealloc_array(struct mend_unit *unit, void *p,
				 size_t new_n, size_t new_size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(new_n, new_size, &bytes)))
		return NULL;
	return track_krealloc(unit, p, bytes, flags,
			      __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_wrap_krealloc_array);

/*
 * kvrealloc() keeps @p when @oldsize is enough, else copies it into a new
 * kvmalloc() block and frees it; on failure @p is still the driver's.
 */
void *__mend_wrap_kvrealloc(struct mend_unit *unit, const void *p,
			    size_t oldsize, size_t newsize, gfp_t flags)
{
	void *q;

	if (!untrack(unit, NULL, p, "kvrealloc of",
		     __builtin_return_address(0)))
		return NULL;
	q = kvrealloc(p, oldsize, newsize, flags);
	if (!q) {
		track(unit, (void *)p, undo_kvfree);
		return NULL;
	}
	if (q != p && !ZERO_OR_NULL_PTR(p))
		mend_undo_drop_range(unit, p, oldsize);
	return track(unit, q, undo_kvfree);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvrealloc);

/*
 * Before a kfree() (of any flavour): false when the domain does not hold
 * @p. Entries of objects inside (a timer) die with it.
 */
static bool untrack_kmalloc(struct mend_unit *unit, const void *p,
			    const char *what, void *caller)
{
	if (!untrack(unit, NULL, p, what, caller))
		return false;
	if (!ZERO_OR_NULL_PTR(p))
		mend_undo_drop_range(unit, p, ksize(p));
	return true;
}

/* As untrack_kmalloc(), for memory kvmalloc() gave. */
static bool untrack_kvmalloc(struct mend_unit *unit, const void *p,
			     const char *what, void *caller)
{
	if (!untrack(unit, NULL, p, what, caller))
		return false;
	if (!ZERO_OR_NULL_PTR(p) && !is_vmalloc_addr(p))
		mend_undo_drop_range(unit, p, ksize(p));
	return true;
}

void __mend_wrap_kfree(struct mend_unit *unit, const void *p)
{
	if (untrack_kmalloc(unit, p, "kfree of", __builtin_return_address(0)))
		kfree(p);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kfree);

void __mend_wrap_kfree_sensitive(struct mend_unit *unit, const void *p)
{
	if (untrack_kmalloc(unit, p, "kfree_sensitive of",
			    __builtin_return_address(0)))
		kfree_sensitive(p);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kfree_sensitive);

/*
 * kfree_const() leaves a string of the kernel's rodata alone (one
 * kstrdup_const() returned as it was, never tracked), and kfree()s
 * anything else. The kernel image and modules lie above
 * __START_KERNEL_map, allocated memory below it: an address up there is
 * passed on (kfree_const() decides), one down here must be the driver's.
 */
void __mend_wrap_kfree_const(struct mend_unit *unit, const void *p)
{
	if ((unsigned long)p >= __START_KERNEL_map ||
	    untrack_kmalloc(unit, p, "kfree_const of",
			    __builtin_return_address(0)))
		kfree_const(p);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kfree_const);

void __mend_wrap_kvfree(struct mend_unit *unit, const void *p)
{
	if (untrack_kvmalloc(unit, p, "kvfree of", __builtin_return_address(0)))
		kvfree(p);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvfree);

void __mend_wrap_kvfree_sensitive(struct mend_unit *unit, const void *p,
				  size_t len)
{
	if (untrack_kvmalloc(unit, p, "kvfree_sensitive of",
			     __builtin_return_address(0)))
		kvfree_sensitive(p, len);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvfree_sensitive);

void __mend_wrap_vfree(struct mend_unit *unit, const void *p)
{
	if (!untrack(unit, NULL, p, "vfree of", __builtin_return_address(0)))
		return;
	vfree(p);
}
EXPORT_SYMBOL_GPL(__mend_wrap_vfree);

void __mend_wrap_kmem_cache_free(struct mend_unit *unit,
				 struct kmem_cache *cache, void *p)
{
	if (!untrack(unit, undo_kmem_cache_free, p, "kmem_cache_free of",
		     __builtin_return_address(0)))
		return;
	mend_undo_drop_range(unit, p, kmem_cache_size(cache));
	kmem_cache_free(cache, p);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmem_cache_free);

/*
 * NULL is a no-op for the kernel too. The driver must have freed the
 * cache's objects first: the kernel complains otherwise and keeps the
 * cache.
 */
void __mend_wrap_kmem_cache_destroy(struct mend_unit *unit,
				    struct kmem_cache *cache)
{
	if (!untrack(unit, undo_kmem_cache_destroy, cache,
		     "kmem_cache_destroy of", __builtin_return_address(0)))
		return;
	kmem_cache_destroy(cache);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kmem_cache_destroy);
