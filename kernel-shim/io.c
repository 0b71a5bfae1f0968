// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: I/O memory mappings (ioremap, pci_ioremap_bar), unmapped on
 * undo. An iounmap with no entry goes ahead: the mapping may come from a
 * call mend does not track (ioremap_wc, devm_*).
 */
#include <linux/io.h>
#include <linux/pci.h>

#include "mend_internal.h"

static void undo_iounmap(void *obj, const unsigned long *args)
{
	iounmap((void __iomem *)obj);
}

static void __iomem *track_iomap(struct mend_unit *unit, void __iomem *addr)
{
	if (addr)
		mend_undo_push(unit, undo_iounmap, (void __force *)addr, NULL,
			       0, 0);
	return addr;
}

void __iomem *__mend_wrap_ioremap(struct mend_unit *unit,
				  resource_size_t offset, unsigned long size)
{
	return track_iomap(unit, ioremap(offset, size));
}
EXPORT_SYMBOL_GPL(__mend_wrap_ioremap);

void __iomem *__mend_wrap_pci_ioremap_bar(struct mend_unit *unit,
					  struct pci_dev *pdev, int bar)
{
	return track_iomap(unit, pci_ioremap_bar(pdev, bar));
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_ioremap_bar);

void __mend_wrap_iounmap(struct mend_unit *unit, volatile void __iomem *addr)
{
	mend_undo_pop(unit, undo_iounmap, (const void __force *)addr);
	iounmap(addr);
}
EXPORT_SYMBOL_GPL(__mend_wrap_iounmap);
