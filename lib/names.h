/* Kubernetes names: the original's sanitizing rule (fixed to lowercase
 * first), the API server's validation rules, and cutting long names with a
 * stable hash so two long names never collide after cutting. */
#ifndef OC_NAMES_H
#define OC_NAMES_H
#include <stddef.h>
#include <stdint.h>

/* Lowercases, maps every character outside [0-9a-z] to '-', folds runs of
 * '-', trims them at both ends. May return "" (the caller decides). */
char *name_sanitize(const char *raw);

/* Returns name unchanged when it fits in max, else a prefix, '-', and an
 * 8-hex-digit hash of the whole name, max characters in all. */
char *name_fit(const char *name, size_t max);
uint32_t name_hash(const char *s);
/* prefix + stem + suffix; when too long, only the stem is cut and the hash
 * goes after it, so "leapp-", "-etc-vol" and the like stay readable. */
char *name_compose(const char *prefix, const char *stem, const char *suffix, size_t max);

/* "name.ns": a cluster-scoped name (or label value) that carries the
 * namespace, so that two namespaces never collide; a namespace name has no
 * dot, so none is ambiguous. Cut as name_compose cuts, within max. */
char *name_qualified(const char *name, const char *ns, size_t max);

/* The API server's rules (k8s.io/apimachinery/pkg/util/validation). */
int name_is_dns1123_label(const char *s);	/* [a-z0-9]([-a-z0-9]*[a-z0-9])?, <= 63 */
int name_is_dns1123_subdomain(const char *s);	/* labels joined by '.', <= 253 */
int name_is_dns1035_label(const char *s);	/* label starting with a letter (Services) */
int name_is_label_value(const char *s);		/* "" or ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], <= 63 */

#define NAME_LABEL_MAX 63
#define NAME_SUBDOMAIN_MAX 253

#endif
