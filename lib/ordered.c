#include "ordered.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct {
    const ordered_job *job;
    unsigned char *done;     /* per slot: worked on */
    size_t filled, taken;    /* batches queued / taken by workers (slot: mod n_slots) */
    int stop;
    pthread_mutex_t lock;
    pthread_cond_t work, worked;
} pool;

typedef struct {
    pool *p;
    void *state;
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    const ordered_job *j = p->job;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (!p->stop && p->taken == p->filled)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->taken == p->filled) {   /* stopped, nothing left */
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        size_t slot = p->taken++ % j->n_slots;
        pthread_mutex_unlock(&p->lock);
        j->work(j->ctx, w->state, slot);
        pthread_mutex_lock(&p->lock);
        p->done[slot] = 1;
        pthread_cond_broadcast(&p->worked);
        pthread_mutex_unlock(&p->lock);
    }
}

int ordered_run(const ordered_job *j)
{
    pool p = {.job = j};
    p.done = xcalloc(j->n_slots, 1);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.worked, NULL);
    int nt = j->threads > TAAWUN_MAX_THREADS ? TAAWUN_MAX_THREADS : j->threads;
    pthread_t th[TAAWUN_MAX_THREADS];
    worker w[TAAWUN_MAX_THREADS];
    int started = 0;
    for (int k = 0; k < nt; k++) {
        w[started] = (worker){&p, j->worker_state ? j->worker_state[started] : NULL};
        if (pthread_create(&th[started], NULL, worker_main, &w[started]) != 0)
            break;
        started++;
    }
    void *own_state = j->worker_state ? j->worker_state[0] : NULL;
    size_t taken_back = 0;
    int input_done = 0;
    for (;;) {
        while (!input_done && p.filled - taken_back < j->n_slots) {
            size_t slot = p.filled % j->n_slots;
            p.done[slot] = 0;   /* no worker looks at it before filled grows */
            if (!j->fill(j->ctx, slot)) {
                input_done = 1;
                break;
            }
            if (!started) {   /* no worker: work here */
                j->work(j->ctx, own_state, slot);
                p.done[slot] = 1;
            }
            pthread_mutex_lock(&p.lock);
            p.filled++;
            pthread_cond_signal(&p.work);
            pthread_mutex_unlock(&p.lock);
        }
        if (taken_back == p.filled)
            break;
        size_t slot = taken_back % j->n_slots;
        pthread_mutex_lock(&p.lock);
        while (!p.done[slot])
            pthread_cond_wait(&p.worked, &p.lock);
        pthread_mutex_unlock(&p.lock);
        j->take(j->ctx, slot);
        taken_back++;
    }
    pthread_mutex_lock(&p.lock);
    p.stop = 1;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.lock);
    for (int k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.work);
    pthread_cond_destroy(&p.worked);
    free(p.done);
    return started;
}
