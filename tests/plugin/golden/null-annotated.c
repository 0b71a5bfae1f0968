/*
 * null=annotated: only __nullable pointers get NULL checks.
 * ARGS: -fplugin-arg-mend-null=annotated
 */
#include <mend.h>

struct dev {
	int id;
	struct dev *peer __nullable;
};

int peer_id(struct dev *d)
{
	/* DUMP-NOT: through 'd' */
	/* DUMP: keep null check at null-annotated.c:[[@LINE+1]]:16: read of size 4 through 'peer' */
	return d->peer->id;
}
