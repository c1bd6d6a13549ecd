#include "dir_names.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int append(struct rl_names *l, size_t *cap, const char *name)
{
	if (l->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		char **nv = realloc(l->v, nc * sizeof(*nv));

		if (!nv)
			return -1;
		l->v = nv;
		*cap = nc;
	}
	if (!(l->v[l->n] = strdup(name)))
		return -1;
	l->n++;
	return 0;
}

int rl_dir_names(const char *dir, int (*keep)(const char *name), struct rl_names *out)
{
	struct dirent *de;
	size_t cap = 0;
	DIR *d;

	out->v = NULL;
	out->n = 0;
	d = opendir(dir);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (keep ? !keep(de->d_name) : de->d_name[0] == '.')
			continue;
		if (append(out, &cap, de->d_name) < 0) {
			closedir(d);
			rl_names_free(out);
			errno = ENOMEM;
			return -1;
		}
	}
	closedir(d);
	return 0;
}

void rl_names_free(struct rl_names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
