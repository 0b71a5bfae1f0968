/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mend.h - bounds and nullness annotations for drivers built with mend.
 *
 * Annotate the pointers of a driver (struct fields, parameters, return
 * values, globals, locals) and the mend plugin checks every access through
 * them. Built without the plugin, every macro below expands to nothing and
 * the code is plain C.
 *
 *   long form                 short form      meaning (as in Deputy)
 *   __mend_count(n)           __elems(n)      points to n elements
 *   __mend_bound(lo, hi)      __bnd(lo, hi)   points into [lo, hi)
 *   __mend_single             __single        points to one element (count(1))
 *   __mend_nullterm           __nullterm      readable up to a NUL past its count
 *   __mend_nullable           __nullable      may be NULL: checked before use
 *   __mend_nonnull            __notnull       never NULL: no NULL check
 *   __mend_trusted            __trusted       no checks at all (escape hatch)
 *
 * The short forms exist because the obvious names clash: __count is an
 * identifier in kernel headers (sched/user.h) and glibc's mbstate_t,
 * __nonnull is a glibc macro, __safe is the kernel's sparse annotation.
 *
 * A count or bound is an expression over the names around the pointer: for a
 * struct field its sibling fields, for a parameter the other parameters, for
 * a global other globals, for a return value the parameters; constants and
 * + - * / ( ) on them. Examples:
 *
 *   struct ring {
 *           u32 *desc __elems(size);        // size is a sibling field
 *           unsigned int size;
 *           char *name __nullterm;          // a C string
 *           struct stats *stats __nullable; // check before use
 *   };
 *   static int fill(u8 *buf __elems(len * 2), size_t len);
 *   static u8 *rx_buf(struct ring *r, int i) __elems(RX_BUF_LEN);
 *
 * The kernel's __counted_by(member) on a flexible array member means
 * count(member) with mend: this header redefines it when the plugin is
 * loaded (mend-config --cflags includes this header in every compile).
 */
#ifndef MEND_ANNOTATIONS_H
#define MEND_ANNOTATIONS_H

#if defined(__has_attribute)
# if __has_attribute(mend_count)
#  define MEND_PLUGIN_ACTIVE 1
# endif
#endif

#ifdef MEND_PLUGIN_ACTIVE
/*
 * Counts travel as strings: GCC would look their names up as expressions
 * where field and parameter names are not in scope. The extra level expands
 * macros first, so __elems(RING_SIZE) reaches the plugin as "16".
 */
# define __mend_string(x)	#x
# define __mend_count(n)	__attribute__((mend_count(__mend_string(n))))
# define __mend_bound(lo, hi)	__attribute__((mend_bound(__mend_string(lo), __mend_string(hi))))
# define __mend_single		__attribute__((mend_single))
# define __mend_nullterm	__attribute__((mend_nullterm))
# define __mend_nullable	__attribute__((mend_nullable))
# define __mend_nonnull		__attribute__((mend_nonnull))
# define __mend_trusted		__attribute__((mend_trusted))
# undef __counted_by
# define __counted_by(member)	__mend_count(member)
#else
# define __mend_count(n)
# define __mend_bound(lo, hi)
# define __mend_single
# define __mend_nullterm
# define __mend_nullable
# define __mend_nonnull
# define __mend_trusted
#endif

#define __elems(n)		__mend_count(n)
#define __bnd(lo, hi)		__mend_bound(lo, hi)
#define __single		__mend_single
#define __nullterm		__mend_nullterm
#define __nullable		__mend_nullable
#define __notnull		__mend_nonnull
#define __trusted		__mend_trusted

#endif /* MEND_ANNOTATIONS_H */
