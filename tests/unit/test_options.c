/* The flag parser: every form a kubectl user types. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cmd/options.h"
#include "gen/netspec.h"
#include "lib/strbuf.h"

#define ARGV(...) (char *[]){ __VA_ARGS__ }, (int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *))

struct o {
	const char *name, *out, *file;
	int force, lb;
	long v;
	struct strlist tcp;
};

static const char *const outs[] = { "yaml", "json", NULL };

static const struct opt table[] = {
	{ "container-name", 'c', OPT_STRING, offsetof(struct o, name), "NAME", "", 0, 0, NULL, NULL },
	{ "output", 'o', OPT_STRING, offsetof(struct o, out), "F", "", 0, COMPL_CHOICES, outs, NULL },
	{ "force", 'f', OPT_BOOL, offsetof(struct o, force), NULL, "", 0, 0, NULL, NULL },
	{ "load-balancer", 'b', OPT_BOOL, offsetof(struct o, lb), NULL, "", 0, 0, NULL, NULL },
	{ "v", 'v', OPT_INT, offsetof(struct o, v), "N", "", 0, 0, NULL, NULL },
	{ "tcp", 't', OPT_LIST, offsetof(struct o, tcp), "P", "", OPTF_GREEDY, 0, NULL, port_looks_like },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

/* Short names that moved: -f is now the file, --force kept -f for one release. */
static const struct opt moved[] = {
	{ "file", 'f', OPT_STRING, offsetof(struct o, file), "FILE", "", 0, 0, NULL, NULL,
	  .old_sname = 'o', .old_why = "use -f" },
	{ "force", 0, OPT_BOOL, offsetof(struct o, force), NULL, "", 0, 0, NULL, NULL,
	  .old_sname = 'f', .old_why = "use --force" },
	{ "tcp", 't', OPT_LIST, offsetof(struct o, tcp), "P", "", OPTF_GREEDY, 0, NULL, port_looks_like },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

/* The events opt_scan gives, as "F:name=value", "P:word", "U:name", "N:name", "--", "H". */
static int record(void *ctx, const struct opt_word *w)
{
	struct strbuf *sb = ctx;

	switch (w->ev) {
	case OPT_EV_FLAG:
		sb_addf(sb, "F:%s=%s%s%s ", w->o->lname, w->value, w->deprecated ? "(old)" : "", w->absorbed ? "(+)" : "");
		break;
	case OPT_EV_POSITIONAL:
		sb_addf(sb, "P:%s ", w->value);
		break;
	case OPT_EV_UNKNOWN:
		if (w->shorthand)
			sb_addf(sb, "U:%c ", w->shorthand);
		else
			sb_addf(sb, "U:%.*s ", (int)w->namelen, w->name);
		break;
	case OPT_EV_NOVALUE:
		sb_addf(sb, "N:%s ", w->o->lname);
		break;
	case OPT_EV_DASHDASH:
		sb_adds(sb, "-- ");
		break;
	case OPT_EV_HELP:
		sb_adds(sb, "H ");
		break;
	}
	return 0;
}

static void scans(const char *want, char **av, int ac)
{
	struct optgroup g = { "Options", moved, NULL };
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(opt_scan(&g, 1, ac, av, 0, record, &sb), ac);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

static void test_scan(void **state)
{
	(void)state;
	scans("F:file=a.tgz ", ARGV("-f", "a.tgz"));
	scans("F:file=a.tgz(old) ", ARGV("-o", "a.tgz"));
	/* a lone -f before a flag, or last: the boolean that had it */
	scans("F:force=true(old) F:file=x ", ARGV("-f", "--file=x"));
	scans("P:w F:force=true(old) ", ARGV("w", "-f"));
	scans("F:file=- ", ARGV("-f", "-"));
	scans("F:tcp=80 F:tcp=81(+) P:mode ", ARGV("--tcp", "80", "81", "mode"));
	scans("F:tcp=80 P:81 ", ARGV("--tcp=80", "81"));
	scans("U:nope N:file ", ARGV("--nope", "--file"));
	scans("U:z ", ARGV("-z"));
	scans("H -- P:-f ", ARGV("-h", "--", "-f"));
}

static int parse(struct o *o, struct strlist *pos, struct err *e, int argc, char **argv)
{
	struct optgroup g = { "Options", table, o };
	memset(o, 0, sizeof(*o));
	memset(pos, 0, sizeof(*pos));
	memset(e, 0, sizeof(*e));
	return opt_parse(&g, 1, argc, argv, pos, NULL, e);
}

static void done(struct o *o, struct strlist *pos)
{
	struct optgroup g = { "Options", table, o };
	opt_free(&g, 1);
	strlist_free(pos);
}

/* The words are copied into the caller's avbuf: a compound literal would die with the block. */
#define SET(...) do { char *a_[] = { __VA_ARGS__ }; ac = (int)(sizeof(a_) / sizeof(*a_)); memcpy(avbuf, a_, sizeof(a_)); av = avbuf; } while (0)

static void test_forms(void **state)
{
	struct o o;
	struct strlist pos;
	struct err e;
	char *avbuf[16], **av;
	int ac;
	(void)state;

	SET("macroimage", "--container-name=web", "-o", "json", "-fb", "--v=6", "extra");
	assert_int_equal(parse(&o, &pos, &e, ac, av), OPT_PARSED);
	assert_string_equal(o.name, "web");
	assert_string_equal(o.out, "json");
	assert_true(o.force && o.lb);
	assert_int_equal(o.v, 6);
	assert_int_equal(pos.n, 2);
	assert_string_equal(pos.v[1], "extra");
	done(&o, &pos);

	SET("-cweb", "-o=yaml", "--force=false", "-v", "8");
	assert_int_equal(parse(&o, &pos, &e, ac, av), OPT_PARSED);
	assert_string_equal(o.name, "web");
	assert_string_equal(o.out, "yaml");
	assert_false(o.force);
	assert_int_equal(o.v, 8);
	done(&o, &pos);

	SET("-c=web", "--", "-o", "--force");
	assert_int_equal(parse(&o, &pos, &e, ac, av), OPT_PARSED);
	assert_string_equal(o.name, "web");
	assert_null(o.out);
	assert_int_equal(pos.n, 2);
	assert_string_equal(pos.v[0], "-o");
	done(&o, &pos);
}

static void test_lists(void **state)
{
	struct o o;
	struct strlist pos;
	struct err e;
	char *avbuf[16], **av;
	int ac;
	(void)state;

	/* The original cli.py's form, repeated flags, and commas together. */
	SET("--tcp", "9022:22", "80:80", "macroimage", "-t", "1,2", "--tcp=3");
	assert_int_equal(parse(&o, &pos, &e, ac, av), OPT_PARSED);
	assert_int_equal(o.tcp.n, 5);
	assert_string_equal(o.tcp.v[0], "9022:22");
	assert_string_equal(o.tcp.v[1], "80:80");
	assert_string_equal(o.tcp.v[2], "1");
	assert_string_equal(o.tcp.v[4], "3");
	assert_int_equal(pos.n, 1);
	assert_string_equal(pos.v[0], "macroimage");
	done(&o, &pos);
}

static void bad(const char *want, char **av, int ac)
{
	struct o o;
	struct strlist pos;
	struct err e;
	assert_int_equal(parse(&o, &pos, &e, ac, av), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_non_null(strstr(e.msg, want));
	done(&o, &pos);
}

static void test_errors(void **state)
{
	(void)state;
	bad("unknown flag: --nope", ARGV("--nope"));
	bad("unknown flag: --forc", ARGV("--forc"));
	bad("unknown shorthand flag: 'x'", ARGV("-x"));
	bad("flag needs an argument: --container-name", ARGV("--container-name"));
	bad("flag needs an argument: 'c'", ARGV("-c"));
	bad("\"maybe\" for --force", ARGV("--force=maybe"));
	bad("must be one of yaml, json", ARGV("-o", "xml"));
	bad("\"x\" for --v", ARGV("-v", "x"));
	bad("\"99999999999\" for --v", ARGV("--v=99999999999"));
}

static void test_help(void **state)
{
	struct o o;
	struct strlist pos;
	struct err e;
	char *avbuf[16], **av;
	int ac;
	(void)state;
	SET("macroimage", "-h");
	assert_int_equal(parse(&o, &pos, &e, ac, av), OPT_HELP);
	done(&o, &pos);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
