# taawun: the Makefile is the pipeline.
#
#   make reports   install what is missing, build, run every stage on INPUT
#   make test      install what is missing, build, run every test
#
# Data flow (see README.md):
#   INPUT/*.json|*.ndjson --ingest--> WORK/facts.tsv, WORK/sources.json
#     --aggregate--> WORK/cube/<scope>.json, WORK/quality.json, WORK/scopes.mk, scopes.tsv
#     --plan--> WORK/plan.mk (one rule per report file of the template set)
#     --render--> OUTPUT/<scope>-<lang>.xlsx, .pdf (names: the template set's "file")

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
PKGS     = libcjson xlsxwriter pangocairo cairo libpng fontconfig libcurl libcrypto glib-2.0
WARN     = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
# pkg-config is only asked once the packages are there (see the deps stamp).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
ALL_CFLAGS = $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Ipipeline -MMD -MP

B        ?= build
OBJ      = $(B)/obj
BIN      = $(B)/bin
DEPS_OK  = $(B)/.deps-build-ok
TDEPS_OK = $(B)/.deps-test-ok

LIB_SRC  = $(wildcard pipeline/lib/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(OBJ)/%.o)
LIB      = $(B)/libtaawun.a
# Programs: pipeline/<name>.c and render/<name>_main.c become build/bin/taawun-<name>.
STAGES   = ingest aggregate plan mail propose
RENDER_MAINS = $(wildcard render/*_main.c)
RENDERERS = $(patsubst render/%_main.c,%,$(RENDER_MAINS))
RENDER_SRC = $(filter-out $(RENDER_MAINS),$(wildcard render/*.c))
RENDER_OBJ = $(RENDER_SRC:%.c=$(OBJ)/%.o)
RLIB     = $(B)/librender.a
PROGRAMS = $(STAGES:%=$(BIN)/taawun-%) $(RENDERERS:%=$(BIN)/taawun-%)

.PHONY: propose score-propose FORCE fuzz fuzz-build all reports plan render-reports email nightly demo bench test unit-tests clean install deps test-deps help
.DELETE_ON_ERROR:
.SECONDARY:

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
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(RLIB): $(RENDER_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/taawun-%: $(OBJ)/pipeline/%.o $(LIB)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BIN)/taawun-%: $(OBJ)/render/%_main.o $(RLIB) $(LIB)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# ---- the pipeline ---------------------------------------------------------
INPUT_FILES   = $(shell find $(INPUT) -maxdepth 1 \( -name '*.json' -o -name '*.ndjson' \) 2>/dev/null) \
                $(filter-out $(INPUT),$(wildcard $(INPUT)))
CATALOG_FILES = $(wildcard $(CATALOG)/*.csv $(CATALOG)/*.json)

$(WORK)/facts.tsv: $(INPUT_FILES) $(CATALOG_FILES) $(BIN)/taawun-ingest
	@mkdir -p $(WORK)
	$(BIN)/taawun-ingest -c $(CATALOG) -o $@ -s $(WORK)/sources.json $(INPUT)

# What the template set asks of the cube (templates/README.md): its
# "hierarchy" and the scope levels it has reports for, as aggregate options.
# taawun-plan rewrites the file only when it changes, so the cube is rebuilt
# only when they really change (switching TEMPLATES included).
$(WORK)/aggregate.opts: $(BIN)/taawun-plan FORCE
	@mkdir -p $(WORK)
	@$(BIN)/taawun-plan --templates $(TEMPLATES) --write-aggregate-options $@

$(WORK)/scopes.mk: $(WORK)/facts.tsv $(CATALOG_FILES) $(BIN)/taawun-aggregate $(WORK)/aggregate.opts
	$(BIN)/taawun-aggregate -c $(CATALOG) -f $< -s $(WORK)/sources.json -o $(WORK) $$(cat $(WORK)/aggregate.opts)
	@touch $@

# Stage 3 (render) needs the scope list, which exists only after stage 2:
# taawun-plan turns it and the template set into WORK/plan.mk, one rule
# per report file, and a last make pass reads it, so that each file is a
# target of its own (make -j renders them in parallel).
reports: $(DEPS_OK)
	@$(MAKE) --no-print-directory $(PROGRAMS)
	@# temporaries only a SIGKILL can leave behind (outputs are renamed into place)
	@find $(OUTPUT) $(WORK) -name '.*.tmp[0-9]*' -delete 2>/dev/null || true
	@$(MAKE) --no-print-directory $(WORK)/scopes.mk
	@$(MAKE) --no-print-directory plan
	@$(MAKE) --no-print-directory render-reports

# Every renderer render/<ext>_main.c makes OUTPUT/<name>.<ext>.
RENDER_EXTS ?= $(RENDERERS)
plan:
	@$(BIN)/taawun-plan -q --templates $(TEMPLATES) --work $(WORK) --langs "$(LANGS)" --renderers "$(RENDER_EXTS)"

TEMPLATE_FILES = $(wildcard $(TEMPLATES)/*.json)
# What every report file depends on besides its slice and its renderer;
# plan.stamp changes when the template set or the languages do.
PLAN_DEPS = $(TEMPLATE_FILES) $(CATALOG_FILES) $(WORK)/plan.stamp
# (defined before the rules that use them are read)
ifneq ($(filter render-reports,$(MAKECMDGOALS)),)
include $(WORK)/plan.mk
endif
# The recipe of plan.mk's rules: $(1) renderer, $(2) language, $(3) the
# file's name when its charts are also written as PNG (OUTPUT/charts/, for
# the email body and a web index), else empty.
# Renderers see only the fonts they use (render/fonts.conf); set
# FONTCONFIG_FILE to use another font configuration.
FONTCONFIG_FILE ?= $(CURDIR)/render/fonts.conf

define render_report
@mkdir -p $(@D)
FONTCONFIG_FILE=$(FONTCONFIG_FILE) $(BIN)/taawun-$(1) --slice $< --lang $(2) --templates $(TEMPLATES) --catalog $(CATALOG) --output $@ \
    $(if $(3),--png $(OUTPUT)/charts/$(3))
endef

render-reports: $(PLAN_FILES)
	@mkdir -p $(OUTPUT)
	@echo "reports: $(words $(PLAN_SCOPES)) scopes x $(words $(PLAN_LANGS)) languages in $(OUTPUT)/"

# (phony: with .SECONDARY a missing plain FORCE would never be "remade")
FORCE:

# ---- delivery: email the reports, nightly run (README "Delivery") -----------
RECIPIENTS ?= input/delivery/recipients.json
MAIL_DIR   ?= $(OUTPUT)/mail
# SMTP_URL, SMTP_USER, SMTP_PASSWORD (or NETRC), MAIL_FROM come from the
# environment, never from the command line.  DRY_RUN=1 writes .eml files.
email: reports
	$(BIN)/taawun-mail --recipients $(RECIPIENTS) --output $(OUTPUT) --slices $(WORK)/cube \
	    --catalog $(CATALOG) --mail-dir $(MAIL_DIR) $(if $(filter 1,$(DRY_RUN)),--dry-run) \
	    $(if $(filter 1,$(FORCE)),--force) $(MAIL_OPTS)

nightly: $(DEPS_OK)
	@MAKE="$(MAKE)" INPUT="$(INPUT)" OUTPUT="$(OUTPUT)" WORK="$(WORK)" CATALOG="$(CATALOG)" \
	    TEMPLATES="$(TEMPLATES)" LANGS="$(LANGS)" RECIPIENTS="$(RECIPIENTS)" MAIL_DIR="$(MAIL_DIR)" \
	    BIN="$(BIN)" B="$(B)" scripts/nightly.sh

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

$(BIN)/test_%: $(OBJ)/tests/unit/test_%.o $(RLIB) $(LIB)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

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
FUZZ_CFLAGS  = $(WARN) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -Ipipeline -Irender -MMD -MP
FUZZ_LIBS    = $(shell pkg-config --libs libcjson libcrypto glib-2.0 2>/dev/null) -lm
FUZZERS      = $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BINS    = $(FUZZERS:%=$(B)/fuzz/fuzz_%)
FUZZ_OBJ     = $(patsubst %.c,$(B)/fuzz/obj/%.o,$(LIB_SRC) render/template.c)

$(B)/fuzz/obj/%.o: %.c | $(TDEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(B)/fuzz/libtaawun-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/fuzz/fuzz_%: $(B)/fuzz/obj/fuzz/fuzz_%.o $(B)/fuzz/libtaawun-fuzz.a
	$(FUZZ_CC) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

-include $(shell find $(B)/fuzz/obj -name '*.d' 2>/dev/null)

fuzz-build: $(TDEPS_OK)
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz: fuzz-build
	@fuzz/run.sh -s $(FUZZ_SECONDS) -j $(FUZZ_JOBS) $(FUZZERS)

# ---- proposing facts from articles (docs/propose.md) ------------------------
# make propose ARTICLES=dir   each dir/<id>.txt -> PROPOSED/<id>.json, for review
ARTICLES ?= $(INPUT)/sources
PROPOSED ?= $(INPUT)/proposed
PROPOSALS = $(patsubst $(ARTICLES)/%.txt,$(PROPOSED)/%.json,$(wildcard $(ARTICLES)/*.txt))

# an INDEX.csv beside the articles (id, published, title) gives their dates
PROPOSE_INDEX = $(wildcard $(ARTICLES)/INDEX.csv)
$(PROPOSED)/%.json: $(ARTICLES)/%.txt $(BIN)/taawun-propose $(wildcard $(CATALOG)/propose/*.json) $(PROPOSE_INDEX)
	@mkdir -p $(@D)
	$(BIN)/taawun-propose --catalog $(CATALOG) $(if $(PROPOSE_INDEX),--index $(PROPOSE_INDEX)) --output $@ $<

propose: $(DEPS_OK)
	@$(MAKE) --no-print-directory $(BIN)/taawun-propose
	@$(MAKE) --no-print-directory $(PROPOSALS)

# Scores the proposals against hand-made facts (tests/propose/score.py).
PROPOSE_ARTICLES ?= tests/propose/articles
score-propose: $(DEPS_OK)
	@$(MAKE) --no-print-directory $(BIN)/taawun-propose
	/usr/bin/python3 tests/propose/score.py --bin $(BIN)/taawun-propose --catalog $(CATALOG) --seeds $(INPUT) --articles $(PROPOSE_ARTICLES)

# ---- housekeeping ---------------------------------------------------------
clean:
	rm -rf $(B) $(OUTPUT) tests/out

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/taawun/catalog $(DESTDIR)$(PREFIX)/share/taawun/templates
	install -m 755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(wildcard input/catalog/*.csv input/catalog/*.json input/catalog/*.md) $(DESTDIR)$(PREFIX)/share/taawun/catalog/
	$(if $(wildcard templates/*),cp -R templates/. $(DESTDIR)$(PREFIX)/share/taawun/templates/)

# make print-VAR shows a variable (used by the tests)
print-%:
	@echo $($*)
