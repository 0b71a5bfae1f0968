/*
 * Where bounds come from besides struct fields: parameters, return values,
 * bound(lo, hi), allocations with GCC's alloc_size, local arrays followed
 * through locals, a moving pointer in a loop, flexible arrays with
 * __counted_by, and copies whose length must fit.
 * ARGS: -fplugin-arg-mend-null=annotated
 */
#include <stdlib.h>
#include <string.h>
#include <mend.h>

int sum(const int *v __elems(n), int n, int i)
{
	/* DUMP: keep bounds check at origins.c:[[@LINE+1]]:10: read of size 4 in 'v' count(n) */
	return v[i];
}

char *pick(char *pool, int len) __elems(len);
char *pick(char *pool, int len)
{
	return pool + len;
}

char last(char *pool)
{
	char *p = pick(pool, 4);

	/* DUMP: proven bounds check at origins.c:[[@LINE+1]]:10: read of size 1 in 'pick' count(len) */
	return p[3];
}

struct window {
	char *cur __bnd(start, end);
	char *start;
	char *end;
};

char peek(struct window *w, int i)
{
	/* DUMP: keep bounds check at origins.c:[[@LINE+1]]:15: read of size 1 in 'cur' bound(start, end) */
	return w->cur[i];
}

int heap(int n, int i)
{
	int *a = malloc(n * sizeof(int));
	int *b = a + 1;

	/* DUMP: keep bounds check at origins.c:[[@LINE+1]]:3: write of size 4 in the object from malloc */
	b[i] = 0;
	return a[0];
}

int stack(int i)
{
	char buf[16];
	char *p = buf;

	memset(buf, 0, sizeof(buf));
	/* DUMP: keep bounds check at origins.c:[[@LINE+1]]:10: read of size 1 in 'buf' (char[16]) */
	return p[i];
}

long walk(const long *v __elems(n), int n)
{
	long total = 0;

	/* DUMP: keep bounds check at origins.c:[[@LINE+2]]:26: read of size 8 in 'v' count(n) */
	/* DUMP: drop bounds check at origins.c:[[@LINE+2]]:12: read of size 8 in 'v' count(n) (dominated by the check at origins.c:[[@LINE+1]]:26) */
	for (const long *p = v; *p; p++)
		total += *p;
	return total;
}

struct packet {
	unsigned int len;
	unsigned char data[] __counted_by(len);
};

unsigned char byte(struct packet *pk, unsigned int i)
{
	/* DUMP: keep index check at origins.c:[[@LINE+1]]:17: read of size 1 in 'data' count(len) */
	return pk->data[i];
}

struct msg {
	char name[8];
	char *body __elems(size);
	unsigned int size;
};

void copy_in(struct msg *m, const char *src, size_t n)
{
	/* DUMP: keep range check at origins.c:[[@LINE+1]]:2: write of a call into 'name' (char[8]) */
	memcpy(m->name, src, n);
	/* DUMP: keep range check at origins.c:[[@LINE+1]]:2: write of a call into 'body' count(size) */
	strncpy(m->body, src, n);
}

int callee_count(int *dst __elems(n), int n)
{
	return dst[0] + n;
}

void call_with(struct msg *m)
{
	int small[4];

	/* DUMP: keep range check at origins.c:[[@LINE+1]]:2: write of a call into 'small' (int[4]) */
	callee_count(small, m->size);
}
