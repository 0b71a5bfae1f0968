/*
 * A malformed kernel API description is an error at FILE:LINE that says
 * what is allowed, for each bad line (errors-api.mend), and nothing is
 * compiled.
 * ARGS: -fplugin-arg-mend-recovery -fplugin-arg-mend-api=%S/errors-api.mend
 * EXPECT-FAIL
 *
 * CHECK: errors-api.mend:4: unknown statement 'apx'; allowed: api, entry, value
 * CHECK: errors-api.mend:5: unknown effect 'grab'; allowed: acquire, undo, release, lock, unlock, linked, when, wait, enqueue, dequeue, state
 * CHECK: errors-api.mend:6: release(return): write release(#N), N the 1-based argument
 * CHECK: errors-api.mend:7: expected 'api NAME EFFECT...'
 * CHECK: errors-api.mend:8: expected 'entry WHERE safe(VALUE)'
 * CHECK: errors-api.mend:9: unknown entry 'nowhere'; WHERE is STRUCT.FIELD, FUNC.#N, module_init or default
 * CHECK: errors-api.mend:11: 'fourteen' is not an integer
 * CHECK: errors-api.mend:12: wait(forever): write wait(STATE), STATE uninterruptible, interruptible, killable, idle, current (the task's state) or #N (an argument)
 * CHECK: errors-api.mend:10: safe(-ENOENT): 'ENOENT' is neither an integer nor a name given by a 'value' line
 */
int unused;
