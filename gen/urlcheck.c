/* generate multivolume --check-url: does the web server serve the archive?
 * Our network is not the pods' network, so nothing here fails the run. */
#include "gen/generate.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
	(void)data;
	(void)ctx;
	return size * n;
}

/* HEAD first; servers that refuse it get a GET of the first byte, whose
 * Content-Range tells the size. */
static CURLcode ask(CURL *c, const char *url, int head, long *status, curl_off_t *size)
{
	CURLcode rc;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	if (head)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else
		curl_easy_setopt(c, CURLOPT_RANGE, "0-0");
	rc = curl_easy_perform(c);
	*status = 0;
	*size = -1;
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
		if (head || *status == 200)
			curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, size);
	}
	return rc;
}

/* The total size from "Content-Range: bytes 0-0/12345". */
static curl_off_t range_total(CURL *c)
{
	struct curl_header *h = NULL;
	curl_off_t total = -1;

	if (curl_easy_header(c, "Content-Range", 0, CURLH_HEADER, -1, &h) == CURLHE_OK && h && h->value) {
		const char *slash = strrchr(h->value, '/');
		if (slash && slash[1] != '*')
			sscanf(slash + 1, "%" CURL_FORMAT_CURL_OFF_T, &total);
	}
	return total;
}

void gen_check_url(const struct gen_plan *p)
{
	const char *url = p->o->image_url;
	CURL *c = curl_easy_init();
	long status = 0;
	curl_off_t size = -1;
	CURLcode rc;
	struct stat st;
	long long local = p->archive_path && stat(p->archive_path, &st) == 0 ? (long long)st.st_size : -1;

	if (!c) {
		warnf("--check-url: cannot start libcurl");
		return;
	}
	rc = ask(c, url, 1, &status, &size);
	if (rc == CURLE_OK && (status == 405 || status == 501 || status == 403 || size < 0)) {
		rc = ask(c, url, 0, &status, &size);
		if (rc == CURLE_OK && status == 206)
			size = range_total(c);
	}
	if (rc != CURLE_OK) {
		warnf("--check-url: %s is unreachable from here (%s); the pods' network may differ from ours",
		      url, curl_easy_strerror(rc));
	} else if (status != 200 && status != 206) {
		warnf("--check-url: %s answers HTTP %ld: the init container's download will fail", url, status);
	} else if (size < 0) {
		fprintf(stderr, "check-url: %s answers HTTP %ld, size unknown%s\n", url, status,
			local >= 0 ? ": cannot compare it with the local archive" : "");
	} else if (local >= 0 && (long long)size != local) {
		warnf("--check-url: %s serves %lld bytes, but %s has %lld: upload the archive again", url,
		      (long long)size, p->archive_path, local);
	} else {
		fprintf(stderr, "check-url: %s answers HTTP %ld, %lld bytes%s\n", url, status, (long long)size,
			local >= 0 ? ", the size of the local archive" : "");
	}
	curl_easy_cleanup(c);
}
