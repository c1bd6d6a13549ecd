#include "rl_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rl_err_init(struct rl_err *e, const char *dev)
{
	memset(e, 0, sizeof(*e));
	if (dev)
		snprintf(e->dev, sizeof(e->dev), "%s", dev);
}

static void vset(struct rl_err *e, enum rl_errcode code, const char *fmt, va_list ap)
{
	e->code = code;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

int rl_err_at(struct rl_err *e, enum rl_errcode code, uint64_t off, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vset(e, code, fmt, ap);
	va_end(ap);
	e->has_off = 1;
	e->off = off;
	return -1;
}

int rl_err_set(struct rl_err *e, enum rl_errcode code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vset(e, code, fmt, ap);
	va_end(ap);
	e->has_off = 0;
	return -1;
}

void rl_err_prefix(struct rl_err *e, const char *fmt, ...)
{
	char pre[256];
	size_t pl, ol;
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	pl = strlen(pre);
	ol = strlen(e->msg);
	if (pl + ol >= sizeof(e->msg))
		ol = sizeof(e->msg) - 1 - pl;
	memmove(e->msg + pl, e->msg, ol);
	memcpy(e->msg, pre, pl);
	e->msg[pl + ol] = '\0';
}

const char *rl_err_str(const struct rl_err *e, char *buf, size_t n)
{
	char where[320] = "";

	if (e->dev[0] && e->has_off)
		snprintf(where, sizeof(where), "%s: offset %llu (0x%llx): ", e->dev,
			 (unsigned long long)e->off, (unsigned long long)e->off);
	else if (e->dev[0])
		snprintf(where, sizeof(where), "%s: ", e->dev);
	else if (e->has_off)
		snprintf(where, sizeof(where), "offset %llu (0x%llx): ",
			 (unsigned long long)e->off, (unsigned long long)e->off);
	snprintf(buf, n, "%s%s", where, e->msg[0] ? e->msg : rl_errcode_name(e->code));
	return buf;
}

const char *rl_errcode_name(enum rl_errcode c)
{
	switch (c) {
	case RL_OK: return "ok";
	case RL_E_IO: return "I/O error";
	case RL_E_NOTFOUND: return "not found";
	case RL_E_CORRUPT: return "corrupt";
	case RL_E_UNSUPPORTED: return "unsupported";
	case RL_E_INVAL: return "invalid argument";
	case RL_E_NOMEM: return "out of memory";
	case RL_E_TOOBIG: return "too big";
	}
	return "unknown error";
}
