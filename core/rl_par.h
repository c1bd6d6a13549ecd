/* Work that waits on devices, done side by side: a host's thousand LUNs
 * each need a few small reads, and one after the other most of the time
 * goes to waiting for each. */
#ifndef RELUN_RL_PAR_H
#define RELUN_RL_PAR_H

/* At most this many threads, the caller's included. */
#define RL_PAR_THREADS 16

/* fn(ctx, k) for every k in [0, n), on up to RL_PAR_THREADS threads; returns
 * when all are done.  Each call must touch only what belongs to its k (and
 * read what no call writes).  Fewer threads, down to the caller alone, when
 * they cannot be made. */
void rl_par_for(unsigned n, void (*fn)(void *ctx, unsigned k), void *ctx);

/* The same threads for many rl_pool_for calls in a row (one per window of
 * a report), instead of new ones each time.  NULL when no thread can be
 * made; rl_pool_for(NULL, ...) is rl_par_for.  Not to be used across a
 * fork: the child has none of the threads. */
struct rl_pool;
struct rl_pool *rl_pool_new(void);
void rl_pool_for(struct rl_pool *p, unsigned n, void (*fn)(void *ctx, unsigned k), void *ctx);
void rl_pool_free(struct rl_pool *p);

#endif
