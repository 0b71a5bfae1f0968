/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mend runtime: private header shared by the runtime's own files.
 *
 * The runtime is never built with the mend plugin: it is the code that
 * instrumented drivers call into, and checking it with itself would recurse.
 */
#ifndef MEND_INTERNAL_H
#define MEND_INTERNAL_H

#include <linux/kobject.h>

/* /sys/kernel/mend: the root every per-driver directory will hang from. */
extern struct kobject *mend_kobj;

int mend_sysfs_init(void);
void mend_sysfs_exit(void);

/* report.c: reports printed since load (/sys/kernel/mend/reports). */
long mend_report_count(void);

#endif /* MEND_INTERNAL_H */
