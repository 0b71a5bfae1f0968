/*
 * ring.c - input of plugin.sidefile: compiled once with the annotations in
 * the source (-DIN_SOURCE) and once without them but with ring.mend; the
 * checks mend inserts must be the same.
 */
#include <mend.h>

#ifdef IN_SOURCE
#define ANNOTATE(...) __VA_ARGS__
#else
#define ANNOTATE(...)
#endif

struct ring {
	unsigned int *desc ANNOTATE(__elems(size));
	unsigned int size;
	char *name ANNOTATE(__nullterm __nullable);
};

static int *slot_table ANNOTATE(__elems(16));

unsigned int fill(struct ring *r, unsigned int *dst ANNOTATE(__elems(n)),
		  unsigned int n, unsigned int i)
{
	dst[i] = r->desc[i];
	return r->name[0] + slot_table[i];
}
