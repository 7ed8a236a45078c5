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

/* The machine's base image, which generate writes and every pod runs:
 * repository leapp-<N>-base, tagged from its content; bare (an image
 * stream of the pod's namespace on OpenShift, `oc set image-lookup`) or
 * under --registry. Inside it, leapp-init and the busybox it downloads
 * with. The 2017 pods ran leapp/leapp-scratch:<release> instead. */
#define LEAPP_BASE_IMAGE_PREFIX	"leapp-"
#define LEAPP_BASE_IMAGE_SUFFIX	"-base"
#define LEAPP_INIT_PATH		"/.leapp/leapp-init"
#define LEAPP_BUSYBOX_PATH	"/.leapp/busybox"
#define LEAPP_SCRATCH_IMAGE	"leapp/leapp-scratch:"

/* The pod's volumes are named <N>-<dir>-vol; /run and /tmp are memory
 * emptyDirs with a sizeLimit. */
#define LEAPP_VOLUME_SUFFIX	"-vol"

/* Where leapp keeps a migrated machine's files (generate's default root). */
#define LEAPP_MACHINES_DIR	"/var/lib/leapp/macrocontainers"

/* What the multivolume init container logs, line by line. */
#define LEAPP_LOG_DOWNLOADING	"leapp: downloading the machine image from "
#define LEAPP_LOG_SHA_OK	"leapp: the machine image matches its SHA-256 "
#define LEAPP_LOG_SHA_MISMATCH	"leapp: SHA-256 mismatch: "
#define LEAPP_LOG_FETCH_FAILED	"leapp: cannot download or unpack the machine image from "
#define LEAPP_LOG_NO_MACHINE_ID	"leapp: cannot open /work-dir/etc/machine-id"
#define LEAPP_LOG_UNPACKED	"leapp: the machine image is unpacked"

/* What leapp-init fetch (the init container run from the base image) adds
 * to the lines above: each on its own line, on stderr for failures. */
#define LEAPP_LOG_SKIPPED_ENTRIES	"leapp: entries outside the pod's volumes were skipped: "	/* "N (first: PATH)" */
#define LEAPP_LOG_METADATA_LOST	"leapp: warning: this container cannot set some extended attributes, ACLs or SELinux labels: "	/* "N entries (first: PATH: why)" */
#define LEAPP_LOG_LINK_COPIED	"leapp: hard links across volumes were copied: "	/* "N" */
#define LEAPP_LOG_UNSAFE_ENTRY	"leapp: refusing an unsafe entry in the machine image: "	/* "PATH: why" */
#define LEAPP_LOG_BAD_MACHINE_ID	"leapp: etc/machine-id does not hold 32 hex digits: the journal directory was not created"
#define LEAPP_LOG_PROGRESS	"leapp: unpacked "	/* "N MiB" */
/* Why fetch failed, on stderr before LEAPP_LOG_FETCH_FAILED: wget's own
 * error line comes first, as wget wrote it. */
#define LEAPP_LOG_WGET_FAILED	"leapp: the download failed: "	/* "PROG wget ended with status N" */
#define LEAPP_LOG_NOT_ARCHIVE	"leapp: the download cannot be read as a tar archive: "	/* libarchive's reason */
#define LEAPP_LOG_STALLED	"leapp: no data for "	/* "N s, the download was stopped: wget: download timed out" */
#define LEAPP_LOG_STOPPED	"leapp: stopped by "	/* "SIGNAL before the download finished": the pod is going away */
#define LEAPP_LOG_CANNOT_RUN	"leapp: cannot run "	/* "PROG: why": the base image lacks its busybox */

/* What leapp-init services|sysv (PID 1 of the machine's container) prints
 * on stdout, one line per event, so that `oc logs` shows the machine
 * coming up and going down. UNIT is a unit name for services, an rc
 * script's name (e.g. "S55sshd") for sysv. */
#define LEAPP_INIT_LOG_BOOTING	"leapp-init: booting "		/* "services: default.target is multi-user.target" | "sysv: runlevel 3" */
#define LEAPP_INIT_LOG_STARTING	"leapp-init: starting "		/* UNIT */
#define LEAPP_INIT_LOG_STARTED	"leapp-init: started "		/* "UNIT (pid N)" | "UNIT (exited)" | "TARGET" */
#define LEAPP_INIT_LOG_FAILED	"leapp-init: failed "		/* "UNIT: WHY" */
#define LEAPP_INIT_LOG_EXITED	"leapp-init: exited "		/* "UNIT: status N" | "UNIT: killed by signal SIGX" */
#define LEAPP_INIT_LOG_RESTARTING	"leapp-init: restarting "	/* "UNIT in N ms" */
#define LEAPP_INIT_LOG_GAVE_UP	"leapp-init: gave up restarting "	/* "UNIT: N starts within N s" */
#define LEAPP_INIT_LOG_SKIPPED	"leapp-init: skipped "		/* "UNIT: WHY" (what cannot be honoured here) */
#define LEAPP_INIT_LOG_CONDITION	"leapp-init: condition not met, not starting "	/* "UNIT: ConditionX=V" */
#define LEAPP_INIT_LOG_WARNING	"leapp-init: warning: "
#define LEAPP_INIT_LOG_BOOTED	"leapp-init: boot finished: "	/* "N started, N failed, N skipped" */
#define LEAPP_INIT_LOG_SHUTDOWN	"leapp-init: shutting down on "	/* "SIGTERM: N s to stop" */
#define LEAPP_INIT_LOG_STOPPING	"leapp-init: stopping "		/* UNIT */
#define LEAPP_INIT_LOG_STOPPED	"leapp-init: stopped "		/* UNIT */
#define LEAPP_INIT_LOG_KILLED	"leapp-init: killed "		/* "UNIT: still running after N s" */
#define LEAPP_INIT_LOG_HALTED	"leapp-init: all stopped, exiting"
#define LEAPP_INIT_LOG_ERROR	"leapp-init: error: "		/* on stderr; the exit status is 1 */

#endif
