/* SHA-256 (FIPS 180-4).  Used by the resign journal to fingerprint device
 * regions and to checksum the journal file itself; no crypto library is
 * needed on an old dom0 for this. */
#ifndef RELUN_SHA256_H
#define RELUN_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define RL_SHA256_LEN 32

struct rl_sha256 {
	uint32_t h[8];
	uint64_t total;      /* bytes fed so far */
	uint8_t buf[64];
	size_t nbuf;
};

void rl_sha256_init(struct rl_sha256 *c);
void rl_sha256_update(struct rl_sha256 *c, const void *data, size_t len);
void rl_sha256_final(struct rl_sha256 *c, uint8_t out[RL_SHA256_LEN]);
/* One shot. */
void rl_sha256(const void *data, size_t len, uint8_t out[RL_SHA256_LEN]);
/* 64 lowercase hex digits + NUL into hex (65 bytes). */
char *rl_sha256_hex(const uint8_t d[RL_SHA256_LEN], char hex[65]);

#endif
