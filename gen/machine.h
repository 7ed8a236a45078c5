/* Reading a macrocontainer: the migrated machine's root filesystem that
 * leapp-tool left in ROOT/NAME. */
#ifndef OC_MACHINE_H
#define OC_MACHINE_H
#include <stddef.h>
#include "lib/contract.h"
#include "lib/err.h"

#define MACHINE_DEFAULT_ROOT LEAPP_MACHINES_DIR	/* where leapp-tool keeps them */

enum init_system { INIT_UNKNOWN, INIT_SYSTEMD, INIT_UPSTART, INIT_SYSV };

struct machine_dir {
	char *name;		/* as on disk: "etc", "Data" */
	char *key;		/* sanitized for names: "etc", "data" (unique per machine) */
	unsigned long long bytes;	/* filled by machine_measure() */
};

/* A top-level entry the base image recreates: a directory (empty, as a
 * mount point or for the image to fill) or the machine's own symlink. */
struct machine_top {
	char *name;
	char *target;		/* the link's text; NULL for a directory */
	unsigned mode;		/* permission bits of a directory */
};

struct machine {
	char *name;		/* the -c value */
	char *path;		/* ROOT/NAME, absolute */
	char *os_id;		/* "centos", "rhel" ... or NULL */
	char *os_version;	/* "7.4" or NULL */
	char *os_pretty;	/* for messages */
	const char *os_file;	/* where the OS came from: "etc/os-release" ... */
	int os_major;		/* -1 when unknown */
	enum init_system init;
	int systemd_version;	/* 219, 252 ...; 0 when unknown or not systemd */
	char *systemd_version_from;	/* "read from usr/lib/systemd/systemd", "what centos 7 ships" */
	struct machine_dir *dirs;
	size_t ndirs;
	struct machine_top *top;	/* every top-level directory and symlink, sorted */
	size_t ntop;
};

/* Checks the name (no path) and finds ROOT/NAME: a malloc'd absolute path,
 * or NULL with e set. */
char *machine_locate(const char *root, const char *name, struct err *e);
/* Checks the name (no path), reads the OS and init system, and picks the
 * top-level directories to carry (sorted). Warnings go to stderr. */
int machine_open(const char *root, const char *name, struct machine *m, struct err *e);
/* A name under --root, never a path: "a/b", ".." and "" are usage errors. */
int machine_check_name(const char *name, struct err *e);
/* Measures each carried directory (bytes of regular files, hard links once). */
int machine_measure(struct machine *m, struct err *e);
void machine_free(struct machine *m);

/* Resolves rel inside the machine as if it were "/" (symlinks re-rooted,
 * never escaping it, by descriptors: gen/inroot.h). Returns a malloc'd host
 * path or NULL. The path names what was there when it was resolved: to read
 * the file, use inroot_read(), which cannot be led outside by a later swap. */
char *machine_resolve(const char *mroot, const char *rel);

const char *init_system_name(enum init_system i);

/* The version in systemd's own banner, "systemd 219 running in %ssystem
 * mode", found in the bytes of its binary; 0 when there is none. */
int systemd_banner_version(const char *data, size_t len);

#endif
