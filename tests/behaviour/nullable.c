/* nullable: checked before every use, even with null=annotated. */
#include "behaviour.h"

struct dev {
	int id;
	struct dev *peer __nullable;
};

NOINLINE int peer_id(struct dev *d)
{
	/* REPORT: BUG: mend: null-ptr-deref in peer_id (nullable.c:[[@LINE+1]]: */
	return d->peer->id;
}

int main(int argc, char **argv)
{
	struct dev b = { 2, NULL };
	struct dev a = { 1, one_too_far(argc, argv) ? NULL : &b };

	printf("%d\n", peer_id(&a));
	return 0;
}
/* REPORT: Read of size 4 through a NULL pointer */
