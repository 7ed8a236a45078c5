#include "gen/flagcheck.h"
#include "gen/caps.h"
#include "gen/generate.h"
#include "gen/imageref.h"
#include "gen/quantity.h"
#include "gen/machine.h"
#include "lib/names.h"
#include "gen/netspec.h"
#include "gen/sha256.h"
#include "lib/utf8.h"

#include <stdlib.h>
#include <string.h>

int gen_check_port(const char *flag, const char *v, struct err *e)
{
	struct portspec ps;

	if (port_parse(v, &ps) < 0)
		return err_set(e, EXIT_USAGE, "invalid port \"%s\" for --%s: expected [EXPOSED:]PORT, numbers from 1 to 65535",
			       v, flag);
	return 0;
}

int gen_check_ip(const char *flag, const char *v, struct err *e)
{
	if (!ip_valid(v))
		return err_set(e, EXIT_USAGE, "invalid IP address \"%s\" for --%s", v, flag);
	return 0;
}

int gen_check_image_url(const char *flag, const char *v, struct err *e)
{
	if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
		return err_set(e, EXIT_USAGE,
			       "invalid --%s \"%s\": the init container downloads it with wget: use an http:// or https:// URL",
			       flag, v);
	if (strpbrk(v, " \t\r\n"))
		return err_set(e, EXIT_USAGE, "invalid --%s: white space must be written as %%20", flag);
	return gen_check_text(flag, v, e);
}

int gen_check_sha256(const char *flag, const char *v, struct err *e)
{
	char hex[65];

	if (!sha256_hex_valid(v, hex))
		return err_set(e, EXIT_USAGE, "invalid --%s \"%s\": 64 hexadecimal digits expected (as sha256sum prints)",
			       flag, v);
	return 0;
}

int gen_check_account(const char *flag, const char *v, struct err *e)
{
	(void)flag;
	if (!name_is_dns1123_subdomain(v))
		return err_set(e, EXIT_USAGE, "invalid service account \"%s\": a lowercase RFC 1123 subdomain is required", v);
	/* Every pod of a namespace runs as its default account: what the
	 * machine is allowed (root, capabilities) must not be theirs too. */
	if (!strcmp(v, "default"))
		return err_set(e, EXIT_USAGE,
			       "--service-account default is every pod's account in the namespace, and the machine's SCC would be theirs too: give the machine its own (the default is leapp-NAME)");
	return 0;
}

int gen_check_namespace(const char *flag, const char *v, struct err *e)
{
	(void)flag;
	if (!name_is_dns1123_label(v))
		return err_set(e, EXIT_USAGE,
			       "invalid namespace \"%s\": a lowercase RFC 1123 label is required (letters, digits and '-', at most 63)", v);
	return 0;
}

int gen_check_node(const char *flag, const char *v, struct err *e)
{
	if (!name_is_dns1123_subdomain(v))
		return err_set(e, EXIT_USAGE, "invalid --%s \"%s\": a node's name, a lowercase RFC 1123 subdomain (as oc get nodes lists them)",
			       flag, v);
	return 0;
}

/* One +CAP or -CAP word, by the rule --capabilities applies. */
int gen_check_capability(const char *flag, const char *v, struct err *e)
{
	struct cap_set none = { 0 };
	struct strlist words = { 0 }, notes = { 0 };
	int rc;

	(void)flag;
	strlist_push(&words, v);
	rc = caps_apply(&none, &words, &notes, e);
	cap_set_free(&none);
	strlist_free(&words);
	strlist_free(&notes);
	return rc < 0 ? -1 : 0;
}

int gen_check_nonempty(const char *flag, const char *v, struct err *e)
{
	if (!*v)
		return err_set(e, EXIT_USAGE, "--%s is empty", flag);
	return 0;
}

/* The objects are JSON/YAML, UTF-8 only: other bytes made jansson drop
 * whole fields. */
int gen_check_text(const char *flag, const char *v, struct err *e)
{
	if (gen_check_nonempty(flag, v, e) < 0)
		return -1;
	if (!utf8_valid(v))
		return err_set(e, EXIT_USAGE, "invalid --%s \"%s\": not UTF-8 text", flag, v);
	return 0;
}

int gen_check_machine(const char *flag, const char *v, struct err *e)
{
	struct gen_names nm;

	(void)flag;
	if (machine_check_name(v, e) < 0 || gen_names_make(v, &nm, e) < 0)
		return -1;
	gen_names_free(&nm);
	return 0;
}

int gen_check_registry(const char *flag, const char *v, struct err *e)
{
	char *why = registry_check(v);

	if (!why)
		return 0;
	err_set(e, EXIT_USAGE, "invalid --%s \"%s\": %s", flag, v, why);
	free(why);
	return -1;
}

static int quantity(const char *flag, const char *v, char *(*check)(const char *), struct err *e)
{
	char *why = check(v);

	if (!why)
		return 0;
	err_set(e, EXIT_USAGE, "invalid --%s: %s", flag, why);
	free(why);
	return -1;
}

int gen_check_memory(const char *flag, const char *v, struct err *e)
{
	return quantity(flag, v, quantity_check_memory, e);
}

int gen_check_cpu(const char *flag, const char *v, struct err *e)
{
	return quantity(flag, v, quantity_check_cpu, e);
}
