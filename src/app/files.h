/* files.h - the workbooks the read use cases (inspect, validate; ingest next) work on:
 * FILE|DIR arguments turned into the list of workbooks to read, and each workbook read
 * once (its bytes hashed and parsed from the same buffer, within the reader's size
 * limit). The ordered parallel run over the list is util/parallel.h. */
#ifndef OT_APP_FILES_H
#define OT_APP_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "reader/workbook.h"
#include "util/fileio.h"
#include "template/template.h"
#include "util/pathlist.h"

/* Appends to out what the arguments stand for: a FILE as given (one that cannot be read,
 * or is not a regular file, is reported when read), a DIR's workbooks sorted, not
 * recursive (symbolic links in it followed only with follow_links; what was left out is
 * in out->skipped). Fails only when a named folder cannot be opened (OT_E_IO) or memory
 * runs out. */
ot_code ot_files_list(char *const *args, size_t n, bool follow_links, ot_pathlist *out,
                      ot_error *err);

/* One workbook, read once: its bytes, their SHA-256, and the template read from them. */
typedef struct ot_workbook_file {
    unsigned char *data;
    size_t len;
    bool have_sha; /* the bytes could be read */
    char sha[OT_SHA256_HEX_LEN];
    ot_workbook *wb;
    ot_declaration *decl;
} ot_workbook_file;

/* Reads path, hashes it and reads the template. On failure err says why and w holds
 * what was done (have_sha); close w either way. */
ot_code ot_workbook_file_read(const char *path, ot_workbook_file *w, ot_error *err);
void ot_workbook_file_close(ot_workbook_file *w);

#endif
