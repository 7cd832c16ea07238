#include "pdf_tagged.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

/* Depth first through /K, the children of the structure tree (marked
 * content references and MCIDs have none): each Figure gets the next alt. */
static void set_alts(qpdf_data q, qpdf_oh node, char *const *alt, size_t n_alt, size_t *figures, int depth)
{
    if (depth > 100)
        return;
    if (qpdf_oh_is_array(q, node)) {
        int n = qpdf_oh_get_array_n_items(q, node);
        for (int i = 0; i < n; i++)
            set_alts(q, qpdf_oh_get_array_item(q, node, i), alt, n_alt, figures, depth + 1);
        return;
    }
    if (!qpdf_oh_is_dictionary(q, node))
        return;
    if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, node, "/S"), "/Figure")) {
        if (*figures < n_alt)
            qpdf_oh_replace_key(q, node, "/Alt", qpdf_oh_new_unicode_string(q, alt[*figures]));
        (*figures)++;
    }
    if (qpdf_oh_has_key(q, node, "/K"))
        set_alts(q, qpdf_oh_get_key(q, node, "/K"), alt, n_alt, figures, depth + 1);
}

/* cairo 1.16 marks a file as tagged (/MarkInfo) only when its top-level
 * elements are Document, Part, Sect...; the report's elements are its
 * headings, paragraphs, tables and figures, with page headers and footers
 * outside the structure.  They go under one Document element here. */
static void add_document_root(qpdf_data q, qpdf_oh root)
{
    qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    if (!qpdf_oh_is_dictionary(q, tree) || !qpdf_oh_has_key(q, tree, "/K"))
        return;   /* nothing tagged (a template without titles or text): nothing to mark */
    qpdf_oh kids = qpdf_oh_get_key(q, tree, "/K");
    if (!qpdf_oh_is_array(q, kids)) {
        qpdf_oh one = kids;
        kids = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, kids, one);
    }
    qpdf_oh doc = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    qpdf_oh_replace_key(q, doc, "/Type", qpdf_oh_new_name(q, "/StructElem"));
    qpdf_oh_replace_key(q, doc, "/S", qpdf_oh_new_name(q, "/Document"));
    qpdf_oh_replace_key(q, doc, "/P", tree);
    int n = qpdf_oh_get_array_n_items(q, kids);
    for (int i = 0; i < n; i++)
        qpdf_oh_replace_key(q, qpdf_oh_get_array_item(q, kids, i), "/P", doc);
    qpdf_oh_replace_key(q, doc, "/K", kids);
    qpdf_oh_replace_key(q, tree, "/K", doc);
    qpdf_oh_replace_key(q, root, "/MarkInfo", qpdf_oh_parse(q, "<< /Marked true >>"));
}

static int qpdf_failed(qpdf_data q, const char *what, const char *path, char *err, size_t errlen)
{
    if (!qpdf_has_error(q))
        return 0;
    qpdf_error e = qpdf_get_error(q);
    snprintf(err, errlen, "%s %s: %s", what, path, e ? qpdf_get_error_full_text(q, e) : "qpdf error");
    return 1;
}

int pdf_tagged_finish(const char *path, const char *data, size_t len, const char *lang, char *const *alt,
                      size_t n_alt, char **out, size_t *out_len, char *err, size_t errlen)
{
    *out = NULL;
    *out_len = 0;
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    int rc = -1;
    qpdf_read_memory(q, path, data, (unsigned long long)len, NULL);
    if (qpdf_failed(q, "cannot read back", path, err, errlen))
        goto out;
    qpdf_oh root = qpdf_get_root(q);
    add_document_root(q, root);
    qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, lang));
    size_t figures = 0;
    set_alts(q, qpdf_oh_get_key(q, root, "/StructTreeRoot"), alt, n_alt, &figures, 0);
    if (qpdf_failed(q, "cannot tag", path, err, errlen))
        goto out;
    if (figures != n_alt) {
        snprintf(err, errlen, "%s: the structure tree has %zu figures, the report drew %zu", path, figures, n_alt);
        goto out;
    }
    qpdf_init_write_memory(q);
    if (qpdf_failed(q, "cannot write", path, err, errlen))
        goto out;
    /* the ID from the content, not random: same input, same bytes */
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_write(q);
    if (qpdf_failed(q, "cannot write", path, err, errlen))
        goto out;
    size_t n = (size_t)qpdf_get_buffer_length(q);
    *out = malloc(n ? n : 1);
    if (!*out) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    memcpy(*out, qpdf_get_buffer(q), n);
    *out_len = n;
    rc = 0;
out:
    qpdf_cleanup(&q);
    return rc;
}
