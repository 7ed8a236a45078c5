/* What the API server (or a proxy in front of it) answers with an error
 * status (diag/kube/wording.c), and the error line err_report prints of it
 * (lib/err.c): the line must be one line, with no control character a
 * terminal would obey (C0, DEL, C1) and nothing that is not UTF-8.
 * The first two bytes pick the HTTP status and a libcurl error. */
#include "fuzz.h"
#include "lib/strbuf.h"
#include "diag/kube/wording.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_sandbox(*argc, *argv);
	return 0;
}

/* One line of printable UTF-8. */
static void check_line(const unsigned char *s, size_t n)
{
	if (!n || s[n - 1] != '\n')
		FZ_FAIL();
	for (size_t i = 0; i + 1 < n;) {
		size_t l = s[i] < 0x80 ? 1 : (s[i] & 0xe0) == 0xc0 ? 2 : (s[i] & 0xf0) == 0xe0 ? 3
			 : (s[i] & 0xf8) == 0xf0 ? 4 : 0;
		if (!l || i + l > n - 1 || s[i] < 0x20 || s[i] == 0x7f || (s[i] == 0xc2 && s[i + 1] < 0xa0))
			FZ_FAIL();
		for (size_t k = 1; k < l; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				FZ_FAIL();
		i += l;
	}
}

/* err_report into memory instead of stderr. */
static void report(const struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len), *saved = stderr;

	stderr = mem;
	err_report(e);
	stderr = saved;
	fclose(mem);
	check_line((const unsigned char *)buf, len);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 300, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504, 599 };
	static const CURLcode codes[] = { CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST,
		CURLE_COULDNT_RESOLVE_PROXY, CURLE_OPERATION_TIMEDOUT, CURLE_PEER_FAILED_VERIFICATION,
		CURLE_SSL_CONNECT_ERROR, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE,
		CURLE_GOT_NOTHING, CURLE_TOO_MANY_REDIRECTS, CURLE_SSL_CACERT_BADFILE };
	struct kube_req r;

	if (size < 2)
		return 0;
	memset(&r, 0, sizeof(r));
	r.status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
	r.path = strdup("/api/v1/namespaces/demo/pods/leapp-web-pod");
	r.len = size - 2;
	r.body = malloc(r.len + 1);	/* the client's bodies end in a NUL */
	memcpy(r.body, data + 2, r.len);
	r.body[r.len] = '\0';
	kube_word_http(&r);
	if (!r.err.code)
		FZ_FAIL();
	report(&r.err);

	/* the transfer's own failures, with libcurl's message from the bytes */
	struct err e = { 0 };
	struct kube_failure f = { codes[data[1] % (sizeof(codes) / sizeof(codes[0]))], r.body, data[1] & 0x80 ? 111 : 0,
				  "api.example.com:6443", r.path, (long)data[0] * 997 };
	kube_word_transfer(&e, &f);
	report(&e);
	free(r.body);
	free(r.path);
	return 0;
}
