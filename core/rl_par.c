#include "rl_par.h"

#include <pthread.h>
#include <stdlib.h>

struct par {
	unsigned n, next;
	void (*fn)(void *, unsigned);
	void *ctx;
};

static void *worker(void *arg)
{
	struct par *p = arg;
	unsigned k;

	while ((k = __sync_fetch_and_add(&p->next, 1)) < p->n)
		p->fn(p->ctx, k);
	return NULL;
}

void rl_par_for(unsigned n, void (*fn)(void *ctx, unsigned k), void *ctx)
{
	pthread_t t[RL_PAR_THREADS - 1];
	struct par p = { n, 0, fn, ctx };
	unsigned nt = 0, i;

	while (nt < RL_PAR_THREADS - 1 && nt + 1 < n &&
	       pthread_create(&t[nt], NULL, worker, &p) == 0)
		nt++;
	worker(&p);
	for (i = 0; i < nt; i++)
		pthread_join(t[i], NULL);
}

struct rl_pool {
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	pthread_t t[RL_PAR_THREADS - 1];
	unsigned nt;
	struct par *job;      /* the current call's work */
	unsigned long gen;    /* calls made: a worker runs each one once */
	unsigned finished;    /* workers done with the current call */
	int quit;
};

static void *pool_worker(void *arg)
{
	struct rl_pool *p = arg;
	unsigned long seen = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct par *job;

		while (p->gen == seen && !p->quit)
			pthread_cond_wait(&p->go, &p->mu);
		if (p->quit)
			break;
		seen = p->gen;
		job = p->job;
		pthread_mutex_unlock(&p->mu);
		worker(job);
		pthread_mutex_lock(&p->mu);
		if (++p->finished == p->nt)
			pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct rl_pool *rl_pool_new(void)
{
	struct rl_pool *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	while (p->nt < RL_PAR_THREADS - 1 && pthread_create(&p->t[p->nt], NULL, pool_worker, p) == 0)
		p->nt++;
	if (!p->nt) {
		rl_pool_free(p);
		return NULL;
	}
	return p;
}

void rl_pool_for(struct rl_pool *p, unsigned n, void (*fn)(void *ctx, unsigned k), void *ctx)
{
	struct par job = { n, 0, fn, ctx };

	if (!p || n < 2) {
		rl_par_for(n, fn, ctx);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->job = &job;
	p->finished = 0;
	p->gen++;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	worker(&job);
	pthread_mutex_lock(&p->mu);
	while (p->finished < p->nt)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void rl_pool_free(struct rl_pool *p)
{
	unsigned i;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nt; i++)
		pthread_join(p->t[i], NULL);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->go);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
