# oc-leapp: `make` builds ./oc-leapp, `make check` runs every test (also under
# AddressSanitizer and UndefinedBehaviorSanitizer), `make install` installs it.
# Sources are found by wildcard: a new .c file in cmd/, gen/, diag/ or lib/ is
# built without touching this file (diag/kube/ too: the cluster client).

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share
MANDIR   = $(DATADIR)/man
BASHCOMPDIR = $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  = $(DATADIR)/zsh/site-functions
FISHCOMPDIR = $(DATADIR)/fish/vendor_completions.d

CC      ?= cc
PKGS    := yaml-0.1 jansson libcurl libarchive libcrypto zlib
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-missing-field-initializers
DEFS    := -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64
INCS    := -I.
# Asked of pkg-config when first used, not when the Makefile is read: `make
# demo` on a clean machine installs the libraries (deps) before it compiles.
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $$(shell pkg-config --libs $(PKGS)))$(PKG_LIBS)
LDLIBS  += $(PKG_LIBS) -lreadline
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# leapp-init (init/): the static PID 1 helper that runs in the machine's
# container. Its pure parts (the unit-file reader and what it needs) are
# also built into oc-leapp, which reads a machine's enabled units, and so
# into the unit tests; the rest only into the static program.
INIT_LIB_SRC := init/rootfs.c init/unit.c init/graph.c init/execline.c init/users.c init/cond.c \
	init/tmpfiles.c init/skiplist.c init/sysvgen.c
INIT_SRC := $(sort $(wildcard init/*.c)) lib/strbuf.c lib/xalloc.c lib/err.c
INIT_OBJ := $(INIT_SRC:%.c=build/init/obj/%.o)
# Static: the machine's glibc may be 2.12. Only the archive formats and
# filters fetch asks for are pulled out of libarchive.a.
INIT_LIBS := -larchive -lzstd -llzma -lbz2 -lz -lacl -lnettle
INIT_BIN := build/init/leapp-init

CORE_SRC := $(sort $(wildcard lib/*.c gen/*.c diag/*.c diag/kube/*.c) $(INIT_LIB_SRC) $(filter-out cmd/main.c,$(wildcard cmd/*.c)))
CORE_OBJ := $(CORE_SRC:%.c=build/obj/%.o)
SAN_OBJ  := $(CORE_SRC:%.c=build/san/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/san/tests/%)

# The version: a vX.Y.Z tag when there is one, else RELEASE and the commit.
RELEASE  ?= 0.1.0
GIT_DESC := $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null)
GIT_HASH := $(shell git rev-parse --short HEAD 2>/dev/null)
VERSION  := $(if $(GIT_DESC),$(GIT_DESC:v%=%),$(RELEASE)$(if $(GIT_HASH),+g$(GIT_HASH)))

all: oc-leapp build/oc-leapp.1 $(INIT_BIN)

# The version header is rewritten only when the version changes; only the
# files that include it depend on it (their .d files say so), so a commit
# does not rebuild everything.
build/version.h: FORCE
	@mkdir -p build
	@printf '#define OC_LEAPP_VERSION "%s"\n' '$(VERSION)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

# Without the libraries, one line that says what to do instead of a thousand
# compiler errors.
build/libs-ok:
	@sh tests/deps.sh --check-build
	@mkdir -p build && touch $@

build/obj/%.o: %.c | build/version.h build/libs-ok
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

build/san/%.o: %.c | build/version.h build/libs-ok
	@mkdir -p $(dir $@)
	@echo '  CC san  $<'
	@$(CC) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) -O1 -g $(SAN) -MMD -MP -c $< -o $@

build/init/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC init $<'
	@$(CC) $(WARN) $(DEFS) -I. $(CFLAGS) -MMD -MP -c $< -o $@

$(INIT_BIN): $(INIT_OBJ)
	@echo '  LINK    $@ (static)'
	@$(CC) $(CFLAGS) -static -o $@ $^ $(INIT_LIBS)

# The same objects linked dynamically: valgrind cannot follow a static
# glibc's malloc, so the tests run this one under it.
build/init/leapp-init-dyn: $(INIT_OBJ)
	@echo '  LINK    $@'
	@$(CC) $(CFLAGS) -o $@ $^ -larchive -lnettle

# The completion scripts, built into the program (`oc-leapp completion bash`)
# as C strings: completions/oc-leapp.SHELL becomes completion_SHELL.
COMPLETIONS := completions/oc-leapp.bash completions/oc-leapp.zsh completions/oc-leapp.fish
build/completions.h: $(COMPLETIONS)
	@mkdir -p build
	@for f in $(COMPLETIONS); do \
		printf 'static const char completion_%s[] =\n' "$${f##*.}"; \
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/	/\\t/g' \
		    -e 's/^/\t"/' -e 's/$$/\\n"/' "$$f"; \
		printf '\t"";\n'; \
	done > $@.tmp && mv $@.tmp $@
build/obj/cmd/cmd-completion.o build/san/cmd/cmd-completion.o: build/completions.h

# The manual page, written by the program from its own command tables.
build/oc-leapp.1: oc-leapp
	./oc-leapp __man > $@.tmp && mv $@.tmp $@

oc-leapp: build/obj/cmd/main.o $(CORE_OBJ)
	@echo '  LINK    $@'
	@$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

# The same program built with the sanitizers; the test suites run it.
build/san/oc-leapp: build/san/cmd/main.o $(SAN_OBJ)
	@echo '  LINK    $@'
	@$(CC) $(SAN) -o $@ $^ $(LDLIBS)

build/san/tests/%: tests/unit/%.c $(SAN_OBJ)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	@$(CC) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) -O1 -g $(SAN) -o $@ $^ $(LDLIBS) -lcmocka

# The libFuzzer harnesses (tests/fuzz/TARGET.c, one per parser of untrusted
# input): clang, with the product's sources instrumented for coverage and
# built with ASan+UBSan. `make fuzz` runs each for FUZZ_SECONDS (a minute);
# the fuzz suite of make check replays the seeds and the saved crashes, then
# fuzzes each target for a few seconds.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS := $(filter-out common,$(basename $(notdir $(wildcard tests/fuzz/*.c))))
FUZZ_BIN     := $(FUZZ_TARGETS:%=build/fuzz/%)
FUZZ_OBJ     := $(patsubst %.c,build/fuzz/obj/%.o,$(filter-out cmd/%,$(CORE_SRC)) init/extract.c init/volumes.c)

# The product's sources: clang's warnings shown, not fatal (gcc's -Werror
# build is the gate); the harnesses: -Werror.
build/fuzz/obj/%.o: %.c | build/version.h build/libs-ok
	@mkdir -p $(dir $@)
	@echo '  CC fuzz $<'
	@$(FUZZ_CC) $(filter-out -Werror,$(WARN)) -Wno-string-plus-int -Wno-format-nonliteral $(DEFS) $(INCS) $(PKG_CFLAGS) -O1 -g $(FUZZ_SAN) \
		-fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

build/fuzz/obj/tests/fuzz/%.o: tests/fuzz/%.c | build/version.h build/libs-ok
	@mkdir -p $(dir $@)
	@echo '  CC fuzz $<'
	@$(FUZZ_CC) $(WARN) $(DEFS) $(INCS) -Itests/fuzz $(PKG_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

# An archive, so that each harness links only what it calls (and its
# coverage counts only that).
build/fuzz/libcore.a: $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/fuzz/%: build/fuzz/obj/tests/fuzz/%.o build/fuzz/obj/tests/fuzz/common.o build/fuzz/libcore.a
	@echo '  LINK    $@'
	@$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

build/fuzz/obj/tests/fuzz/archive.o: tests/fuzz/offline.c

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)


# The test helper (tests/tools/client.c: `client __get`, `client __collect`)
# drives the cluster client from the suites; it is never installed. The plain
# build is for measuring memory, which the sanitizers inflate.
CLIENT := build/san/tests/client build/tests/client
build/san/tests/client: tests/tools/client.c $(SAN_OBJ)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	@$(CC) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) -O1 -g $(SAN) -o $@ $^ $(LDLIBS)
build/tests/client: tests/tools/client.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	@$(CC) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Installs the Debian packages the build and the tests need, when missing
# (as root, or through sudo), and the npm schema validator (tests/deps.sh).
deps:
	@sh tests/deps.sh

# First what the tests need, in one line if something is missing (and the
# npm validator, which needs no root), then the builds, then the tests.
check:
	@sh tests/deps.sh --check
	@$(MAKE) --no-print-directory check-build
	@sh tests/run.sh $(UNIT_BIN)

check-build: oc-leapp build/san/oc-leapp $(UNIT_BIN) $(CLIENT) $(INIT_BIN) build/init/leapp-init-dyn

# Speed against the tools a user would otherwise run: every bench/*.sh
# (each starts what it needs, e.g. its own stand-in API server).
bench: oc-leapp
	@for b in bench/*.sh; do sh "$$b" || exit 1; done

# Re-generates the reviewed expected files of the golden tests.
golden-update: oc-leapp
	@sh tests/golden.sh --update ./oc-leapp

# A bundled example machine, generated in all three modes.
demo: deps
	@$(MAKE) --no-print-directory oc-leapp $(INIT_BIN)
	@sh examples/demo.sh

# kubectl-leapp and oc-leapp are the plugin (kubectl and oc find either);
# kubectl_complete-leapp and oc_complete-leapp complete `kubectl leapp <TAB>`
# (the program answers as `__complete` when started under those names).
INSTALLED := $(BINDIR)/oc-leapp $(BINDIR)/kubectl-leapp $(BINDIR)/kubectl_complete-leapp \
	$(BINDIR)/oc_complete-leapp $(BASHCOMPDIR)/oc-leapp $(BASHCOMPDIR)/kubectl-leapp \
	$(ZSHCOMPDIR)/_oc-leapp $(FISHCOMPDIR)/oc-leapp.fish $(FISHCOMPDIR)/kubectl-leapp.fish \
	$(MANDIR)/man1/oc-leapp.1 $(MANDIR)/man1/kubectl-leapp.1 $(PREFIX)/lib/oc-leapp/leapp-init

install: oc-leapp build/oc-leapp.1 $(INIT_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PREFIX)/lib/oc-leapp
	install -m 0755 oc-leapp $(DESTDIR)$(BINDIR)/oc-leapp
	install -m 0755 $(INIT_BIN) $(DESTDIR)$(PREFIX)/lib/oc-leapp/leapp-init
	ln -sf oc-leapp $(DESTDIR)$(BINDIR)/kubectl-leapp
	ln -sf oc-leapp $(DESTDIR)$(BINDIR)/kubectl_complete-leapp
	ln -sf oc-leapp $(DESTDIR)$(BINDIR)/oc_complete-leapp
	install -m 0644 completions/oc-leapp.bash $(DESTDIR)$(BASHCOMPDIR)/oc-leapp
	ln -sf oc-leapp $(DESTDIR)$(BASHCOMPDIR)/kubectl-leapp
	install -m 0644 completions/oc-leapp.zsh $(DESTDIR)$(ZSHCOMPDIR)/_oc-leapp
	install -m 0644 completions/oc-leapp.fish $(DESTDIR)$(FISHCOMPDIR)/oc-leapp.fish
	ln -sf oc-leapp.fish $(DESTDIR)$(FISHCOMPDIR)/kubectl-leapp.fish
	install -m 0644 build/oc-leapp.1 $(DESTDIR)$(MANDIR)/man1/oc-leapp.1
	ln -sf oc-leapp.1 $(DESTDIR)$(MANDIR)/man1/kubectl-leapp.1

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# The krew archive (kubectl-leapp and LICENSE) and its manifest with the
# archive's sha256 filled in: leapp.yaml is the template.
#
# kubectl-leapp there starts on any x86-64 Linux with glibc 2.28 or later and
# nothing else installed (RHEL 8 and 9, Fedora, Ubuntu, Debian 10+): every
# library is linked in statically (Debian's .a files; libcurl and libarchive
# built from Debian's sources without what Debian links only as shared
# libraries: release/static-libs.sh), glibc's symbols are bound to versions
# glibc 2.28 has (release/glibc-compat.c), and release/check-binary.sh
# refuses the result otherwise. On glibc before 2.34 the pthread and dl
# functions are in libpthread.so.0 and libdl.so.2 (empty since): named here
# by file, as 2.34+ has no libpthread.so for -lpthread to find.
DIST_OS   := linux
DIST_ARCH := $(shell uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')
DIST_NAME := kubectl-leapp_v$(RELEASE)_$(DIST_OS)_$(DIST_ARCH)
DISTDIR   ?= dist
OC_LEAPP_CACHE ?= $(HOME)/.cache/oc-leapp
OC_LEAPP_STATIC_CACHE ?= $(OC_LEAPP_CACHE)/static
DIST_GLIBC := 2.28
DIST_WRAP := __libc_start_main pthread_create pthread_join pthread_detach pthread_key_create \
	pthread_key_delete pthread_getspecific pthread_setspecific pthread_once pthread_rwlock_init \
	pthread_rwlock_destroy pthread_rwlock_rdlock pthread_rwlock_wrlock pthread_rwlock_unlock \
	pthread_condattr_setclock pthread_sigmask pthread_attr_setstacksize dlopen dlsym dlclose dlerror \
	dladdr stat stat64 lstat lstat64 fstat fstat64 fstatat fstatat64 mknod arc4random arc4random_buf
DIST_PC   = PKG_CONFIG_PATH=$(OC_LEAPP_STATIC_CACHE)/curl/lib/pkgconfig:$(OC_LEAPP_STATIC_CACHE)/libarchive/lib/pkgconfig
DIST_LIBS = $(filter-out -ldl -lpthread -pthread -lrt,$(shell $(DIST_PC) pkg-config --static --libs libcurl libarchive yaml-0.1 jansson libcrypto)) \
	-lreadline -ltinfo

build/dist/static-libs: FORCE
	@sh tests/deps.sh --check-dist
	@sh release/static-libs.sh "$(OC_LEAPP_STATIC_CACHE)"

build/dist/glibc-compat.o: release/glibc-compat.c
	@mkdir -p $(dir $@)
	@$(CC) -O2 -fno-stack-protector -c $< -o $@

build/dist/kubectl-leapp: build/obj/cmd/main.o $(CORE_OBJ) build/dist/glibc-compat.o build/dist/static-libs
	@echo '  LINK    $@ (static but for glibc)'
	@$(CC) $(CFLAGS) -o $@ build/obj/cmd/main.o $(CORE_OBJ) build/dist/glibc-compat.o -static-libgcc \
		$(DIST_WRAP:%=-Wl,--wrap=%) -Wl,-Bstatic $(DIST_LIBS) \
		-Wl,-Bdynamic -Wl,--no-as-needed -l:libpthread.so.0 -l:libdl.so.2 -Wl,--as-needed
	@strip $@
	@sh release/check-binary.sh $@ $(DIST_GLIBC)

# The archive's layout is an install's (bin/, lib/oc-leapp/): generate finds
# leapp-init beside the program it runs as, through krew's links too.
dist: build/dist/kubectl-leapp $(INIT_BIN) LICENSE leapp.yaml
	@rm -rf build/dist/pkg && mkdir -p build/dist/pkg/bin build/dist/pkg/lib/oc-leapp $(DISTDIR)
	cp build/dist/kubectl-leapp build/dist/pkg/bin/kubectl-leapp
	cp $(INIT_BIN) build/dist/pkg/lib/oc-leapp/leapp-init
	cp LICENSE build/dist/pkg/LICENSE
	tar -C build/dist/pkg --owner=0 --group=0 --numeric-owner -czf $(DISTDIR)/$(DIST_NAME).tar.gz \
		bin/kubectl-leapp lib/oc-leapp/leapp-init LICENSE
	@# only the placeholders' own lines: the comments above them name them too
	sed -e '/^ *#/!s/@VERSION@/v$(RELEASE)/g' -e '/^ *#/!s/@OS@/$(DIST_OS)/g' -e '/^ *#/!s/@ARCH@/$(DIST_ARCH)/g' \
	    -e "/^ *#/!s/@SHA256@/$$(sha256sum $(DISTDIR)/$(DIST_NAME).tar.gz | cut -d' ' -f1)/" leapp.yaml > $(DISTDIR)/leapp.yaml

clean:
	rm -rf build oc-leapp dist

.PHONY: all deps check check-build fuzz fuzz-build bench golden-update demo install uninstall dist clean FORCE
.SECONDARY:

-include $(shell find build -name '*.d' 2>/dev/null)
