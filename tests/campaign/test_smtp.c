/* SMTP delivery of requests to a small SMTP server on loopback written here (bounded in
 * time): what the server receives is exactly the .eml in the outbox, sent to the
 * supplier's contacts; a server that is down leaves the file, records the error and does
 * not stop the run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "campaign/campaign.h"
#include "util/date.h"
#include "campaign/suppliers.h"
#include "store/workspace.h"
#include "util/strbuf.h"
#include "testutil.h"
#include "workspace_util.h"

/* ---- a minimal SMTP server ------------------------------------------------------------ */

typedef struct received {
    char from[256];
    char rcpts[1024];
    ot_strbuf data; /* dot-unstuffed, without the final ".\r\n" */
} received;

typedef struct server {
    int fd, port;
    volatile int stop;
    received msgs[8];
    int n;
    pthread_t thread;
} server;

/* Reads one CRLF line (at most cap-1 bytes) with a 10 s limit; false on EOF/timeout. */
static bool read_line(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 10000) <= 0) return false;
        char c;
        if (read(fd, &c, 1) != 1) return false;
        buf[n++] = c;
        if (n >= 2 && buf[n - 2] == '\r' && buf[n - 1] == '\n') break;
    }
    buf[n] = '\0';
    return n > 0;
}

static void say(int fd, const char *s)
{
    ssize_t w = write(fd, s, strlen(s));
    (void)w;
}

static void session(server *sv, int fd)
{
    received *m = sv->n < 8 ? &sv->msgs[sv->n] : NULL;
    char line[2048];
    say(fd, "220 localhost test ESMTP\r\n");
    while (read_line(fd, line, sizeof line)) {
        if (!strncasecmp(line, "EHLO", 4) || !strncasecmp(line, "HELO", 4)) {
            say(fd, "250-localhost\r\n250 SIZE 10000000\r\n");
        } else if (!strncasecmp(line, "MAIL FROM:", 10)) {
            if (m)
                snprintf(m->from, sizeof m->from, "%.*s", (int)strcspn(line + 10, "\r\n"),
                         line + 10);
            say(fd, "250 OK\r\n");
        } else if (!strncasecmp(line, "RCPT TO:", 8)) {
            if (m) {
                size_t l = strlen(m->rcpts);
                snprintf(m->rcpts + l, sizeof m->rcpts - l, "%s%.*s", l ? " " : "",
                         (int)strcspn(line + 8, "\r\n"), line + 8);
            }
            say(fd, "250 OK\r\n");
        } else if (!strncasecmp(line, "DATA", 4)) {
            say(fd, "354 go ahead\r\n");
            while (read_line(fd, line, sizeof line) && strcmp(line, ".\r\n") != 0)
                if (m) ot_sb_puts(&m->data, line[0] == '.' ? line + 1 : line);
            say(fd, "250 queued\r\n");
            if (m) sv->n++;
            m = sv->n < 8 ? &sv->msgs[sv->n] : NULL;
        } else if (!strncasecmp(line, "QUIT", 4)) {
            say(fd, "221 bye\r\n");
            break;
        } else {
            say(fd, "250 OK\r\n");
        }
    }
    close(fd);
}

static void *serve(void *arg)
{
    server *sv = arg;
    while (!sv->stop) {
        struct pollfd p = {sv->fd, POLLIN, 0};
        if (poll(&p, 1, 200) <= 0) continue;
        int c = accept(sv->fd, NULL, NULL);
        if (c >= 0) session(sv, c);
    }
    return NULL;
}

static void server_start(server *sv)
{
    memset(sv, 0, sizeof *sv);
    sv->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(sv->fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(sv->fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(sv->fd, 4), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(sv->fd, (struct sockaddr *)&a, &len), 0);
    sv->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&sv->thread, NULL, serve, sv), 0);
}

static void server_stop(server *sv)
{
    sv->stop = 1;
    pthread_join(sv->thread, NULL);
    close(sv->fd);
    for (int i = 0; i < 8; i++)
        ot_sb_free(&sv->msgs[i].data);
}

/* ---- the tests ----------------------------------------------------------------------- */

/* A workspace delivering through smtp_url, with suppliers S-1 (two contacts) and S-2. */
static ot_workspace *workspace(char **dir, const char *smtp_url)
{
    char conf[400];
    snprintf(conf, sizeof conf,
             "company_name = Buyer Corp\ncontact_email = compliance@buyer.example\nsmtp_url = %s\n",
             smtp_url);
    ot_workspace *ws = open_temp_workspace(dir, conf);
    import_vendors(ws,
                   "supplier_id,name,category,contact_name,contact_email\n"
                   "S-1,Acme,direct,Ann,ann@acme.example\n"
                   "S-1,Acme,direct,Bob,bob@acme.example\n"
                   "S-2,Beta,direct,Cy,cy@beta.example\n",
                   ot_date_today());
    return ws;
}

/* Creates campaign 2025 and sends its requests: both suppliers' messages are written. */
static void send_requests(ot_workspace *ws, ot_send_report *rep)
{
    ot_error err;
    ot_campaign_info c;
    assert_int_equal(
        ot_campaign_create(ws, 2025, NULL, "2026-03-31", "test", ot_date_today(), &c, &err), OT_OK);
    assert_int_equal(ot_campaign_send(ws, &c, "test", ot_date_today(), rep, &err), OT_OK);
    assert_int_equal(rep->written, 2);
}

static void requests_are_delivered_byte_for_byte(void **state)
{
    (void)state;
    server sv;
    server_start(&sv);
    char *dir;
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", sv.port);
    ot_workspace *ws = workspace(&dir, url);
    ot_send_report rep;
    send_requests(ws, &rep);
    assert_int_equal(rep.delivered, 2);
    ot_send_report_free(&rep);
    assert_int_equal(sv.n, 2);
    /* requests go in supplier order: S-1 first, to both contacts */
    assert_string_equal(sv.msgs[0].from, "<compliance@buyer.example>");
    assert_string_equal(sv.msgs[0].rcpts, "<ann@acme.example> <bob@acme.example>");
    char path[800];
    snprintf(path, sizeof path, "%s/outbox/2025/S-1-request.eml", dir);
    char *eml = slurp(path, NULL);
    assert_non_null(eml);
    assert_string_equal(ot_sb_str(&sv.msgs[0].data), eml);
    free(eml);
    assert_string_equal(sv.msgs[1].rcpts, "<cy@beta.example>");
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM request_message WHERE "
                                    "delivered_at IS NOT NULL"),
                     2);
    close_temp_workspace(ws, dir);
    server_stop(&sv);
}

static void server_down_keeps_the_outbox_and_records_the_error(void **state)
{
    (void)state;
    /* a port nobody listens on: bind one, note it, close it */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    char *dir;
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", ntohs(a.sin_port));
    ot_workspace *ws = workspace(&dir, url);
    ot_send_report rep;
    send_requests(ws, &rep);
    assert_int_equal(rep.delivered, 0);
    assert_int_equal(rep.n_problems, 2);
    assert_non_null(strstr(rep.problems[0].message, "SMTP delivery failed"));
    ot_send_report_free(&rep);
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM request_message WHERE "
                                    "delivery_error IS NOT NULL AND delivered_at IS NULL"),
                     2);
    char path[800];
    snprintf(path, sizeof path, "%s/outbox/2025/S-2-request.eml", dir);
    char *eml = slurp(path, NULL);
    assert_non_null(eml);
    free(eml);
    close_temp_workspace(ws, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(requests_are_delivered_byte_for_byte),
        cmocka_unit_test(server_down_keeps_the_outbox_and_records_the_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
