# taawun: the pipeline's make rules (ingest, aggregate, plan, render,
# email, nightly).  The top Makefile of a checkout includes this file after
# setting its defaults and its building rules; an installation runs it alone:
#
#   make -f /usr/share/taawun/pipeline.mk reports INPUT=... OUTPUT=... WORK=... \
#       BIN=/usr/lib/taawun CATALOG=/usr/share/taawun/catalog \
#       TEMPLATES=/usr/share/taawun/templates FONTCONFIG_FILE=/usr/share/taawun/fonts.conf
#
# from any folder.  So nothing here builds a program or names a file of a
# checkout: the programs are taken from BIN as they are.
#
# Variables: INPUT OUTPUT WORK CATALOG TEMPLATES LANGS BIN FONTCONFIG_FILE
# RENDER_EXTS RECIPIENTS MAIL_DIR MAIL_OPTS DRY_RUN FORCE NIGHTLY.
#
# Data flow (see README.md):
#   INPUT/*.json|*.ndjson --ingest--> WORK/facts.tsv, WORK/sources.json
#     --aggregate--> WORK/cube/<scope>.json, WORK/quality.json, WORK/scopes.mk, scopes.tsv
#     --plan--> WORK/plan.mk (one rule per report file of the template set)
#     --render--> OUTPUT/<scope>-<lang>.xlsx, .pdf (names: the template set's "file")

# This file, and the file make was started with (the Makefile of a
# checkout, or this one), which every pass below runs again.
PIPELINE_MK  := $(lastword $(MAKEFILE_LIST))
PIPELINE_TOP := $(firstword $(MAKEFILE_LIST))
PIPELINE_MAKE = $(MAKE) --no-print-directory -f $(PIPELINE_TOP)
# Run alone, `make -f pipeline.mk` makes the reports.
ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := reports
endif

INPUT     ?= input
OUTPUT    ?= output
WORK      ?= work
# LANGS empty: every language of the template set ("languages")
LANGS     ?=
# Every renderer BIN/taawun-<ext> makes OUTPUT/<name>.<ext>.
RENDER_EXTS ?= xlsx pdf
# Renderers see only the fonts they use (render/fonts.conf in a checkout);
# empty: the system's font configuration.
FONTCONFIG_FILE ?=

PIPELINE_GOALS = reports plan render-reports email nightly
ifneq ($(filter $(PIPELINE_GOALS) $(WORK)/%,$(MAKECMDGOALS)),)
ifeq ($(strip $(BIN)),)
$(error BIN is not set (expected the folder of the taawun-* programs, e.g. BIN=/usr/lib/taawun))
endif
ifeq ($(strip $(CATALOG)),)
$(error CATALOG is not set (expected the catalogues folder, e.g. CATALOG=/usr/share/taawun/catalog))
endif
ifeq ($(strip $(TEMPLATES)),)
$(error TEMPLATES is not set (expected a template set, e.g. TEMPLATES=/usr/share/taawun/templates))
endif
endif

.PHONY: FORCE reports plan render-reports email nightly
.DELETE_ON_ERROR:
.SECONDARY:

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
reports:
	@# temporaries only a SIGKILL can leave behind (outputs are renamed into place)
	@find $(OUTPUT) $(WORK) -name '.*.tmp[0-9]*' -delete 2>/dev/null || true
	@$(PIPELINE_MAKE) $(WORK)/scopes.mk
	@$(PIPELINE_MAKE) plan
	@$(PIPELINE_MAKE) render-reports

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
define render_report
@mkdir -p $(@D)
$(if $(FONTCONFIG_FILE),FONTCONFIG_FILE=$(FONTCONFIG_FILE)) $(BIN)/taawun-$(1) --slice $< --lang $(2) --templates $(TEMPLATES) --catalog $(CATALOG) --output $@ \
    $(if $(3),--png $(OUTPUT)/charts/$(3))
endef

render-reports: $(PLAN_FILES)
	@mkdir -p $(OUTPUT)
	@echo "reports: $(words $(PLAN_SCOPES)) scopes x $(words $(PLAN_LANGS)) languages in $(OUTPUT)/"

# (phony: with .SECONDARY a missing plain FORCE would never be "remade")
FORCE:

# ---- delivery: email the reports, nightly run (README "Delivery") -----------
MAIL_DIR   ?= $(OUTPUT)/mail
# SMTP_URL, SMTP_USER, SMTP_PASSWORD (or NETRC), MAIL_FROM come from the
# environment, never from the command line.  DRY_RUN=1 writes .eml files.
email: reports
	$(BIN)/taawun-mail --recipients $(RECIPIENTS) --output $(OUTPUT) --slices $(WORK)/cube \
	    --catalog $(CATALOG) --mail-dir $(MAIL_DIR) $(if $(filter 1,$(DRY_RUN)),--dry-run) \
	    $(if $(filter 1,$(FORCE)),--force) $(MAIL_OPTS)

# The nightly script (scripts/nightly.sh in a checkout; installed beside
# the programs): it runs `make reports` through this file again.
NIGHTLY ?= $(BIN)/nightly.sh
nightly:
	@MAKE="$(PIPELINE_MAKE)" INPUT="$(INPUT)" OUTPUT="$(OUTPUT)" WORK="$(WORK)" CATALOG="$(CATALOG)" \
	    TEMPLATES="$(TEMPLATES)" LANGS="$(LANGS)" RECIPIENTS="$(RECIPIENTS)" MAIL_DIR="$(MAIL_DIR)" \
	    BIN="$(BIN)" $(if $(B),B="$(B)") $(NIGHTLY)
