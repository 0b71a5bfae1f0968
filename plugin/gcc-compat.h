/*
 * gcc-compat.h - the GCC plugin headers mend needs, and every difference
 * between GCC versions that mend has to care about.
 *
 * Every plugin source file includes this header first and no GCC header
 * directly, so that the include order (gcc-plugin.h must come first; it
 * pulls in config.h, system.h and the backend headers that the rest assume)
 * and the version shims live in one place.
 *
 * Rule: no other file in plugin/ tests GCCPLUGIN_VERSION. When a later GCC
 * renames or changes something mend uses, the shim goes here under
 * "Version shims" and the callers stay version-free.
 */
#ifndef MEND_GCC_COMPAT_H
#define MEND_GCC_COMPAT_H

#include "gcc-plugin.h"

/*
 * plugin-version.h defines static arrays (basever, datestamp, ...) and the
 * static struct gcc_version that only mend-plugin.cc reads; every other file
 * would warn that they are unused.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-variable"
#include "plugin-version.h"
#pragma GCC diagnostic pop

#include "tree.h"
/* c-common.h must precede diagnostic-core.h (format checking). */
#include "c-family/c-common.h"
#include "tree-pass.h"
#include "context.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "cgraph.h"
#include "diagnostic-core.h"
#include "dumpfile.h"
#include "langhooks.h"
#include "ssa.h"
#include "stringpool.h"
#include "attribs.h"
#include "fold-const.h"
#include "stor-layout.h"
#include "varasm.h"
#include "gimplify.h"
#include "gimplify-me.h"
#include "cfghooks.h"
#include "cfganal.h"
#include "cfgloop.h"
#include "tree-cfg.h"
#include "tree-dfa.h"
#include "tree-into-ssa.h"
#include "gimple-pretty-print.h"
#include "tree-pretty-print.h"
#include "tree-ssa-loop.h"
#include "tree-ssa-loop-niter.h"
#include "tree-scalar-evolution.h"

/* Version shims. */

/*
 * mend builds and works with the plugin headers of GCC 11 and 12 (12 is
 * the one Debian 12 builds its kernels with). Refuse older headers here
 * rather than with obscure compile errors further down.
 */
#if GCCPLUGIN_VERSION < 11000
#error "mend needs the plugin headers of GCC 11 or newer"
#endif

#endif /* MEND_GCC_COMPAT_H */
