/* LVM identifiers (lib/id/id.c): 32 characters from [0-9a-zA-Z!#], stored raw
 * in the label, shown in the metadata text as dashed groups 6-4-4-4-4-4-6. */
#ifndef RELUN_LVM_ID_H
#define RELUN_LVM_ID_H

#include <stddef.h>

#define LVM_ID_LEN 32         /* raw characters */
#define LVM_ID_DASHED_LEN 38  /* with the 6 dashes, without NUL */

/* 1 when raw[0..len) is exactly 32 characters of [0-9a-zA-Z!#], else 0. */
int lvm_id_valid(const char *raw, size_t len);

/* raw (32 chars, not necessarily NUL-terminated) -> "xxxxxx-xxxx-...-xxxxxx"
 * (38 chars + NUL). */
void lvm_id_dashed(const char raw[32], char out[39]);

/* Text form -> raw (32 chars + NUL).  Like id_read_format, every '-' is
 * skipped wherever it is, so dashed and raw forms are both accepted; the
 * remaining characters must be exactly 32 valid ones.  0 ok, -1 invalid
 * (out is then the empty string). */
int lvm_id_undash(const char *s, char out[33]);

/* A fresh id as id_create makes it from 32 random bytes (drawn by the
 * caller: core/rl_random.h rl_lvm_id_new), each mapped to the first 62
 * characters by byte % 62. */
void lvm_id_from_random(const unsigned char rnd[LVM_ID_LEN], char out[LVM_ID_LEN + 1]);

#endif
