#include "flagcheck.h"
#include "generate.h"
#include "imageref.h"
#include "quantity.h"
#include "machine.h"
#include "names.h"
#include "netspec.h"
#include "sha256.h"
#include "utf8.h"

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
	return 0;
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
