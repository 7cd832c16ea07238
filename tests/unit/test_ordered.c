/* lib/ordered.c: batches worked on by threads come back in input order,
 * whatever the number of threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <time.h>

#include "lib/ordered.h"

#define N_BATCHES 200

typedef struct {
    int next;                /* the next batch to fill */
    int slot_in[16], slot_out[16];
    int taken[N_BATCHES];
    int n_taken;
    int worked_in_caller;
} job_ctx;

static int fill(void *ctx, size_t slot)
{
    job_ctx *j = ctx;
    if (j->next == N_BATCHES)
        return 0;
    j->slot_in[slot] = j->next++;
    return 1;
}

static void work(void *ctx, void *state, size_t slot)
{
    job_ctx *j = ctx;
    int *seen = state;
    /* uneven work, so that batches finish out of order */
    struct timespec ts = {0, (j->slot_in[slot] % 7) * 20000L};
    nanosleep(&ts, NULL);
    j->slot_out[slot] = j->slot_in[slot] * j->slot_in[slot];
    if (seen)
        (*seen)++;
}

static void take(void *ctx, size_t slot)
{
    job_ctx *j = ctx;
    j->taken[j->n_taken++] = j->slot_out[slot];
}

static void run(int threads, size_t n_slots)
{
    job_ctx j = {0};
    int seen[4] = {0};
    void *states[4] = {&seen[0], &seen[1], &seen[2], &seen[3]};
    ordered_job job = {.ctx = &j, .n_slots = n_slots, .threads = threads, .worker_state = states,
                       .fill = fill, .work = work, .take = take};
    int ran = ordered_run(&job);
    assert_int_equal(ran, threads);
    assert_int_equal(j.n_taken, N_BATCHES);
    for (int i = 0; i < N_BATCHES; i++)
        assert_int_equal(j.taken[i], i * i);
    /* every batch worked once, by one of the workers (or the caller) */
    assert_int_equal(seen[0] + seen[1] + seen[2] + seen[3], N_BATCHES);
}

static void test_in_order(void **state)
{
    (void)state;
    run(0, 1);       /* no thread: fill, work, take in turn */
    run(1, 2);
    run(3, 8);
    run(4, 16);
}

static void test_empty(void **state)
{
    (void)state;
    job_ctx j = {.next = N_BATCHES};
    ordered_job job = {.ctx = &j, .n_slots = 4, .threads = 2, .fill = fill, .work = work, .take = take};
    ordered_run(&job);
    assert_int_equal(j.n_taken, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
