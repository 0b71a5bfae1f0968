/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mend host runtime (libmend-user.a): instrumented host programs call the
 * two entry points declared in mend_site.h, __mend_check_fail (report, then
 * exit with MEND_USER_EXIT_STATUS) and __mend_check_report (report, return).
 */
#ifndef MEND_USER_H
#define MEND_USER_H

#include "../mend_site.h"

/* Exit status of a program stopped by a failed check. */
#define MEND_USER_EXIT_STATUS 86

#endif /* MEND_USER_H */
