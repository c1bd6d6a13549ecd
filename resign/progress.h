/* Progress of a batch on stderr: "relun-resign: 120/200 LUNs, 1 failed,
 * 3.2 LUN/s, ETA 0:25", rewritten in place (\r), then ended with a newline.
 * On by default only when stderr is a terminal and the output is not JSON;
 * --progress / --no-progress force it.  Never on stdout. */
#ifndef RELUN_PROGRESS_H
#define RELUN_PROGRESS_H

#include <stdio.h>
#include <time.h>

struct rl_progress {
	int on;
	unsigned total, done, failed;
	struct timespec t0, last;
	FILE *f;
};

/* want: 1 forced on, 0 forced off, -1 the default. */
void rl_progress_init(struct rl_progress *p, int want, int json, unsigned total, FILE *f);
/* n more LUNs finished, failed of them with a failure. */
void rl_progress_step(struct rl_progress *p, unsigned n, unsigned failed);
void rl_progress_end(struct rl_progress *p);

#endif
