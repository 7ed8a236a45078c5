/* The contract between what `generate` writes, what runs in the pod
 * (init/leapp-init, the init container's script) and what `diagnose` reads
 * back: names, environment variables and log lines. One place, so that a
 * change on one side cannot silently blind the other. */
#ifndef OC_CONTRACT_H
#define OC_CONTRACT_H

/* The init container's environment: where the machine's archive is, and
 * what it must hash to. */
#define LEAPP_ENV_PREFIX	"LEAPP_"	/* every variable of the contract starts so */
#define LEAPP_ENV_IMAGE_URL	"LEAPP_IMAGE_URL"
#define LEAPP_ENV_IMAGE_SHA256	"LEAPP_IMAGE_SHA256"

/* The label generate puts on every pod and selects its Service with:
 * name=leapp-<N>-label. */
#define LEAPP_LABEL_KEY		"name"
#define LEAPP_LABEL_PREFIX	"leapp-"
#define LEAPP_LABEL_SUFFIX	"-label"

/* Where leapp keeps a migrated machine's files (generate's default root). */
#define LEAPP_MACHINES_DIR	"/var/lib/leapp/macrocontainers"

/* What the multivolume init container logs, line by line. */
#define LEAPP_LOG_DOWNLOADING	"leapp: downloading the machine image from "
#define LEAPP_LOG_SHA_OK	"leapp: the machine image matches its SHA-256 "
#define LEAPP_LOG_SHA_MISMATCH	"leapp: SHA-256 mismatch: "
#define LEAPP_LOG_FETCH_FAILED	"leapp: cannot download or unpack the machine image from "
#define LEAPP_LOG_NO_MACHINE_ID	"leapp: cannot open /work-dir/etc/machine-id"
#define LEAPP_LOG_UNPACKED	"leapp: the machine image is unpacked"

#endif
