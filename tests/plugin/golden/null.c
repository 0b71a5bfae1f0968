/*
 * NULL checks: the first access through a pointer that may be NULL is
 * checked, later ones it dominates are not; a pointer tested against NULL,
 * the address of an object, a nonnull annotation or GCC's nonnull attribute
 * need no check. Only the bounds family is off here.
 * ARGS: -fplugin-arg-mend-checks=null
 */
#include <mend.h>

struct dev {
	int id;
	int flags;
	struct dev *peer __nullable;
	struct dev *self __notnull;
};

int two_fields(struct dev *d)
{
	/* DUMP: keep null check at null.c:[[@LINE+1]]:10: read of size 4 through 'd' */
	return d->id + d->flags;
	/* DUMP: drop null check at null.c:[[@LINE-1]]:18: read of size 4 through 'd' (dominated by the check at null.c:[[@LINE-1]]:10) */
}

int tested(struct dev *d)
{
	if (!d)
		return -1;
	/* DUMP: proven null check at null.c:[[@LINE+1]]:10: read of size 4 */
	return d->id;
}

int through_annotations(struct dev *d __notnull)
{
	/* DUMP-NOT: check at null.c:[[@LINE+1]]:17 */
	return d->self->id;
}

__attribute__((nonnull)) int with_attribute(struct dev *d)
{
	/* DUMP-NOT: check at null.c:[[@LINE+1]] */
	return d->id;
}

int local_object(void)
{
	struct dev local = { 1, 2, 0, 0 };
	struct dev *p = &local;

	/* DUMP-NOT: check at null.c:[[@LINE+1]] */
	return p->id;
}
