#include "vhd.h"
#include "rl_endian.h"

#include <string.h>
#include <stdio.h>

static const char HD_COOKIE[] = "conectix";
static const char POISON_COOKIE[] = "v_poison";
static const char DD_COOKIE[] = "cxsparse";

#define HD_RESERVED 0x00000002u
#define HD_FF_VERSION 0x00010000u
#define DD_VERSION 0x00010000u
#define VHD_VERSION(ma, mi) ((uint32_t)(((ma) << 16) | ((mi) & 0xffff)))

static uint32_t sum_without(const uint8_t *buf, size_t n, size_t ck)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (i < ck || i >= ck + 4)
			sum += buf[i];
	return ~sum;
}

uint32_t vhd_footer_checksum(const uint8_t buf[VHD_FOOTER_SIZE])
{
	return sum_without(buf, VHD_FOOTER_SIZE, VHD_F_CHECKSUM);
}

uint32_t vhd_header_checksum(const uint8_t buf[VHD_HEADER_SIZE])
{
	return sum_without(buf, VHD_HEADER_SIZE, VHD_H_CHECKSUM);
}

static void footer_fields_in(struct vhd_footer *f)
{
	const uint8_t *b = f->raw;

	memcpy(f->cookie, b, 8);
	f->features = rl_get_be32(b + 8);
	f->ff_version = rl_get_be32(b + 12);
	f->data_offset = rl_get_be64(b + 16);
	f->timestamp = rl_get_be32(b + 24);
	memcpy(f->crtr_app, b + 28, 4);
	f->crtr_ver = rl_get_be32(b + 32);
	f->crtr_os = rl_get_be32(b + 36);
	f->orig_size = rl_get_be64(b + 40);
	f->curr_size = rl_get_be64(b + 48);
	f->geometry = rl_get_be32(b + 56);
	f->type = rl_get_be32(b + 60);
	f->checksum = rl_get_be32(b + 64);
	memcpy(f->uuid, b + VHD_F_UUID, 16);
	f->saved = b[VHD_F_SAVED];
	f->hidden = b[VHD_F_HIDDEN];
}

int vhd_footer_parse(const uint8_t buf[VHD_FOOTER_SIZE], uint64_t lv_size, uint64_t base_off,
		     struct vhd_footer *f, struct rl_err *e)
{
	uint32_t ck;

	memset(f, 0, sizeof(*f));
	memcpy(f->raw, buf, VHD_FOOTER_SIZE);
	footer_fields_in(f);
	if (memcmp(f->cookie, HD_COOKIE, 8) == 0)
		f->poisoned = 0;
	else if (memcmp(f->cookie, POISON_COOKIE, 8) == 0)
		f->poisoned = 1;
	else
		return rl_err_at(e, RL_E_CORRUPT, base_off, "no VHD footer (cookie is not \"conectix\")");

	ck = vhd_footer_checksum(buf);
	if (ck != f->checksum) {
		/* libvhd: early td-util set 'hidden' without fixing the checksum */
		int quirk = 0;

		if (f->hidden && memcmp(f->crtr_app, "tap", 3) == 0 &&
		    (f->crtr_ver == VHD_VERSION(0, 1) || f->crtr_ver == VHD_VERSION(1, 1))) {
			uint8_t tmp[VHD_FOOTER_SIZE];

			memcpy(tmp, buf, sizeof(tmp));
			tmp[VHD_F_HIDDEN] = 0;
			quirk = vhd_footer_checksum(tmp) == f->checksum;
		}
		if (!quirk)
			return rl_err_at(e, RL_E_CORRUPT, base_off + VHD_F_CHECKSUM,
					 "VHD footer checksum 0x%08x, computed 0x%08x",
					 f->checksum, ck);
		f->hidden_quirk = 1;
	}
	if (f->type != VHD_TYPE_FIXED && f->type != VHD_TYPE_DYNAMIC && f->type != VHD_TYPE_DIFF)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 60, "VHD footer: unknown disk type %u",
				 f->type);
	if (f->type != VHD_TYPE_FIXED && lv_size &&
	    (f->data_offset > lv_size || lv_size - f->data_offset < VHD_HEADER_SIZE))
		return rl_err_at(e, RL_E_CORRUPT, base_off + VHD_F_DATA_OFFSET,
				 "VHD footer: header offset %llu + 1024 is past the end of the "
				 "volume (%llu bytes)", (unsigned long long)f->data_offset,
				 (unsigned long long)lv_size);
	return 0;
}

void vhd_footer_serialize(const struct vhd_footer *f, uint8_t out[VHD_FOOTER_SIZE])
{
	uint8_t *b = out;

	memcpy(b, f->raw, VHD_FOOTER_SIZE);
	memcpy(b, f->cookie, 8);
	rl_put_be32(b + 8, f->features);
	rl_put_be32(b + 12, f->ff_version);
	rl_put_be64(b + 16, f->data_offset);
	rl_put_be32(b + 24, f->timestamp);
	memcpy(b + 28, f->crtr_app, 4);
	rl_put_be32(b + 32, f->crtr_ver);
	rl_put_be32(b + 36, f->crtr_os);
	rl_put_be64(b + 40, f->orig_size);
	rl_put_be64(b + 48, f->curr_size);
	rl_put_be32(b + 56, f->geometry);
	rl_put_be32(b + 60, f->type);
	memcpy(b + VHD_F_UUID, f->uuid, 16);
	b[VHD_F_SAVED] = f->saved;
	b[VHD_F_HIDDEN] = f->hidden;
	rl_put_be32(b + VHD_F_CHECKSUM, vhd_footer_checksum(b));
}

int vhd_footer_pick(const uint8_t primary[VHD_FOOTER_SIZE], const uint8_t backup[VHD_FOOTER_SIZE],
		    uint64_t lv_size, uint64_t lv_base_off, struct vhd_footer *f,
		    int *used_backup, struct rl_err *e)
{
	struct rl_err ep, eb;

	*used_backup = 0;
	if (lv_size < VHD_FOOTER_SIZE)
		return rl_err_at(e, RL_E_CORRUPT, lv_base_off,
				 "volume of %llu bytes is too small for a VHD",
				 (unsigned long long)lv_size);
	rl_err_init(&ep, e ? e->dev : NULL);
	if (vhd_footer_parse(primary, lv_size, lv_base_off + lv_size - VHD_FOOTER_SIZE, f, &ep) == 0)
		return 0;
	rl_err_init(&eb, NULL);
	if (backup && vhd_footer_parse(backup, lv_size, lv_base_off, f, &eb) == 0) {
		*used_backup = 1;
		return 0;
	}
	if (e)
		*e = ep;
	return -1;
}

static const struct vhd_platform {
	uint32_t code;
	const char *name;
	int has_path;
} vhd_platforms[] = {
	{ VHD_PLAT_NONE, "NONE", 0 },
	{ VHD_PLAT_WI2R, "WI2R", 0 },
	{ VHD_PLAT_WI2K, "WI2K", 0 },
	{ VHD_PLAT_W2RU, "W2RU", 1 },
	{ VHD_PLAT_W2KU, "W2KU", 1 },
	{ VHD_PLAT_MAC, "MAC", 0 },
	{ VHD_PLAT_MACX, "MACX", 1 },
};

static const struct vhd_platform *platform(uint32_t code)
{
	size_t i;

	for (i = 0; i < sizeof(vhd_platforms) / sizeof(vhd_platforms[0]); i++)
		if (vhd_platforms[i].code == code)
			return &vhd_platforms[i];
	return NULL;
}

const char *vhd_platform_name(uint32_t code)
{
	const struct vhd_platform *p = platform(code);

	return p ? p->name : NULL;
}

int vhd_platform_has_path(uint32_t code)
{
	const struct vhd_platform *p = platform(code);

	return p && p->has_path;
}

void vhd_platform_chars(uint32_t code, char out[5])
{
	out[0] = (char)(code >> 24);
	out[1] = (char)(code >> 16);
	out[2] = (char)(code >> 8);
	out[3] = (char)code;
	out[4] = '\0';
}

uint64_t vhd_locator_size(const struct vhd_locator *l)
{
	/* libvhd: data_space "should" be sectors, but libvhd itself writes bytes */
	if (l->data_space < 512)
		return (uint64_t)l->data_space * VHD_SECTOR;
	if (l->data_space % 512 == 0)
		return l->data_space;
	return 0;
}

int vhd_header_parse(const uint8_t buf[VHD_HEADER_SIZE], uint64_t lv_size, uint64_t base_off,
		     struct vhd_header *h, struct rl_err *e)
{
	const uint8_t *b = buf;
	uint32_t ck;
	unsigned i;

	memset(h, 0, sizeof(*h));
	memcpy(h->raw, buf, VHD_HEADER_SIZE);
	memcpy(h->cookie, b, 8);
	h->data_offset = rl_get_be64(b + 8);
	h->table_offset = rl_get_be64(b + 16);
	h->hdr_ver = rl_get_be32(b + 24);
	h->max_bat_size = rl_get_be32(b + 28);
	h->block_size = rl_get_be32(b + 32);
	h->checksum = rl_get_be32(b + 36);
	memcpy(h->prt_uuid, b + VHD_H_PRT_UUID, 16);
	h->prt_ts = rl_get_be32(b + VHD_H_PRT_TS);
	h->res1 = rl_get_be32(b + 60);
	memcpy(h->prt_name, b + VHD_H_PRT_NAME, VHD_H_PRT_NAME_SIZE);
	for (i = 0; i < VHD_NLOC; i++) {
		const uint8_t *l = b + VHD_H_LOC + i * VHD_H_LOC_SIZE;

		h->loc[i].code = rl_get_be32(l);
		h->loc[i].data_space = rl_get_be32(l + 4);
		h->loc[i].data_len = rl_get_be32(l + 8);
		h->loc[i].res = rl_get_be32(l + 12);
		h->loc[i].data_offset = rl_get_be64(l + 16);
	}

	if (memcmp(h->cookie, DD_COOKIE, 8) != 0)
		return rl_err_at(e, RL_E_CORRUPT, base_off,
				 "no VHD dynamic header (cookie is not \"cxsparse\")");
	if (h->hdr_ver != DD_VERSION)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 24, "VHD header version 0x%08x",
				 h->hdr_ver);
	if (h->data_offset != UINT64_MAX)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 8,
				 "VHD header data_offset 0x%016llx is not all ones",
				 (unsigned long long)h->data_offset);
	if (h->block_size == 0 || h->block_size > VHD_BLOCK_SIZE_MAX ||
	    (h->block_size & (h->block_size - 1)))
		return rl_err_at(e, RL_E_CORRUPT, base_off + 32, "VHD block size %u", h->block_size);
	for (i = 0; i < VHD_NLOC; i++)
		if (!vhd_platform_name(h->loc[i].code))
			return rl_err_at(e, RL_E_CORRUPT, base_off + VHD_H_LOC + i * VHD_H_LOC_SIZE,
					 "VHD parent locator %u: unknown platform code 0x%08x",
					 i, h->loc[i].code);
	ck = vhd_header_checksum(buf);
	if (ck != h->checksum)
		return rl_err_at(e, RL_E_CORRUPT, base_off + VHD_H_CHECKSUM,
				 "VHD header checksum 0x%08x, computed 0x%08x", h->checksum, ck);
	if (!lv_size)
		return 0;
	if (h->table_offset > lv_size ||
	    (uint64_t)h->max_bat_size * 4 > lv_size - h->table_offset)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 16,
				 "VHD BAT at %llu (%u entries) is past the end of the volume "
				 "(%llu bytes)", (unsigned long long)h->table_offset,
				 h->max_bat_size, (unsigned long long)lv_size);
	for (i = 0; i < VHD_NLOC; i++) {
		const struct vhd_locator *l = &h->loc[i];
		uint64_t off = base_off + VHD_H_LOC + i * VHD_H_LOC_SIZE;
		uint64_t sz;

		if (l->code == VHD_PLAT_NONE)
			continue;
		sz = vhd_locator_size(l);
		if (!sz)
			return rl_err_at(e, RL_E_CORRUPT, off + 4,
					 "VHD parent locator %u: data_space %u is neither "
					 "sectors nor a multiple of 512", i, l->data_space);
		if (l->data_len > sz)
			return rl_err_at(e, RL_E_CORRUPT, off + 8,
					 "VHD parent locator %u: data_len %u > data_space "
					 "(%llu bytes)", i, l->data_len, (unsigned long long)sz);
		if (l->data_offset > lv_size || sz > lv_size - l->data_offset)
			return rl_err_at(e, RL_E_CORRUPT, off + 16,
					 "VHD parent locator %u: data at %llu (+%llu) is past the "
					 "end of the volume (%llu bytes)", i,
					 (unsigned long long)l->data_offset,
					 (unsigned long long)sz, (unsigned long long)lv_size);
	}
	return 0;
}

void vhd_header_serialize(const struct vhd_header *h, uint8_t out[VHD_HEADER_SIZE])
{
	uint8_t *b = out;
	unsigned i;

	memcpy(b, h->raw, VHD_HEADER_SIZE);
	memcpy(b, h->cookie, 8);
	rl_put_be64(b + 8, h->data_offset);
	rl_put_be64(b + 16, h->table_offset);
	rl_put_be32(b + 24, h->hdr_ver);
	rl_put_be32(b + 28, h->max_bat_size);
	rl_put_be32(b + 32, h->block_size);
	memcpy(b + VHD_H_PRT_UUID, h->prt_uuid, 16);
	rl_put_be32(b + VHD_H_PRT_TS, h->prt_ts);
	rl_put_be32(b + 60, h->res1);
	memcpy(b + VHD_H_PRT_NAME, h->prt_name, VHD_H_PRT_NAME_SIZE);
	for (i = 0; i < VHD_NLOC; i++) {
		uint8_t *l = b + VHD_H_LOC + i * VHD_H_LOC_SIZE;

		rl_put_be32(l, h->loc[i].code);
		rl_put_be32(l + 4, h->loc[i].data_space);
		rl_put_be32(l + 8, h->loc[i].data_len);
		rl_put_be32(l + 12, h->loc[i].res);
		rl_put_be64(l + 16, h->loc[i].data_offset);
	}
	rl_put_be32(b + VHD_H_CHECKSUM, vhd_header_checksum(b));
}

int vhd_locator_decode(uint32_t code, const uint8_t *data, size_t len, char *out, size_t outsz,
		       struct rl_err *e)
{
	char tmp[2048];
	size_t i, n = 0;
	const char *p;

	if (len >= sizeof(tmp))
		return rl_err_set(e, RL_E_TOOBIG, "VHD parent locator of %zu bytes is too long", len);
	switch (code) {
	case VHD_PLAT_MACX:
		/* iconv UTF-8 -> ASCII: anything above 0x7f fails */
		for (i = 0; i < len; i++) {
			if (data[i] & 0x80)
				return rl_err_set(e, RL_E_CORRUPT,
						  "MACX parent locator: non-ASCII byte 0x%02x at %zu",
						  data[i], i);
			tmp[n++] = (char)data[i];
		}
		tmp[n] = '\0';
		if (strncmp(tmp, "file://", 7) != 0)
			return rl_err_set(e, RL_E_CORRUPT,
					  "MACX parent locator does not start with file://");
		p = tmp + 7;
		break;
	case VHD_PLAT_W2KU:
	case VHD_PLAT_W2RU:
		if (len % 2)
			return rl_err_set(e, RL_E_CORRUPT,
					  "UTF-16 parent locator has an odd length %zu", len);
		for (i = 0; i < len; i += 2) {
			unsigned u = data[i] | (unsigned)data[i + 1] << 8;

			if (u > 0x7f)
				return rl_err_set(e, RL_E_CORRUPT,
						  "UTF-16 parent locator: non-ASCII U+%04X at %zu",
						  u, i);
			tmp[n++] = u == '\\' ? '/' : (char)u;
		}
		tmp[n] = '\0';
		p = tmp;
		if ((p[0] == 'C' || p[0] == 'c') && p[1] == ':')
			p += 2;
		break;
	default:
		return rl_err_set(e, RL_E_UNSUPPORTED,
				  "parent locator code 0x%08x holds no path relun can read", code);
	}
	/* libvhd strdup()s the result: it ends at the first NUL */
	if (strlen(p) + 1 > outsz)
		return rl_err_set(e, RL_E_TOOBIG, "parent locator path too long (%zu)", strlen(p));
	memcpy(out, p, strlen(p) + 1);
	return 0;
}

int vhd_locator_encode(uint32_t code, const char *rel, uint8_t *out, size_t outsz, size_t *len,
		       struct rl_err *e)
{
	char tmp[2048];
	size_t i, n;
	const char *s;

	for (s = rel; *s; s++)
		if ((unsigned char)*s & 0x80)
			return rl_err_set(e, RL_E_INVAL, "parent path is not ASCII");
	switch (code) {
	case VHD_PLAT_MACX:
		n = strlen(rel) + 7;
		if (n > outsz)
			return rl_err_set(e, RL_E_TOOBIG, "MACX locator needs %zu bytes", n);
		memcpy(out, "file://", 7);
		memcpy(out + 7, rel, n - 7);
		*len = n;
		return 0;
	case VHD_PLAT_W2KU:
	case VHD_PLAT_W2RU:
		/* vhd-util (MICROSOFT_COMPAT): relative paths start with ".\";
		 * an absolute path or a URL is kept as it is */
		if (rel[0] != '/' && !strstr(rel, "://")) {
			s = strncmp(rel, "./", 2) == 0 ? rel + 2 : rel;
			if (strlen(s) + 3 > sizeof(tmp))
				return rl_err_set(e, RL_E_TOOBIG, "parent path too long");
			snprintf(tmp, sizeof(tmp), ".\\%s", s);
		} else {
			if (strlen(rel) + 1 > sizeof(tmp))
				return rl_err_set(e, RL_E_TOOBIG, "parent path too long");
			snprintf(tmp, sizeof(tmp), "%s", rel);
		}
		n = strlen(tmp);
		if (n * 2 > outsz)
			return rl_err_set(e, RL_E_TOOBIG, "UTF-16 locator needs %zu bytes", n * 2);
		for (i = 0; i < n; i++) {
			out[2 * i] = (uint8_t)(tmp[i] == '/' ? '\\' : tmp[i]);
			out[2 * i + 1] = 0;
		}
		*len = n * 2;
		return 0;
	default:
		return rl_err_set(e, RL_E_UNSUPPORTED, "cannot encode parent locator code 0x%08x",
				  code);
	}
}

int vhd_prt_name_get(const struct vhd_header *h, char *out, size_t outsz)
{
	size_t i, n = 0;
	int ended = 0;

	/* libvhd converts all 512 bytes UTF-16BE -> ASCII, then strdup()s */
	for (i = 0; i < VHD_H_PRT_NAME_SIZE; i += 2) {
		unsigned u = (unsigned)h->prt_name[i] << 8 | h->prt_name[i + 1];

		if (u > 0x7f) {
			if (outsz)
				out[0] = '\0';
			return -1;
		}
		if (!u)
			ended = 1;
		if (ended)
			continue;
		if (n + 1 >= outsz) {
			if (outsz)
				out[0] = '\0';
			return -1;
		}
		out[n++] = (char)u;
	}
	if (!outsz)
		return -1;
	out[n] = '\0';
	return (int)n;
}

int vhd_prt_name_set(struct vhd_header *h, const char *name)
{
	size_t i, n = strlen(name);

	if (n > VHD_H_PRT_NAME_SIZE / 2)
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] & 0x80)
			return -1;
	memset(h->prt_name, 0, sizeof(h->prt_name));
	for (i = 0; i < n; i++)
		h->prt_name[2 * i + 1] = (uint8_t)name[i];
	return 0;
}

uint32_t vhd_chs(uint64_t size)
{
	/* libvhd's copy of the VHD spec algorithm, 32-bit sector count included */
	uint32_t secs, cyl, heads, spt, cth;

	secs = (uint32_t)((size + VHD_SECTOR - 1) >> 9);
	if (!secs)
		secs = 1;
	if (secs > 65535u * 16 * 255)
		secs = 65535u * 16 * 255;
	if (secs >= 65535u * 16 * 63) {
		spt = 255;
		cth = secs / spt;
		heads = 16;
	} else {
		spt = 17;
		cth = secs / spt;
		heads = (cth + 1023) / 1024;
		if (heads < 4)
			heads = 4;
		if (cth >= heads * 1024 || heads > 16) {
			spt = 31;
			cth = secs / spt;
			heads = 16;
		}
		if (cth >= heads * 1024) {
			spt = 63;
			cth = secs / spt;
			heads = 16;
		}
	}
	cyl = cth / heads;
	return cyl << 16 | heads << 8 | spt;
}

void vhd_footer_init(struct vhd_footer *f, uint32_t type, uint64_t size, const uint8_t uuid[16],
		     uint32_t timestamp)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->cookie, HD_COOKIE, 8);
	f->features = HD_RESERVED;
	f->ff_version = HD_FF_VERSION;
	f->data_offset = type == VHD_TYPE_FIXED ? UINT64_MAX : VHD_SECTOR;
	f->timestamp = timestamp;
	memcpy(f->crtr_app, "tap", 4);
	f->crtr_ver = VHD_VERSION(1, 3);
	f->crtr_os = 0;
	f->orig_size = size;
	f->curr_size = size;
	f->geometry = vhd_chs(size);
	f->type = type;
	memcpy(f->uuid, uuid, 16);
}

void vhd_header_init(struct vhd_header *h, uint64_t table_offset, uint32_t max_bat_size)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->cookie, DD_COOKIE, 8);
	h->data_offset = UINT64_MAX;
	h->table_offset = table_offset;
	h->hdr_ver = DD_VERSION;
	h->max_bat_size = max_bat_size;
	h->block_size = VHD_BLOCK_SIZE_MAX;
}
