#include "attach_run.h"

#include <errno.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(json_object *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_object_add(o, k, json_object_new_string(v));
}

void *rl_attach_to_json(const struct rl_xe_input *in)
{
	json_object *o = json_object_new_object(), *v;
	size_t i;

	put(o, "type", rl_sr_type_name(in->type));
	put(o, "sr_uuid", in->sr_uuid);
	put(o, "original_sr_uuid", in->orig_sr_uuid);
	put(o, "target", in->target);
	put(o, "port", in->port);
	put(o, "targetIQN", in->target_iqn);
	put(o, "SCSIid", in->scsi_id);
	put(o, "device", in->device);
	json_object_object_add(o, "name_label", json_object_new_string(in->name_label ? in->name_label : ""));
	json_object_object_add(o, "name_description",
			       json_object_new_string(in->name_description ? in->name_description : ""));
	json_object_object_add(o, "pool_metadata", json_object_new_boolean(in->pool_metadata));
	if (in->pool_metadata && in->n_vdis) {
		v = json_object_new_array();
		for (i = 0; i < in->n_vdis; i++) {
			json_object *p = json_object_new_object();

			put(p, "old", in->vdis[i].old_uuid);
			put(p, "new", in->vdis[i].new_uuid);
			json_object_array_add(v, p);
		}
		json_object_object_add(o, "vdi_map", v);
	}
	return o;
}

static const char *str(const json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int rl_attach_from_json(const void *obj, struct rl_xe_input *in, struct rl_vdi_pair **vdis)
{
	const json_object *o = obj;
	json_object *v;
	const char *t = str(o, "type");
	size_t i, n;

	memset(in, 0, sizeof(*in));
	*vdis = NULL;
	if (!t || rl_sr_type_parse(t, &in->type) < 0)
		return -1;
	in->sr_uuid = str(o, "sr_uuid");
	in->orig_sr_uuid = str(o, "original_sr_uuid");
	in->target = str(o, "target");
	in->port = str(o, "port");
	in->target_iqn = str(o, "targetIQN");
	in->scsi_id = str(o, "SCSIid");
	in->device = str(o, "device");
	in->name_label = str(o, "name_label");
	in->name_description = str(o, "name_description");
	in->pool_metadata = json_object_object_get_ex(o, "pool_metadata", &v) &&
			    json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "vdi_map", &v) && json_object_is_type(v, json_type_array) &&
	    (n = (size_t)json_object_array_length(v)) > 0) {
		*vdis = calloc(n, sizeof(**vdis));
		if (!*vdis)
			return -1;
		for (i = 0; i < n; i++) {
			json_object *p = json_object_array_get_idx(v, i);
			const char *a = str(p, "old"), *b = str(p, "new");

			snprintf((*vdis)[i].old_uuid, sizeof((*vdis)[i].old_uuid), "%s", a ? a : "");
			snprintf((*vdis)[i].new_uuid, sizeof((*vdis)[i].new_uuid), "%s", b ? b : "");
		}
		in->vdis = *vdis;
		in->n_vdis = n;
	}
	return 0;
}

int rl_attach_write_run(const char *path, void *const *res, const int *codes, unsigned n,
			const char *generator, struct rl_err *e)
{
	struct rl_xe_input *in = calloc(n ? n : 1, sizeof(*in));
	struct rl_vdi_pair **maps = calloc(n ? n : 1, sizeof(*maps));
	unsigned k, m = 0;
	char *tmp = NULL;
	FILE *f = NULL;
	int rc = -1, fd;

	if (!in || !maps) {
		rl_err_set(e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	for (k = 0; k < n; k++) {
		json_object *a;

		if (!res[k] || !json_object_object_get_ex(res[k], "attach", &a))
			continue;
		if (codes[k]) {
			json_object_object_del(res[k], "attach");
			continue;
		}
		if (rl_attach_from_json(a, &in[m], &maps[m]) == 0) {
			in[m].generator = generator;
			m++;
		}
	}
	if (m == 0) {
		rc = 0;
		goto out;
	}
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		tmp = NULL;
		rl_err_set(e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		rl_err_set(e, RL_E_IO, "%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (rl_xe_script_write_run(f, in, m, e) < 0 || fchmod(fileno(f), 0755) < 0) {
		if (!e->msg[0])
			rl_err_set(e, RL_E_IO, "%s: %s", tmp, strerror(errno));
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		rl_err_set(e, RL_E_IO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	for (k = 0; k < n; k++) {
		json_object *a;

		if (res[k] && !codes[k] && json_object_object_get_ex(res[k], "attach", &a))
			json_object_object_add(res[k], "xe_script", json_object_new_string(path));
	}
	rc = (int)m;
	goto out;
fail:
	unlink(tmp);
out:
	free(tmp);
	for (k = 0; maps && k < n; k++)
		free(maps[k]);
	free(maps);
	free(in);
	return rc;
}

int rl_attach_write_or_warn(const char *path, void *const *res, const int *codes, unsigned n,
			    const char *generator)
{
	struct rl_err e;
	char buf[800];
	int m;

	rl_err_init(&e, NULL);
	m = rl_attach_write_run(path, res, codes, n, generator, &e);
	if (m < 0)
		fprintf(stderr, "relun-resign: could not write the xe script %s: %s\n", path,
			rl_err_str(&e, buf, sizeof(buf)));
	return m;
}
