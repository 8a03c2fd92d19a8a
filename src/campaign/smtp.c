/* smtp.c - SMTP delivery through libcurl (see smtp.h). libcurl does the protocol,
 * STARTTLS/TLS, AUTH and the dot-stuffing of the message body. */
#include "smtp.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>

typedef struct upload {
    const char *data;
    size_t len, pos;
} upload;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
    upload *u = arg;
    size_t room = size * nitems, left = u->len - u->pos;
    size_t n = left < room ? left : room;
    memcpy(buf, u->data + u->pos, n);
    u->pos += n;
    return n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

ot_code ot_smtp_send(const char *url, const char *from, const char *const *rcpts, size_t n_rcpts,
                     const char *message, size_t len, ot_error *err)
{
    pthread_once(&curl_once, curl_init_once);
    CURL *c = curl_easy_init();
    if (!c) return ot_fail(err, OT_E_NOMEM, "cannot start libcurl");
    struct curl_slist *to = NULL;
    for (size_t i = 0; i < n_rcpts; i++) {
        struct curl_slist *t = curl_slist_append(to, rcpts[i]);
        if (!t) {
            curl_slist_free_all(to);
            curl_easy_cleanup(c);
            return ot_fail(err, OT_E_NOMEM, "out of memory");
        }
        to = t;
    }
    upload u = {message, len, 0};
    char curl_err[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(to);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK)
        return ot_fail(err, OT_E_IO, "SMTP delivery failed: %s",
                       curl_err[0] ? curl_err : curl_easy_strerror(rc));
    return OT_OK;
}
