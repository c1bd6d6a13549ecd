# relun — hand-written Makefile.  configure (from configure.ac) writes config.mk
# and config.h; this file includes config.mk and runs configure when it is missing.
# Sources are found by directory, so adding a file needs no edit here:
#   lib/*.c            -> build/librelun.a
#   core/*.c           -> build/librelcore.a   (block I/O, sysfs, LUN reading and judging)
#   sg/*.c             -> build/librelunsg.a   (sg/relun-sg.c is the tool)
#   probe/*.c          -> build/librelunprobe.a (probe/relun-probe.c is the tool)
#   resign/*.c         -> build/librelunresign.a (resign/relun-resign.c is the tool)
#   tests/unit/test_*.c     -> one cmocka program each (also built with ASan+UBSan)
#   tests/fixtures/*.c      -> fixture tools used by integration tests and the demo
#   tests/fuzz/fuzz_*.c     -> libFuzzer harnesses

SHELL := /bin/bash
-include config.mk

B ?= build
# -Werror only in the project's own builds (a git checkout: CI, make check,
# developers); a user's build from the release tarball or the RPM must not
# fail on a warning a newer or older compiler adds.
WERROR ?= $(if $(wildcard .git),-Werror)
WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wno-format-nonliteral -Wvla $(WARN_CONF) $(WERROR)
OPT ?= $(if $(strip $(CFLAGS_CONF)),$(CFLAGS_CONF),-O2 -g)
BASE_CPPFLAGS := -I. -Ilib -Icore -Isg -Iprobe -Iresign -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64
DEP_CFLAGS = $(BLKID_CFLAGS) $(DEVMAPPER_CFLAGS) $(JSONC_CFLAGS)
# Each tool links only the libraries its code calls (scripts/layers checks
# relun-sg and relun-probe).  -lpthread: the judge reads devices side by side
# (core/rl_par), and dom0's glibc 2.17 keeps pthreads outside libc.
SG_LIBS = $(SGUTILS_LIBS) $(DEVMAPPER_LIBS) $(JSONC_LIBS)
PROBE_LIBS = $(SGUTILS_LIBS) $(BLKID_LIBS) $(DEVMAPPER_LIBS) $(JSONC_LIBS) -lpthread
RESIGN_LIBS = $(LVM2CMD_LIBS) $(SGUTILS_LIBS) $(BLKID_LIBS) $(DEVMAPPER_LIBS) $(JSONC_LIBS) -lpthread
# Tests, fixtures and fuzz harnesses link everything.
DEP_LIBS = $(LVM2CMD_LIBS) $(SGUTILS_LIBS) $(BLKID_LIBS) $(DEVMAPPER_LIBS) $(JSONC_LIBS) -lpthread
ALL_CFLAGS = $(BASE_CPPFLAGS) $(CPPFLAGS_CONF) -std=gnu99 $(WARN) $(OPT) $(SAN) $(DEP_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS_CONF) $(LDFLAGS)

TOOLS := relun-sg relun-probe relun-resign
tool_main = $(1)/relun-$(1).c
LIB_SRC := $(wildcard lib/*.c)
CORE_SRC := $(wildcard core/*.c)
SG_SRC := $(filter-out sg/relun-sg.c,$(wildcard sg/*.c))
PROBE_SRC := $(filter-out probe/relun-probe.c,$(wildcard probe/*.c))
RESIGN_SRC := $(filter-out resign/relun-resign.c,$(wildcard resign/*.c))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
FIXTURE_SRC := $(wildcard tests/fixtures/*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
HDRS := $(wildcard lib/*.h core/*.h sg/*.h probe/*.h resign/*.h tests/unit/*.h tests/fuzz/*.h) config.h

obj = $(patsubst %.c,$(B)/%.o,$(1))
# Archives top-down (a tool's, then core, then lib): arrows point down only,
# so one pass of the linker resolves every symbol, with no archive group.
BASE_A := $(B)/librelcore.a $(B)/librelun.a
LIBS_A := $(B)/librelunresign.a $(B)/librelunprobe.a $(B)/librelunsg.a $(BASE_A)
TOOL_BINS := $(foreach t,$(TOOLS),$(if $(wildcard $(call tool_main,$(patsubst relun-%,%,$(t)))),$(B)/$(t)))
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRC))
FIXTURE_BINS := $(patsubst tests/fixtures/%.c,$(B)/tests/fixtures/%,$(FIXTURE_SRC))

.PHONY: all check demo install clean distclean deps deps-check unit unit-asan fuzz fuzz-long integration vm bench \
	dist rpm layers
all: $(TOOL_BINS) $(FIXTURE_BINS) $(B)/relun-resign-test $(B)/tests/crash/recorder.so

# Install what the requested goal needs before configure looks for it, so a
# first `make check` on a fresh machine finds cmocka and clang.
DEPS_SET := $(if $(filter check fuzz fuzz-long unit unit-asan,$(MAKECMDGOALS)),check,$(if $(filter demo,$(MAKECMDGOALS)),demo,build))
# configure comes with the release tarball; only a git checkout makes it
# (autoreconf), and only there does install-deps fetch Debian packages.
configure: configure.ac
	autoreconf -fi >/dev/null
# Once configured, configure runs again with the arguments it was given
# (config.status --recheck), not with the defaults.
config.mk config.h: configure config.mk.in
	@if [ -e .git ]; then scripts/install-deps $(DEPS_SET); fi
	if [ -x config.status ]; then ./config.status --recheck >/dev/null && ./config.status >/dev/null; \
	else ./configure --prefix=/usr --sbindir=/usr/sbin --localstatedir=/var >/dev/null; fi
	@touch config.mk config.h

# config.mk records the optional tools it found (clang for fuzzing, cmocka
# for the unit tests): when one has appeared or gone since, configure again.
# (Once per make run: MAKE_RESTARTS is set after config.mk was remade.)
ifneq ($(wildcard config.mk),)
ifeq ($(MAKE_RESTARTS),)
TOOLS_NOW := $(firstword $(foreach c,clang clang-14 clang-15 clang-16,$(shell command -v $(c) >/dev/null 2>&1 && echo $(c)))):$(shell pkg-config --exists cmocka 2>/dev/null && echo 1 || echo 0)
ifneq ($(TOOLS_NOW),$(CLANG):$(HAVE_CMOCKA))
config.mk: FORCE
endif
endif
endif
.PHONY: FORCE
FORCE:

$(B)/%.o: %.c $(HDRS) config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

define static_lib
$(B)/$(1).a: $(call obj,$(2))
	@mkdir -p $$(dir $$@)
	rm -f $$@; ar rcs $$@ $$^
endef
$(eval $(call static_lib,librelun,$(LIB_SRC)))
$(eval $(call static_lib,librelcore,$(CORE_SRC)))
$(eval $(call static_lib,librelunsg,$(SG_SRC)))
$(eval $(call static_lib,librelunprobe,$(PROBE_SRC)))
$(eval $(call static_lib,librelunresign,$(RESIGN_SRC)))

# relun-<tool>: its main, its own archive, core, lib and its own libraries.
define tool_rule
$(B)/relun-$(1): $(B)/$(1)/relun-$(1).o $(B)/librelun$(1).a $(BASE_A)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$($(2)_LIBS)
endef
$(eval $(call tool_rule,sg,SG))
$(eval $(call tool_rule,probe,PROBE))
$(eval $(call tool_rule,resign,RESIGN))

# The test build of relun-resign: its fault injection hooks on
# (-DRELUN_TEST_HOOKS); used by the tests, never installed.
$(B)/resign/relun-resign-test.o: resign/relun-resign.c $(HDRS) config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DRELUN_TEST_HOOKS -c -o $@ $<
$(B)/relun-resign-test: $(B)/resign/relun-resign-test.o $(B)/librelunresign.a $(BASE_A)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(RESIGN_LIBS)

# The crash tier's device write recorder (LD_PRELOAD; tests/crash/README).
$(B)/tests/crash/recorder.so: tests/crash/recorder.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu99 -O2 -g -Wall -Wextra $(WERROR) -fPIC -shared -o $@ $< -ldl

$(B)/tests/fixtures/%: $(B)/tests/fixtures/%.o $(LIBS_A)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBS_A) $(DEP_LIBS)

$(B)/tests/unit/%: $(B)/tests/unit/%.o $(LIBS_A)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBS_A) $(DEP_LIBS) $(TEST_LIBS)

# cmocka may have been installed after configure ran (install-deps check).
TEST_LIBS = $(if $(strip $(CMOCKA_LIBS)),$(CMOCKA_LIBS),-lcmocka)
unit: $(UNIT_BINS)

# The same unit tests, built apart with ASan+UBSan.
unit-asan:
	$(MAKE) B=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" unit all

# libFuzzer harnesses: the product's sources built once with clang
# (-fsanitize=fuzzer-no-link) into an archive, each harness linked against it
# (and zlib: the image harnesses keep their corpus compressed).
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = $(BASE_CPPFLAGS) $(CPPFLAGS_CONF) -std=gnu99 -g -O1 $(DEP_CFLAGS) $(FUZZ_SAN)
FUZZ_DEP_SRC := $(LIB_SRC) $(CORE_SRC) $(SG_SRC) $(PROBE_SRC) $(RESIGN_SRC)
FUZZ_DEP_OBJ := $(patsubst %.c,$(B)/fuzz/obj/%.o,$(FUZZ_DEP_SRC))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRC))

$(B)/fuzz/obj/%.o: %.c $(HDRS) config.mk
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(B)/fuzz/libfuzzdeps.a: $(FUZZ_DEP_OBJ)
	rm -f $@; ar rcs $@ $^
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(B)/fuzz/libfuzzdeps.a
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(B)/fuzz/libfuzzdeps.a $(DEP_LIBS) -lz
fuzz: $(FUZZ_BINS)

# The fuzzing campaign (tests/fuzz/fuzz-long, README "Fuzzing"): every harness
# (or FUZZ_HARNESSES=fuzz_x,fuzz_y) for FUZZ_LONG_SECONDS (of wall time, or
# with FUZZ_LONG_CLOCK=cpu of each harness's own CPU time), FUZZ_LONG_JOBS at a
# time, then its corpus merged and minimized back into tests/fuzz/corpus/.
comma := ,
FUZZ_LONG_SECONDS ?= 3600
FUZZ_LONG_JOBS ?= 2
FUZZ_LONG_CLOCK ?= wall
fuzz-long: fuzz
	FUZZ_LONG_SECONDS=$(FUZZ_LONG_SECONDS) FUZZ_LONG_JOBS=$(FUZZ_LONG_JOBS) FUZZ_LONG_CLOCK=$(FUZZ_LONG_CLOCK) \
	  tests/fuzz/fuzz-long $(addprefix $(B)/fuzz/,$(subst $(comma), ,$(FUZZ_HARNESSES)))

deps-check:
	@scripts/install-deps check

# The layering check alone (tests/integration/t400-layering.sh runs it in
# make check): the include graph by layer, no include up a layer or across
# tools, relun-probe without write calls, relun-sg without liblvm2cmd.
layers: all
	@scripts/layers

# Every tier runs, or make check fails: the tools, unit programs and ASan
# build are rebuilt first (so no test sees a binary older than its sources),
# and without clang the fuzz tier is reported as failed, never skipped.
# TIERS picks tiers (default all: unit unit-asan fuzz integration vm).
TIERS ?=
check: deps-check all unit
	@$(MAKE) --no-print-directory unit-asan >/dev/null
	@if [ -n "$(CLANG)" ]; then $(MAKE) --no-print-directory fuzz >/dev/null; else \
	  echo "make check: no clang with libFuzzer (CLANG is empty in config.mk): the fuzz tier cannot be built and FAILS" >&2; fi
	@tests/run-tests $(TIERS)

demo: all
	@scripts/install-deps demo
	@scripts/demo

install: all
	install -d $(DESTDIR)$(sbindir) $(DESTDIR)$(mandir)/man8 $(DESTDIR)$(mandir)/man7
	install -m 0755 $(TOOL_BINS) $(DESTDIR)$(sbindir)/
	install -m 0644 $(wildcard man/*.8) $(DESTDIR)$(mandir)/man8/
	install -m 0644 $(wildcard man/*.7) $(DESTDIR)$(mandir)/man7/

clean:
	rm -rf build build-asan

distclean: clean
	rm -rf config.mk config.h config.log config.status configure autom4te.cache aclocal.m4 config.h.in config.h.in~
	rm -f relun-*.tar.gz relun-*.rpm

# The release tarball: the tracked files plus a generated configure and
# config.h.in, so building from it needs no autotools.
DIST := relun-$(PACKAGE_VERSION)
dist: $(DIST).tar.gz
$(DIST).tar.gz: FORCE
	@git rev-parse --git-dir >/dev/null 2>&1 || \
	  { echo "make dist: needs a git checkout (it packs the tracked files)" >&2; exit 1; }
	rm -rf $(B)/dist && mkdir -p $(B)/dist/$(DIST)
	git ls-files -z | tar --null -T - -cf - | tar -xf - -C $(B)/dist/$(DIST)
	cd $(B)/dist/$(DIST) && autoreconf -fi >/dev/null && rm -rf autom4te.cache
	tar -C $(B)/dist -czf $@ --owner=0 --group=0 --sort=name $(DIST)
	rm -rf $(B)/dist

# The RPMs (binary and source) for XenServer 8 / XCP-ng 8.x, built from the
# release tarball with relun.spec.  Here with Debian's rpm (the
# BuildRequires are CentOS names, so --nodeps): that checks the packaging; an
# RPM for a dom0 is built on a CentOS 7 / XCP-ng build host (rpmbuild -ta, or
# rpmbuild --rebuild of the source RPM), against the dom0's libraries.
RPM_TOP = $(abspath $(B))/rpm
rpm: $(DIST).tar.gz
	@if [ -e .git ]; then scripts/install-deps rpm; fi
	rm -rf $(RPM_TOP) && mkdir -p $(RPM_TOP)/SOURCES
	cp $(DIST).tar.gz $(RPM_TOP)/SOURCES/
	rpmbuild -ba --nodeps --define "_topdir $(RPM_TOP)" relun.spec \
	  >$(RPM_TOP)/rpmbuild.log 2>&1 || { tail -30 $(RPM_TOP)/rpmbuild.log; exit 1; }
	cp $(RPM_TOP)/RPMS/*/relun-$(PACKAGE_VERSION)-*.rpm $(RPM_TOP)/SRPMS/relun-*.src.rpm .
	@ls relun-$(PACKAGE_VERSION)-*.rpm
