#include "lib/emit.h"

#include <ctype.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

static int match(const char *re, const char *s)
{
	regex_t r;
	int ok;

	if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB) != 0)
		return 1;	/* cannot tell: quoting is always safe */
	ok = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

int yaml_plain_is_ambiguous(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "", NULL
	};

	for (size_t i = 0; words[i]; i++)
		if (!strcasecmp(s, words[i]))
			return 1;
	/* Only strings starting like a number or a special float can be one. */
	if (!strchr("0123456789+-.", s[0]))
		return 0;
	return match("^[-+]?(0|[1-9][0-9_]*)$", s) ||			/* decimal */
	       match("^[-+]?0[0-7_]+$", s) ||				/* 1.1 octal */
	       match("^[-+]?0o[0-7]+$", s) ||				/* 1.2 octal */
	       match("^[-+]?0x[0-9a-fA-F_]+$", s) ||
	       match("^[-+]?0b[01_]+$", s) ||
	       match("^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?$", s) ||	/* sexagesimal */
	       match("^[-+]?([0-9][0-9_]*)?\\.?[0-9_]*([eE][-+]?[0-9]+)?$", s) ||	/* floats */
	       match("^[-+]?\\.(inf|Inf|INF)$", s) || match("^\\.(nan|NaN|NAN)$", s) ||
	       match("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", s);		/* timestamps */
}

static int write_handler(void *data, unsigned char *buf, size_t size)
{
	sb_add(data, buf, size);
	return 1;
}

static int scalar(yaml_emitter_t *em, const char *v, int plain_ok, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	/* plain_implicit=0 makes libyaml quote the value instead of writing it bare. */
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)v, (int)strlen(v),
				     plain_ok, 1, style);
	return yaml_emitter_emit(em, &ev);
}

static int string_scalar(yaml_emitter_t *em, const char *v)
{
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;

	/* Scripts read best as literal blocks; libyaml falls back if it cannot. */
	if (strchr(v, '\n') && !strstr(v, " \n") && v[strlen(v) - 1] == '\n')
		style = YAML_LITERAL_SCALAR_STYLE;
	return scalar(em, v, !yaml_plain_is_ambiguous(v), style);
}

static int node(yaml_emitter_t *em, const json_t *j)
{
	yaml_event_t ev;
	char num[64];

	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *k;
		const json_t *v;
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_ANY_MAPPING_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return 0;
		json_object_foreach((json_t *)j, k, v) {
			if (!string_scalar(em, k) || !node(em, v))
				return 0;
		}
		yaml_mapping_end_event_initialize(&ev);
		return yaml_emitter_emit(em, &ev);
	}
	case JSON_ARRAY: {
		size_t i;
		const json_t *v;
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_ANY_SEQUENCE_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return 0;
		json_array_foreach(j, i, v) {
			if (!node(em, v))
				return 0;
		}
		yaml_sequence_end_event_initialize(&ev);
		return yaml_emitter_emit(em, &ev);
	}
	case JSON_STRING:
		return string_scalar(em, json_string_value(j));
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		return scalar(em, num, 1, YAML_PLAIN_SCALAR_STYLE);
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.17g", json_real_value(j));
		return scalar(em, num, 1, YAML_PLAIN_SCALAR_STYLE);
	case JSON_TRUE:
		return scalar(em, "true", 1, YAML_PLAIN_SCALAR_STYLE);
	case JSON_FALSE:
		return scalar(em, "false", 1, YAML_PLAIN_SCALAR_STYLE);
	case JSON_NULL:
		return scalar(em, "null", 1, YAML_PLAIN_SCALAR_STYLE);
	}
	return 0;
}

int emit_yaml(struct strbuf *out, json_t *const *docs, size_t n, struct err *e)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	int ok;

	if (!yaml_emitter_initialize(&em))
		return err_set(e, EXIT_FAIL, "cannot start the YAML emitter");
	yaml_emitter_set_output(&em, write_handler, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = yaml_emitter_emit(&em, &ev);
	for (size_t i = 0; ok && i < n; i++) {
		yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, i == 0);
		ok = yaml_emitter_emit(&em, &ev) && node(&em, docs[i]);
		if (ok) {
			yaml_document_end_event_initialize(&ev, 1);
			ok = yaml_emitter_emit(&em, &ev);
		}
	}
	if (ok) {
		yaml_stream_end_event_initialize(&ev);
		ok = yaml_emitter_emit(&em, &ev) && yaml_emitter_flush(&em);
	}
	if (!ok)
		err_set(e, EXIT_FAIL, "cannot write YAML: %s", em.problem ? em.problem : "emitter error");
	yaml_emitter_delete(&em);
	return ok ? 0 : -1;
}

int emit_json(struct strbuf *out, const json_t *doc, struct err *e)
{
	char *s = json_dumps(doc, JSON_INDENT(4) | JSON_PRESERVE_ORDER);

	if (!s)
		return err_set(e, EXIT_FAIL, "cannot write JSON");
	sb_adds(out, s);
	sb_addc(out, '\n');
	free(s);
	return 0;
}
