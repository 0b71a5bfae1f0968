/*
 * Back-edge polls: with recovery every loop of driver code polls the
 * runtime every 1024 back edges (__mend_poll(&__mend_unit)), so a hang,
 * even with interrupts disabled, ends in recovery; a loop whose exit test
 * bounds it below 1024 iterations gets no poll. The per-function count is
 * a verbose note.
 * ARGS: -fplugin-arg-mend-recovery -fplugin-arg-mend-checks=none
 * DUMP-FILE: mend-polls
 */
extern volatile unsigned int status_reg;
int table[16];

/* CHECK-DAG: mend: function 'spin_forever': 1 loop polls */
void spin_forever(void)
{
	__asm__ volatile("cli");
	for (;;)
		;
	/* DUMP-DAG: poll loop at polls.c:[[@LINE-2]]: kept */
}

/* CHECK-DAG: mend: function 'wait_ready': 1 loop polls */
void wait_ready(void)
{
	while (!(status_reg & 1))
		/* DUMP-DAG: poll loop at polls.c:[[@LINE-1]]: kept */
		;
}

/* CHECK-DAG: mend: function 'clear_table': 0 loop polls */
void clear_table(void)
{
	for (int i = 0; i < 16; i++)
		/* DUMP-DAG: poll loop at polls.c:[[@LINE-1]]: dropped (at most 16 iterations) */
		table[i] = 0;
}

/* CHECK-DAG: mend: function 'clear_big': 1 loop polls */
void clear_big(int *p)
{
	for (int i = 0; i < 5000; i++)
		/* DUMP-DAG: poll loop at polls.c:[[@LINE-1]]: kept (at most 5000 iterations) */
		p[i] = 0;
}

/* CHECK-DAG: mend: function 'clear_n': 1 loop polls */
void clear_n(int *p, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		/* DUMP-DAG: poll loop at polls.c:[[@LINE-1]]: kept */
		p[i] = 0;
}

/* The outer loop runs 4 times: only the inner one polls. */
/* CHECK-DAG: mend: function 'add_rows': 1 loop polls */
void add_rows(int *p, int n)
{
	for (int j = 0; j < 4; j++)
		/* DUMP-DAG: poll loop at polls.c:[[@LINE-1]]: dropped (at most 4 iterations) */
		for (int i = 0; i < n; i++)
			/* DUMP-DAG: poll loop at polls.c:[[@LINE-1]]: kept */
			p[i] += j;
}

/* Each kept poll: the unit's counter and the call. */
/* DUMP-DAG: __mend_backedges = */
/* DUMP-DAG: __mend_poll (&__mend_unit); */

/* No loop, no note. */
/* CHECK-NOT: mend: function 'no_loop': 0 loop polls */
int no_loop(int x)
{
	return x + 1;
}
