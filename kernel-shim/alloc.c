// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: memory. Every allocation the driver makes is logged with
 * the function that frees it; a free removes the entry, and a free of
 * memory the domain does not hold (a double free, a pointer from
 * elsewhere) is a misuse: reported and recovered from instead of
 * corrupting the allocator.
 *
 * A slab cache the driver creates is logged too, destroyed on undo. The
 * log is undone newest first and an object can only come from a cache
 * that exists, so a cache's objects are always freed before the cache is
 * destroyed.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "mend_internal.h"

static void undo_kfree(void *obj, const unsigned long *args)
{
	kfree(obj);
}

static void undo_kvfree(void *obj, const unsigned long *args)
{
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

static void *track(struct mend_unit *unit, void *p, mend_undo_fn fn)
{
	if (!ZERO_OR_NULL_PTR(p))
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
void *__mend_wrap_krealloc(struct mend_unit *unit, const void *p,
			   size_t size, gfp_t flags)
{
	size_t old;
	void *q;

	if (!untrack(unit, NULL, p, "krealloc of", __builtin_return_address(0)))
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
EXPORT_SYMBOL_GPL(__mend_wrap_krealloc);

void __mend_wrap_kfree(struct mend_unit *unit, const void *p)
{
	if (!untrack(unit, NULL, p, "kfree of", __builtin_return_address(0)))
		return;
	/* Entries of objects inside (a timer) die with it. */
	if (!ZERO_OR_NULL_PTR(p))
		mend_undo_drop_range(unit, p, ksize(p));
	kfree(p);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kfree);

void __mend_wrap_kvfree(struct mend_unit *unit, const void *p)
{
	if (!untrack(unit, NULL, p, "kvfree of", __builtin_return_address(0)))
		return;
	if (!ZERO_OR_NULL_PTR(p) && !is_vmalloc_addr(p))
		mend_undo_drop_range(unit, p, ksize(p));
	kvfree(p);
}
EXPORT_SYMBOL_GPL(__mend_wrap_kvfree);

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
