/* Image references (the distribution/reference grammar podman, CRI-O and
 * the registries share), for --registry: where the images generate names go. */
#ifndef OC_IMAGEREF_H
#define OC_IMAGEREF_H

/* NULL when reg is a registry and optional path ("quay.io/acme",
 * "registry.example.com:5000/team/web", "localhost:5000"), else why not
 * (caller frees). A trailing '/' is allowed. */
char *registry_check(const char *reg);

/* reg + "/" + repo, without a doubled '/'; reg may be NULL. */
char *image_repo_join(const char *reg, const char *repo);

#endif
