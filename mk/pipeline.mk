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
# Goals: reports, email (reports, then taawun-mail), nightly (NIGHTLY, the
# nightly script).  Variables: INPUT OUTPUT WORK CATALOG TEMPLATES LANGS BIN
# FONTCONFIG_FILE RENDER_EXTS RECIPIENTS MAIL_DIR MAIL_OPTS DRY_RUN FORCE
# NIGHTLY LOCK_WAIT.
#
# Data flow (see README.md):
#   INPUT/*.json|*.ndjson --ingest--> WORK/facts.tsv, WORK/sources.json
#     --aggregate--> WORK/cube/<scope>.json, WORK/quality.json, WORK/scopes.mk, scopes.tsv
#     --plan--> WORK/plan.mk (one rule per report file of the template set)
#     --render--> OUTPUT/<scope>-<lang>.xlsx, .pdf (names: the template set's "file")
#
# File names.  make never sees a name that comes from the data or from the
# command line: INPUT, OUTPUT and WORK may hold spaces, quotes, '$' or ';'
# and the input files any name.  A run works in two layers:
#   - the goals below run one shell script each, in the caller's folder, with
#     every path single-quoted (the q function); it takes the lock on WORK,
#     lists the inputs (taawun-ingest --scan: WORK/inputs.manifest, names,
#     sizes and SHA-256, rewritten only when it changes) and sums the
#     catalogues and templates the same way (WORK/catalog.sum, templates.sum);
#   - the stages are make rules run by a second make inside WORK (make -C
#     WORK, the "stage" part at the end of this file), whose targets and
#     prerequisites are fixed names there: facts.tsv depends on
#     inputs.manifest, catalog.sum and bin/taawun-ingest; the reports are
#     out/<name> (WORK/out and WORK/bin are links to OUTPUT and BIN).
# So reports follow the inputs' contents, not their times: switching INPUT
# to older files, or deleting one, rebuilds what it changes.

# This file (the stages' make runs it alone), and the file make was started
# with (the Makefile of a checkout, or this one: the nightly script's make).
PIPELINE_MK  := $(lastword $(MAKEFILE_LIST))
PIPELINE_TOP := $(firstword $(MAKEFILE_LIST))
# Run alone, `make -f pipeline.mk` makes the reports.
ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := reports
endif

# $(call q,TEXT): TEXT as one single-quoted shell word, whatever it holds.
q = '$(subst ','\'',$(1))'

.PHONY: FORCE reports email nightly render-reports
.DELETE_ON_ERROR:
.SECONDARY:
# (phony: with .SECONDARY a missing plain FORCE would never be "remade")
FORCE:

ifndef P_WORK
# ==== the goals (in the caller's folder) ====================================
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
# Seconds a run waits for another run on the same WORK before it gives up
# (exit 75); 0: it gives up at once.
LOCK_WAIT ?= 3600

ifneq ($(filter reports email nightly,$(MAKECMDGOALS) $(.DEFAULT_GOAL)),)
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

# The start of every goal's script: the paths, made absolute (the stages
# run inside WORK), and WORK created.
define start_sh
abs() { case $$1 in /*) printf '%s\n' "$$1" ;; *) printf '%s/%s\n' "$$PWD" "$$1" ;; esac; }; \
in=$(call q,$(INPUT)); \
out=$$(abs $(call q,$(OUTPUT))); work=$$(abs $(call q,$(WORK))); bin=$$(abs $(call q,$(BIN))); \
cat=$$(abs $(call q,$(CATALOG))); tpl=$$(abs $(call q,$(TEMPLATES))); mk=$$(abs $(call q,$(PIPELINE_MK))); \
fc=$(call q,$(FONTCONFIG_FILE)); [ -z "$$fc" ] || fc=$$(abs "$$fc"); \
mkdir -p "$$work" || exit 3
endef

# One run at a time on a WORK: a lock on the WORK folder itself (flock).
# A run started while another holds it waits LOCK_WAIT seconds, then exits
# 75 (EX_TEMPFAIL) having done nothing.  A nightly run takes it for its
# whole length and says so in TAAWUN_LOCKED_WORK, so that its own
# `make reports` does not wait for it.
define lock_sh
if [ "$${TAAWUN_LOCKED_WORK:-}" != "$$work" ]; then \
    exec 9< "$$work" || exit 3; \
    if ! flock -n 9; then \
        if [ $(call q,$(LOCK_WAIT)) = 0 ] || { \
            echo "taawun: another run holds $$work; waiting for it (at most $(LOCK_WAIT) s)" >&2; \
            ! flock -w $(call q,$(LOCK_WAIT)) 9; }; then \
            echo "taawun: another run holds $$work; this one exits without doing anything" >&2; exit 75; fi; \
    fi; \
    export TAAWUN_LOCKED_WORK="$$work"; \
fi
endef

# Temporaries only a SIGKILL can leave behind (outputs are written to a
# temporary and renamed into place): exactly the writers' names,
# .<name>.tmp-XXXXXX (lib/atomic.c), only in the folders the pipeline
# writes, not below them.
SWEEP_RE = .*/\.[^/]+\.tmp-[A-Za-z0-9]{6}
define sweep_sh
for d in "$$out" "$$out/charts" "$$work" "$$work/cube"; do \
    [ ! -d "$$d" ] || find "$$d" -maxdepth 1 -type f -regextype posix-extended -regex $(call q,$(SWEEP_RE)) -delete; \
done
endef

# The report files a plan names (WORK/plan.mk), one a line: name and scope.
define plan_files_sh
plan_files() { sed -n 's/^[$$](OUTPUT)\/\([^ :]*\): [$$](WORK)\/cube\/\([^ ]*\)\.json .*/\1 \2/p' "$$1" 2>/dev/null; }
endef

# What the sub-make inside WORK is told: the paths, as values only.
STAGE_MAKE = $(MAKE) --no-print-directory -C "$$work" -f "$$mk" P_WORK="$$work" P_OUTPUT="$$out" \
    P_BIN="$$bin" P_CATALOG="$$cat" P_TEMPLATES="$$tpl" P_FC="$$fc"

# The reports, once the lock is held.
define reports_sh
$(sweep_sh); \
$(plan_files_sh); \
if_changed() { if cmp -s "$$1" "$$2"; then rm -f "$$1"; else mv -f "$$1" "$$2"; fi; }; \
link() { [ "$$(readlink "$$2")" = "$$1" ] || ln -sfn "$$1" "$$2"; }; \
sum_dir() { \
    t=$$(mktemp "$$work/.$$1.tmp-XXXXXX") || exit 3; \
    { [ ! -d "$$2" ] || (cd "$$2" && find . -maxdepth 1 -type f \( -name '*.json' -o -name '*.csv' \) -print0 | \
        LC_ALL=C sort -z | xargs -0r sha256sum --); } > "$$t" || { rm -f "$$t"; exit 3; }; \
    if_changed "$$t" "$$work/$$1" || exit 3; \
}; \
if [ -e "$$in" ] || [ -L "$$in" ]; then set -- "$$in"; else set -f; set -- $$in; set +f; fi; \
if [ $$# -eq 0 ]; then echo "taawun: INPUT is empty (expected a folder of *.json and *.ndjson files, or such files)" >&2; exit 2; fi; \
"$$bin/taawun-ingest" --scan "$$work/inputs.manifest" -- "$$@" || exit $$?; \
t=$$(mktemp "$$work/.inputs.args.tmp-XXXXXX") || exit 3; \
for a in "$$@"; do abs "$$a"; done | tr '\n' '\0' > "$$t" && if_changed "$$t" "$$work/inputs.args" || exit 3; \
sum_dir catalog.sum "$$cat"; sum_dir templates.sum "$$tpl"; \
link "$$bin" "$$work/bin" || exit 3; \
"$$bin/taawun-plan" --templates "$$tpl" --write-aggregate-options "$$work/aggregate.opts" || exit $$?; \
$(STAGE_MAKE) scopes.mk || exit $$?; \
old=$$(plan_files "$$work/plan.mk"); old_out=$$(readlink "$$work/out" || true); \
"$$bin/taawun-plan" -q --templates "$$tpl" --work "$$work" --langs $(call q,$(LANGS)) \
    --renderers $(call q,$(RENDER_EXTS)) || exit $$?; \
scopes=" $$(tail -n +2 "$$work/scopes.tsv" | cut -f1 | tr '\n' ' ')"; \
if [ "$$old_out" = "$$out" ]; then \
    printf '%s\n' "$$old" | while read -r f s; do \
        [ -n "$$f" ] || continue; case "$$scopes" in *" $$s "*) continue ;; esac; \
        [ -e "$$out/$$f" ] && echo "taawun: $$f: removed (scope $$s has no data in this run)" >&2; \
        rm -f -- "$$out/$$f"; \
        for p in "$$out/charts/$${f%.*}"-*.png; do \
            n=$${p##*-}; case $${n%.png} in ''|*[!0-9]*) ;; *) rm -f -- "$$p" ;; esac; \
        done; \
    done; \
fi; \
mkdir -p "$$out" && link "$$out" "$$work/out" || exit 3; \
$(STAGE_MAKE) render-reports || exit $$?
endef

reports:
	@$(start_sh); $(lock_sh); $(reports_sh)

# ---- delivery: email the reports, nightly run (README "Delivery") -----------
MAIL_DIR   ?= $(OUTPUT)/mail
# SMTP_URL, SMTP_USER, SMTP_PASSWORD (or NETRC), MAIL_FROM come from the
# environment, never from the command line.  DRY_RUN=1 writes .eml files.
# The reports are made and mailed under one lock.
email:
	@$(start_sh); $(lock_sh); $(reports_sh); \
	"$$bin/taawun-mail" --recipients $(call q,$(RECIPIENTS)) --output "$$out" --slices "$$work/cube" \
	    --catalog "$$cat" --templates "$$tpl" --mail-dir $(call q,$(MAIL_DIR)) $(if $(filter 1,$(DRY_RUN)),--dry-run) \
	    $(if $(filter 1,$(FORCE)),--force) $(MAIL_OPTS)

# The nightly script (scripts/nightly.sh in a checkout; installed beside
# the programs): it takes the lock on WORK and runs `make reports` through
# this file again.
NIGHTLY ?= $(BIN)/nightly.sh
nightly:
	@MAKE=$(call q,$(MAKE)) PIPELINE_MAKEFILE=$(call q,$(PIPELINE_TOP)) INPUT=$(call q,$(INPUT)) OUTPUT=$(call q,$(OUTPUT)) WORK=$(call q,$(WORK)) \
	    CATALOG=$(call q,$(CATALOG)) TEMPLATES=$(call q,$(TEMPLATES)) LANGS=$(call q,$(LANGS)) \
	    RECIPIENTS=$(call q,$(RECIPIENTS)) MAIL_DIR=$(call q,$(MAIL_DIR)) BIN=$(call q,$(BIN)) \
	    $(if $(B),B=$(call q,$(B))) $(call q,$(NIGHTLY))

else
# ==== the stages (a make inside WORK: fixed names only) =====================
# P_WORK P_OUTPUT P_BIN P_CATALOG P_TEMPLATES P_FC: absolute paths, used
# only quoted, in recipes.  plan.mk's rules name $(OUTPUT)/, $(WORK)/ and
# $(BIN)/: here the links out and bin, and WORK itself.
override OUTPUT := out
override WORK := .
override BIN := bin
W = $(call q,$(P_WORK))

# Ingest reads the inputs the goal's script listed (inputs.args: absolute
# paths, NUL-separated, any characters), after `--`.
facts.tsv: SHELL := /bin/bash
facts.tsv: inputs.manifest catalog.sum bin/taawun-ingest
	@mapfile -d '' -t inputs < inputs.args && \
	$(call q,$(P_BIN))/taawun-ingest -c $(call q,$(P_CATALOG)) -o $(W)/facts.tsv -s $(W)/sources.json -- "$${inputs[@]}"

# Slices of scopes that have no data now go (cube/ is the pipeline's own
# folder; codes are plain, see taawun-plan), so nothing reads them again.
scopes.mk: facts.tsv catalog.sum bin/taawun-aggregate aggregate.opts
	$(call q,$(P_BIN))/taawun-aggregate -c $(call q,$(P_CATALOG)) -f $(W)/facts.tsv -s $(W)/sources.json -o $(W) $$(cat aggregate.opts)
	@codes=" $$(tail -n +2 scopes.tsv | cut -f1 | tr '\n' ' ')"; \
	for f in cube/*.json; do \
	    c=$${f#cube/}; c=$${c%.json}; \
	    case "$$codes" in *" $$c "*) ;; *) [ ! -f "$$f" ] || rm -f -- "$$f" ;; esac; \
	done
	@touch $@

# What every report file depends on besides its slice and its renderer;
# plan.stamp changes when the template set or the languages do.
PLAN_DEPS = templates.sum catalog.sum plan.stamp
ifneq ($(filter render-reports,$(MAKECMDGOALS)),)
include plan.mk
endif
# The recipe of plan.mk's rules: $(1) renderer, $(2) language, $(3) the
# file's name when its charts are also written as PNG (OUTPUT/charts/, for
# the email body and a web index), else empty.
define render_report
$(if $(P_FC),FONTCONFIG_FILE=$(call q,$(P_FC))) $(call q,$(P_BIN))/taawun-$(1) --slice $(W)/$(patsubst ./%,%,$<) --lang $(2) \
    --templates $(call q,$(P_TEMPLATES)) --catalog $(call q,$(P_CATALOG)) --output $(call q,$(P_OUTPUT)/$(@F)) \
    $(if $(3),--png $(call q,$(P_OUTPUT)/charts/$(3)))
endef

render-reports: $(PLAN_FILES)
	@echo $(call q,reports: $(words $(PLAN_SCOPES)) scopes x $(words $(PLAN_LANGS)) languages in $(P_OUTPUT)/)
endif
