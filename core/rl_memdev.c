#include "rl_memdev.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rl_memdev_init(struct rl_memdev *m)
{
	memset(m, 0, sizeof(*m));
}

void rl_memdev_free(struct rl_memdev *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->ext[i].data);
	free(m->ext);
	rl_memdev_init(m);
}

int rl_memdev_put(struct rl_memdev *m, uint64_t off, const void *buf, size_t len)
{
	struct rl_memext *x;

	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct rl_memext *ne = realloc(m->ext, cap * sizeof(*ne));

		if (!ne)
			return -1;
		m->ext = ne;
		m->cap = cap;
	}
	x = &m->ext[m->n];
	x->data = malloc(len ? len : 1);
	if (!x->data)
		return -1;
	memcpy(x->data, buf, len);
	x->off = off;
	x->len = len;
	m->n++;
	return 0;
}

void rl_memdev_get(const struct rl_memdev *m, uint64_t off, void *buf, size_t len)
{
	uint64_t end = off + len;
	size_t i;

	memset(buf, 0, len);
	for (i = 0; i < m->n; i++) {
		const struct rl_memext *x = &m->ext[i];
		uint64_t a = x->off > off ? x->off : off;
		uint64_t b = x->off + x->len < end ? x->off + x->len : end;

		if (a < b)
			memcpy((uint8_t *)buf + (a - off), x->data + (a - x->off), (size_t)(b - a));
	}
}

void rl_dev_open_mem(struct rl_dev *d, const char *name, uint64_t size, struct rl_memdev *m,
		     int writable)
{
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->mem = m;
	d->writable = writable;
	d->size = size;
	d->lbs = 512;
	snprintf(d->path, sizeof(d->path), "%s", name);
}
