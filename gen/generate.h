/* `generate`: from a machine and the user's choices to the objects that run
 * it on a cluster, and the files that hold them. */
#ifndef OC_GENERATE_H
#define OC_GENERATE_H
#include <jansson.h>
#include <stddef.h>
#include "gen/caps.h"
#include "lib/err.h"
#include "gen/hosts.h"
#include "gen/machine.h"
#include "gen/netspec.h"
#include "lib/xalloc.h"

enum gen_mode { GEN_MACROIMAGE, GEN_MULTIVOLUME, GEN_STATEFUL };

/* What runs as the container's PID 1 (--init). */
enum gen_init {
	GEN_INIT_SYSTEMD,	/* the machine's /sbin/init: the runtime's systemd mode */
	GEN_INIT_SERVICES,	/* leapp-init services: the enabled units, without systemd */
	GEN_INIT_SYSV,		/* leapp-init sysv: rc3.d's S* scripts, K* on stop */
};

/* The stop timeout when --grace-period is not given: long enough for a
 * database to shut down, where Kubernetes' 30 s SIGKILLs it. */
#define GEN_GRACE_DEFAULT 120
/* The readiness probe on the machine's first TCP port (gen/pod.c says why). */
#define GEN_PROBE_DELAY 30
#define GEN_PROBE_PERIOD 10
#define GEN_PROBE_TIMEOUT 5
#define GEN_PROBE_FAILURES 3
/* Memory-backed /run and /tmp: bounded, since they count as the pod's memory. */
#define GEN_RUN_SIZE "64Mi"
#define GEN_TMP_SIZE "256Mi"
/* The image the base image's busybox comes from (a build argument): the
 * official image's uclibc variant is the statically linked one. */
#define GEN_BUSYBOX_IMAGE "docker.io/library/busybox:1.36-uclibc"
#define GEN_BUSYBOX_ARG "BUSYBOX_IMAGE"
/* Where the PID 1 helper and busybox live in the base image. */
#define GEN_LEAPP_DIR "/.leapp"
#define GEN_LEAPP_INIT GEN_LEAPP_DIR "/leapp-init"
/* The SCC's file, after the machine's name: read by `oc create -f DIR`
 * before the pod's, and the one file Kubernetes refuses. */
#define GEN_SCC_FILE "-account-scc.yaml"
#define GEN_BASE_DIR "base-image"	/* the base image's build context in --dest */
/* Its build file: "Dockerfile", the name an OpenShift docker build (oc new-build
 * --binary --strategy=docker) reads without a dockerfilePath; podman reads it too. */
#define GEN_BASE_BUILD_FILE "Dockerfile"

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
	const char *namespace;	/* -n: where the namespaced objects go */
	const char *node;	/* stateful: the node that holds the machine's files */
	/* What the current kubeconfig context names (cmd/ reads it with the
	 * cluster client's kubeconfig loader): the namespace when -n is not
	 * given, and the context's name for messages; NULL when none. */
	const char *kube_namespace, *kube_context;
	const char *workload;	/* "pod", "deployment" or NULL for the mode's default */
	struct strlist tcp, udp, ips;
	struct strlist capabilities;	/* --capabilities: +CAP, -CAP */
	int local_image;
	int load_balancer;
	int force;
	int legacy_init_annotation;
	int archive;		/* write the machine image beside the manifests */
	const char *image_sha256;	/* multivolume: what the download must hash to */
	int check_url;		/* multivolume: ask the web server about --image-url */
	int no_interactive;	/* never ask, even on a terminal (cmd/ only) */
	const char *init;	/* --init: "auto" (or NULL), "systemd", "services", "sysv" */
	int host_cgroup;	/* mount the node's /sys/fs/cgroup (cgroup v1 clusters) */
	const char *grace_period;	/* "120", "2m": terminationGracePeriodSeconds */
	const char *memory;	/* requested and limit */
	const char *cpu;	/* requested */
	const char *registry;	/* where the images go: "quay.io/acme"; NULL = image streams */
	const char *prog;	/* how we were started, for the next steps: "oc leapp" */
};

/* The names every object gets, derived once from the sanitized name N. */
struct gen_names {
	char *n;		/* N */
	char *pod;		/* leapp-N-pod */
	char *deployment;	/* leapp-N */
	char *service;		/* leapp-N-service */
	char *label;		/* leapp-N-label */
	char *account;		/* leapp-N: the service account, unless --service-account */
	char *container;	/* N */
	char *init;		/* N-init */
};

/* A file to write and the objects (or text) it holds. */
struct gen_file {
	char *name;		/* "N-pod.yaml", "Dockerfile" */
	json_t *docs;		/* array of objects; NULL for text */
	char *text;
};

/* The base image generate writes for the machine (gen/baseimage.c): a
 * Dockerfile, rootfs/ with the machine's top-level directories (empty)
 * and symlinks, leapp/leapp-init; named REPO:TAG, TAG from its content. */
struct base_ctx {
	char *containerfile;
	char *init_path;	/* the leapp-init copied in; NULL when not found and not needed */
	char *repo;		/* "quay.io/acme/leapp-web-base" or "leapp-web-base" */
	char tag[13];		/* 12 hex digits of the context's SHA-256 */
};

struct gen_result {
	struct gen_file *files;
	size_t nfiles;
	json_t *objects;	/* every object, in the order `oc apply -f -` should see them */
	struct strlist notes;	/* what was left out and why ("no Service: no ports given") */
	const struct base_ctx *base;	/* written into DEST/base-image/ when set */
};

struct gen_plan {
	enum gen_mode mode;
	int deployment;		/* workload is a Deployment rather than a bare Pod */
	struct gen_names names;
	char *namespace;	/* -n, else the kubeconfig context's, else "default" */
	char *instance;		/* N.NAMESPACE: the app.kubernetes.io/instance label */
	char *account;		/* the workload's own service account: --service-account or leapp-N */
	struct strlist services;	/* the machine's enabled services (services.h) */
	struct cap_set caps;	/* what the container asks for beyond the runtime's default */
	char *scc_name;		/* leapp-N.NAMESPACE, when caps ask for an SCC of its own */
	char *node;		/* stateful: --node, else this host's name */
	struct hosts hosts;	/* the machine's etc/hosts, as the pod's hostAliases */
	int node_is_host;	/* node came from this host's name */
	struct machine m;
	struct portspec *ports;
	size_t nports;
	char *base_image;	/* the base image: written by us (base_ctx) or --base-image */
	char *image;		/* the main container's image */
	enum gen_init init;	/* PID 1, as --init (or auto) chose it */
	long grace;		/* terminationGracePeriodSeconds */
	int fetch;		/* multivolume: the init container is leapp-init fetch */
	struct base_ctx *base_ctx;	/* the base image's build context; NULL with --base-image */
	struct strlist notes;	/* what the plan decided that the user should know */
	char *archive_file;	/* the archive's name: "N.tar.gz", or the URL's last part */
	char *archive_path;	/* where --archive wrote it, else NULL */
	char sha256[65];	/* the archive's SHA-256 ("" when unknown) */
	const struct gen_opts *o;
};

int gen_mode_parse(const char *s, enum gen_mode *mode);
const char *gen_mode_name(enum gen_mode mode);
const char *gen_init_name(enum gen_init init);

/* Checks every value, reads the machine, and derives names: nothing is built
 * or written unless all of it is right. */
/* This host's name lowercased, as the kubelet names its node: stateful's
 * default --node (leapp-tool ran here). -1 if it cannot be read. */
int gen_host_node(char *buf, size_t size);
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

/* The base image's context, for the plan's machine and --init: finds
 * leapp-init (required when need_init), writes the Dockerfile, names the
 * image (gen/baseimage.c). */
int base_ctx_make(const struct gen_plan *p, int need_init, struct base_ctx *c, struct err *e);
void base_ctx_free(struct base_ctx *c);
/* DEST/base-image/ lands with the other files, all or nothing: staged
 * writes it under a temporary name in dest (refusing an existing one
 * without force) and returns that name, land renames it into place
 * (replacing the old one only then), unstage removes it; both free staged. */
char *base_ctx_stage(const struct base_ctx *c, const struct machine *m, const char *dest, int force, struct err *e);
int base_ctx_land(char *staged, const char *dest, struct err *e);
void base_ctx_unstage(char *staged);
/* Where leapp-init is: OC_LEAPP_INIT, else beside the program (installed or
 * built); NULL when nowhere. */
char *leapp_init_find(void);

/* What the cluster must allow the pod (gen/access.c): an SCC of its own
 * when it asks for capabilities (gen_scc, over the pod's spec for its
 * volume types), else the built-in one named; the Pod Security level of
 * its namespace on Kubernetes. */
int gen_writes_scc(const struct gen_plan *p);
const char *gen_builtin_scc(const struct gen_plan *p);
const char *gen_pod_security_level(const struct gen_plan *p);
json_t *gen_scc(const struct gen_plan *p, const json_t *pod_spec);

/* Every object's labels, and the one that selects the machine's pods
 * (name=leapp-N-label: the Service's and the Deployment's selector). */
json_t *gen_labels(const struct gen_plan *p);
json_t *gen_selector(const struct gen_plan *p);

/* The pod's containers and volumes (gen/pod.c). */
json_t *gen_pod_spec(const struct gen_plan *p, int legacy);
json_t *gen_init_container(const struct gen_plan *p, int legacy);
char *gen_volume_name(const struct gen_plan *p, const char *key);
char *gen_claim_name(const struct gen_plan *p, const char *key);
char *gen_pv_name(const struct gen_plan *p, const char *key);

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
