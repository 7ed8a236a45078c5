/* For `make dist` only: lets a binary linked on Debian 12 (glibc 2.36) start
 * on glibc 2.28 (RHEL 8, Debian 10) and every later one.
 *
 * A program linked against glibc 2.36 asks for the newest version of each
 * symbol it uses: __libc_start_main@GLIBC_2.34 (every program), pthread_*
 * and dl* @GLIBC_2.34 (moved into libc.so.6), stat and friends @GLIBC_2.33
 * (before, they were inline calls to __xstat). glibc keeps the old versions
 * of all of them for old programs, so the link (make dist adds
 * -Wl,--wrap=SYMBOL for each) sends every call through a wrapper here that
 * calls the GLIBC_2.2.5 version instead, which every glibc since 2002 has.
 * On 2.28 the pthread and dl symbols live in libpthread.so.0 and libdl.so.2:
 * the link names those libraries (they are empty on 2.34+).
 *
 * release/check-binary.sh proves the result: no symbol version above 2.28,
 * no library but glibc's. Not used by the normal build. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>

#define OLD(name, version) __asm__(".symver " #name "_old," #name "@" version)

/* ---- the program's start ----
 * glibc 2.34 changed how a program's constructors run: its crt1.o passes no
 * init function and lets __libc_start_main find them; before 2.34,
 * __libc_start_main calls the init function it is given and nothing else.
 * So this gives it one that runs _init and .init_array as __libc_csu_init
 * did (.preinit_array is run by ld.so); glibc 2.34+ calls a given init
 * function too (its "legacy program" path). Destructors are ld.so's work
 * in both. */
extern int __libc_start_main_old(int (*main)(int, char **, char **), int argc, char **argv,
				 void (*init)(int, char **, char **), void (*fini)(void),
				 void (*rtld_fini)(void), void *stack_end);
OLD(__libc_start_main, "GLIBC_2.2.5");

extern void _init(void);
extern void (*__init_array_start[])(int, char **, char **) __attribute__((visibility("hidden")));
extern void (*__init_array_end[])(int, char **, char **) __attribute__((visibility("hidden")));

static void run_constructors(int argc, char **argv, char **envp)
{
	size_t n = (size_t)(__init_array_end - __init_array_start);

	_init();
	for (size_t i = 0; i < n; i++)
		__init_array_start[i](argc, argv, envp);
}

int __wrap___libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
			     void (*init)(int, char **, char **), void (*fini)(void),
			     void (*rtld_fini)(void), void *stack_end);
int __wrap___libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
			     void (*init)(int, char **, char **), void (*fini)(void),
			     void (*rtld_fini)(void), void *stack_end)
{
	(void)init, (void)fini;
	return __libc_start_main_old(main, argc, argv, run_constructors, NULL, rtld_fini, stack_end);
}

/* ---- same calls, older versions ---- */

#define SAME(ret, name, version, params, args) \
	extern ret name##_old params; \
	OLD(name, version); \
	ret __wrap_##name params; \
	ret __wrap_##name params { return name##_old args; }

SAME(int, pthread_create, "GLIBC_2.2.5", (pthread_t *t, const pthread_attr_t *a, void *(*f)(void *), void *p), (t, a, f, p))
SAME(int, pthread_join, "GLIBC_2.2.5", (pthread_t t, void **r), (t, r))
SAME(int, pthread_detach, "GLIBC_2.2.5", (pthread_t t), (t))
SAME(int, pthread_key_create, "GLIBC_2.2.5", (pthread_key_t *k, void (*d)(void *)), (k, d))
SAME(int, pthread_key_delete, "GLIBC_2.2.5", (pthread_key_t k), (k))
SAME(void *, pthread_getspecific, "GLIBC_2.2.5", (pthread_key_t k), (k))
SAME(int, pthread_setspecific, "GLIBC_2.2.5", (pthread_key_t k, const void *v), (k, v))
SAME(int, pthread_once, "GLIBC_2.2.5", (pthread_once_t *o, void (*f)(void)), (o, f))
SAME(int, pthread_rwlock_init, "GLIBC_2.2.5", (pthread_rwlock_t *l, const pthread_rwlockattr_t *a), (l, a))
SAME(int, pthread_rwlock_destroy, "GLIBC_2.2.5", (pthread_rwlock_t *l), (l))
SAME(int, pthread_rwlock_rdlock, "GLIBC_2.2.5", (pthread_rwlock_t *l), (l))
SAME(int, pthread_rwlock_wrlock, "GLIBC_2.2.5", (pthread_rwlock_t *l), (l))
SAME(int, pthread_rwlock_unlock, "GLIBC_2.2.5", (pthread_rwlock_t *l), (l))
SAME(int, pthread_condattr_setclock, "GLIBC_2.3.3", (pthread_condattr_t *a, clockid_t c), (a, c))
SAME(int, pthread_sigmask, "GLIBC_2.2.5", (int how, const sigset_t *s, sigset_t *o), (how, s, o))
SAME(int, pthread_attr_setstacksize, "GLIBC_2.2.5", (pthread_attr_t *a, size_t n), (a, n))
SAME(void *, dlopen, "GLIBC_2.2.5", (const char *f, int flags), (f, flags))
SAME(void *, dlsym, "GLIBC_2.2.5", (void *h, const char *s), (h, s))
SAME(int, dlclose, "GLIBC_2.2.5", (void *h), (h))
SAME(char *, dlerror, "GLIBC_2.2.5", (void), ())
SAME(int, dladdr, "GLIBC_2.2.5", (const void *a, Dl_info *i), (a, i))

/* ---- stat and mknod: before 2.33 they were __xstat(VERSION, ...) ---- */

#define STAT_VER 1	/* _STAT_VER_LINUX on x86-64 */
#define MKNOD_VER 0	/* _MKNOD_VER_LINUX */

extern int __xstat_old(int, const char *, struct stat *);
extern int __lxstat_old(int, const char *, struct stat *);
extern int __fxstat_old(int, int, struct stat *);
extern int __fxstatat_old(int, int, const char *, struct stat *, int);
extern int __xmknod_old(int, const char *, mode_t, dev_t *);
OLD(__xstat, "GLIBC_2.2.5");
OLD(__lxstat, "GLIBC_2.2.5");
OLD(__fxstat, "GLIBC_2.2.5");
OLD(__fxstatat, "GLIBC_2.4");
OLD(__xmknod, "GLIBC_2.2.5");

/* struct stat64 and struct stat are one layout on x86-64 */
int __wrap_stat(const char *p, struct stat *b);
int __wrap_stat64(const char *p, struct stat *b);
int __wrap_lstat(const char *p, struct stat *b);
int __wrap_lstat64(const char *p, struct stat *b);
int __wrap_fstat(int fd, struct stat *b);
int __wrap_fstat64(int fd, struct stat *b);
int __wrap_fstatat(int dfd, const char *p, struct stat *b, int flags);
int __wrap_fstatat64(int dfd, const char *p, struct stat *b, int flags);
int __wrap_mknod(const char *p, mode_t m, dev_t d);

int __wrap_stat(const char *p, struct stat *b) { return __xstat_old(STAT_VER, p, b); }
int __wrap_stat64(const char *p, struct stat *b) { return __xstat_old(STAT_VER, p, b); }
int __wrap_lstat(const char *p, struct stat *b) { return __lxstat_old(STAT_VER, p, b); }
int __wrap_lstat64(const char *p, struct stat *b) { return __lxstat_old(STAT_VER, p, b); }
int __wrap_fstat(int fd, struct stat *b) { return __fxstat_old(STAT_VER, fd, b); }
int __wrap_fstat64(int fd, struct stat *b) { return __fxstat_old(STAT_VER, fd, b); }
int __wrap_fstatat(int dfd, const char *p, struct stat *b, int flags) { return __fxstatat_old(STAT_VER, dfd, p, b, flags); }
int __wrap_fstatat64(int dfd, const char *p, struct stat *b, int flags) { return __fxstatat_old(STAT_VER, dfd, p, b, flags); }
int __wrap_mknod(const char *p, mode_t m, dev_t d) { return __xmknod_old(MKNOD_VER, p, m, &d); }

/* ---- arc4random (glibc 2.36): the kernel's random numbers, as glibc's are ---- */

void __wrap_arc4random_buf(void *buf, size_t n);
uint32_t __wrap_arc4random(void);

void __wrap_arc4random_buf(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			abort();	/* as glibc's: no entropy is not a condition to go on in */
		}
		p += got;
		n -= (size_t)got;
	}
}

uint32_t __wrap_arc4random(void)
{
	uint32_t v;

	__wrap_arc4random_buf(&v, sizeof(v));
	return v;
}
