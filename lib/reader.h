/* Reading the facts format: document files and stream files, every fact
 * checked against the contract and the catalogues (lib/fact.c),
 * sources registered, valid facts handed to a sink.  Used by the ingest
 * stage and by the fuzzers. */
#ifndef TAAWUN_READER_H
#define TAAWUN_READER_H

#include <stddef.h>

#include "catalog.h"
#include "diag.h"
#include "fact.h"
#include "json_arena.h"
#include "strmap.h"
#include "util.h"

typedef struct {
    char *id, *title, *publisher, *url, *published, *lang, *file, *input;
    char *path;              /* where input was read (messages); input: its recorded name */
    int stream;              /* 1: ids seen in a stream file */
    int synthetic;
    size_t facts;
} source_rec;

/* Input limits, so that memory stays bounded whatever the input: a
 * document file is parsed whole (its tree takes several times its size),
 * a stream file is read line by line, each line parsed on its own. */
#define READER_MAX_DOCUMENT ((size_t)16 << 20)   /* bytes of a document file */
#define READER_MAX_LINE ((size_t)1 << 20)        /* bytes of a stream line, line end excluded */

/* Receives each valid fact (only while no error has been seen). */
typedef void (*fact_sink)(void *arg, const fact *f);

/* Or facts as bytes (reader_set_output): each valid fact is appended to out
 * by a fact_format, which for stream files runs in worker threads (it may
 * only read arg); the bytes reach the bytes_sink in input order, in the
 * thread that calls reader_file. */
typedef void (*fact_format)(void *arg, struct strbuf *out, const fact *f);
typedef void (*bytes_sink)(void *arg, const char *data, size_t len);

/* One stream line's parse: cJSON, then the checks of fact_from_json. */
typedef struct {
    const catalog *cat;
    diag *d;
    strbuf ext;
    cJSON *obj;              /* the full path's tree of the last line */
    json_scratch sc;         /* where that tree's nodes are (lib/json_arena.h) */
    fact_origin o;
} line_parser;

typedef struct {
    const catalog *cat;
    diag *d;
    fact_sink sink;
    void *sink_arg;
    source_rec *src;
    size_t n_src, cap_src;
    strmap src_by_id;
    size_t n_facts;
    strbuf ext;
    int progress;            /* print progress on long streams */
    const char *name;        /* the file's name in facts and sources (relative to
                                the input, so outputs name no folder); NULL: its path */
    size_t max_document;     /* READER_MAX_DOCUMENT unless changed */
    size_t max_line;         /* READER_MAX_LINE unless changed */
    int last_si;             /* source of the previous stream line */
    line_parser lp;
    /* reader_set_output */
    fact_format format;
    bytes_sink write;
    void *out_arg;
    int threads;
    strbuf out;              /* formatted facts not yet written (documents) */
} reader;

void reader_init(reader *r, const catalog *cat, diag *d, fact_sink sink, void *arg);
void reader_free(reader *r);

/* Facts as bytes instead of the sink (see fact_format): stream files are
 * then parsed by `threads` worker threads (1: in this thread), in batches
 * of lines whose results (bytes, problems, sources) are taken in input
 * order, so that output and messages are the same whatever the threads. */
void reader_set_output(reader *r, fact_format format, bytes_sink write, void *arg, int threads);
/* Hands the bytes still buffered to the bytes_sink (call before using the
 * output). */
void reader_flush(reader *r);


/* The name an input file goes by in the outputs (facts.tsv, sources.json,
 * slices, workbooks): its name inside INPUT (the pipeline reads INPUT's
 * files, not its subfolders), never the machine's path, so that INPUT=input,
 * ./input or /srv/x/input give the same bytes.  Messages keep the path as
 * given.  NULL for NULL. */
const char *reader_input_name(const char *path);

/* A whole document file already in memory (text NUL-terminated at len). */
void reader_document(reader *r, const char *path, const char *text, size_t len);
/* One line of a stream file (modified: NUL-terminated at its end). */
void reader_stream_line(reader *r, const char *path, size_t lineno, char *line, size_t len);
/* Reads a file from disk by its kind (*.ndjson: stream; else document).
 * A document over max_document bytes and a stream line over max_line bytes
 * are reported as errors without being read into memory whole. */
void reader_file(reader *r, const char *path);

#endif
