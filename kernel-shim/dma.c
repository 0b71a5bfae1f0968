// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: DMA. Coherent buffers are freed on undo; streaming mappings
 * (single, page, scatterlist) are unmapped, so that a restart leaves the
 * device no address into memory the dead instance owned. A coherent buffer
 * is memory: freeing one the driver does not hold is a misuse. An unmap
 * with no entry goes ahead (the mapping may come from a call mend does
 * not track, e.g. inside a network helper).
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

#include "mend_internal.h"

static void undo_dma_free_coherent(void *obj, const unsigned long *args)
{
	dma_free_coherent((struct device *)args[0], args[1], obj, args[2]);
}

/* Streaming mappings: obj is the DMA address, args dev, size, direction. */
static void undo_dma_unmap_page(void *obj, const unsigned long *args)
{
	dma_unmap_page_attrs((struct device *)args[0], (dma_addr_t)obj,
			     args[1], args[2], 0);
}

static void undo_dma_unmap_sg(void *obj, const unsigned long *args)
{
	dma_unmap_sg_attrs((struct device *)args[0], obj, args[1], args[2], 0);
}

void *__mend_wrap_dma_alloc_coherent(struct mend_unit *unit,
				     struct device *dev, size_t size,
				     dma_addr_t *handle, gfp_t gfp)
{
	void *cpu = dma_alloc_coherent(dev, size, handle, gfp);
	unsigned long args[MEND_UNDO_ARGS] = {
		(unsigned long)dev, size, cpu ? *handle : 0
	};

	if (cpu)
		mend_undo_push(unit, undo_dma_free_coherent, cpu, args, 0, 0);
	return cpu;
}
EXPORT_SYMBOL_GPL(__mend_wrap_dma_alloc_coherent);

void __mend_wrap_dma_free_coherent(struct mend_unit *unit, struct device *dev,
				   size_t size, void *cpu, dma_addr_t handle)
{
	if (!cpu)
		return;
	if (!mend_undo_pop(unit, undo_dma_free_coherent, cpu)) {
		mend_misuse(unit, "dma_free_coherent of", cpu,
			    __builtin_return_address(0));
		return;
	}
	dma_free_coherent(dev, size, cpu, handle);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dma_free_coherent);

static dma_addr_t track_mapping(struct mend_unit *unit, struct device *dev,
				dma_addr_t addr, size_t size,
				enum dma_data_direction dir)
{
	unsigned long args[MEND_UNDO_ARGS] = { (unsigned long)dev, size, dir };

	if (!dma_mapping_error(dev, addr))
		mend_undo_push(unit, undo_dma_unmap_page, (void *)addr, args,
			       0, 0);
	return addr;
}

dma_addr_t __mend_wrap_dma_map_single_attrs(struct mend_unit *unit,
					    struct device *dev, void *ptr,
					    size_t size,
					    enum dma_data_direction dir,
					    unsigned long attrs)
{
	return track_mapping(unit, dev,
			     dma_map_single_attrs(dev, ptr, size, dir, attrs),
			     size, dir);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dma_map_single_attrs);

dma_addr_t __mend_wrap_dma_map_page_attrs(struct mend_unit *unit,
					  struct device *dev, struct page *page,
					  size_t offset, size_t size,
					  enum dma_data_direction dir,
					  unsigned long attrs)
{
	return track_mapping(unit, dev,
			     dma_map_page_attrs(dev, page, offset, size, dir,
						attrs),
			     size, dir);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dma_map_page_attrs);

void __mend_wrap_dma_unmap_single_attrs(struct mend_unit *unit,
					struct device *dev, dma_addr_t addr,
					size_t size,
					enum dma_data_direction dir,
					unsigned long attrs)
{
	mend_undo_pop(unit, undo_dma_unmap_page, (void *)addr);
	dma_unmap_single_attrs(dev, addr, size, dir, attrs);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dma_unmap_single_attrs);

void __mend_wrap_dma_unmap_page_attrs(struct mend_unit *unit,
				      struct device *dev, dma_addr_t addr,
				      size_t size, enum dma_data_direction dir,
				      unsigned long attrs)
{
	mend_undo_pop(unit, undo_dma_unmap_page, (void *)addr);
	dma_unmap_page_attrs(dev, addr, size, dir, attrs);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dma_unmap_page_attrs);

unsigned int __mend_wrap_dma_map_sg_attrs(struct mend_unit *unit,
					  struct device *dev,
					  struct scatterlist *sg, int nents,
					  enum dma_data_direction dir,
					  unsigned long attrs)
{
	unsigned long args[MEND_UNDO_ARGS] = { (unsigned long)dev, nents, dir };
	unsigned int mapped = dma_map_sg_attrs(dev, sg, nents, dir, attrs);

	if (mapped)
		mend_undo_push(unit, undo_dma_unmap_sg, sg, args, 0, 0);
	return mapped;
}
EXPORT_SYMBOL_GPL(__mend_wrap_dma_map_sg_attrs);

void __mend_wrap_dma_unmap_sg_attrs(struct mend_unit *unit,
				    struct device *dev, struct scatterlist *sg,
				    int nents, enum dma_data_direction dir,
				    unsigned long attrs)
{
	mend_undo_pop(unit, undo_dma_unmap_sg, sg);
	dma_unmap_sg_attrs(dev, sg, nents, dir, attrs);
}
EXPORT_SYMBOL_GPL(__mend_wrap_dma_unmap_sg_attrs);
