/* Unaligned loads and stores of fixed-endian integers in on-disk and SCSI
 * buffers: LVM is little-endian; VHD and SCSI are big-endian. */
#ifndef RELUN_RL_ENDIAN_H
#define RELUN_RL_ENDIAN_H

#include <stdint.h>

static inline uint32_t rl_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t rl_get_le64(const uint8_t *p)
{
	return (uint64_t)rl_get_le32(p) | (uint64_t)rl_get_le32(p + 4) << 32;
}

static inline void rl_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void rl_put_le64(uint8_t *p, uint64_t v)
{
	rl_put_le32(p, (uint32_t)v);
	rl_put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline unsigned rl_get_be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static inline uint32_t rl_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t rl_get_be64(const uint8_t *p)
{
	return (uint64_t)rl_get_be32(p) << 32 | rl_get_be32(p + 4);
}

static inline void rl_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void rl_put_be64(uint8_t *p, uint64_t v)
{
	rl_put_be32(p, (uint32_t)(v >> 32));
	rl_put_be32(p + 4, (uint32_t)v);
}

#endif
