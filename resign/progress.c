#include "progress.h"

#include <unistd.h>

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void rl_progress_init(struct rl_progress *p, int want, int json, unsigned total, FILE *f)
{
	p->f = f;
	p->total = total;
	p->done = p->failed = 0;
	p->on = want >= 0 ? want : (!json && total > 1 && isatty(fileno(f)));
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	p->last = p->t0;
}

static void show(struct rl_progress *p, const struct timespec *now)
{
	double t = since(&p->t0, now), rate = t > 0 ? p->done / t : 0;

	fprintf(p->f, "\rrelun-resign: %u/%u LUNs, %u failed", p->done, p->total, p->failed);
	if (rate > 0) {
		unsigned eta = (unsigned)((p->total - p->done) / rate + 0.5);

		fprintf(p->f, ", %.1f LUN/s, ETA %u:%02u", rate, eta / 60, eta % 60);
	}
	fputs("   ", p->f); /* wipe what a longer earlier line left */
	fflush(p->f);
}

void rl_progress_step(struct rl_progress *p, unsigned n, unsigned failed)
{
	struct timespec now;

	p->done += n;
	p->failed += failed;
	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* at most ten lines a second, and always the last */
	if (since(&p->last, &now) < 0.1 && p->done < p->total)
		return;
	p->last = now;
	show(p, &now);
}

void rl_progress_end(struct rl_progress *p)
{
	if (p->on && p->done) {
		fputc('\n', p->f);
		fflush(p->f);
	}
}
