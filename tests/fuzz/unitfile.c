/* A systemd unit file's text, as leapp-init reads it (init/unit.c), and
 * every value through what leapp-init makes of it: specifiers expanded,
 * Exec*= command lines split (init/execline.c), Environment= assignments,
 * time spans and booleans, unit names. The whole text is also read as an
 * EnvironmentFile=. */
#include "init/execline.h"
#include "fuzz.h"
#include "init/unit.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	return 0;
}

static void value(const struct unit *u, const struct unit_kv *kv)
{
	static const struct unit_ctx ctx = { "leapp-host", "0123456789abcdef0123456789abcdef" };
	struct err e = { 0 };
	char *x = unit_expand(u, &ctx, kv->value, &e);
	const char *v = x ? x : kv->value;
	struct strlist words = { 0 }, env = { 0 }, bad = { 0 }, argv = { 0 };
	struct exec_list l = { 0 };

	if (!x && !e.code)
		FZ_FAIL();
	err_clear(&e);
	if (!strncmp(kv->key, "Exec", 4) && exec_parse(v, &l, &e) == 0) {
		env_set(&env, "OPTIONS=-DFOREGROUND -k start");
		env_set(&env, "MAINPID=1");
		for (size_t i = 0; i < l.n; i++) {
			if (!l.v[i].path || l.v[i].path[0] != '/')
				FZ_FAIL();	/* a command is an absolute program */
			exec_expand(&l.v[i], &env, &argv);
			strlist_free(&argv);
		}
	}
	exec_list_free(&l);
	err_clear(&e);
	split_words(v, &words, &e);
	env_parse_assignments(v, &env, &bad);
	env_get(&env, v);
	parse_timespan_ms(v);
	parse_bool(v);
	if (unit_name_valid(v)) {
		unit_name_type(v);
		free(unit_name_template(v));
		free(unit_name_instance(v));
		free(unit_name_prefix(v));
	}
	free(unit_name_unescape(v));
	strlist_free(&words);
	strlist_free(&env);
	strlist_free(&bad);
	free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unit *u = calloc(1, sizeof(*u));
	struct err e = { 0 };
	char *text = malloc(size ? size : 1);

	memcpy(text, data, size);
	u->name = strdup("leapp-fuzz@inst\\x2dance.service");
	u->id = strdup(u->name);
	u->path = strdup("/etc/systemd/system/leapp-fuzz@.service");
	if (unit_parse(u, text, size, "fuzz.service", &e) == 0) {
		struct strlist l = { 0 }, bad = { 0 };
		for (size_t i = 0; i < u->nkv; i++)
			value(u, &u->kv[i]);
		unit_get_list(u, "Service", "ExecStart", &l);
		unit_get_words(u, "Unit", "After", &l);
		unit_get_bool(u, "Service", "RemainAfterExit", 0);
		strlist_free(&l);
		if (!memchr(text, '\0', size)) {
			char *s = strndup(text, size);
			env_parse_file(s, &l, &bad);
			free(s);
		}
		strlist_free(&l);
		strlist_free(&bad);
	}
	unit_free(u);
	free(text);
	return 0;
}
