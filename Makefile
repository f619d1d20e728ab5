# SPDX-License-Identifier: GPL-2.0
#
# khsm: build the kernel module and the userspace parts.
#
#   make            module + libhsm + khsm tool + tests
#   make check      install what is missing, build, run every test
#   make demo       install what is missing, build, show khsm in a guest
#   make bench      build, then the comparative benchmark in a guest
#                   (tools/bench/run; results in build/bench/results.md)
#   make crash-long the crash test with 300 power cuts (CUTS=N)
#   make install    install module, library, headers, tool, udev rule,
#                   systemd unit (khsm.service),
#                   PKCS#11 module and its p11-kit registration
#
# The module is built for Debian's linux-image-amd64 kernel (tools/kver),
# not for whatever kernel the build host runs.

TOP	:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
B	:= $(TOP)/build
KVER	 = $(shell $(TOP)/tools/kver)
KDIR	 = /lib/modules/$(KVER)/build
KSRC	?= /usr/src/linux-source-6.1

PREFIX	?= /usr/local
LIBDIR	?= $(PREFIX)/lib
INCDIR	?= $(PREFIX)/include
BINDIR	?= $(PREFIX)/bin
UDEVDIR	?= /etc/udev/rules.d
P11KITDIR ?= /usr/share/p11-kit/modules
UNITDIR	?= /etc/systemd/system
KHSM_GROUP ?= khsm

CC	:= gcc
CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wformat=2 \
	   -D_FORTIFY_SOURCE=2 -I$(TOP)/uapi -I$(TOP)/libhsm/include
SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
# The 6.1 harness header does not build cleanly with -Wextra.
HARNESS	:= -isystem $(KSRC)/tools/testing/selftests

LIBHSM_SRCS := $(wildcard $(TOP)/libhsm/*.c)
CLI_SRCS    := $(wildcard $(TOP)/tools/cli/*.c)
CHECK_LIB   := $(TOP)/kmod/crypto/test/check.c
CHECK_INC   := -I$(TOP)/kmod/crypto/test
WYCHEPROOF_LIB := $(TOP)/kmod/crypto/test/wycheproof.c
SELFTESTS   := $(basename $(notdir $(wildcard $(TOP)/selftests/*_test.c)))
LIBHSM_TESTS := $(basename $(notdir $(wildcard $(TOP)/libhsm/test/test_*.c)))
P11_SRCS    := $(wildcard $(TOP)/pkcs11/*.c)
P11_DEPS    := $(P11_SRCS) $(wildcard $(TOP)/pkcs11/*.h) $(LIBHSM_SRCS) \
	       $(TOP)/libhsm/include/hsm.h $(TOP)/libhsm/include/hsm_batch.h \
	       $(TOP)/libhsm/internal.h \
	       $(TOP)/pkcs11/khsm-pkcs11.map $(TOP)/uapi/linux/khsm.h
BENCH_SRCS  := $(filter-out %/find_objects.c,$(wildcard $(TOP)/tools/bench/*.c))
# The benchmark links the arithmetic core (RSA, EC) as the native tests do.
BENCH_CORE  := $(wildcard $(TOP)/kmod/crypto/bn*.c $(TOP)/kmod/crypto/rsa*.c \
		 $(TOP)/kmod/crypto/ec*.c) $(TOP)/kmod/crypto/test/shim_user.c
# The io_uring column needs libhsm's batch API (hsm_batch.h, liburing).
BENCH_URING := $(if $(wildcard $(TOP)/libhsm/include/hsm_batch.h),\
		 -DKHSM_BENCH_URING -luring)
P11_CFLAGS  := $(shell pkg-config --cflags p11-kit-1 2>/dev/null || \
		 echo -I/usr/include/p11-kit-1) -I$(TOP)/libhsm
# The module carries its own copy of libhsm, so it loads from anywhere.
P11_LINK    := -fPIC -fvisibility=hidden -shared -Wl,-z,defs \
	       -Wl,--version-script=$(TOP)/pkcs11/khsm-pkcs11.map \
	       $(P11_SRCS) $(LIBHSM_SRCS) -luring -lcrypto -lpthread

all: module oracle userspace

module:
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 KCFLAGS=-Werror modules

# A module that warns on load, built apart so it is never installed: the
# check that the guest runner fails on kernel warnings uses it.
oracle:
	$(MAKE) -C $(KDIR) M=$(TOP)/selftests/oracle modules

userspace: $(B)/libhsm.so.0 $(B)/khsm \
	$(addprefix $(B)/selftests/,$(SELFTESTS)) \
	$(addprefix $(B)/san/libhsm_,$(LIBHSM_TESTS)) \
	$(B)/khsm-pkcs11.so $(B)/san/khsm-pkcs11.so \
	$(B)/san/pkcs11_test_tables $(B)/san/pkcs11_test_nodev \
	$(B)/san/test_pkcs11 $(B)/test_pkcs11 \
	$(B)/khsm.module $(B)/khsm-bench $(B)/bench_find_objects \
	$(B)/persist-crashloop

$(B)/libhsm.so.0: $(LIBHSM_SRCS) $(wildcard $(TOP)/libhsm/*.h) \
		  $(TOP)/libhsm/include/hsm.h $(TOP)/libhsm/include/hsm_batch.h \
		  $(TOP)/libhsm/libhsm.map \
		  $(TOP)/uapi/linux/khsm.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -fvisibility=hidden -shared \
		-Wl,-soname,libhsm.so.0 \
		-Wl,--version-script=$(TOP)/libhsm/libhsm.map \
		-o $@ $(LIBHSM_SRCS) -luring
	ln -sf libhsm.so.0 $(B)/libhsm.so

$(B)/khsm: $(CLI_SRCS) $(TOP)/tools/cli/cli.h $(B)/libhsm.so.0 \
	   $(TOP)/libhsm/include/hsm_batch.h
	$(CC) $(CFLAGS) -o $@ $(CLI_SRCS) -L$(B) -lhsm -lcrypto \
		-Wl,-rpath,'$$ORIGIN'

# The guest side of the crash test (tools/persist).
$(B)/persist-crashloop: $(TOP)/tools/persist/crashloop.c $(B)/libhsm.so.0
	$(CC) $(CFLAGS) -o $@ $< -L$(B) -lhsm -Wl,-rpath,'$$ORIGIN'

# Selftests read Wycheproof vectors in place and check with OpenSSL.
$(B)/selftests/%: $(TOP)/selftests/%.c $(wildcard $(TOP)/selftests/*.h) \
		  $(TOP)/uapi/linux/khsm.h $(WYCHEPROOF_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(HARNESS) $(CHECK_INC) -o $@ $< $(WYCHEPROOF_LIB) \
		-lcrypto -ljansson -luring -lpthread

# libhsm's unit tests, compiled together with its sources under ASan/UBSan.
$(B)/san/libhsm_%: $(TOP)/libhsm/test/%.c $(LIBHSM_SRCS) $(CHECK_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) $(CHECK_INC) -I$(TOP)/libhsm -o $@ $< \
		$(LIBHSM_SRCS) $(CHECK_LIB) -luring -lcrypto -lpthread

# The PKCS#11 module, and a second build under ASan/UBSan for the tests.
$(B)/khsm-pkcs11.so: $(P11_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(P11_CFLAGS) -o $@ $(P11_LINK)

$(B)/san/khsm-pkcs11.so: $(P11_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) $(P11_CFLAGS) -o $@ $(P11_LINK)

# Native tests (tables, no device), compiled with the module's sources.
$(B)/san/pkcs11_test_%: $(TOP)/pkcs11/test/test_%.c $(P11_DEPS) $(CHECK_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) $(P11_CFLAGS) $(CHECK_INC) -I$(TOP)/pkcs11 \
		-o $@ $< $(P11_SRCS) $(LIBHSM_SRCS) $(CHECK_LIB) -lcrypto \
		-lpthread -luring

# The black-box test: dlopen()s a module, checks it with OpenSSL.
$(B)/test_pkcs11: $(TOP)/pkcs11/test/test_pkcs11.c $(CHECK_LIB)
	$(CC) $(CFLAGS) $(P11_CFLAGS) $(CHECK_INC) -o $@ $< $(CHECK_LIB) \
		-lcrypto -ldl -lpthread

$(B)/san/test_pkcs11: $(TOP)/pkcs11/test/test_pkcs11.c $(CHECK_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) $(P11_CFLAGS) $(CHECK_INC) -o $@ $< \
		$(CHECK_LIB) -lcrypto -ldl -lpthread

# The comparative benchmark (tools/bench/run runs it in a guest).
$(B)/khsm-bench: $(BENCH_SRCS) $(wildcard $(TOP)/tools/bench/*.h) \
		 $(BENCH_CORE) $(B)/libhsm.so.0 $(TOP)/libhsm/include/hsm.h \
		 $(TOP)/uapi/linux/khsm.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(P11_CFLAGS) -Wno-unused-parameter -D_GNU_SOURCE \
		-I$(TOP)/kmod/crypto -I$(TOP)/kmod/crypto/test -o $@ \
		$(BENCH_SRCS) $(BENCH_CORE) -L$(B) -lhsm -Wl,-rpath,'$$ORIGIN' \
		-lcrypto -lkeyutils -ldl -lpthread $(BENCH_URING)

bench: all
	@$(TOP)/tools/bench/run

# Benchmark of C_FindObjects on a token of 10,000 objects (make bench-find).
$(B)/bench_find_objects: $(TOP)/tools/bench/find_objects.c \
			 $(TOP)/uapi/linux/khsm.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(P11_CFLAGS) -o $@ $< -ldl

$(B)/khsm.module: $(TOP)/pkcs11/khsm.module.in
	sed 's|@LIBDIR@|$(LIBDIR)|' $< >$@

deps:
	@$(TOP)/tools/deps

check: deps
	@$(MAKE) --no-print-directory -s all >$(B).log 2>&1 || \
		{ cat $(B).log; echo "0 passed, 1 failed"; exit 1; }
	@$(TOP)/tools/check

demo: deps
	@$(MAKE) --no-print-directory -s all >$(B).log 2>&1 || \
		{ cat $(B).log; exit 1; }
	@$(TOP)/tools/vm --timeout 300 -- tools/demo

# Not a test: prints the figures (in the guest, like every kernel run).
bench-find: deps
	@$(MAKE) --no-print-directory -s module userspace >$(B).log 2>&1 || \
		{ cat $(B).log; exit 1; }
	@$(TOP)/tools/vm --timeout 1800 -- sh -c 'insmod kmod/khsm.ko && \
		$(B)/bench_find_objects $(B)/khsm-pkcs11.so; \
		rc=$$?; rmmod khsm; exit $$rc'

install: all
	$(MAKE) -C $(KDIR) M=$(TOP) INSTALL_MOD_DIR=extra \
		INSTALL_MOD_PATH=$(DESTDIR) modules_install
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/linux \
		$(DESTDIR)$(BINDIR) $(DESTDIR)$(UDEVDIR)
	install -m 0755 $(B)/libhsm.so.0 $(DESTDIR)$(LIBDIR)/
	install -d $(DESTDIR)$(LIBDIR)/pkcs11 $(DESTDIR)$(P11KITDIR)
	install -m 0755 $(B)/khsm-pkcs11.so $(DESTDIR)$(LIBDIR)/pkcs11/
	install -m 0644 $(B)/khsm.module $(DESTDIR)$(P11KITDIR)/khsm.module
	ln -sf libhsm.so.0 $(DESTDIR)$(LIBDIR)/libhsm.so
	install -m 0644 $(TOP)/libhsm/include/hsm.h \
		$(TOP)/libhsm/include/hsm_batch.h $(DESTDIR)$(INCDIR)/
	install -m 0644 $(TOP)/uapi/linux/khsm.h $(DESTDIR)$(INCDIR)/linux/
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCDIR@|$(INCDIR)|' $(TOP)/libhsm/libhsm.pc.in \
		>$(DESTDIR)$(LIBDIR)/pkgconfig/libhsm.pc
	$(CC) $(CFLAGS) -o $(DESTDIR)$(BINDIR)/khsm $(CLI_SRCS) \
		-L$(DESTDIR)$(LIBDIR) -lhsm -lcrypto
	sed 's/@KHSM_GROUP@/$(KHSM_GROUP)/' $(TOP)/tools/60-khsm.rules.in \
		>$(DESTDIR)$(UDEVDIR)/60-khsm.rules
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@BINDIR@|$(BINDIR)|' $(TOP)/tools/khsm.service.in \
		>$(DESTDIR)$(UNITDIR)/khsm.service
	-ldconfig

# The crash test with many more power cuts than make check's 50.
crash-long: all
	@$(TOP)/tools/persist/crash $${CUTS:-300} 2

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean
	-$(MAKE) -C $(KDIR) M=$(TOP)/selftests/oracle clean
	rm -rf $(B) $(B).log

.PHONY: all module oracle userspace deps check demo bench bench-find \
	install clean crash-long
