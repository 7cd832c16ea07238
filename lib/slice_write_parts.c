/* What a cell's figure rests on, written into its slice beside the cell
 * (issue 13; called by put_cell in lib/slice_write.c).  Keys:
 *   derived[k].disagrees  true on a sum that disagrees with the reported
 *                         value or with another sum (flagged cells only)
 *   derived[k].terms      on such a sum (not facilities: their "parts";
 *                         not ratio): [{"area"|"sex"|"geo"|"period"|
 *                         "programme": code, "value": v, "qualifier": q
 *                         (absent when exact)}], the values it added up
 *   only                  {"sex": s, "area": a, "partial": bool}: the
 *                         figure is that one part only (cell_only_part);
 *                         sex or area absent where the cell is whole */
#include "cube.h"
#include "json.h"
#include "slice_write.h"
#include "util.h"

#define PUT_LIT(sb, lit) sb_put((sb), (lit), sizeof(lit) - 1)

/* A derivation that disagrees with the cell's reported value (or with
 * another derivation), and the values it added up, so that a report can
 * name them: "10 548 reported; 220 urban + 8 348 rural = 8 568".  Each
 * term names the one dimension in which it is a part of the cell. */
void slice_put_terms(strbuf *sb, const aggregate *a, const derivation *d, derivation_kind k)
{
    const cube *c = &a->cb;
    const catalog *cat = &a->cat;
    PUT_LIT(sb, ",\"disagrees\":true");
    if (k == D_FACILITIES || k == D_RATIO)
        return;   /* the centres' facts are its "parts"; a share adds nothing up */
    PUT_LIT(sb, ",\"terms\":[");
    for (int i = 0; i < d->n_terms; i++) {
        const term *t = &d->terms[i];
        const cell *y = &c->cells[t->cell];
        if (i)
            sb_putc(sb, ',');
        switch (k) {
        case D_MONTHS: PUT_LIT(sb, "{\"period\":"); json_put_string(sb, c->periods[y->period].code); break;
        case D_TERRITORIES: PUT_LIT(sb, "{\"geo\":"); json_put_string(sb, cat->geo[y->geo].code); break;
        case D_SEXES: PUT_LIT(sb, "{\"sex\":"); json_put_string(sb, sex_name(y->sex)); break;
        case D_AREAS: PUT_LIT(sb, "{\"area\":"); json_put_string(sb, area_name(y->area)); break;
        default: PUT_LIT(sb, "{\"programme\":"); json_put_string(sb, cat->prog[y->prog].code); break;
        }
        PUT_LIT(sb, ",\"value\":");
        slice_put_number(sb, t->value);
        if (t->qual != Q_EXACT) {
            PUT_LIT(sb, ",\"qualifier\":");
            json_put_string(sb, qualifier_name(t->qual));
        }
        sb_putc(sb, '}');
    }
    sb_putc(sb, ']');
}

/* A figure for one sex or one area only (cell_only_part): "only", so that
 * reports show it as that part ("hommes : 200"), not as a partial total. */
void slice_put_only(strbuf *sb, const aggregate *a, const cell *x)
{
    sex_kind sex;
    area_kind area;
    int part_partial;
    if (!cell_only_part(&a->cb, x, &sex, &area, &part_partial))
        return;
    PUT_LIT(sb, ",\"only\":{");
    if (sex != SEX_ALL) {
        PUT_LIT(sb, "\"sex\":");
        json_put_string(sb, sex_name(sex));
        sb_putc(sb, ',');
    }
    if (area != AREA_ALL) {
        PUT_LIT(sb, "\"area\":");
        json_put_string(sb, area_name(area));
        sb_putc(sb, ',');
    }
    PUT_LIT(sb, "\"partial\":");
    if (part_partial)
        PUT_LIT(sb, "true");
    else
        PUT_LIT(sb, "false");
    sb_putc(sb, '}');
}
