/* The floor of the benchmark: parse every line of an NDJSON file with cJSON
 * and nothing else (what any C reader of the facts must at least do). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: cjson_floor FILE.ndjson\n");
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 3;
    }
    static char buf[1 << 20];
    setvbuf(fp, buf, _IOFBF, sizeof buf);
    char *line = NULL;
    size_t cap = 0, n = 0, bad = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        cJSON *j = cJSON_ParseWithLength(line, (size_t)len);
        if (j) n++; else bad += len > 1;
        cJSON_Delete(j);
    }
    free(line);
    fclose(fp);
    printf("%zu objects, %zu bad lines\n", n, bad);
    return 0;
}
