/* diagnose --from-file, a whole diagnosis from bytes: the file the bytes
 * make (JSON or YAML, one object or a List, or a gzipped tar found by its
 * magic) read into the pool (diag/offline.c, pool.c), the facts assembled
 * (assemble.c), the rule catalogue run (engine.c) and the reports written,
 * text, JSON and YAML. A first line "#! TARGET" (a YAML comment) names what
 * to diagnose, as the command line would: POD, KIND/NAME, -l SELECTOR.
 * Bytes that start with "== " are a directory instead (fz_tree's entries),
 * as `oc adm inspect` writes one. */
#include "diag/analyze.h"
#include "fuzz.h"
#include "diag/offline.h"
#include "diag/report.h"

#include <stdlib.h>
#include <string.h>

#ifndef INPUT_NAME
#define INPUT_NAME "input"
#endif

static struct rule_set rs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e = { 0 };

	fz_sandbox(*argc, *argv);
	if (rules_compile(&rs, diag_families, diag_nfamilies, &e) < 0)
		FZ_FAIL();
	return 0;
}

/* "#! WORD" or "#! -l SELECTOR" on the first line. */
static int target_of(const uint8_t *data, size_t size, char **word, struct diag_target *t)
{
	struct err e = { 0 };
	const char *nl;

	*word = NULL;
	if (size < 3 || memcmp(data, "#! ", 3) || !(nl = memchr(data, '\n', size)))
		return 0;
	*word = fz_str(data + 3, (size_t)(nl - (const char *)data) - 3);
	memset(t, 0, sizeof(*t));
	if (!strncmp(*word, "-l ", 3)) {
		t->kind = TARGET_SELECTOR;
		t->selector = *word + 3;
		return 1;
	}
	if (!strcmp(*word, "--all")) {
		t->kind = TARGET_ALL;
		return 1;
	}
	return diag_target_parse(*word, t, &e) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path, *word;
	struct diag_facts_list facts = { 0 };
	struct diag_target t;
	struct err e = { 0 };
	int have = target_of(data, size, &word, &t);

	if (size >= 3 && !memcmp(data, "== ", 3)) {
		path = fz_path("inspect");
		fz_tree(path, data, size);
	} else {
		path = fz_write(INPUT_NAME, data, size);
	}

	if (diag_load_offline(path, have ? &t : NULL, NULL, &facts, &e) == 0) {
		struct diagnosis *d = calloc(facts.n + 1, sizeof(*d));
		struct strbuf out = STRBUF_INIT;
		for (size_t i = 0; i < facts.n; i++) {
			diag_analyze(&rs, &facts.v[i], &d[i]);
			diagnosis_worst(&d[i]);
		}
		report_text(&out, d, facts.n, 1);
		sb_reset(&out);
		report_data(&out, d, facts.n, 0, &e);
		sb_reset(&out);
		report_data(&out, d, facts.n, 1, &e);
		sb_free(&out);
		for (size_t i = 0; i < facts.n; i++)
			diagnosis_free(&d[i]);
		free(d);
	} else if (!e.code) {
		FZ_FAIL();	/* a failure always says why */
	}
	diag_facts_list_free(&facts);
	free(word);
	free(path);
	return 0;
}
