/*
 * mend-plugin.cc - entry point of the mend GCC plugin (mend.so).
 *
 * plugin_init refuses to run in any GCC other than the one whose plugin
 * headers built mend.so: structure layouts and inline functions in those
 * headers are compiled into the plugin, so a different GCC would be driven
 * with wrong offsets. Then it reads the options, describes itself for
 * "gcc -v" and "--help" and registers the passes.
 *
 * Usage:
 *   gcc -fplugin=/path/to/mend.so [-fplugin-arg-mend-<key>[=value] ...]
 *
 * Options: see options.cc; "-fplugin-arg-mend-disable" registers no pass,
 * "-fplugin-arg-mend-recovery" adds the guards, redirect and polls passes,
 * "-fplugin-arg-mend-inject" the inject pass.
 */
#include "gcc-compat.h"
#include "mend-plugin.h"

int plugin_is_GPL_compatible;

#ifndef MEND_VERSION
#error "MEND_VERSION must be defined on the command line (plugin/CMakeLists.txt does)"
#endif

static struct plugin_info mend_plugin_info = {
	.version = MEND_VERSION,
	.help = NULL,
};

/*
 * Version and date of a GCC as a user would recognise them, e.g.
 * "12.2.0 (20220819)". The string lives until cc1 exits.
 */
static const char *describe_gcc(const struct plugin_gcc_version *version)
{
	return concat(version->basever,
		      *version->devphase ? " " : "", version->devphase,
		      " (", version->datestamp,
		      *version->revision ? ", " : "", version->revision,
		      ")", NULL);
}

/*
 * GCC's plugin_default_version_check only answers yes or no; a user who
 * loaded mend.so into the wrong compiler needs to know which two compilers
 * are involved and what to do about it.
 *
 * This runs first and may call only error(), concat() and libc: mend.so's
 * imports are weak (see plugin/CMakeLists.txt), so in a foreign GCC any
 * other cc1 function may be missing and null.
 */
static bool check_gcc_version(const struct plugin_name_args *plugin_info,
			      const struct plugin_gcc_version *running)
{
	const struct plugin_gcc_version *built = &gcc_version;
	bool same_release = !strcmp(running->basever, built->basever) &&
			    !strcmp(running->datestamp, built->datestamp) &&
			    !strcmp(running->devphase, built->devphase) &&
			    !strcmp(running->revision, built->revision);

	if (!same_release) {
		error("mend: %s was built for GCC %s and cannot run in GCC %s; "
		      "rebuild mend with this compiler or compile with %<gcc-%d%>",
		      plugin_info->full_name, describe_gcc(built),
		      describe_gcc(running), GCCPLUGIN_VERSION_MAJOR);
		return false;
	}
	if (strcmp(running->configuration_arguments,
		   built->configuration_arguments)) {
		error("mend: %s was built for a GCC %s configured differently "
		      "from this one (compare %<gcc -v%>); rebuild mend with this "
		      "compiler",
		      plugin_info->full_name, describe_gcc(built));
		return false;
	}
	return true;
}

/* A GIMPLE pass that runs EXECUTE on each function. */
class mend_pass : public gimple_opt_pass {
public:
	mend_pass(const pass_data &data, unsigned int (*execute_fn)(function *))
		: gimple_opt_pass(data, g), execute_fn(execute_fn)
	{
	}

	unsigned int execute(function *fun) final override
	{
		return execute_fn(fun);
	}

private:
	unsigned int (*execute_fn)(function *);
};

/* The description of a pass named NAME of TYPE (it lives as long as GCC). */
static pass_data *new_pass_data(enum opt_pass_type type, const char *name)
{
	pass_data *data = XCNEW(pass_data);

	data->type = type;
	data->name = name;
	data->optinfo_flags = OPTGROUP_NONE;
	data->tv_id = TV_NONE;
	return data;
}

static void register_pass(const char *plugin_name, opt_pass *pass,
			  const char *reference, enum pass_positioning_ops pos)
{
	struct register_pass_info pass_info;

	pass_info.pass = pass;
	pass_info.reference_pass_name = reference;
	pass_info.ref_pass_instance_number = 1;
	pass_info.pos_op = pos;
	register_callback(plugin_name, PLUGIN_PASS_MANAGER_SETUP, NULL,
			  &pass_info);
}

/*
 * Run EXECUTE right after "ssa", before the early inliner, where driver
 * code still calls the kernel API by its source names. A pass registered
 * later runs earlier: each is inserted directly after "ssa".
 */
void mend_register_early_pass(const char *plugin_name, const char *pass_name,
			      unsigned int (*execute)(function *))
{
	pass_data *data = new_pass_data(GIMPLE_PASS, pass_name);

	data->properties_required = PROP_cfg | PROP_ssa;
	register_pass(plugin_name, new mend_pass(*data, execute), "ssa",
		      PASS_POS_INSERT_AFTER);
}

/* A simple IPA pass that runs EXECUTE once for the unit. */
class mend_unit_pass : public simple_ipa_opt_pass {
public:
	mend_unit_pass(const pass_data &data, unsigned int (*execute_fn)(void))
		: simple_ipa_opt_pass(data, g), execute_fn(execute_fn)
	{
	}

	unsigned int execute(function *) final override
	{
		return execute_fn();
	}

private:
	unsigned int (*execute_fn)(void);
};

/* Run EXECUTE once for the whole unit, at POS of the pass REFERENCE. */
void mend_register_unit_pass(const char *plugin_name, const char *pass_name,
			     unsigned int (*execute)(void),
			     const char *reference, enum pass_positioning_ops pos)
{
	pass_data *data = new_pass_data(SIMPLE_IPA_PASS, pass_name);

	register_pass(plugin_name, new mend_unit_pass(*data, execute),
		      reference, pos);
}

int plugin_init(struct plugin_name_args *plugin_info,
		struct plugin_gcc_version *version)
{
	const char *name = plugin_info->base_name;

	if (!check_gcc_version(plugin_info, version))
		return 1;
	if (!mend_parse_options(plugin_info))
		return 1;

	mend_plugin_info.help = mend_options_help();
	register_callback(name, PLUGIN_INFO, NULL, &mend_plugin_info);

	if (mend_options.disable)
		return 0;

	if (!mend_load_side_files(mend_options.annotations))
		return 1;
	if (!mend_load_api_descriptions(mend_options.api))
		return 1;
	mend_register_annotations(name);
	mend_register_sites(name);
	/*
	 * Early passes run in the reverse order of registration: census, then
	 * checks (whose range checks need the original API callees), then
	 * redirect, then inject (whose code the checks must not check), then
	 * polls (which also polls inject's hang loop).
	 */
	if (mend_options.recovery) {
		mend_register_guards(name);
		mend_register_polls(name);
		if (mend_options.inject)
			mend_register_inject(name);
		mend_register_redirect(name);
	}
	mend_register_checks(name);
	/*
	 * Before the checks, so that they check a faulty value as they would
	 * a real bug's; before redirect, so that API calls have their names.
	 */
	if (mend_options.sfi)
		mend_register_sfi(name);
	mend_register_api_census(name);

	/*
	 * GCC 12 parses -fdump-tree-<pass> before plugins register passes and
	 * rejects mend's; the dump key switches them on once they exist.
	 */
	if (mend_options.dump) {
		g->get_dumps()->dump_switch_p("tree-mend-checks");
		g->get_dumps()->dump_switch_p("tree-mend-census");
		if (mend_options.recovery) {
			g->get_dumps()->dump_switch_p("ipa-mend-guards");
			g->get_dumps()->dump_switch_p("tree-mend-redirect");
			g->get_dumps()->dump_switch_p("tree-mend-polls");
		}
		if (mend_options.inject)
			g->get_dumps()->dump_switch_p("tree-mend-inject");
		if (mend_options.sfi)
			g->get_dumps()->dump_switch_p("tree-mend-sfi");
	}
	return 0;
}
