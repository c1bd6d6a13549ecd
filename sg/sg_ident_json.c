#include "sg_ident_json.h"
#include "udev_str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string; NULL or "" gives null.  Invalid UTF-8 bytes become U+FFFD
 * (json-c would otherwise write them raw and the document would not parse). */
static struct json_object *jstr(const char *s)
{
	struct json_object *o;
	size_t i = 0, j = 0, n;
	char *tmp;
	int l;

	if (!s || !s[0])
		return NULL;
	n = strlen(s);
	tmp = malloc(3 * n + 1);
	if (!tmp)
		return NULL;
	while (s[i]) {
		l = udevstr_utf8_char_len(s + i);
		/* udev rejects noncharacters, JSON does not: accept any scalar */
		if (l < 0 && (unsigned char)s[i] == 0xef && (unsigned char)s[i + 1] == 0xbf &&
		    ((unsigned char)s[i + 2] == 0xbe || (unsigned char)s[i + 2] == 0xbf))
			l = 3;
		if (l > 0 && l <= 4) {
			memcpy(tmp + j, s + i, (size_t)l);
			j += (size_t)l;
			i += (size_t)l;
		} else {
			memcpy(tmp + j, "\xef\xbf\xbd", 3);
			j += 3;
			i++;
		}
	}
	tmp[j] = '\0';
	o = json_object_new_string(tmp);
	free(tmp);
	return o;
}

static void put(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static struct json_object *jint(long long v)
{
	return json_object_new_int64(v);
}

/* -1 means unknown */
static struct json_object *jint_or_null(long long v)
{
	return v < 0 ? NULL : json_object_new_int64(v);
}

static struct json_object *jbool_or_null(int v)
{
	return v < 0 ? NULL : json_object_new_boolean(v);
}

static const char *id_type(const struct sg_ident *id)
{
	if (!id->has_id)
		return NULL;
	switch (id->id.source) {
	case SCSI_ID_SRC_VPD83: return scsi_id_desig_type_name(id->id.desig_type);
	case SCSI_ID_SRC_PRESPC3: return "pre-spc3";
	case SCSI_ID_SRC_VPD80: return "unit-serial";
	case SCSI_ID_SRC_NONE: break;
	}
	return NULL;
}

static struct json_object *udev_obj(const struct sg_ident *id)
{
	const struct scsi_id_out *x = &id->id;
	struct json_object *u;
	char wwn[64];

	if (x->flags & SCSI_ID_F_NO_STD || id->via == SG_VIA_NONE)
		return NULL;
	u = json_object_new_object();
	put(u, "ID_SCSI", json_object_new_string("1"));
	put(u, "ID_VENDOR", json_object_new_string(x->id_vendor));
	put(u, "ID_VENDOR_ENC", json_object_new_string(x->id_vendor_enc));
	put(u, "ID_MODEL", json_object_new_string(x->id_model));
	put(u, "ID_MODEL_ENC", json_object_new_string(x->id_model_enc));
	put(u, "ID_REVISION", json_object_new_string(x->id_revision));
	put(u, "ID_TYPE", json_object_new_string(x->id_type));
	if (x->found) {
		put(u, "ID_SERIAL", json_object_new_string(x->id_serial));
		put(u, "ID_SERIAL_SHORT", json_object_new_string(x->id_serial_short));
	}
	if (x->id_wwn[0]) {
		snprintf(wwn, sizeof(wwn), "0x%s", x->id_wwn);
		put(u, "ID_WWN", json_object_new_string(wwn));
		if (x->id_wwn_vendor_extension[0]) {
			snprintf(wwn, sizeof(wwn), "0x%s", x->id_wwn_vendor_extension);
			put(u, "ID_WWN_VENDOR_EXTENSION", json_object_new_string(wwn));
			snprintf(wwn, sizeof(wwn), "0x%s%s", x->id_wwn, x->id_wwn_vendor_extension);
		} else {
			snprintf(wwn, sizeof(wwn), "0x%s", x->id_wwn);
		}
		put(u, "ID_WWN_WITH_EXTENSION", json_object_new_string(wwn));
	}
	if (x->id_target_port[0])
		put(u, "ID_TARGET_PORT", json_object_new_string(x->id_target_port));
	if (x->id_scsi_serial[0])
		put(u, "ID_SCSI_SERIAL", jstr(x->id_scsi_serial));
	return u;
}

static struct json_object *fc_obj(const struct sg_ident *id)
{
	struct json_object *f;

	if (!id->fc.present)
		return NULL;
	f = json_object_new_object();
	put(f, "host_wwpn", jstr(id->fc.host_wwpn));
	put(f, "host_wwnn", jstr(id->fc.host_wwnn));
	put(f, "target_wwpn", jstr(id->fc.target_wwpn));
	put(f, "target_wwnn", jstr(id->fc.target_wwnn));
	put(f, "port_id", jstr(id->fc.port_id));
	put(f, "rport", jstr(id->fc.rport));
	put(f, "port_state", jstr(id->fc.port_state));
	return f;
}

static struct json_object *mpath_obj(const struct sg_ident *id)
{
	struct json_object *m, *paths, *p;
	unsigned k;

	if (!id->has_mpath)
		return NULL;
	m = json_object_new_object();
	put(m, "map", jstr(id->mpath.name));
	put(m, "uuid", jstr(id->mpath.uuid));
	put(m, "dm", jstr(id->mpath.dm));
	paths = json_object_new_array();
	for (k = 0; k < id->mpath.n_paths; k++) {
		p = json_object_new_object();
		put(p, "device", jstr(id->mpath.paths[k].device));
		put(p, "hctl", jstr(id->mpath.paths[k].hctl));
		put(p, "state", jstr(id->mpath.paths[k].state));
		json_object_array_add(paths, p);
	}
	put(m, "paths", paths);
	return m;
}

static struct json_object *alua_obj(const struct sg_ident *id)
{
	struct json_object *a, *groups, *g, *ports, *r;
	unsigned k, j;

	if (!id->alua.present)
		return NULL;
	a = json_object_new_object();
	put(a, "tpgs", json_object_new_string(alua_tpgs_name(id->alua.tpgs)));
	put(a, "port_group", jint_or_null(id->alua.port_group));
	put(a, "relative_port", jint_or_null(id->alua.relative_port));
	put(a, "state", jstr(id->alua.state));
	put(a, "preferred", jbool_or_null(id->alua.preferred));
	put(a, "dh_state", jstr(id->alua.dh_state));
	put(a, "access_state", jstr(id->alua.access_state));
	if (id->alua.rtpg_ok) {
		groups = json_object_new_array();
		for (k = 0; k < id->alua.rtpg.n_groups; k++) {
			const struct alua_group *gr = &id->alua.rtpg.groups[k];

			g = json_object_new_object();
			put(g, "id", jint(gr->id));
			put(g, "state", json_object_new_string(alua_state_name(gr->aas)));
			put(g, "preferred", json_object_new_boolean(gr->pref));
			ports = json_object_new_array();
			for (j = 0; j < gr->n_ports && j < ALUA_MAX_PORTS; j++)
				json_object_array_add(ports, jint(gr->ports[j]));
			put(g, "ports", ports);
			json_object_array_add(groups, g);
		}
		put(a, "groups", groups);
	} else {
		put(a, "groups", NULL);
	}
	if (id->alua.rdac.valid) {
		r = json_object_new_object();
		put(r, "mode", json_object_new_string(id->alua.rdac.mode));
		put(r, "owned", json_object_new_boolean(id->alua.rdac.owned));
		put(r, "preferred", json_object_new_boolean(id->alua.rdac.preferred));
		put(r, "state", json_object_new_string(id->alua.rdac.access));
		put(a, "rdac", r);
	} else {
		put(a, "rdac", NULL);
	}
	return a;
}

struct json_object *sg_ident_json(const struct sg_ident *id, const char *error)
{
	struct json_object *o = json_object_new_object(), *w;
	char hex[2 * sizeof(id->id.g) + 1];
	size_t k, n;

	put(o, "device", jstr(id->device));
	put(o, "vendor", jstr(id->vendor));
	put(o, "product", jstr(id->product));
	put(o, "revision", jstr(id->revision));
	put(o, "serial", jstr(id->serial));
	put(o, "SCSIid", id->has_id ? jstr(id->scsiid) : NULL);
	put(o, "scsi_id_g", id->has_id ? jstr(id->id.g) : NULL);
	put(o, "scsi_id_u", id->has_id ? jstr(id->id.u) : NULL);
	if (id->has_id) {
		n = strlen(id->id.g);
		for (k = 0; k < n; k++)
			snprintf(hex + 2 * k, 3, "%02x", (unsigned char)id->id.g[k]);
		hex[2 * n] = '\0';
		put(o, "scsi_id_g_hex", json_object_new_string(hex));
	} else {
		put(o, "scsi_id_g_hex", NULL);
	}
	put(o, "profile", json_object_new_string(sg_profile_name(id->id.profile)));
	put(o, "id_source", id->via != SG_VIA_NONE ? json_object_new_string(sg_via_name(id->via)) : NULL);
	put(o, "id_type", jstr(id_type(id)));
	put(o, "size_bytes", id->size_bytes ? jint((long long)id->size_bytes) : NULL);
	put(o, "logical_block_size", id->logical_block_size ? jint(id->logical_block_size) : NULL);
	put(o, "hctl", jstr(id->hctl));
	put(o, "driver", jstr(id->driver));
	put(o, "transport", jstr(id->transport));
	put(o, "target", id->iscsi.present ? jstr(id->iscsi.target) : NULL);
	put(o, "port", id->iscsi.present ? jstr(id->iscsi.port) : NULL);
	put(o, "targetIQN", id->iscsi.present ? jstr(id->iscsi.iqn) : NULL);
	put(o, "tpgt", id->iscsi.present ? jstr(id->iscsi.tpgt) : NULL);
	put(o, "iscsi_session", id->iscsi.present ? jstr(id->iscsi.session) : NULL);
	put(o, "fc", fc_obj(id));
	put(o, "multipath", mpath_obj(id));
	put(o, "alua", alua_obj(id));
	put(o, "udev", udev_obj(id));
	w = json_object_new_array();
	for (k = 0; k < id->n_warn; k++)
		json_object_array_add(w, jstr(id->warn[k]));
	put(o, "warnings", w);
	put(o, "error", jstr(error));
	return o;
}
