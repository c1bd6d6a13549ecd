/* Errors that carry the device and the byte offset they concern.
 *
 * Codecs parse buffers and do not know the device; the caller names the device
 * (rl_err_init) and passes the buffer's absolute offset, so every message reads
 * "DEVICE: offset N (0xN): what is wrong". */
#ifndef RELUN_RL_ERR_H
#define RELUN_RL_ERR_H

#include <stdint.h>
#include <stddef.h>

enum rl_errcode {
	RL_OK = 0,
	RL_E_IO,          /* read/write/open failed */
	RL_E_NOTFOUND,    /* the thing looked for is absent (no label, no MGT) */
	RL_E_CORRUPT,     /* CRC, magic, bounds, syntax: on-disk data is wrong */
	RL_E_UNSUPPORTED, /* valid but outside what relun handles */
	RL_E_INVAL,       /* caller passed something impossible */
	RL_E_NOMEM,
	RL_E_TOOBIG,      /* result does not fit the space on disk */
};

struct rl_err {
	enum rl_errcode code;
	int has_off;
	uint64_t off;
	char dev[256];
	char msg[512];
};

/* Reset e and record the device (may be NULL or "" for none). */
void rl_err_init(struct rl_err *e, const char *dev);
/* Set code, absolute offset and message; returns -1 so callers can
 * `return rl_err_at(e, RL_E_CORRUPT, off, "...")`. */
int rl_err_at(struct rl_err *e, enum rl_errcode code, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Same without an offset. */
int rl_err_set(struct rl_err *e, enum rl_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefix an existing message with more context ("reading MGT: "). */
void rl_err_prefix(struct rl_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "dev: offset 4096 (0x1000): msg" into buf; returns buf. */
const char *rl_err_str(const struct rl_err *e, char *buf, size_t n);
const char *rl_errcode_name(enum rl_errcode c);

#endif
