/* parallel.h - run one job per input on a few threads, deliver results in input order.
 *
 * The CLI reads many workbooks at once; output must stay in the order the user gave. */
#ifndef OT_PARALLEL_H
#define OT_PARALLEL_H

#include <stddef.h>

/* work(i, ctx) computes result i and returns an opaque pointer; emit(i, result, ctx) is
 * called on the calling thread strictly in order 0..n-1 as results become ready.
 * threads == 0 picks the number of online cores. */
typedef void *(*ot_work_fn)(size_t i, void *ctx);
typedef void (*ot_emit_fn)(size_t i, void *result, void *ctx);

void ot_parallel_ordered(size_t n, unsigned threads, ot_work_fn work, ot_emit_fn emit, void *ctx);

/* Number of online CPUs (at least 1). */
unsigned ot_cpu_count(void);

#endif
