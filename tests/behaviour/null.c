/* An unannotated pointer that turns out NULL (null=all, the default). */
#include "behaviour.h"

struct node {
	int value;
	struct node *next;
};

NOINLINE int second_value(struct node *n)
{
	struct node *next = n->next;

	/* REPORT: BUG: mend: null-ptr-deref in second_value (null.c:[[@LINE+1]]: */
	return next->value;
}

int main(int argc, char **argv)
{
	struct node b = { 2, NULL };
	struct node a = { 1, one_too_far(argc, argv) ? NULL : &b };

	printf("%d\n", second_value(&a));
	return 0;
}
/* REPORT: Read of size 4 through a NULL pointer */
