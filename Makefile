# taawun: the Makefile is the pipeline.
#
#   make reports   install what is missing, build, run every stage on INPUT
#   make test      install what is missing, build, run every test
#
# The pipeline's rules and its data flow: mk/pipeline.mk.

INPUT     ?= input
OUTPUT    ?= output
WORK      ?= build/work
CATALOG   ?= input/catalog
TEMPLATES ?= templates
# LANGS empty: every language of the template set ("languages")
LANGS     ?=
PREFIX    ?= /usr/local
DESTDIR   ?=

CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS     = libcjson xlsxwriter pangocairo cairo libpng fontconfig libcurl libcrypto libqpdf glib-2.0
WARN     = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
# pkg-config is only asked once the packages are there (see the deps stamp).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
ALL_CFLAGS = $(WARN) $(CFLAGS) $(PKG_CFLAGS) -I. -MMD -MP

# Quiet by default ("  CC      file"), the commands themselves with V=1
# (as libxlsxwriter's); make -s prints neither.
ifeq ($(V),1)
Q   =
say = @:
else
Q   = @
say = @printf '  %-7s %s\n'
endif
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
say = @:
endif

B        ?= build
OBJ      = $(B)/obj
BIN      = $(B)/bin
DEPS_OK  = $(B)/.deps-build-ok
TDEPS_OK = $(B)/.deps-test-ok

# Layout (docs/architecture.md): lib/ is the library every program links,
# render/ draws reports (its own library), deliver/ sends them (its own
# library), programs/<name>.c is the thin main of build/bin/taawun-<name>.
LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(OBJ)/%.o)
LIB      = $(B)/libtaawun.a
RENDER_SRC = $(wildcard render/*.c)
RENDER_OBJ = $(RENDER_SRC:%.c=$(OBJ)/%.o)
RLIB     = $(B)/librender.a
DELIVER_SRC = $(wildcard deliver/*.c)
DELIVER_OBJ = $(DELIVER_SRC:%.c=$(OBJ)/%.o)
DLIB     = $(B)/libdeliver.a
# programs/taawun.c is the installed command: it links nothing of ours.
STAGES   = $(filter-out taawun,$(patsubst programs/%.c,%,$(wildcard programs/*.c)))
# the report formats: each renderer's name is its files' extension
RENDERERS = xlsx pdf
PROGRAMS = $(STAGES:%=$(BIN)/taawun-%)

.PHONY: propose score-propose fuzz fuzz-build all demo bench test unit-tests clean install deps test-deps help
all: $(PROGRAMS)

help:
	@sed -n '3,5p' Makefile

# ---- set-up ---------------------------------------------------------------
$(DEPS_OK): scripts/install-deps.sh scripts/packages-build.txt
	@mkdir -p $(B)
	scripts/install-deps.sh scripts/packages-build.txt
	@touch $@
$(TDEPS_OK): scripts/install-deps.sh scripts/packages-build.txt scripts/packages-test.txt
	@mkdir -p $(B)
	scripts/install-deps.sh scripts/packages-build.txt scripts/packages-test.txt
	@touch $@
deps: $(DEPS_OK)
test-deps: $(TDEPS_OK)

# ---- build ----------------------------------------------------------------
$(OBJ)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

$(RLIB): $(RENDER_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

$(DLIB): $(DELIVER_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

# a static library only brings the objects a program uses
$(BIN)/taawun-%: $(OBJ)/programs/%.o $(DLIB) $(RLIB) $(LIB)
	@mkdir -p $(BIN)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# ---- the pipeline: mk/pipeline.mk (also run alone by an installation) ----
# In a checkout the programs are built first, and the renderers use the
# project's fonts (render/fonts.conf); set FONTCONFIG_FILE to use another
# font configuration.
FONTCONFIG_FILE ?= $(CURDIR)/render/fonts.conf
RENDER_EXTS ?= $(RENDERERS)
RECIPIENTS  ?= input/delivery/recipients.json
NIGHTLY     ?= scripts/nightly.sh
include mk/pipeline.mk

.PHONY: programs
programs: $(DEPS_OK)
	@$(MAKE) --no-print-directory $(PROGRAMS)
reports email: programs
nightly: $(DEPS_OK)

# ---- demo: the full national set from synthetic data (labelled so) --------
DEMO_FACTS ?= 1000000
DEMO_FILE   = build/demo/synthetic-$(DEMO_FACTS).ndjson

$(DEMO_FILE): scripts/gen_synthetic.py $(CATALOG)/morocco-territories.csv
	@mkdir -p $(dir $@)
	/usr/bin/python3 scripts/gen_synthetic.py --facts $(DEMO_FACTS) --catalog $(CATALOG) --out $@

demo: $(DEPS_OK)
	@$(MAKE) --no-print-directory $(DEMO_FILE)
	@$(MAKE) --no-print-directory reports INPUT=$(DEMO_FILE) OUTPUT=output/demo WORK=build/demo/work

# ---- benchmark (not part of make test) --------------------------------------
bench: $(TDEPS_OK)
	bench/run.sh

# ---- tests ----------------------------------------------------------------
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BIN)/%,$(wildcard tests/unit/*.c))

$(BIN)/test_%: $(OBJ)/tests/unit/test_%.o $(DLIB) $(RLIB) $(LIB)
	@mkdir -p $(BIN)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

unit-tests: $(UNIT_TESTS)

test: $(TDEPS_OK)
	@$(MAKE) --no-print-directory all unit-tests
	@tests/run.sh

# ---- fuzzing (clang + libFuzzer; not part of `make all`) -------------------
# make fuzz FUZZ_SECONDS=600 FUZZ_JOBS=2   fuzz every harness for that long
# (fuzz/README.md).  Harnesses: fuzz/fuzz_<name>.c -> build/fuzz/fuzz_<name>.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 1
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  = $(WARN) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -I. -Irender -MMD -MP
FUZZ_LIBS    = $(shell pkg-config --libs libcjson libcrypto glib-2.0 2>/dev/null) -lm
FUZZERS      = $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BINS    = $(FUZZERS:%=$(B)/fuzz/fuzz_%)
FUZZ_OBJ     = $(patsubst %.c,$(B)/fuzz/obj/%.o,$(LIB_SRC) render/template.c)

$(B)/fuzz/obj/%.o: %.c | $(TDEPS_OK)
	@mkdir -p $(dir $@)
	$(say) FUZZCC $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(B)/fuzz/libtaawun-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

$(B)/fuzz/fuzz_%: $(B)/fuzz/obj/fuzz/fuzz_%.o $(B)/fuzz/libtaawun-fuzz.a
	$(say) FUZZLD $@
	$(Q)$(FUZZ_CC) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

-include $(shell find $(B)/fuzz/obj -name '*.d' 2>/dev/null)

fuzz-build: $(TDEPS_OK)
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz: fuzz-build
	@fuzz/run.sh -s $(FUZZ_SECONDS) -j $(FUZZ_JOBS) $(FUZZERS)

# ---- proposing facts from articles (docs/propose.md) ------------------------
# make propose ARTICLES=dir   each dir/<id>.txt -> PROPOSED/<id>.json, for review
ARTICLES ?= $(INPUT)/sources
PROPOSED ?= $(INPUT)/proposed
# (an INDEX.csv beside the articles: id, published, title, gives their
# dates).  The articles' names are data: scripts/propose.sh gets them from
# the folder, as quoted arguments; make never sees them.
propose: $(DEPS_OK)
	@$(MAKE) --no-print-directory $(BIN)/taawun-propose
	@scripts/propose.sh $(call q,$(BIN)/taawun-propose) $(call q,$(CATALOG)) $(call q,$(ARTICLES)) $(call q,$(PROPOSED))

# Scores the proposals against hand-made facts (tests/propose/score.py).
PROPOSE_ARTICLES ?= tests/propose/articles
score-propose: $(DEPS_OK)
	@$(MAKE) --no-print-directory $(BIN)/taawun-propose
	/usr/bin/python3 tests/propose/score.py --bin $(BIN)/taawun-propose --catalog $(CATALOG) --seeds $(INPUT) --articles $(PROPOSE_ARTICLES)
# The held-out sets (docs/heldout.md, heldout2.md, ...): make score-heldout,
# make score-heldout4 = make score-propose PROPOSE_ARTICLES=tests/propose/heldout4
.PHONY: score-heldout
score-heldout:
	@$(MAKE) --no-print-directory score-propose PROPOSE_ARTICLES=tests/propose/heldout
score-heldout%:
	@$(MAKE) --no-print-directory score-propose PROPOSE_ARTICLES=tests/propose/heldout$*

# ---- housekeeping ---------------------------------------------------------
clean:
	rm -rf $(B) $(OUTPUT) tests/out

# ---- the taawun command, install, uninstall, deb (README "On a server") ----
# PREFIX/bin/taawun runs the pipeline rules PREFIX/share/taawun/pipeline.mk
# on the programs of PREFIX/lib/taawun/ (programs/taawun.c).
SYSCONFDIR    ?= /etc
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR   ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR   ?= $(PREFIX)/lib/tmpfiles.d
I_BIN   = $(DESTDIR)$(PREFIX)/bin
I_LIB   = $(DESTDIR)$(PREFIX)/lib/taawun
I_SHARE = $(DESTDIR)$(PREFIX)/share/taawun
I_MAN   = $(DESTDIR)$(PREFIX)/share/man
I_DOC   = $(DESTDIR)$(PREFIX)/share/doc/taawun
I_ETC   = $(DESTDIR)$(SYSCONFDIR)/taawun
MAN_PAGES = docs/man/taawun.1 docs/man/taawun-propose.1 docs/man/taawun.conf.5 docs/man/taawun-facts.5
SEEDS   = $(wildcard input/*.json)

.PHONY: uninstall deb
all: $(BIN)/taawun
$(BIN)/taawun: $(OBJ)/programs/taawun.o
	@mkdir -p $(BIN)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) -o $@ $^

install: all
	install -d $(I_BIN) $(I_LIB) $(I_SHARE)/catalog $(I_SHARE)/templates $(I_MAN)/man1 $(I_MAN)/man5 \
	    $(I_DOC)/examples/seeds $(I_ETC) $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR)
	install -m 755 $(BIN)/taawun $(I_BIN)/
	install -m 755 $(PROGRAMS) scripts/nightly.sh $(I_LIB)/
	install -m 644 mk/pipeline.mk $(I_SHARE)/pipeline.mk
	install -m 644 render/fonts.conf $(I_SHARE)/fonts.conf
	cp -R input/catalog/. $(I_SHARE)/catalog/
	cp -R templates/. $(I_SHARE)/templates/
	install -m 644 docs/man/taawun.1 docs/man/taawun-propose.1 $(I_MAN)/man1/
	install -m 644 docs/man/taawun.conf.5 docs/man/taawun-facts.5 $(I_MAN)/man5/
	install -m 644 $(SEEDS) $(I_DOC)/examples/seeds/
	install -m 644 input/delivery/recipients.json scripts/systemd/taawun.conf $(I_DOC)/examples/
	install -m 644 docs/facts-format.md $(I_DOC)/
	sed 's|@bindir@|$(PREFIX)/bin|g' scripts/systemd/taawun-nightly.service > $(DESTDIR)$(SYSTEMDUNITDIR)/taawun-nightly.service
	install -m 644 scripts/systemd/taawun-nightly.timer $(DESTDIR)$(SYSTEMDUNITDIR)/
	install -m 644 scripts/systemd/taawun.sysusers $(DESTDIR)$(SYSUSERSDIR)/taawun.conf
	install -m 644 scripts/systemd/taawun.tmpfiles $(DESTDIR)$(TMPFILESDIR)/taawun.conf
	@# the settings are the operator's: never overwritten
	[ -e $(I_ETC)/taawun.conf ] || install -m 644 scripts/systemd/taawun.conf $(I_ETC)/taawun.conf

uninstall:
	rm -f $(I_BIN)/taawun $(I_SHARE)/pipeline.mk $(I_SHARE)/fonts.conf
	rm -f $(PROGRAMS:$(BIN)/%=$(I_LIB)/%) $(I_LIB)/nightly.sh
	rm -rf $(I_SHARE)/catalog $(I_SHARE)/templates $(I_DOC)
	rm -f $(I_MAN)/man1/taawun.1 $(I_MAN)/man1/taawun-propose.1 $(I_MAN)/man5/taawun.conf.5 $(I_MAN)/man5/taawun-facts.5
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/taawun-nightly.service $(DESTDIR)$(SYSTEMDUNITDIR)/taawun-nightly.timer
	rm -f $(DESTDIR)$(SYSUSERSDIR)/taawun.conf $(DESTDIR)$(TMPFILESDIR)/taawun.conf
	@# the settings only when they are still the shipped ones
	! cmp -s scripts/systemd/taawun.conf $(I_ETC)/taawun.conf || rm -f $(I_ETC)/taawun.conf
	-rmdir $(I_LIB) $(I_SHARE) $(I_ETC) 2>/dev/null

# The Debian package (debian/): ../taawun_VERSION_ARCH.deb
deb:
	dpkg-buildpackage -b -us -uc

# make print-VAR shows a variable (used by the tests)
print-%:
	@echo $($*)
