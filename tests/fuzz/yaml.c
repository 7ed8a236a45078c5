/* The YAML loader (lib/yamlload.c): every document of a stream, one
 * document, and the streaming reader that hands a List's items one by one. */
#include "fuzz.h"
#include "lib/yamlload.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	return 0;
}

static int each(json_t *doc, const char *list_kind, void *arg)
{
	size_t *n = arg;

	(void)list_kind;
	free(json_dumps(doc, JSON_ENCODE_ANY | JSON_COMPACT));
	return ++*n > 64;	/* and a callback that stops the reading */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes: a read past the end is ASan's to see */
	char *buf = malloc(size ? size : 1);
	struct err e = { 0 };
	json_t *docs = NULL, *one = NULL;
	size_t n = 0;

	memcpy(buf, data, size);
	if (yaml_load_all(buf, size, "fuzz", &docs, &e) == 0)
		free(json_dumps(docs, JSON_COMPACT));
	json_decref(docs);
	err_clear(&e);
	if (yaml_load_one(buf, size, "fuzz", &one, &e) == 0 && !one)
		FZ_FAIL();	/* success always gives a document */
	json_decref(one);
	err_clear(&e);
	yaml_load_each(buf, size, "fuzz", each, &n, &e);
	free(buf);
	return 0;
}
