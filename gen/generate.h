/* `generate`: from a machine and the user's choices to the objects that run
 * it on a cluster, and the files that hold them. */
#ifndef OC_GENERATE_H
#define OC_GENERATE_H
#include <jansson.h>
#include <stddef.h>
#include "err.h"
#include "machine.h"
#include "netspec.h"
#include "xalloc.h"

enum gen_mode { GEN_MACROIMAGE, GEN_MULTIVOLUME, GEN_STATEFUL };

/* What the user asked for, as flags give it (cmd/ fills it, gen/ checks it). */
struct gen_opts {
	const char *container_name;
	const char *root;
	const char *dest;
	const char *output;	/* "yaml", "json" or NULL for files */
	const char *base_image;
	const char *image;
	const char *image_url;
	const char *init_image;
	const char *service_account;
	const char *workload;	/* "pod", "deployment" or NULL for the mode's default */
	struct strlist tcp, udp, ips;
	int local_image;
	int load_balancer;
	int force;
	int legacy_init_annotation;
	int archive;		/* write the machine image beside the manifests */
	const char *image_sha256;	/* multivolume: what the download must hash to */
	int check_url;		/* multivolume: ask the web server about --image-url */
	int no_interactive;	/* never ask, even on a terminal (cmd/ only) */
};

/* The names every object gets, derived once from the sanitized name N. */
struct gen_names {
	char *n;		/* N */
	char *pod;		/* leapp-N-pod */
	char *deployment;	/* leapp-N */
	char *service;		/* leapp-N-service */
	char *label;		/* leapp-N-label */
	char *container;	/* N */
	char *init;		/* N-init */
};

/* A file to write and the objects (or text) it holds. */
struct gen_file {
	char *name;		/* "N-pod.yaml", "Dockerfile" */
	json_t *docs;		/* array of objects; NULL for text */
	char *text;
};

struct gen_result {
	struct gen_file *files;
	size_t nfiles;
	json_t *objects;	/* every object, in the order `oc apply -f -` should see them */
	struct strlist notes;	/* what was left out and why ("no Service: no ports given") */
};

struct gen_plan {
	enum gen_mode mode;
	int deployment;		/* workload is a Deployment rather than a bare Pod */
	struct gen_names names;
	struct machine m;
	struct portspec *ports;
	size_t nports;
	char *base_image;
	char *image;		/* the main container's image */
	char *archive_file;	/* the archive's name: "N.tar.gz", or the URL's last part */
	char *archive_path;	/* where --archive wrote it, else NULL */
	char sha256[65];	/* the archive's SHA-256 ("" when unknown) */
	const struct gen_opts *o;
};

int gen_mode_parse(const char *s, enum gen_mode *mode);
const char *gen_mode_name(enum gen_mode mode);

/* Checks every value, reads the machine, and derives names: nothing is built
 * or written unless all of it is right. */
int gen_plan_make(enum gen_mode mode, const struct gen_opts *o, struct gen_plan *p, struct err *e);
void gen_plan_free(struct gen_plan *p);

int gen_names_make(const char *raw, struct gen_names *nm, struct err *e);
void gen_names_free(struct gen_names *nm);

/* Builds the objects and files as data. */
int gen_build(const struct gen_plan *p, struct gen_result *r, struct err *e);
void gen_result_free(struct gen_result *r);

/* The shell script the multivolume init container runs. The image URL and
 * its SHA-256 are never part of it: it reads them from url_ref
 * ("$LEAPP_IMAGE_URL") and sha_ref ("$LEAPP_IMAGE_SHA256"), the latter only
 * when p->sha256 is known. */
char *gen_init_script(const struct gen_plan *p, const char *url_ref, const char *sha_ref);

/* --archive: writes the machine image into --dest as p->archive_file and
 * records its path and SHA-256 in the plan (gen/genarchive.c). */
int gen_archive(struct gen_plan *p, struct err *e);
/* The objects could not be written after all: removes the archive (and its
 * .sha256) gen_archive wrote, unless --force may have replaced older ones. */
void gen_archive_discard(struct gen_plan *p);
/* --check-url: asks the web server about --image-url and says on stderr
 * whether it serves the archive; never fails the run (gen/urlcheck.c). */
void gen_check_url(const struct gen_plan *p);

/* Writes files into --dest (or the objects to stdout with -o) and prints what
 * to do next. */
int gen_output(const struct gen_plan *p, const struct gen_result *r, struct err *e);
char *gen_next_steps(const struct gen_plan *p, const struct gen_result *r, const char *dest);

#endif
