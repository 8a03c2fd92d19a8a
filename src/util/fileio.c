/* fileio.c - whole-file reads and writes, SHA-256 through libgcrypt. */
#include "fileio.h"
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <gcrypt.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *ot_file_kind(mode_t mode)
{
    if (S_ISREG(mode)) return "a regular file";
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "an unknown kind of file";
}

static ot_code not_regular(const struct stat *st, ot_error *err)
{
    return ot_fail(err, OT_E_IO, "not a regular file: it is %s", ot_file_kind(st->st_mode));
}

/* Opens path for reading only when it is a regular file. A FIFO or a device would block
 * the read (or the open) forever, so the type is checked before opening, and again on
 * the opened descriptor (opened non-blocking) in case the name was swapped between. */
static int open_regular(const char *path, struct stat *st, ot_error *err)
{
    if (stat(path, st) != 0) {
        ot_fail(err, OT_E_IO, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        not_regular(st, err);
        return -1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        ot_fail(err, OT_E_IO, "cannot open: %s", strerror(errno));
        return -1;
    }
    bool stat_failed = fstat(fd, st) != 0;
    if (stat_failed || !S_ISREG(st->st_mode)) {
        if (stat_failed)
            ot_fail(err, OT_E_IO, "cannot read: %s", strerror(errno));
        else
            not_regular(st, err);
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

ot_code ot_read_file(const char *path, size_t max_bytes, unsigned char **data, size_t *len,
                     ot_error *err)
{
    *data = NULL;
    *len = 0;
    struct stat st;
    int fd = open_regular(path, &st, err);
    if (fd < 0) return OT_E_IO;
    if ((unsigned long long)st.st_size > max_bytes) {
        close(fd);
        return ot_fail(err, OT_E_TOO_LARGE, "file is %lld bytes, more than the %zu-byte limit",
                       (long long)st.st_size, max_bytes);
    }
    size_t size = (size_t)st.st_size;
    unsigned char *buf = malloc(size + 1);
    if (!buf) {
        close(fd);
        return ot_fail(err, OT_E_NOMEM, "out of memory reading %zu bytes", size);
    }
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fd);
    if (got != size) {
        free(buf);
        return ot_fail(err, OT_E_IO, "short read (%zu of %zu bytes)", got, size);
    }
    buf[size] = '\0';
    *data = buf;
    *len = size;
    return OT_OK;
}

ot_code ot_write_file_atomic(const char *path, const void *data, size_t len, ot_error *err)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 32);
    if (!tmp) return ot_fail(err, OT_E_NOMEM, "out of memory");
    snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        ot_fail(err, OT_E_IO, "cannot create %s: %s", tmp, strerror(errno));
        free(tmp);
        return OT_E_IO;
    }
    const unsigned char *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += (size_t)n;
    }
    int ok = done == len && fsync(fd) == 0;
    close(fd);
    if (!ok || rename(tmp, path) != 0) {
        ot_fail(err, OT_E_IO, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return OT_E_IO;
    }
    free(tmp);
    return OT_OK;
}

static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;

static void crypto_init_once(void)
{
    gcry_check_version(NULL);
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
}

void ot_crypto_init(void)
{
    pthread_once(&crypto_once, crypto_init_once);
}

void ot_sha256(const void *data, size_t len, uint8_t out[32])
{
    ot_crypto_init();
    gcry_md_hash_buffer(GCRY_MD_SHA256, out, data, len);
}

void ot_sha256_hex(const void *data, size_t len, char out[OT_SHA256_HEX_LEN])
{
    uint8_t d[32];
    ot_sha256(data, len, d);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}
