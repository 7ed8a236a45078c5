/* `archive`: the machine image, the step the seeds did by hand with
 * `tar -czf NAME.tar.gz -C /var/lib/leapp/macrocontainers/NAME .`. */
#include "cmd/command.h"
#include "gen/machine.h"
#include "gen/tarball.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct archive_opts {
	const char *container_name;
	const char *root;
	const char *output;
	const char *compression;
	long level;
	long threads;
	int force;
	int quiet;
	int skip_unreadable;
	int no_sparse;
	int private_mode;
	int whole_seconds;
};

#define O(field) offsetof(struct archive_opts, field)

static const char *const compressions[] = { "gzip", "zstd", "xz", "none", NULL };

static const struct opt archive_table[] = {
	{ "container-name", 'c', OPT_STRING, O(container_name), "NAME",
	  "The macrocontainer to archive: a directory under --root (required).", 0, COMPL_MACHINE, NULL, NULL },
	{ "root", 0, OPT_STRING, O(root), "DIR",
	  "Where leapp-tool keeps macrocontainers (default " MACHINE_DEFAULT_ROOT ").", 0, COMPL_DIR, NULL, NULL },
	/* -f as tar's; -o is an output format everywhere else (kubectl's) */
	{ "output", 'f', OPT_STRING, O(output), "FILE",
	  "Write the archive here; - for standard output (default NAME.tar.gz, the suffix following --compression; a .tar.zst, .tar.xz or .tar name sets the compression, and must agree with --compression).",
	  0, COMPL_FILE, NULL, NULL,
	  .old_sname = 'o', .old_why = "use -f or --output (as tar's -f; -o is an output format, as in kubectl)" },
	{ "compression", 'z', OPT_STRING, O(compression), "KIND",
	  "gzip (default: docker build's ADD and busybox's tar read it), zstd (faster and smaller, with threads), xz, or none.",
	  0, COMPL_CHOICES, compressions, NULL },
	{ "level", 0, OPT_INT, O(level), "N",
	  "Compression level: gzip 1-9 (6), zstd 1-19 (3), xz 0-9 (6).", 0, COMPL_NONE, NULL, NULL },
	{ "threads", 0, OPT_INT, O(threads), "N",
	  "Compression threads for gzip, zstd and xz (default: one per CPU; gzip's output is the same whatever the number).", 0, COMPL_NONE, NULL, NULL },
	{ "force", 0, OPT_BOOL, O(force), NULL,
	  "Replace the output (and its .sha256) if it exists.", 0, COMPL_NONE, NULL, NULL,
	  .old_sname = 'f', .old_why = "use --force (-f is the output file, as tar's)" },
	{ "quiet", 'q', OPT_BOOL, O(quiet), NULL,
	  "No progress line, even on a terminal.", 0, COMPL_NONE, NULL, NULL },
	{ "skip-unreadable", 0, OPT_BOOL, O(skip_unreadable), NULL,
	  "Leave out what cannot be read instead of failing: each file is listed at the end; a directory whose contents cannot be listed is archived empty, and listed once.", 0, COMPL_NONE, NULL, NULL },
	{ "no-sparse", 0, OPT_BOOL, O(no_sparse), NULL,
	  "Store holes in sparse files as zeros, for tar programs that do not read pax sparse files (busybox); a file of more than 1 GiB that is all holes (lastlog) is stored empty, with a warning.",
	  0, COMPL_NONE, NULL, NULL },
	{ "private", 0, OPT_BOOL, O(private_mode), NULL,
	  "Write the archive readable by its owner alone (0600) instead of as the umask allows.", 0, COMPL_NONE, NULL, NULL },
	{ "whole-seconds", 0, OPT_BOOL, O(whole_seconds), NULL,
	  "Store modification times to the second, as tar -czf, bsdtar and image layers keep them: a smaller archive of many small files.",
	  0, COMPL_NONE, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL },
};

static const struct optgroup archive_groups[] = {
	{ "Options", archive_table, NULL },
};

/* Who must be able to read the archive, in the words of its mode. */
static void next_step(FILE *out, const struct tb_opts *t, const struct tb_result *r)
{
	if (r->mode & 0004)
		fprintf(out, "Next: copy it to the web server the init container downloads from, or beside the Dockerfile; "
			"the archive is mode %04o: readable by every user here, the web server's included, and it holds the machine's "
			"secrets (etc/shadow, keys): keep it off public servers\n", r->mode);
	else
		fprintf(out, "Next: copy it to the web server the init container downloads from, or beside the Dockerfile; "
			"the archive is mode %04o%s: the web server's user (or whoever runs podman build) must be able to read it, "
			"e.g. chmod o+r %s\n", r->mode, t->private_mode ? " (--private)" : " (the umask's)", t->output);
}

static void report(const struct tb_opts *t, const struct tb_result *r)
{
	/* With "-" the archive is standard output: everything else goes to stderr. */
	FILE *out = strcmp(t->output, "-") ? stdout : stderr;
	char in[32], size[32];
	size_t left = r->skipped.n + r->unlisted.n;

	tb_human_bytes(r->bytes_in, in, sizeof(in));
	tb_human_bytes(r->bytes_out, size, sizeof(size));
	for (size_t i = 0; i < r->skipped.n; i++)
		warnf("left out (cannot read): %s", r->skipped.v[i]);
	for (size_t i = 0; i < r->unlisted.n; i++)
		warnf("left out (cannot list its contents): %s/ (the directory itself is archived, empty)", r->unlisted.v[i]);
	if (left)
		warnf("%zu unreadable entr%s left out of the archive", left, left == 1 ? "y" : "ies");
	for (size_t i = 0; i < r->changed.n; i++)
		warnf("left out (replaced or moved while it was archived; not followed): %s", r->changed.v[i]);
	fprintf(out, "Wrote %s: %llu entries, %s of file data, %s (%s)\n",
		strcmp(t->output, "-") ? t->output : "the archive to standard output", r->entries, in, size,
		tb_compression_name(t->comp));
	fprintf(out, "SHA-256 %s\n", r->sha256);
	if (r->sha_path) {
		const char *slash = strrchr(r->sha_path, '/');
		if (slash)
			fprintf(out, "Wrote %s (check with: cd %.*s && sha256sum -c %s)\n", r->sha_path,
				(int)(slash - r->sha_path), r->sha_path, slash + 1);
		else
			fprintf(out, "Wrote %s (check with: sha256sum -c %s)\n", r->sha_path, r->sha_path);
		next_step(out, t, r);
	}
}

static int run(const struct command *self, int argc, char **argv)
{
	struct archive_opts o = { .level = -1 };
	struct strlist pos = { 0 };
	struct tb_opts t = { 0 };
	struct tb_result r = { 0 };
	char *src = NULL;
	struct err e = { 0 };
	void *bases[] = { &o };
	char *output = NULL;
	int rc = command_parse(self, bases, argc, argv, &pos, NULL, &e);

	if (rc != OPT_PARSED)
		goto out;
	if (pos.n) {
		rc = err_set(&e, EXIT_USAGE, "unexpected argument \"%s\"", pos.v[0]);
		goto out;
	}
	if (!o.container_name) {
		rc = err_set(&e, EXIT_USAGE, "required flag \"container-name\" (-c) not set");
		goto out;
	}
	if ((rc = tb_compression_choose(o.compression, o.output, &t.comp, &e)) < 0)
		goto out;
	t.level = (int)o.level;
	t.threads = (int)o.threads;
	if (o.level < -1 || o.threads != t.threads) {
		rc = err_set(&e, EXIT_USAGE, "invalid --%s: out of range", o.level < -1 ? "level" : "threads");
		goto out;
	}
	if ((rc = tb_check_opts(&t, &e)) < 0)
		goto out;
	/* machine_locate checks the name is a name, not a path, and finds it. */
	if (!(src = machine_locate(o.root ? o.root : MACHINE_DEFAULT_ROOT, o.container_name, &e))) {
		rc = -1;
		goto out;
	}
	output = o.output ? xstrdup(o.output) : tb_default_output(o.container_name, t.comp);
	t.src = src;
	t.output = output;
	t.force = o.force;
	t.quiet = o.quiet;
	t.skip_unreadable = o.skip_unreadable;
	t.no_sparse = o.no_sparse;
	t.private_mode = o.private_mode;
	t.whole_seconds = o.whole_seconds;
	rc = tb_write(&t, &r, &e);
	if (!rc)
		report(&t, &r);
out:
	tb_result_free(&r);
	free(src);
	free(output);
	strlist_free(&pos);
	return rc < 0 ? err_report(&e) : EXIT_OK;
}

const struct command cmd_archive_entry = {
	.name = "archive",
	.usage = "archive -c NAME [-f FILE|-] [--compression gzip|zstd|xz|none] [options]",
	.summary = "Write the machine image: the machine's files as one archive",
	.description =
		"Archive a macrocontainer (the root filesystem leapp-tool migrated into\n"
		"/var/lib/leapp/macrocontainers/NAME) as one pax tar file, for `docker build`\n"
		"(generate macroimage) or for the web server the init container downloads it\n"
		"from (generate multivolume).\n\n"
		"Everything is kept: numeric owners, modes with setuid, setgid and sticky bits,\n"
		"modification times, symlinks (never followed), hard links (stored once), device\n"
		"nodes, FIFOs, extended attributes with SELinux labels, POSIX ACLs, and sparse\n"
		"files as sparse. The contents of dev, proc and sys are left out (the directories\n"
		"are kept); sockets are left out with a warning.\n\n"
		"The tree is read by file descriptors: a file or directory replaced while it is\n"
		"read (by a symlink out of the machine, say) is left out with a warning, never\n"
		"followed. Paths of any length are stored. gzip is compressed on every core, in\n"
		"pigz's way (one gzip stream; the same tree gives the same bytes).\n\n"
		"The archive is written to a temporary file and renamed when complete: a failed\n"
		"or interrupted run leaves nothing (what a killed run leaves, the next one\n"
		"removes). Its mode follows the umask, as tar's does (--private: 0600); it holds\n"
		"the machine's secrets. Its SHA-256 is printed and written to FILE.sha256, in\n"
		"sha256sum's format. Extract it with\n"
		"  tar --xattrs --xattrs-include='*' --acls --numeric-owner -xpf FILE\n",
	.examples =
		"  # The machine image next to the Dockerfile `generate macroimage` wrote\n"
		"  PROG archive -c web -f ~/templates/web.tar.gz\n\n"
		"  # Faster and smaller, for a cluster whose init image has zstd\n"
		"  PROG archive -c web --compression zstd\n\n"
		"  # Straight to the web server\n"
		"  PROG archive -c web -f - | ssh files.example.com 'cat > /srv/www/web.tar.gz'\n",
	.groups = archive_groups,
	.ngroups = 1,
	.run = run,
};
