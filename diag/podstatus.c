#include "diag/podstatus.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static json_t *obj(const json_t *o, const char *path)
{
	return jget(o, path);
}

static const char *str(const json_t *o, const char *path)
{
	return jpath(o, path);
}

char *diag_pod_status(const json_t *pod)
{
	const char *reason = str(pod, "status.reason");
	char *out = xstrdup(reason ? reason : str(pod, "status.phase") ? str(pod, "status.phase") : "Unknown");
	json_t *inits = obj(pod, "status.initContainerStatuses");
	size_t n = json_array_size(obj(pod, "spec.initContainers")), i;
	json_t *s;
	int initializing = 0;

	json_array_foreach(inits, i, s) {
		json_t *t = obj(s, "state.terminated");
		const char *wr = str(s, "state.waiting.reason");
		json_t *code = json_object_get(t, "exitCode");
		if (t && json_integer_value(code) == 0)
			continue;
		free(out);
		if (t) {
			json_t *sig = json_object_get(t, "signal");
			if (str(t, "reason") && *str(t, "reason"))
				out = xasprintf("Init:%s", str(t, "reason"));
			else if (json_integer_value(sig))
				out = xasprintf("Init:Signal:%lld", (long long)json_integer_value(sig));
			else
				out = xasprintf("Init:ExitCode:%lld", (long long)json_integer_value(code));
		} else if (wr && *wr && strcmp(wr, "PodInitializing")) {
			out = xasprintf("Init:%s", wr);
		} else {
			out = xasprintf("Init:%zu/%zu", i, n);
		}
		initializing = 1;
		break;
	}
	if (!initializing) {
		json_t *cs = obj(pod, "status.containerStatuses");
		int running = 0;
		for (size_t k = json_array_size(cs); k-- > 0;) {
			s = json_array_get(cs, k);
			const char *wr = str(s, "state.waiting.reason");
			json_t *t = obj(s, "state.terminated");
			if (wr && *wr) {
				free(out);
				out = xstrdup(wr);
			} else if (t && str(t, "reason") && *str(t, "reason")) {
				free(out);
				out = xstrdup(str(t, "reason"));
			} else if (t) {
				free(out);
				if (json_integer_value(json_object_get(t, "signal")))
					out = xasprintf("Signal:%lld", (long long)json_integer_value(json_object_get(t, "signal")));
				else
					out = xasprintf("ExitCode:%lld", (long long)json_integer_value(json_object_get(t, "exitCode")));
			} else if (obj(s, "state.running") && json_is_true(json_object_get(s, "ready"))) {
				running = 1;
			}
		}
		if (!strcmp(out, "Completed") && running) {
			free(out);
			out = xstrdup("Running");
		}
	}
	if (obj(pod, "metadata.deletionTimestamp")) {
		free(out);
		out = xstrdup("Terminating");
	}
	return out;
}

void diag_age(struct strbuf *sb, long long s)
{
	if (s < 0)
		s = 0;
	if (s < 120)
		sb_addf(sb, "%llds", s);
	else if (s < 600 && s % 60)
		sb_addf(sb, "%lldm%llds", s / 60, s % 60);
	else if (s < 3 * 3600)
		sb_addf(sb, "%lldm", s / 60);
	else if (s < 8 * 3600 && (s % 3600) / 60)
		sb_addf(sb, "%lldh%lldm", s / 3600, (s % 3600) / 60);
	else if (s < 48 * 3600)
		sb_addf(sb, "%lldh", s / 3600);
	else if (s < 8 * 86400 && (s % 86400) / 3600)
		sb_addf(sb, "%lldd%lldh", s / 86400, (s % 86400) / 3600);
	else if (s < 2 * 365 * 86400LL)
		sb_addf(sb, "%lldd", s / 86400);
	else
		sb_addf(sb, "%lldy", s / (365 * 86400LL));
}

/* sum + a status's restartCount, read from untrusted input: negative
 * counts are ignored and the sum stops at INT_MAX instead of overflowing. */
static int add_restarts(int sum, const json_t *status)
{
	json_int_t n = json_integer_value(json_object_get(status, "restartCount"));

	if (n <= 0)
		return sum;
	return n > INT_MAX - sum ? INT_MAX : sum + (int)n;
}

void podstatus_header(struct diagnosis *d, const struct diag_facts *f)
{
	size_t i;
	json_t *s;

	d->pod = f->pod_name ? xstrdup(f->pod_name) : NULL;
	for (i = 0; i < f->incomplete.n; i++)
		strlist_push(&d->incomplete, f->incomplete.v[i]);
	d->namespace = xstrdup(f->namespace ? f->namespace : "default");
	if (f->pod) {
		d->object = f->object ? xstrdup(f->object) : xasprintf("pod/%s", f->pod_name ? f->pod_name : "?");
		d->phase = xstrdup(str(f->pod, "status.phase") ? str(f->pod, "status.phase") : "Unknown");
		d->status = diag_pod_status(f->pod);
		d->total = (int)json_array_size(obj(f->pod, "spec.containers"));
		json_array_foreach(obj(f->pod, "status.containerStatuses"), i, s) {
			d->ready += json_is_true(json_object_get(s, "ready"));
			d->restarts = add_restarts(d->restarts, s);
		}
		json_array_foreach(obj(f->pod, "status.initContainerStatuses"), i, s)
			d->restarts = add_restarts(d->restarts, s);
	} else {
		d->object = xstrdup(f->object ? f->object : "?");
		d->phase = xstrdup("");
		d->status = xstrdup("NoPods");
		json_t *ow;
		json_array_foreach(f->owners, i, ow) {
			json_t *cond;
			size_t j;
			json_array_foreach(obj(ow, "status.conditions"), j, cond)
				if (str(cond, "type") && !strcmp(str(cond, "type"), "ReplicaFailure")) {
					free(d->status);
					d->status = xstrdup(str(cond, "reason") ? str(cond, "reason") : "ReplicaFailure");
				}
		}
	}
}

