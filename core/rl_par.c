#include "rl_par.h"

#include <pthread.h>

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
