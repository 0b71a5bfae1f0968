// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-shim: PCI.
 *
 * What a probe acquires on its device (enabled, regions, a mapping of a
 * BAR, bus mastering, interrupt vectors) is released on undo, newest
 * first, as the driver's own error path would. The releases forget the
 * entry and go ahead even when there is none: a driver may enable a device
 * through a call mend does not track (pcim_*, pci_enable_device_io) and
 * disable it through one it does, and the PCI core copes with that itself.
 *
 * The pci_driver is linked: it stays registered across restarts. On
 * restart its devices are unbound (pci_driver_detach), and when the fresh
 * instance's init registers it again, the driver core binds them again:
 * each probe runs as at boot, through the core, and finds the device as
 * the undo left it, disabled and released.
 */
#include <linux/device.h>
#include <linux/pci.h>

#include "mend_internal.h"

static void undo_pci_disable_device(void *obj, const unsigned long *args)
{
	pci_disable_device(obj);
}

static void undo_pci_release_regions(void *obj, const unsigned long *args)
{
	pci_release_regions(obj);
}

static void undo_pci_release_selected_regions(void *obj,
					      const unsigned long *args)
{
	pci_release_selected_regions(obj, args[0]);
}

static void undo_pci_iounmap(void *obj, const unsigned long *args)
{
	pci_iounmap((struct pci_dev *)args[0], (void __iomem *)obj);
}

static void undo_pci_clear_master(void *obj, const unsigned long *args)
{
	pci_clear_master(obj);
}

static void undo_pci_free_irq_vectors(void *obj, const unsigned long *args)
{
	pci_free_irq_vectors(obj);
}

static void undo_pci_unregister_driver(void *obj, const unsigned long *args)
{
	pci_unregister_driver(obj);
}

static int track_device(struct mend_unit *unit, int err, mend_undo_fn fn,
			struct pci_dev *pdev, const unsigned long *args)
{
	if (!err)
		mend_undo_push(unit, fn, pdev, args, 0, 0);
	return err;
}

int __mend_wrap_pci_enable_device(struct mend_unit *unit, struct pci_dev *pdev)
{
	return track_device(unit, pci_enable_device(pdev),
			    undo_pci_disable_device, pdev, NULL);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_enable_device);

int __mend_wrap_pci_enable_device_mem(struct mend_unit *unit,
				      struct pci_dev *pdev)
{
	return track_device(unit, pci_enable_device_mem(pdev),
			    undo_pci_disable_device, pdev, NULL);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_enable_device_mem);

void __mend_wrap_pci_disable_device(struct mend_unit *unit,
				    struct pci_dev *pdev)
{
	mend_undo_pop(unit, undo_pci_disable_device, pdev);
	pci_disable_device(pdev);
	/* The last disable stops bus mastering too (e1000's remove). */
	if (!pci_is_enabled(pdev))
		mend_undo_pop(unit, undo_pci_clear_master, pdev);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_disable_device);

int __mend_wrap_pci_request_regions(struct mend_unit *unit,
				    struct pci_dev *pdev, const char *name)
{
	return track_device(unit, pci_request_regions(pdev, name),
			    undo_pci_release_regions, pdev, NULL);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_request_regions);

void __mend_wrap_pci_release_regions(struct mend_unit *unit,
				     struct pci_dev *pdev)
{
	mend_undo_pop(unit, undo_pci_release_regions, pdev);
	pci_release_regions(pdev);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_release_regions);

int __mend_wrap_pci_request_selected_regions(struct mend_unit *unit,
					     struct pci_dev *pdev, int bars,
					     const char *name)
{
	unsigned long args[MEND_UNDO_ARGS] = { bars };

	return track_device(unit, pci_request_selected_regions(pdev, bars, name),
			    undo_pci_release_selected_regions, pdev, args);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_request_selected_regions);

void __mend_wrap_pci_release_selected_regions(struct mend_unit *unit,
					      struct pci_dev *pdev, int bars)
{
	mend_undo_pop(unit, undo_pci_release_selected_regions, pdev);
	pci_release_selected_regions(pdev, bars);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_release_selected_regions);

void __iomem *__mend_wrap_pci_iomap(struct mend_unit *unit,
				    struct pci_dev *pdev, int bar,
				    unsigned long maxlen)
{
	unsigned long args[MEND_UNDO_ARGS] = { (unsigned long)pdev };
	void __iomem *addr = pci_iomap(pdev, bar, maxlen);

	if (addr)
		mend_undo_push(unit, undo_pci_iounmap, (void __force *)addr,
			       args, 0, 0);
	return addr;
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_iomap);

void __mend_wrap_pci_iounmap(struct mend_unit *unit, struct pci_dev *pdev,
			     void __iomem *addr)
{
	mend_undo_pop(unit, undo_pci_iounmap, (void __force *)addr);
	pci_iounmap(pdev, addr);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_iounmap);

void __mend_wrap_pci_set_master(struct mend_unit *unit, struct pci_dev *pdev)
{
	pci_set_master(pdev);
	if (mend_undo_lookup(unit, undo_pci_clear_master, pdev) < 0)
		mend_undo_push(unit, undo_pci_clear_master, pdev, NULL, 0, 0);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_set_master);

void __mend_wrap_pci_clear_master(struct mend_unit *unit, struct pci_dev *pdev)
{
	mend_undo_pop(unit, undo_pci_clear_master, pdev);
	pci_clear_master(pdev);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_clear_master);

int __mend_wrap_pci_alloc_irq_vectors(struct mend_unit *unit,
				      struct pci_dev *pdev,
				      unsigned int min_vecs,
				      unsigned int max_vecs,
				      unsigned int flags)
{
	int nvec = pci_alloc_irq_vectors(pdev, min_vecs, max_vecs, flags);

	if (nvec > 0)
		mend_undo_push(unit, undo_pci_free_irq_vectors, pdev, NULL,
			       0, 0);
	return nvec;
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_alloc_irq_vectors);

void __mend_wrap_pci_free_irq_vectors(struct mend_unit *unit,
				      struct pci_dev *pdev)
{
	mend_undo_pop(unit, undo_pci_free_irq_vectors, pdev);
	pci_free_irq_vectors(pdev);
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_free_irq_vectors);

static int match_any_device(struct device *dev, const void *data)
{
	return 1;
}

/*
 * Restart, the dead instance undone: unbind the driver's devices. The
 * driver core calls remove, which the guard refuses (the domain is
 * recovering), then releases the devices' devres (devm_* resources) and
 * balances the runtime PM and references its probe took. args[0] keeps
 * how many there were, for the fresh instance to bind again.
 */
static void pci_driver_detach(void *obj, unsigned long *args)
{
	struct pci_driver *drv = obj;
	struct device *dev;

	args[0] = 0;
	while ((dev = driver_find_device(&drv->driver, NULL, NULL,
					 match_any_device))) {
		device_release_driver(dev);
		put_device(dev);
		args[0]++;
	}
}

static int count_device(struct device *dev, void *data)
{
	(*(unsigned long *)data)++;
	return 0;
}

int __mend_wrap___pci_register_driver(struct mend_unit *unit,
				      struct pci_driver *drv,
				      struct module *owner,
				      const char *mod_name)
{
	struct mend_domain *d = READ_ONCE(unit->domain);
	unsigned long args[MEND_UNDO_ARGS], bound = 0;
	int err;

	if (mend_undo_args(unit, undo_pci_unregister_driver, drv, args)) {
		if (!d || READ_ONCE(d->state) != MEND_RESTARTING)
			return 0;
		/* The fresh instance probes the devices the dead one had. */
		err = driver_attach(&drv->driver);
		if (err)
			return err;
		err = driver_for_each_device(&drv->driver, NULL, &bound,
					     count_device);
		return err ?: bound < args[0] ? -ENODEV : 0;
	}
	err = __pci_register_driver(drv, owner, mod_name);
	if (!err)
		mend_undo_push_linked(unit, undo_pci_unregister_driver,
				      pci_driver_detach, drv, sizeof(*drv));
	return err;
}
EXPORT_SYMBOL_GPL(__mend_wrap___pci_register_driver);

void __mend_wrap_pci_unregister_driver(struct mend_unit *unit,
				       struct pci_driver *drv)
{
	if (mend_undo_pop(unit, undo_pci_unregister_driver, drv))
		pci_unregister_driver(drv);
	else
		mend_misuse(unit, "pci_unregister_driver of", drv,
			    __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(__mend_wrap_pci_unregister_driver);
