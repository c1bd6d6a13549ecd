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

#endif
