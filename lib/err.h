/* Errors travel up as values, so library code never exits and tests can
 * look at the message; only main() prints them. */
#ifndef OC_ERR_H
#define OC_ERR_H

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the work could not be done */
	EXIT_USAGE = 2,		/* the command line is wrong */
	EXIT_FINDINGS = 3,	/* diagnose: an error-level finding */
};

struct err {
	int code;		/* exit status to use; 0 while unset */
	char msg[1024];
	char hint[512];		/* lines after the error ("Did you mean this?"), from our own tables only */
};

/* Records the first error only (the root cause); returns -1 for `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void err_clear(struct err *e);

/* The name errors and usage are printed under: "oc-leapp", "kubectl leapp" ... */
void msg_set_prog(const char *name);
const char *msg_prog(void);

/* "PROG: error: MSG" on stderr, then the hint as it is; returns the exit code. */
int err_report(const struct err *e);
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
