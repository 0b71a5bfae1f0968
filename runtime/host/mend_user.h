/* SPDX-License-Identifier: GPL-2.0 */
/* mend host runtime: the entry points instrumented host programs call. */
#ifndef MEND_USER_H
#define MEND_USER_H

#include "../mend_site.h"

/* Exit status of a program stopped by a failed check. */
#define MEND_USER_EXIT_STATUS 86

void mend_user_report(const struct mend_site *site, unsigned long value,
		      unsigned long bound) __attribute__((noreturn));

#endif /* MEND_USER_H */
