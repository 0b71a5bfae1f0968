/*
 * polls.cc - the mend-polls pass: a cheap poll on every loop back edge of
 * driver code, so that the runtime can end a guarded entry that hangs.
 *
 * With -fplugin-arg-mend-recovery, in every function of the driver
 * (mend_driver_code_p), the latch of each loop the loop optimizer finds
 * (natural loops, including "for (;;) ;" and loops without any exit) gets
 *
 *      if (__builtin_expect((++__mend_backedges & 1023) == 0, 0))
 *              __mend_poll(&__mend_unit);
 *
 * __mend_backedges is one "static unsigned int" per compile unit, shared
 * by all its loops, not in the unit's globals table (the runtime neither
 * saves nor restores it: its value does not matter, only that it moves).
 * So __mend_poll runs once every 1024 back edges the unit takes (POLL_EVERY;
 * at a few cycles per iteration that is every few microseconds of a busy
 * loop, and one increment per iteration otherwise). The call sits in a cold
 * block; __mend_poll is declared cold, so the branch stays unlikely after
 * GCC's own profile estimate. The runtime (runtime/mend_guard.h) checks
 * whether the current guarded entry has run longer than its budget and, if
 * so, fails it as a hang; that works with interrupts disabled, where no
 * timer could interrupt the loop.
 *
 * A loop that GCC proves to run its back edge fewer than POLL_EVERY times
 * (an exit taken on every iteration whose iteration count has a constant
 * bound: "for (i = 0; i < 16; i++)", an unsigned char counter) gets no
 * poll: it cannot hang by itself, and a poll in an inner loop or the
 * enclosing one still catches a hang around it. The bound must not rest on
 * undefined behaviour (array sizes, signed overflow), only on the exit tests.
 *
 * The pass runs after the other early mend passes (census, checks,
 * redirect, inject), so the checks do not check the counter and the
 * injected hang of inject.cc ("for (;;)") gets its poll here (with inject,
 * every function's count includes that loop).
 *
 * Options: recovery (without it the pass is not registered), verbose (a
 * note per function with loops: "mend: function 'F': N loop polls"), dump
 * ("<output>.<n>t.mend-polls", one line per loop: "poll loop at drv.c:12:
 * kept" or "poll loop at drv.c:14: dropped (at most 16 iterations)").
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

/* Back edges per call of __mend_poll; a power of two. */
#define POLL_EVERY	1024

static GTY(()) tree counter_var;	/* __mend_backedges */
static GTY(()) tree poll_decl;		/* __mend_poll */

static const struct ggc_root_tab poll_roots[] = {
	{ &counter_var, 1, sizeof(counter_var), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	{ &poll_decl, 1, sizeof(poll_decl), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* static unsigned int __mend_backedges; (zero, .bss) */
static tree counter(void)
{
	if (counter_var)
		return counter_var;
	counter_var = build_decl(UNKNOWN_LOCATION, VAR_DECL,
				 get_identifier("__mend_backedges"),
				 unsigned_type_node);
	SET_DECL_ASSEMBLER_NAME(counter_var, get_identifier("__mend_backedges"));
	TREE_STATIC(counter_var) = 1;
	TREE_PUBLIC(counter_var) = 0;
	TREE_USED(counter_var) = 1;
	DECL_ARTIFICIAL(counter_var) = 1;
	DECL_IGNORED_P(counter_var) = 1;
	varpool_node::finalize_decl(counter_var);
	return counter_var;
}

/* void __mend_poll(struct mend_unit *unit): cold, returns, may fail. */
static tree poll_function(void)
{
	tree type;

	if (poll_decl)
		return poll_decl;
	type = build_function_type_list(void_type_node, ptr_type_node,
					NULL_TREE);
	poll_decl = mend_extern_function("__mend_poll", type);
	return poll_decl;
}

/* Where LOOP is in the source: its first located statement. */
static location_t loop_location(function *fun, class loop *loop)
{
	basic_block *bbs = get_loop_body_in_dom_order(loop);
	location_t loc = UNKNOWN_LOCATION;

	for (unsigned int i = 0; i < loop->num_nodes && loc == UNKNOWN_LOCATION;
	     i++) {
		edge e;
		edge_iterator ei;

		for (gimple_stmt_iterator gsi = gsi_start_bb(bbs[i]);
		     !gsi_end_p(gsi) && loc == UNKNOWN_LOCATION; gsi_next(&gsi))
			loc = gimple_location(gsi_stmt(gsi));
		FOR_EACH_EDGE(e, ei, bbs[i]->succs)
			if (loc == UNKNOWN_LOCATION)
				loc = e->goto_locus;
	}
	free(bbs);
	return loc != UNKNOWN_LOCATION ? loc : DECL_SOURCE_LOCATION(fun->decl);
}

/*
 * The fewest times LOOP's back edge can run, from an exit tested on every
 * iteration, into *BOUND; false if no exit has a constant bound.
 */
static bool back_edge_bound(class loop *loop, widest_int *bound)
{
	auto_vec<edge> exits = get_loop_exit_edges(loop);
	bool found = false;
	edge e;
	unsigned int i;

	FOR_EACH_VEC_ELT(exits, i, e) {
		class tree_niter_desc niter;
		widest_int n;

		if (!number_of_iterations_exit(loop, e, &niter, false, true))
			continue;
		if (TREE_CODE(niter.niter) == INTEGER_CST)
			n = wi::to_widest(niter.niter);
		else
			n = niter.max;
		if (wi::neg_p(n))
			continue;
		if (!found || wi::ltu_p(n, *bound))
			*bound = n;
		found = true;
	}
	return found;
}

/*
 * At the end of LOOP's latch (a simple latch: its only successor is the
 * header):
 *	t1 = __mend_backedges; t2 = t1 + 1; __mend_backedges = t2;
 *	t3 = t2 & (POLL_EVERY - 1); if (t3 == 0) poll: __mend_poll(&__mend_unit);
 */
static void insert_poll(class loop *loop, location_t loc)
{
	basic_block latch = loop->latch;
	gimple_stmt_iterator gsi = gsi_last_bb(latch);
	gimple_seq seq = NULL;
	tree t1 = make_ssa_name(unsigned_type_node);
	tree t2 = make_ssa_name(unsigned_type_node);
	tree t3 = make_ssa_name(unsigned_type_node);
	basic_block poll_bb;
	edge cont, poll, back;
	gcall *call;
	gcond *cond;

	gimple_seq_add_stmt(&seq, gimple_build_assign(t1, counter()));
	gimple_seq_add_stmt(&seq, gimple_build_assign(t2, PLUS_EXPR, t1,
				build_int_cst(unsigned_type_node, 1)));
	gimple_seq_add_stmt(&seq, gimple_build_assign(counter(), t2));
	gimple_seq_add_stmt(&seq, gimple_build_assign(t3, BIT_AND_EXPR, t2,
				build_int_cst(unsigned_type_node,
					      POLL_EVERY - 1)));
	cond = gimple_build_cond(EQ_EXPR, t3,
				 build_int_cst(unsigned_type_node, 0),
				 NULL_TREE, NULL_TREE);
	gimple_seq_add_stmt(&seq, cond);
	for (gimple_stmt_iterator i = gsi_start(seq); !gsi_end_p(i);
	     gsi_next(&i))
		gimple_set_location(gsi_stmt(i), loc);
	gsi_insert_seq_after(&gsi, seq, GSI_NEW_STMT);

	/* The rest of the latch, now empty, becomes the loop's latch. */
	cont = split_block(latch, cond);
	loop->latch = cont->dest;
	cont->flags = EDGE_FALSE_VALUE;
	cont->probability = profile_probability::very_likely();
	poll_bb = create_empty_bb(latch);
	poll_bb->count = profile_count::zero();
	add_bb_to_loop(poll_bb, loop);
	poll = make_edge(latch, poll_bb, EDGE_TRUE_VALUE);
	poll->probability = profile_probability::very_unlikely();
	back = make_edge(poll_bb, cont->dest, EDGE_FALLTHRU);
	back->probability = profile_probability::always();
	if (dom_info_available_p(CDI_DOMINATORS))
		set_immediate_dominator(CDI_DOMINATORS, poll_bb, latch);

	call = gimple_build_call(poll_function(), 1, mend_unit_address());
	gimple_set_location(call, loc);
	gsi = gsi_start_bb(poll_bb);
	gsi_insert_after(&gsi, call, GSI_NEW_STMT);
}

static unsigned int polls_function(function *fun)
{
	unsigned int kept = 0, dropped = 0;
	auto_vec<class loop *> loops;
	class loop *loop;
	unsigned int i;
	char *line;

	if (!mend_driver_code_p(fun->decl))
		return 0;
	loop_optimizer_init(LOOPS_NORMAL | LOOPS_HAVE_RECORDED_EXITS);
	if (number_of_loops(fun) <= 1) {
		loop_optimizer_finalize();
		return 0;
	}
	scev_initialize();
	for (auto l : loops_list(fun, 0))
		loops.safe_push(l);

	FOR_EACH_VEC_ELT(loops, i, loop) {
		location_t loc = loop_location(fun, loop);
		expanded_location x = expand_location(loc);
		widest_int bound;
		bool bounded = back_edge_bound(loop, &bound);
		bool drop = bounded && wi::ltu_p(bound, POLL_EVERY);
		/* Past 2^32 a bound says no more than "none". */
		char *why = bounded && wi::ltu_p(bound, HOST_WIDE_INT_1U << 32) ?
			xasprintf(" (at most " HOST_WIDE_INT_PRINT_UNSIGNED
				  " iterations)", bound.to_uhwi()) :
			xstrdup("");

		if (dump_file)
			fprintf(dump_file, "poll loop at %s:%d: %s%s\n",
				x.file ? lbasename(x.file) : "?", x.line,
				drop ? "dropped" : "kept", why);
		free(why);
		if (drop) {
			dropped++;
			continue;
		}
		insert_poll(loop, loc);
		kept++;
	}
	scev_finalize();
	loop_optimizer_finalize();
	free_dominance_info(CDI_DOMINATORS);

	line = xasprintf("mend: function '%s': %u loop polls",
			 lang_hooks.decl_printable_name(fun->decl, 2), kept);
	if (mend_options.verbose)
		inform(DECL_SOURCE_LOCATION(fun->decl), "%s", line);
	if (dump_file)
		fprintf(dump_file, "%s (%u bounded loops without)\n", line,
			dropped);
	free(line);
	if (!kept)
		return 0;
	mark_virtual_operands_for_renaming(fun);
	return TODO_update_ssa | TODO_cleanup_cfg;
}

void mend_register_polls(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)poll_roots);
	mend_register_early_pass(plugin_name, "mend-polls", polls_function);
}
