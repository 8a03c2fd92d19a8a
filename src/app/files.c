/* files.c - the workbooks a read use case works on (files.h). */
#include "app/files.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "util/fileio.h"

ot_code ot_files_list(char *const *args, size_t n, bool follow_links, ot_pathlist *out,
                      ot_error *err)
{
    unsigned flags = follow_links ? OT_WORKBOOKS_FOLLOW_LINKS : 0;
    for (size_t k = 0; k < n; k++) {
        struct stat st;
        if (stat(args[k], &st) == 0 && S_ISDIR(st.st_mode)) {
            ot_code rc = ot_pathlist_add_workbooks(out, args[k], flags, err);
            if (rc != OT_OK) return rc;
        } else if (!ot_pathlist_add(out, args[k])) {
            return ot_fail(err, OT_E_NOMEM, "out of memory");
        }
    }
    return OT_OK;
}

ot_code ot_workbook_file_read(const char *path, ot_workbook_file *w, ot_error *err)
{
    *w = (ot_workbook_file){0};
    ot_code rc =
        ot_read_file(path, ot_reader_default_limits()->max_file_bytes, &w->data, &w->len, err);
    if (rc != OT_OK) return rc;
    ot_sha256_hex(w->data, w->len, w->sha);
    w->have_sha = true;
    rc = ot_workbook_open_mem(w->data, w->len, path, NULL, &w->wb, err);
    return rc != OT_OK ? rc : ot_template_read(w->wb, &w->decl, err);
}

void ot_workbook_file_close(ot_workbook_file *w)
{
    ot_declaration_free(w->decl);
    ot_workbook_close(w->wb);
    free(w->data);
    *w = (ot_workbook_file){0};
}
