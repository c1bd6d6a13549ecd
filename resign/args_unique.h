/* The same LUN given twice in one call (the same path, or two names of one
 * block device or image file) would be resigned twice, the second time on
 * top of the first: refused before anything is read. */
#ifndef RELUN_ARGS_UNIQUE_H
#define RELUN_ARGS_UNIQUE_H

/* 0, or -1 with "relun-resign: A and B are the same device" on stderr.
 * Paths that cannot be stat'ed are left to the jobs to report. */
int rl_args_unique(char *const *devs, int n);

#endif
