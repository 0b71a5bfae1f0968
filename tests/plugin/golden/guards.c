/*
 * Entry guards: every function whose address the kernel can get is
 * reached through a thunk; the entry's role says where the address went
 * and picks the safe value from recovery.mend (default -EIO otherwise);
 * module_init/module_exit (here the aliases their macros make) are
 * guarded too; what the trampoline cannot call stays unguarded. The unit
 * record names the writable globals, not the read-only or sectioned ones.
 * ARGS: -fplugin-arg-mend-recovery -fplugin-arg-mend-api=%S/recovery.mend -fplugin-arg-mend-checks=none
 * DUMP-FILE: mend-guards
 */
struct file;
struct file_operations {
	long (*read)(struct file *f, char *buf, unsigned long len);
	int (*open)(struct file *f);
	void *(*map)(struct file *f);
	void (*release)(struct file *f);
};
struct big { long a, b, c; };

int request_irq(unsigned int irq, int (*handler)(int, void *),
		unsigned long flags, const char *name, void *dev);

static int opens;
static const int limits[4] = { 1, 2, 3, 4 };
static int tagged __attribute__((section(".data.mine")));

/* CHECK-DAG: mend: function 'demo_read': guarded entry (file_operations.read, safe -14) */
static long demo_read(struct file *f, char *buf, unsigned long len)
{
	return len + limits[len & 3] + tagged;
}

/* CHECK-DAG: mend: function 'demo_open': guarded entry (file_operations.open, safe -5) */
static int demo_open(struct file *f)
{
	static int calls;

	calls++;
	return opens++;
}

/* CHECK-DAG: mend: function 'demo_map': guarded entry (file_operations.map, safe 0) */
static void *demo_map(struct file *f)
{
	return f;
}

/* CHECK-DAG: mend: function 'demo_release': guarded entry (file_operations.release, void) */
static void demo_release(struct file *f)
{
}

static const struct file_operations demo_fops = {
	.read = demo_read,
	.open = demo_open,
	.map = demo_map,
	.release = demo_release,
};

const struct file_operations *demo_ops(void)
{
	return &demo_fops;
}

/* CHECK-DAG: mend: function 'demo_irq': guarded entry (request_irq.#2, safe 1) */
static int demo_irq(int irq, void *dev)
{
	return 1;
}

/* CHECK-DAG: mend: function 'demo_log': not guarded (variadic) */
static int demo_log(const char *fmt, ...)
{
	return 0;
}

/* CHECK-DAG: mend: function 'demo_sum': not guarded (an argument is neither an integer nor a pointer) */
static long demo_sum(struct big b)
{
	return b.a + b.b + b.c;
}

/* CHECK-DAG: mend: function 'demo_seven': not guarded (more than six arguments) */
static int demo_seven(int a, int b, int c, int d, int e, int f, int g)
{
	return a + b + c + d + e + f + g;
}

int (*demo_logger)(const char *, ...) = demo_log;
long (*demo_summer)(struct big) = demo_sum;

/* CHECK-DAG: mend: function 'demo_hook': guarded entry (address taken, safe -5) */
static int demo_hook(void)
{
	return 0;
}

int (*demo_pick(int seven))(void)
{
	if (seven)
		return (int (*)(void))demo_seven;
	return demo_hook;
}

/* CHECK-DAG: mend: function 'demo_init': guarded entry (module_init, safe -19) */
static int demo_init(void)
{
	return request_irq(1, demo_irq, 0, "demo", 0);
}

/* CHECK-DAG: mend: function 'demo_exit': guarded entry (module_exit, void) */
static void demo_exit(void)
{
}

int init_module(void) __attribute__((alias("demo_init")));
void cleanup_module(void) __attribute__((alias("demo_exit")));

/*
 * Dump order: globals (varpool order), the unit, then one line per entry.
 * DUMP-DAG: global opens size 4
 * DUMP-DAG: global calls.0 size 4
 * DUMP-DAG: global demo_logger size 8
 * DUMP-DAG: global demo_summer size 8
 * DUMP-NOT: global limits
 * DUMP-NOT: global tagged
 * DUMP-NOT: global demo_fops
 * DUMP: unit guards.c: 4 globals
 * DUMP-DAG: function 'demo_read': guarded entry (file_operations.read, safe -14)
 * DUMP-DAG: function 'demo_init': guarded entry (module_init, safe -19)
 * DUMP-DAG: function 'demo_exit': guarded entry (module_exit, void)
 * DUMP-DAG: function 'demo_log': not guarded (variadic)
 */
