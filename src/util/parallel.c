/* parallel.c - ordered parallel map over a fixed thread pool.
 *
 * Workers claim indices from a shared counter; the caller's thread emits results in
 * order and sleeps on a condition variable while the next one is still being computed.
 * At most `window` results wait un-emitted, which bounds memory on huge batches. */
#include "parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
    size_t n, next, emitted;
    size_t window;
    void **results;
    bool *ready;
    ot_work_fn work;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t cond_ready, cond_room;
} pool;

unsigned ot_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->next < p->n && p->next >= p->emitted + p->window)
            pthread_cond_wait(&p->cond_room, &p->mu);
        if (p->next >= p->n) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        void *r = p->work(i, p->ctx);
        pthread_mutex_lock(&p->mu);
        p->results[i % p->window] = r;
        p->ready[i % p->window] = true;
        pthread_cond_broadcast(&p->cond_ready);
        pthread_mutex_unlock(&p->mu);
    }
}

void ot_parallel_ordered(size_t n, unsigned threads, ot_work_fn work, ot_emit_fn emit, void *ctx)
{
    if (threads == 0) threads = ot_cpu_count();
    if (threads > n) threads = (unsigned)(n ? n : 1);
    if (threads <= 1) {
        for (size_t i = 0; i < n; i++)
            emit(i, work(i, ctx), ctx);
        return;
    }
    pool p = {.n = n, .work = work, .ctx = ctx, .window = (size_t)threads * 4};
    p.results = calloc(p.window, sizeof *p.results);
    p.ready = calloc(p.window, sizeof *p.ready);
    pthread_t *tids = calloc(threads, sizeof *tids);
    if (!p.results || !p.ready || !tids) {
        free(p.results);
        free(p.ready);
        free(tids);
        for (size_t i = 0; i < n; i++)
            emit(i, work(i, ctx), ctx);
        return;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cond_ready, NULL);
    pthread_cond_init(&p.cond_room, NULL);
    unsigned started = 0;
    for (unsigned t = 0; t < threads; t++)
        if (pthread_create(&tids[t], NULL, worker, &p) == 0) started++;
    if (started == 0) p.next = n; /* no threads: fall back to computing inline below */
    for (size_t i = 0; i < n; i++) {
        void *r;
        if (started == 0) {
            r = work(i, ctx);
        } else {
            pthread_mutex_lock(&p.mu);
            while (!p.ready[i % p.window])
                pthread_cond_wait(&p.cond_ready, &p.mu);
            r = p.results[i % p.window];
            p.ready[i % p.window] = false;
            pthread_mutex_unlock(&p.mu);
        }
        emit(i, r, ctx);
        pthread_mutex_lock(&p.mu);
        p.emitted = i + 1;
        pthread_cond_broadcast(&p.cond_room);
        pthread_mutex_unlock(&p.mu);
    }
    for (unsigned t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cond_ready);
    pthread_cond_destroy(&p.cond_room);
    free(p.results);
    free(p.ready);
    free(tids);
}
