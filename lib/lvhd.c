#include "lvhd.h"

#include <string.h>
#include <stdio.h>
#include "xs_uuid.h"

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static void set_uuid(char *out, const char *s, size_t n)
{
	if (!out)
		return;
	if (n == XS_UUID_LEN && xs_uuid_valid_n(s, n)) {
		memcpy(out, s, XS_UUID_LEN);
		out[XS_UUID_LEN] = '\0';
	} else {
		out[0] = '\0';
	}
}

enum lvhd_kind lvhd_classify(const char *lv, char *const *tags, unsigned n_tags, char uuid_out[37])
{
	size_t len = strlen(lv);
	unsigned i;

	if (uuid_out)
		uuid_out[0] = '\0';
	if (strcmp(lv, LVHD_MGT_NAME) == 0)
		return LVHD_MGT;
	for (i = 0; i < n_tags; i++) {
		if (tags[i] && strcmp(tags[i], LVHD_JOURNAL_TAG) == 0) {
			/* <type>_<id>_<val>: the id is usually a VDI uuid */
			const char *a = strchr(lv, '_');

			if (a) {
				const char *b = strchr(a + 1, '_');

				if (b)
					set_uuid(uuid_out, a + 1, (size_t)(b - a - 1));
			}
			return LVHD_JOURNAL;
		}
	}
	if (has_prefix(lv, LVHD_JVHD_PREFIX))
		return LVHD_JVHD;
	if (len > strlen(LVHD_CBTLOG_SUFFIX) &&
	    strcmp(lv + len - strlen(LVHD_CBTLOG_SUFFIX), LVHD_CBTLOG_SUFFIX) == 0) {
		set_uuid(uuid_out, lv, len - strlen(LVHD_CBTLOG_SUFFIX));
		return LVHD_CBTLOG;
	}
	/* cleanup.py renames a leaf being coalesced to <prefix>OLD_<uuid> */
	if (has_prefix(lv, LVHD_VHD_PREFIX LVHD_OLD_PREFIX)) {
		set_uuid(uuid_out, lv + 8, len - 8);
		return LVHD_OLD;
	}
	if (has_prefix(lv, LVHD_RAW_PREFIX LVHD_OLD_PREFIX)) {
		set_uuid(uuid_out, lv + 7, len - 7);
		return LVHD_OLD;
	}
	if (has_prefix(lv, LVHD_VHD_PREFIX) && len == 4 + XS_UUID_LEN &&
	    xs_uuid_valid_n(lv + 4, XS_UUID_LEN)) {
		set_uuid(uuid_out, lv + 4, XS_UUID_LEN);
		return LVHD_VHD;
	}
	if (has_prefix(lv, LVHD_RAW_PREFIX) && len == 3 + XS_UUID_LEN &&
	    xs_uuid_valid_n(lv + 3, XS_UUID_LEN)) {
		set_uuid(uuid_out, lv + 3, XS_UUID_LEN);
		return LVHD_RAW;
	}
	return LVHD_OTHER;
}

const char *lvhd_kind_name(enum lvhd_kind k)
{
	switch (k) {
	case LVHD_MGT: return "mgt";
	case LVHD_VHD: return "vhd";
	case LVHD_RAW: return "raw";
	case LVHD_JOURNAL: return "journal";
	case LVHD_JVHD: return "jvhd";
	case LVHD_CBTLOG: return "cbtlog";
	case LVHD_OLD: return "old";
	case LVHD_OTHER: return "other";
	}
	return "other";
}

int lvhd_sr_uuid_from_vg(const char *vg, char out[37])
{
	size_t pl = strlen(LVHD_VG_PREFIX);

	if (!has_prefix(vg, LVHD_VG_PREFIX) || !xs_uuid_valid(vg + pl))
		return -1;
	memcpy(out, vg + pl, XS_UUID_BUFSZ);
	return 0;
}

int lvhd_vg_name(const char *sr_uuid, char *out, size_t n)
{
	if (!xs_uuid_valid(sr_uuid) || n < strlen(LVHD_VG_PREFIX) + XS_UUID_BUFSZ)
		return -1;
	snprintf(out, n, "%s%s", LVHD_VG_PREFIX, sr_uuid);
	return 0;
}

/* append s with '-' doubled; returns new position */
static size_t put_doubled(char *out, size_t pos, size_t n, const char *s)
{
	for (; *s; s++) {
		if (*s == '-' && pos + 1 < n)
			out[pos++] = '-';
		if (pos + 1 < n)
			out[pos++] = *s;
	}
	return pos;
}

void lvhd_dm_name(const char *vg, const char *lv, char *out, size_t n)
{
	size_t pos;

	if (!n)
		return;
	pos = put_doubled(out, 0, n, vg);
	if (pos + 1 < n)
		out[pos++] = '-';
	pos = put_doubled(out, pos, n, lv);
	out[pos] = '\0';
}

void lvhd_locator_path(const char *vg, const char *lv, char *out, size_t n)
{
	if (n < 3) {
		if (n)
			out[0] = '\0';
		return;
	}
	out[0] = '.';
	out[1] = '/';
	lvhd_dm_name(vg, lv, out + 2, n - 2);
}

/* undouble s[0..len) into out; -1 on a single '-' or overflow */
static int undouble(const char *s, size_t len, char *out, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '-') {
			if (i + 1 >= len || s[i + 1] != '-')
				return -1;
			i++;
		}
		if (o + 1 >= n)
			return -1;
		out[o++] = s[i];
	}
	if (!n)
		return -1;
	out[o] = '\0';
	return 0;
}

int lvhd_locator_split(const char *path, char *vg, size_t vgsz, char *lv, size_t lvsz)
{
	const char *s = path;
	size_t i, len;

	if (has_prefix(s, "./"))
		s += 2;
	if (strchr(s, '/'))
		return -1;
	len = strlen(s);
	for (i = 0; i < len; i++) {
		if (s[i] != '-')
			continue;
		if (i + 1 < len && s[i + 1] == '-') {
			i++;
			continue;
		}
		if (i == 0 || i + 1 == len)
			return -1;
		if (undouble(s, i, vg, vgsz) || undouble(s + i + 1, len - i - 1, lv, lvsz))
			return -1;
		return 0;
	}
	return -1;
}

int lvhd_locator_parse(const char *path, struct lvhd_loc *out)
{
	const char *s = path, *sl;

	memset(out, 0, sizeof(*out));
	if (has_prefix(s, "file://")) {
		out->url = 1;
		s += 7;
	}
	if (has_prefix(s, "/dev/mapper/")) {
		out->form = LVHD_LOC_MAPPER;
		s += 12;
	} else if (has_prefix(s, "/dev/")) {
		size_t vl;

		out->form = LVHD_LOC_DEV;
		s += 5;
		sl = strchr(s, '/');
		if (!sl || sl == s || !sl[1] || strchr(sl + 1, '/'))
			return -1;
		vl = (size_t)(sl - s);
		if (vl >= sizeof(out->vg) || strlen(sl + 1) >= sizeof(out->lv))
			return -1;
		memcpy(out->vg, s, vl);
		out->vg[vl] = '\0';
		memcpy(out->lv, sl + 1, strlen(sl + 1) + 1);
		return 0;
	} else if (has_prefix(s, "./")) {
		out->form = LVHD_LOC_REL;
	} else {
		out->form = LVHD_LOC_BARE;
	}
	return lvhd_locator_split(s, out->vg, sizeof(out->vg), out->lv, sizeof(out->lv));
}

int lvhd_locator_format(const struct lvhd_loc *form, const char *vg, const char *lv, char *out,
			size_t n)
{
	char dm[LVHD_DM_NAME_MAX * 2];
	int r;

	lvhd_dm_name(vg, lv, dm, sizeof(dm));
	switch (form->form) {
	case LVHD_LOC_REL:
		r = snprintf(out, n, "%s./%s", form->url ? "file://" : "", dm);
		break;
	case LVHD_LOC_BARE:
		r = snprintf(out, n, "%s%s", form->url ? "file://" : "", dm);
		break;
	case LVHD_LOC_MAPPER:
		r = snprintf(out, n, "%s/dev/mapper/%s", form->url ? "file://" : "", dm);
		break;
	case LVHD_LOC_DEV:
		r = snprintf(out, n, "%s/dev/%s/%s", form->url ? "file://" : "", vg, lv);
		break;
	default:
		return -1;
	}
	return r < 0 || (size_t)r >= n ? -1 : 0;
}

int lvhd_lv_name(enum lvhd_kind k, const char *uuid, char *out, size_t n)
{
	int r;

	if (k == LVHD_MGT) {
		r = snprintf(out, n, "%s", LVHD_MGT_NAME);
		return r < 0 || (size_t)r >= n ? -1 : 0;
	}
	if (!xs_uuid_valid(uuid))
		return -1;
	switch (k) {
	case LVHD_VHD:
		r = snprintf(out, n, "%s%s", LVHD_VHD_PREFIX, uuid);
		break;
	case LVHD_RAW:
		r = snprintf(out, n, "%s%s", LVHD_RAW_PREFIX, uuid);
		break;
	case LVHD_OLD:
		r = snprintf(out, n, "%s%s%s", LVHD_VHD_PREFIX, LVHD_OLD_PREFIX, uuid);
		break;
	case LVHD_CBTLOG:
		r = snprintf(out, n, "%s%s", uuid, LVHD_CBTLOG_SUFFIX);
		break;
	default:
		return -1;
	}
	return r < 0 || (size_t)r >= n ? -1 : 0;
}
