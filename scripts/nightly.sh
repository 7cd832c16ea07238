#!/usr/bin/env bash
# The nightly run (make nightly; scripts/systemd/ runs it every night):
#   1. takes a lock, so that two runs never overlap, and the lock on WORK
#      that every run on it takes (make reports waits for it);
#   2. regenerates the reports (make reports);
#   3. checks them: every file of the plan (WORK/plan.mk),
#      every PDF passes `qpdf --check`, every workbook is a sound zip;
#   4. emails them (taawun-mail, recipients file, ledger: nothing twice).
# On any failure nothing more is emailed and one failure notice goes to
# MAIL_OPERATOR through the same mail program.  Everything is logged in
# OUTPUT/logs/nightly-YYYY-MM-DD.log.
#
# Settings come from the environment (make nightly passes its variables):
# INPUT OUTPUT WORK CATALOG TEMPLATES LANGS RECIPIENTS MAIL_DIR B BIN MAKE
# PIPELINE_MAKEFILE (the makefile that has the pipeline's rules: mk/pipeline.mk
# or the Makefile that includes it; default: the checkout's Makefile),
# NIGHTLY_LOCK (default B/nightly.lock, or WORK/.nightly.lock without B), NIGHTLY_LOG_DIR (default
# OUTPUT/logs), MAIL_OPTS (more taawun-mail options, e.g. --retry-delay 60),
# and taawun-mail's own: SMTP_URL SMTP_USER SMTP_PASSWORD NETRC MAIL_FROM
# MAIL_OPERATOR (see taawun-mail --help).
#
# Exit status: 0 reports made, checked and emailed; 1 the reports failed to
# build or to check (nothing emailed, notice sent); 2 emailing failed (notice
# sent); 3 failed and the notice could not be sent either; 75 another nightly
# run holds the lock, or another run holds WORK (this one did nothing).
set -u
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit 0
fi
# Started by make (MAKE set), paths are the caller's; else (a timer, cron)
# from the checkout this script is in, if it is in one (installed, it needs
# MAKE and PIPELINE_MAKEFILE, e.g. /usr/share/taawun/pipeline.mk).
if [ -z "${MAKE:-}" ] && [ -f "$(dirname "$0")/../Makefile" ]; then cd "$(dirname "$0")/.." || exit 3; fi
: "${MAKE:=make}" "${INPUT:=input}" "${OUTPUT:=output}" "${WORK:=build/work}" "${CATALOG:=input/catalog}"
: "${TEMPLATES:=templates}" "${LANGS:=ar fr}" "${RECIPIENTS:=input/delivery/recipients.json}"
: "${MAIL_DIR:=$OUTPUT/mail}" "${B:=}" "${BIN:=${B:-build}/bin}" "${MAIL_OPTS:=}"
# (B: a checkout's build folder; run by an installation there is none)
LOCK=${NIGHTLY_LOCK:-${B:+$B/nightly.lock}}
LOCK=${LOCK:-$WORK/.nightly.lock}
LOGDIR=${NIGHTLY_LOG_DIR:-$OUTPUT/logs}
EXIT_BUSY=75

mkdir -p "$(dirname "$LOCK")"
exec 9>>"$LOCK"
if ! flock -n 9; then
    echo "nightly: another nightly run is in progress (it holds $LOCK); this one exits without doing anything" >&2
    exit $EXIT_BUSY
fi
# The lock every run on WORK takes (mk/pipeline.mk), held from the reports
# to the mail, so that no `make reports` changes the reports in between;
# make reports, run from here, knows it by TAAWUN_LOCKED_WORK.
case $WORK in /*) work_abs=$WORK ;; *) work_abs=$PWD/$WORK ;; esac
mkdir -p "$work_abs" || exit 3
exec 8< "$work_abs"
if ! flock -n 8; then
    echo "nightly: another run holds $work_abs; this one exits without doing anything" >&2
    exit $EXIT_BUSY
fi
export TAAWUN_LOCKED_WORK=$work_abs

mkdir -p "$LOGDIR" || { echo "nightly: cannot create $LOGDIR" >&2; exit 3; }
DAY=$(date +%F)
LOG="$LOGDIR/nightly-$DAY.log"
log() { printf '%s nightly: %s\n' "$(date '+%F %T')" "$*" | tee -a "$LOG"; }
# shellcheck disable=SC2086
mail_cmd() { "$BIN/taawun-mail" --mail-dir "$MAIL_DIR" --templates "$TEMPLATES" $MAIL_OPTS "$@"; }

notice() {   # REASON EXIT-STATUS
    local reason=$1 status=$2
    log "FAILED: $reason"
    if [ -z "${MAIL_OPERATOR:-}" ]; then
        log "MAIL_OPERATOR is not set: no failure notice sent"
        exit 3
    fi
    if [ ! -x "$BIN/taawun-mail" ]; then
        log "$BIN/taawun-mail is missing: no failure notice sent"
        exit 3
    fi
    local body
    body=$(mktemp "${TMPDIR:-/tmp}/taawun-nightly.XXXXXX")
    {
        echo "The nightly taawun run of $DAY on $(hostname) failed: $reason."
        if [ "$status" -eq 1 ]; then
            echo "No report was emailed: yesterday's reports stay where they were."
        else
            echo "The reports were built and checked; see below which messages did not go out."
        fi
        echo
        echo "Last lines of the log ($LOG, attached):"
        echo
        tail -n 60 "$LOG"
    } > "$body"
    # shellcheck disable=SC2094  # the log is attached (read) before the outcome is appended
    if mail_cmd --notice "taawun nightly $DAY: FAILED ($reason)" --body-file "$body" --attach "$LOG" >> "$LOG" 2>&1; then
        log "failure notice sent to $MAIL_OPERATOR"
        rm -f "$body"
        exit "$status"
    fi
    rm -f "$body"
    log "the failure notice to $MAIL_OPERATOR could not be sent either"
    exit 3
}

log "start: input $INPUT, output $OUTPUT, recipients $RECIPIENTS"
# The mail program first, so that even a broken build can be reported.
# (the makefile as an option, not in MAKE, which the makes it starts inherit)
run_make() { $MAKE --no-print-directory ${PIPELINE_MAKEFILE:+-f "$PIPELINE_MAKEFILE"} "$@"; }
if ! run_make "$BIN/taawun-mail" >> "$LOG" 2>&1; then
    log "cannot build $BIN/taawun-mail"
    exit 3
fi

# ---- 1. the reports ----------------------------------------------------------
if ! run_make reports INPUT="$INPUT" OUTPUT="$OUTPUT" WORK="$WORK" CATALOG="$CATALOG" \
        TEMPLATES="$TEMPLATES" LANGS="$LANGS" >> "$LOG" 2>&1; then
    notice "make reports failed" 1
fi

# ---- 2. the checks -------------------------------------------------------------
# the report files are those the plan asked make for (WORK/plan.mk, from
# the template set): whatever their names, each must be there and sound
mapfile -t files < <(sed -n 's/^  \$(OUTPUT)\/\(.*\) \\$/\1/p; s/^  \$(OUTPUT)\/\(.*\)$/\1/p' "$WORK/plan.mk" 2>/dev/null)
expected=${#files[@]}
good=0
bad=0
for name in "${files[@]}"; do
    f="$OUTPUT/$name"
    if [ ! -s "$f" ]; then
        log "missing or empty: $f"
        bad=$((bad + 1))
        continue
    fi
    case $f in
    *.pdf)
        if qpdf --check "$f" > /dev/null 2>> "$LOG"; then ok=1; else ok=0; log "qpdf --check fails: $f"; fi ;;
    *.xlsx)
        if unzip -tq "$f" > /dev/null 2>> "$LOG"; then ok=1; else ok=0; log "not a sound workbook: $f"; fi ;;
    *)
        ok=1 ;;
    esac
    if [ "$ok" -eq 1 ]; then good=$((good + 1)); else bad=$((bad + 1)); fi
done
log "checked $good of $expected reports (the files of $WORK/plan.mk)"
if [ "$expected" -eq 0 ] || [ "$bad" -ne 0 ] || [ "$good" -ne "$expected" ]; then
    notice "report check failed: $good good of $expected expected, $bad bad" 1
fi

# ---- 3. the mail ---------------------------------------------------------------
mail_cmd --recipients "$RECIPIENTS" --output "$OUTPUT" --slices "$WORK/cube" --catalog "$CATALOG" >> "$LOG" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
    notice "emailing the reports failed (taawun-mail exit status $rc)" 2
fi
log "done: reports built, checked and emailed"
exit 0
