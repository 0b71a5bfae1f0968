/*
 * Misused annotations are errors at the annotated declaration.
 * EXPECT-FAIL
 */
#include <mend.h>

struct not_pointer {
	/* CHECK-DAG: errors-annotations.c:[[@LINE+1]]:13: error: mend: 'count(4)' annotates pointers, but field 'n' has type 'int' */
	int n __elems(4);
};

struct unknown_field {
	/* CHECK-DAG: errors-annotations.c:[[@LINE+1]]:15: error: mend: 'count(lenn)' of 'buf': 'lenn' is not a field of the same struct nor a constant */
	char *buf __elems(lenn);
	int len;
};

struct not_integer {
	/* CHECK-DAG: errors-annotations.c:[[@LINE+1]]:15: error: mend: 'count(other)' of 'buf': 'other' has type 'char *'; a count must be an integer */
	char *buf __elems(other);
	char *other;
};

/* CHECK-DAG: errors-annotations.c:[[@LINE+1]]:28: error: mend: 'count(m)' of 'p': 'm' is not a parameter of the function nor a constant */
int unknown_parameter(int *p __elems(m), int n)
{
	return p[n - 1];
}

/* CHECK-DAG: errors-annotations.c:[[@LINE+2]]:5: error: mend: 'count(n)' annotates the return value of 'not_a_pointer', which is not a pointer but 'int' */
int not_a_pointer(int n) __elems(n);
int not_a_pointer(int n)
{
	return n;
}

/* CHECK-DAG: errors-annotations.c:[[@LINE+1]]:20: error: mend: 'both' cannot be both 'nullable' and 'nonnull' */
static struct dev *both __nullable __notnull;

/* CHECK-DAG: errors-annotations.c:[[@LINE+1]]:25: error: mend: cannot read 'count(n +)' of 'q': the expression ends early */
int bad_expression(int *q __mend_count(n +), int n)
{
	return q[n];
}

/* CHECK-DAG: error: mend: 'count' must follow the name it annotates, as in 'char *buf __elems(len)', not a type */
typedef int *__elems(4) int_ptr_with_count;
