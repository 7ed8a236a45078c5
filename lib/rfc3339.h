/* RFC 3339 times as the Kubernetes API writes them (2024-05-01T10:00:00Z,
 * with a fraction of up to nine digits, or an offset like +02:00): one parser
 * for every reader (event times, log timestamps, credential expiry). */
#ifndef OC_RFC3339_H
#define OC_RFC3339_H
#include <stddef.h>

/* The length of the time at the start of s[0..n) (0 when there is none);
 * *sec gets the epoch seconds and *nsec the fraction, when not NULL. */
size_t rfc3339_scan(const char *s, size_t n, long long *sec, long *nsec);
/* The whole of s is one time: 0, else -1. */
int rfc3339_parse(const char *s, long long *sec, long *nsec);
/* Epoch seconds of s, 0 when s is NULL or not a time (the API's "unset"). */
long long rfc3339_seconds(const char *s);

#endif
