/* The multivolume init container: it fills the machine's volumes from its
 * archive before the machine starts. By default leapp-init fetch, from the
 * base image the node pulls anyway (libarchive: sparse files, xattrs, ACLs,
 * every byte hashed); with --init-image or --legacy-init-annotation, the
 * shell script for busybox's wget and tar that earlier versions wrote. */
#include "lib/contract.h"
#include "gen/generate.h"
#include "lib/shquote.h"
#include "lib/strbuf.h"
#include "gen/tarball.h"

#include <stdlib.h>
#include <string.h>

/* How the stream is unpacked: busybox's tar reads gzip and xz itself; zstd
 * needs an init image that has it (checked in plan.c). */
static const char *untar_cmd(const struct gen_plan *p)
{
	enum tb_compression c = TB_GZIP;

	tb_compression_of(p->archive_file, &c);
	switch (c) {
	case TB_ZSTD:
		return "zstd -dc | tar -xf -";
	case TB_XZ:
		return "tar -xJf -";
	case TB_NONE:
		return "tar -xf -";
	default:
		return "tar -xzf -";
	}
}

/* With a known SHA-256 the download is hashed on its way to tar (tee into a
 * fifo that sha256sum reads: still no second copy on disk); on a mismatch, or
 * any failure, what was unpacked is removed and the container fails, so the
 * machine never starts on a damaged copy. The fifo is in /work-dir itself
 * (the container's own layer, not a volume): an init image need not have
 * /tmp, and the boot test's busybox image has none. */
static void verified_unpack(struct strbuf *sb, const struct gen_plan *p, const char *url_ref, const char *sha_ref)
{
	sb_adds(sb, "leapp_clean() {\n  for d in");
	for (size_t i = 0; i < p->m.ndirs; i++) {
		sb_addc(sb, ' ');
		sb_add_shquoted(sb, p->m.dirs[i].name);
	}
	sb_adds(sb, "; do\n"
		"    rm -rf \"/work-dir/$d/\"* \"/work-dir/$d/\".[!.]* \"/work-dir/$d/\"..?* 2>/dev/null || true\n"
		"  done\n}\n");
	sb_adds(sb, "leapp_clean\n");	/* a restarted init container may find a partial copy */
	sb_addf(sb, "echo \"" LEAPP_LOG_DOWNLOADING "%s\"\n", url_ref);
	sb_adds(sb, "rm -f /work-dir/.leapp-image.fifo /work-dir/.leapp-image.sum\n"
		"mkfifo /work-dir/.leapp-image.fifo\n"
		"sha256sum </work-dir/.leapp-image.fifo >/work-dir/.leapp-image.sum &\n"
		"sum_pid=$!\n");
	/* cat drains what tar leaves after its end-of-archive blocks, so that
	 * tee hashes the whole download. */
	sb_addf(sb, "if ! wget -O - \"%s\" | tee /work-dir/.leapp-image.fifo | { %s && cat >/dev/null; }; then\n", url_ref,
		untar_cmd(p));
	sb_addf(sb, "  kill \"$sum_pid\" 2>/dev/null || true\n"
		"  leapp_clean\n"
		"  echo \"" LEAPP_LOG_FETCH_FAILED "%s; nothing was kept\" >&2\n"
		"  exit 1\nfi\n", url_ref);
	sb_adds(sb, "wait \"$sum_pid\"\n"
		"got=$(cut -d ' ' -f 1 /work-dir/.leapp-image.sum)\n");
	sb_addf(sb, "if [ \"$got\" != \"%s\" ]; then\n"
		"  leapp_clean\n"
		"  echo \"" LEAPP_LOG_SHA_MISMATCH "the machine image from %s hashes to $got, not %s: it is damaged or not the archive these objects were made for; nothing was kept\" >&2\n"
		"  exit 1\nfi\n", sha_ref, url_ref, sha_ref);
	sb_addf(sb, "echo \"" LEAPP_LOG_SHA_OK "%s\"\n", sha_ref);
}

char *gen_init_script(const struct gen_plan *p, const char *url_ref, const char *sha_ref)
{
	struct strbuf sb = STRBUF_INIT;
	int has_var = 0;

	for (size_t i = 0; i < p->m.ndirs; i++)
		has_var |= !strcmp(p->m.dirs[i].name, "var");
	/* Streamed: no second copy of the archive on the node's disk. */
	sb_adds(&sb, "set -eu\n");
	sb_adds(&sb, "set -o pipefail\n");
	sb_adds(&sb, "cd /work-dir\n");
	if (p->sha256[0] && sha_ref) {
		verified_unpack(&sb, p, url_ref, sha_ref);
	} else {
		sb_addf(&sb, "echo \"" LEAPP_LOG_DOWNLOADING "%s\"\n", url_ref);
		sb_addf(&sb, "wget -O - \"%s\" | %s\n", url_ref, untar_cmd(p));
	}
	if (has_var) {
		/* The id names a directory: only 32 hex digits do (a "../" in
		 * it, or a link, would make one elsewhere). Read at most 64
		 * bytes of a regular file: never a FIFO, never /dev/zero. */
		sb_adds(&sb, "id=\n");
		sb_adds(&sb, "if [ -f etc/machine-id ] && [ ! -L etc/machine-id ]; then\n"
			"  id=$(head -c 64 etc/machine-id | tr -d '\\n')\n"
			"fi\n");
		sb_adds(&sb, "case \"$id\" in *[!0-9a-f]*) id= ;; esac\n");
		sb_adds(&sb, "if [ ${#id} -eq 32 ] && [ ! -L var/log ] && [ ! -L var/log/journal ]; then\n");
		sb_adds(&sb, "  mkdir -p \"var/log/journal/$id\"\n");
		sb_adds(&sb, "else\n");
		sb_adds(&sb, "  echo \"" LEAPP_LOG_NO_MACHINE_ID " (or it is not 32 hexadecimal digits): the journal directory was not created\" >&2\n");
		sb_adds(&sb, "fi\n");
	}
	sb_adds(&sb, "echo \"" LEAPP_LOG_UNPACKED "\"\n");
	return sb_detach(&sb);
}

static json_t *work_dir_mounts(const struct gen_plan *p)
{
	json_t *mounts = json_array();

	for (size_t i = 0; i < p->m.ndirs; i++) {
		char *v = gen_volume_name(p, p->m.dirs[i].key);
		char *mp = xasprintf("/work-dir/%s", p->m.dirs[i].name);
		json_array_append_new(mounts, json_pack("{s:s, s:s}", "name", v, "mountPath", mp));
		free(v);
		free(mp);
	}
	return mounts;
}

static json_t *image_env(const struct gen_plan *p)
{
	json_t *env = json_pack("[{s:s, s:s}]", "name", LEAPP_ENV_IMAGE_URL, "value", p->o->image_url);

	if (p->sha256[0])
		json_array_append_new(env, json_pack("{s:s, s:s}", "name", LEAPP_ENV_IMAGE_SHA256, "value", p->sha256));
	return env;
}

/* leapp-init fetch reads the URL and the SHA-256 from its environment:
 * nothing the user typed becomes a word of a shell. */
static json_t *fetch_container(const struct gen_plan *p)
{
	return json_pack("{s:s, s:s, s:[s,s,s,s], s:o, s:o, s:s}", "name", p->names.init, "image", p->base_image,
			 "command", GEN_LEAPP_INIT, "fetch", "-C", "/work-dir", "env", image_env(p),
			 "volumeMounts", work_dir_mounts(p), "terminationMessagePolicy", "FallbackToLogsOnError");
}

json_t *gen_init_container(const struct gen_plan *p, int legacy)
{
	json_t *mounts, *c;

	if (p->fetch && !legacy)
		return fetch_container(p);
	mounts = work_dir_mounts(p);
	const char *image = p->o->init_image ? p->o->init_image : "busybox";
	if (legacy) {
		/* The 2017 shape: the URL is the script's $1, still never shell text. */
		char *script = gen_init_script(p, "$1", "$2");
		c = json_pack("{s:[s,s,s,s,s], s:s, s:s, s:o}", "command", "sh", "-c", script, "sh",
			      p->o->image_url, "image", image, "name", p->names.init, "volumeMounts", mounts);
		if (p->sha256[0])
			json_array_append_new(json_object_get(c, "command"), json_string(p->sha256));
		free(script);
		return c;
	}
	char *script = gen_init_script(p, "$LEAPP_IMAGE_URL", "$LEAPP_IMAGE_SHA256");
	c = json_pack("{s:s, s:s, s:[s,s,s], s:o, s:o, s:s}",
		      "name", p->names.init, "image", image, "command", "sh", "-c", script,
		      "env", image_env(p), "volumeMounts", mounts, "terminationMessagePolicy", "FallbackToLogsOnError");
	free(script);
	return c;
}
