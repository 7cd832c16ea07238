/* Batches worked on by a few threads and taken back in input order.
 *
 * The caller cuts its input into batches (fill), worker threads do the
 * costly part of each (work), and the caller takes the results back one by
 * one in the order the batches were filled (take), so that what comes out
 * (bytes, messages, first error) is the same for any number of threads.
 * At most n_slots batches are in flight; a slot is reused once taken. */
#ifndef TAAWUN_ORDERED_H
#define TAAWUN_ORDERED_H

#include <stddef.h>

typedef struct {
    void *ctx;
    size_t n_slots;
    int threads;             /* worker threads to start (0: none) */
    void **worker_state;     /* one per thread, handed to work (may be NULL) */
    /* Fills slot with the next batch; 0 when the input is done. */
    int (*fill)(void *ctx, size_t slot);
    /* Works on slot, in a worker (with its state) or, when no worker
     * could start, in the caller's thread with worker_state[0]. */
    void (*work)(void *ctx, void *state, size_t slot);
    /* Takes slot's result back, in input order, in the caller's thread. */
    void (*take)(void *ctx, size_t slot);
} ordered_job;

/* Runs the whole job; returns the number of worker threads that ran. */
int ordered_run(const ordered_job *job);

#endif
