/* Shared by the libFuzzer harnesses (tests/fuzz/TARGET.c, one per target):
 * a private temporary directory, the fuzzed bytes as a string or a file,
 * a small machine tree built from the bytes, and the sandbox that keeps a
 * harness off the network and the real filesystem. */
#ifndef OC_FUZZ_H
#define OC_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Enters the sandbox (once): a network namespace of its own, and a mount
 * namespace where every mount is read-only but the harness's temporary
 * directory (a tmpfs) and where libFuzzer writes (the working directory,
 * the corpus directories, the artifact prefix). 1 when it holds; 0 when
 * the kernel refused (no user namespaces): the harnesses that could write
 * outside their tree then leave those steps out. */
int fz_sandbox(int argc, char **argv);
int fz_sandboxed(void);

/* The harness's own directory (made at the first call, removed at exit). */
const char *fz_dir(void);
/* dir/name (caller frees). */
char *fz_path(const char *name);
/* Writes the bytes to fz_dir()/name, replacing it; returns its path (caller frees). */
char *fz_write(const char *name, const void *data, size_t size);
/* The bytes as a C string, cut at the first NUL (caller frees). */
char *fz_str(const uint8_t *data, size_t size);
/* The next NUL-terminated field of the bytes (a copy; "" past the end);
 * *pos moves past it. Harnesses that take several strings read them so. */
char *fz_field(const uint8_t *data, size_t size, size_t *pos);
/* Removes everything under path (not following links), path included. */
void fz_rmtree(const char *path);

/* Builds a tree under dir (made, empty) from text of entries:
 *     == PATH           a regular file; its content is the lines up to the next entry
 *     == PATH *         the same, executable
 *     == PATH/          a directory
 *     == PATH -> TARGET a symbolic link (TARGET as written)
 * Paths are relative, of plain components (no "", ".", ".."), made without
 * ever following a link; at most 96 entries. Outside the sandbox, links
 * that point up or out (absolute, or through "..") are left out. */
void fz_tree(const char *dir, const uint8_t *data, size_t size);

/* A promise of the code under test broken (not a sanitizer's finding):
 * said where, in the sanitizers' report, then a crash libFuzzer keeps. */
#define FZ_FAIL() fz_fail(__FILE__, __LINE__)
void fz_fail(const char *file, int line) __attribute__((noreturn));

#endif
