#ifndef RELUN_DIR_NAMES_H
#define RELUN_DIR_NAMES_H

#include <stddef.h>

/* The entry names of one directory, in readdir order. */
struct rl_names {
	char **v;
	size_t n;
};

/* Read dir once into out: the names keep() accepts, or when keep is NULL
 * every name that does not start with a dot.  -1 with errno set (opendir's
 * errno, or ENOMEM) and out empty; out is always valid for rl_names_free(). */
int rl_dir_names(const char *dir, int (*keep)(const char *name), struct rl_names *out);
void rl_names_free(struct rl_names *l);

#endif
