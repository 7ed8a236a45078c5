#include "diag/kube/wording.h"
#include "lib/strbuf.h"
#include "lib/term.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *limit_text(long ms)
{
	if (ms % 3600000 == 0)
		return xasprintf("%ldh", ms / 3600000);
	if (ms % 60000 == 0)
		return xasprintf("%ldm", ms / 60000);
	if (ms % 1000 == 0)
		return xasprintf("%lds", ms / 1000);
	return xasprintf("%ldms", ms);
}

void kube_word_transfer(struct err *e, const struct kube_failure *f)
{
	const char *why = f->why, *hp = f->hostport;
	CURLcode rc = f->rc;
	char *lim;

	/* the server refusing our client certificate shows up while reading */
	if ((rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR) && (strstr(why, "SSL") || strstr(why, "alert")))
		rc = CURLE_SSL_CONNECT_ERROR;

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		if (f->oserr == ECONNREFUSED || strstr(why, "refused"))
			err_set(e, EXIT_FAIL, "The connection to the server %s was refused - did you specify "
				"the right host or port?", hp);
		else
			err_set(e, EXIT_FAIL, "Unable to connect to the server %s: %s", hp, why);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: no such host (%s)", hp, why);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: cannot resolve the proxy (%s)",
			hp, why);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		lim = limit_text(f->timeout_ms);
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: no answer to GET %s within %s "
			"(the time limit; change it with --request-timeout)", hp, f->path, lim);
		free(lim);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: TLS: %s (check the cluster's "
			"certificate-authority and tls-server-name)", hp, why);
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
		err_set(e, EXIT_FAIL, "the server %s broke off the answer to GET %s: %s", hp,
			f->path, why);
		break;
	default:
		err_set(e, EXIT_FAIL, "Unable to connect to the server %s: %s", hp, why);
	}
}

const char *kube_status_text(long s)
{
	switch (s) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}

void kube_word_http(struct kube_req *r)
{
	json_t *st = json_loadb(r->body ? r->body : "", r->len, 0, NULL);
	const char *msg = json_string_value(json_object_get(st, "message"));
	const char *reason = json_string_value(json_object_get(st, "reason"));
	struct strbuf sb = STRBUF_INIT;

	if (r->status == 401) {
		err_set(&r->err, EXIT_FAIL, "You must be logged in to the server (%s): the credentials were "
			"refused or have expired; run 'oc login' (or renew the kubeconfig's credentials) and try again",
			msg && *msg ? msg : "Unauthorized");
	} else if (msg && *msg) {
		sb_add_sanitized(&sb, msg, strlen(msg));
		/* the reason goes as it came: err_report escapes its controls, C0 and C1 */
		if (reason && *reason)
			err_set(&r->err, EXIT_FAIL, "Error from server (%s): %s", reason, sb.buf);
		else
			err_set(&r->err, EXIT_FAIL, "Error from server: %s", sb.buf);
	} else {
		/* not a Status: a proxy or an HTML page; show what came, made harmless */
		size_t n = r->len < 160 ? r->len : 160;
		char *flat = xstrndup(r->body ? r->body : "", n);
		for (char *p = flat; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		sb_add_sanitized(&sb, flat, strlen(flat));
		free(flat);
		err_set(&r->err, EXIT_FAIL, "Error from server: HTTP %ld %s for GET %s: \"%s%s\"", r->status,
			kube_status_text(r->status), r->path, sb_str(&sb), r->len > n ? "..." : "");
	}
	sb_free(&sb);
	json_decref(st);
}

