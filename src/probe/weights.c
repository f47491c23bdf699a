/* Weight files for the probe (probe.h): safetensors (Hugging Face: an 8-byte little-endian
 * header length, a JSON header {name: {dtype, shape, data_offsets}}, then the data), .npy,
 * and the word-vector text formats. Binary data is memory-mapped and decoded row by row. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "peelcert/npy.h"
#include "peelcert/probe.h"
#include "probe_internal.h"

void pc_weights_init(pc_weights_t *w)
{
    memset(w, 0, sizeof *w);
}

void pc_weights_clear(pc_weights_t *w)
{
    if (w->map != NULL)
        munmap(w->map, w->map_len);
    free(w->values);
    if (w->words != NULL)
        for (slong r = 0; r < w->rows; r++)
            free(w->words[r]);
    free(w->words);
    pc_weights_init(w);
}

static int itemsize_of(pc_weights_dtype_t t)
{
    return t == PC_WEIGHTS_F64 ? 8 : t == PC_WEIGHTS_F32 ? 4 : 2;
}

/* IEEE binary16 -> binary64, exactly (every half is a double). */
static double half_to_double(uint16_t h)
{
    int sign = h >> 15, e = (h >> 10) & 31, f = h & 1023;
    double v;
    if (e == 0)
        v = ldexp((double) f, -24);
    else if (e == 31)
        v = f ? NAN : INFINITY;
    else
        v = ldexp((double) (f | 1024), e - 25);
    return sign ? -v : v;
}

static uint64_t load_bytes(const unsigned char *b, int n, int big_endian)
{
    uint64_t u = 0;
    for (int t = 0; t < n; t++)
        u = u << 8 | b[big_endian ? t : n - 1 - t];
    return u;
}

/* One stored entry as the exact double it denotes. */
static double decode_entry(const unsigned char *b, pc_weights_dtype_t t, int big_endian)
{
    uint64_t u = load_bytes(b, itemsize_of(t), big_endian);
    double d;
    float f;
    uint32_t v;
    switch (t) {
    case PC_WEIGHTS_F64:
        memcpy(&d, &u, 8);
        return d;
    case PC_WEIGHTS_F32:
        v = (uint32_t) u;
        memcpy(&f, &v, 4);
        return (double) f;
    case PC_WEIGHTS_F16:
        return half_to_double((uint16_t) u);
    default:                       /* BF16: the upper half of a binary32 */
        v = (uint32_t) u << 16;
        memcpy(&f, &v, 4);
        return (double) f;
    }
}

pc_status_t pc_weights_row(double *out, const pc_weights_t *w, slong r, pc_msg_t *msg)
{
    if (r < 0 || r >= w->rows)
        return pc_fail(msg, PC_BAD_INPUT, "row %ld is outside the %ld rows of the weights",
                       (long) r, (long) w->rows);
    if (w->values != NULL) {
        memcpy(out, w->values + r * w->cols, sizeof(double) * (size_t) w->cols);
        return PC_OK;
    }
    size_t item = (size_t) itemsize_of(w->dtype);
    for (slong c = 0; c < w->cols; c++) {
        size_t index = w->fortran_order ? (size_t) c * (size_t) w->rows + (size_t) r
                                        : (size_t) r * (size_t) w->cols + (size_t) c;
        out[c] = decode_entry(w->data + index * item, w->dtype, w->big_endian);
        if (!isfinite(out[c]))
            return pc_fail(msg, PC_BAD_INPUT, "%s: entry [%ld][%ld] is NaN or infinite", w->tensor,
                           (long) r, (long) c);
    }
    return PC_OK;
}

/* Maps the whole file read-only. */
static pc_status_t map_file(pc_weights_t *w, const char *path, size_t *size, pc_msg_t *msg)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return pc_fail(msg, PC_BAD_INPUT, "%s: cannot open (%s)", path, strerror(errno));
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0) {
        close(fd);
        return pc_fail(msg, PC_BAD_INPUT, "%s: not a non-empty regular file", path);
    }
    void *map = mmap(NULL, (size_t) info.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return pc_fail(msg, PC_BAD_INPUT, "%s: cannot map (%s)", path, strerror(errno));
    w->map = map;
    w->map_len = (size_t) info.st_size;
    *size = (size_t) info.st_size;
    return PC_OK;
}

static pc_status_t read_npy(pc_weights_t *w, const char *path, pc_msg_t *msg)
{
    pc_npy_layout_t lay;
    pc_status_t st = pc_npy_read_layout(&lay, path, (slong) 1 << 40, msg);
    size_t size;
    if (st == PC_OK)
        st = map_file(w, path, &size, msg);
    if (st != PC_OK)
        return st;
    w->rows = lay.rows;
    w->cols = lay.cols;
    w->dtype = lay.itemsize == 8 ? PC_WEIGHTS_F64 : PC_WEIGHTS_F32;
    w->big_endian = lay.big_endian;
    w->fortran_order = lay.fortran_order;
    w->data = (const unsigned char *) w->map + lay.data_offset;
    snprintf(w->tensor, sizeof w->tensor, "%.200s", path);
    return PC_OK;
}

static int dtype_from_name(pc_weights_dtype_t *t, const char *name)
{
    static const char *const names[4] = {"F64", "F32", "F16", "BF16"};
    for (int k = 0; k < 4; k++)
        if (strcmp(name, names[k]) == 0) {
            *t = (pc_weights_dtype_t) k;
            return 1;
        }
    return 0;
}

/* The names of the header's tensors, comma separated (at most ~400 bytes). */
static void tensor_names(char *buf, size_t len, json_t *header)
{
    const char *key;
    json_t *value;
    size_t used = 0;
    buf[0] = '\0';
    json_object_foreach(header, key, value) {
        if (strcmp(key, "__metadata__") == 0 || used + strlen(key) + 8 > len)
            continue;
        used += (size_t) snprintf(buf + used, len - used, "%s%s", used ? ", " : "", key);
    }
}

/* The tensor to read when none is named: the only 2-D one, else a usual output/embedding name. */
static const char *default_tensor(json_t *header)
{
    static const char *const usual[] = {"lm_head.weight", "embed_out.weight", "transformer.wte.weight",
                                        "model.embed_tokens.weight", "wte.weight",
                                        "embeddings.word_embeddings.weight", NULL};
    const char *key, *only = NULL, *any = NULL;
    json_t *value;
    int two_d = 0, count = 0;
    json_object_foreach(header, key, value) {
        json_t *shape = json_object_get(value, "shape");
        if (strcmp(key, "__metadata__") == 0)
            continue;
        count++;
        any = key;
        if (json_is_array(shape) && json_array_size(shape) == 2) {
            two_d++;
            only = key;
        }
    }
    if (count == 1)
        return any;      /* the only tensor: read it, or say why its shape will not do */
    if (two_d == 1)
        return only;
    for (int k = 0; usual[k] != NULL; k++)
        if (json_object_get(header, usual[k]) != NULL)
            return usual[k];
    return NULL;
}

/* A non-negative JSON integer. */
static int json_size(uint64_t *out, json_t *v)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return 0;
    *out = (uint64_t) json_integer_value(v);
    return 1;
}

/* Validates the entry of one tensor against the data section (data_len bytes). */
static pc_status_t safetensors_entry(pc_weights_t *w, json_t *entry, const char *name,
                                     const char *path, size_t data_len, pc_msg_t *msg)
{
    json_t *dtype = json_object_get(entry, "dtype"), *shape = json_object_get(entry, "shape"),
           *offsets = json_object_get(entry, "data_offsets");
    if (!json_is_object(entry) || !json_is_string(dtype) || !json_is_array(shape)
        || !json_is_array(offsets))
        return pc_fail(msg, PC_BAD_INPUT, "%s: header entry '%s' needs 'dtype', 'shape' and "
                       "'data_offsets'", path, name);
    if (!dtype_from_name(&w->dtype, json_string_value(dtype)))
        return pc_fail(msg, PC_BAD_INPUT, "%s: tensor '%s' has dtype '%.20s': only F64, F32, F16 and "
                       "BF16 are read", path, name, json_string_value(dtype));
    uint64_t dims[2], begin, end;
    if (json_array_size(shape) != 2 || !json_size(dims, json_array_get(shape, 0))
        || !json_size(dims + 1, json_array_get(shape, 1)) || dims[0] == 0 || dims[1] == 0)
        return pc_fail(msg, PC_BAD_INPUT, "%s: tensor '%s' 'shape' must be two positive integers "
                       "(a matrix: tokens x dimension)", path, name);
    if (json_array_size(offsets) != 2 || !json_size(&begin, json_array_get(offsets, 0))
        || !json_size(&end, json_array_get(offsets, 1)) || begin > end)
        return pc_fail(msg, PC_BAD_INPUT, "%s: tensor '%s' 'data_offsets' must be [begin, end] with "
                       "0 <= begin <= end", path, name);
    if (end > data_len)
        return pc_fail(msg, PC_BAD_INPUT, "%s: tensor '%s' 'data_offsets' [%llu, %llu] run past the "
                       "data section (%zu bytes)", path, name, (unsigned long long) begin,
                       (unsigned long long) end, data_len);
    uint64_t item = (uint64_t) itemsize_of(w->dtype);
    if (dims[0] > ((uint64_t) 1 << 62) / dims[1] / item || end - begin != dims[0] * dims[1] * item)
        return pc_fail(msg, PC_BAD_INPUT, "%s: tensor '%s' holds %llu bytes, but shape [%llu, %llu] of "
                       "%s needs %llu (dtype/size mismatch)", path, name,
                       (unsigned long long) (end - begin), (unsigned long long) dims[0],
                       (unsigned long long) dims[1], json_string_value(dtype),
                       (unsigned long long) (dims[0] * dims[1] * item));
    w->rows = (slong) dims[0];
    w->cols = (slong) dims[1];
    w->data = (const unsigned char *) w->map + (w->map_len - data_len) + begin;
    snprintf(w->tensor, sizeof w->tensor, "%.250s", name);
    return PC_OK;
}

static pc_status_t read_safetensors(pc_weights_t *w, const char *path, const char *tensor,
                                    pc_msg_t *msg)
{
    size_t size;
    pc_status_t st = map_file(w, path, &size, msg);
    if (st != PC_OK)
        return st;
    if (size < 8)
        return pc_fail(msg, PC_BAD_INPUT, "%s: %zu bytes: too short for the 8-byte header length",
                       path, size);
    uint64_t hlen = load_bytes(w->map, 8, 0);
    if (hlen > size - 8 || hlen > (uint64_t) PC_PROBE_MAX_HEADER || hlen < 2)
        return pc_fail(msg, PC_BAD_INPUT, "%s: header length %llu is invalid (file of %zu bytes, limit "
                       "%ld)", path, (unsigned long long) hlen, size, (long) PC_PROBE_MAX_HEADER);
    json_error_t jerr;
    json_t *header = json_loadb((const char *) w->map + 8, (size_t) hlen, JSON_REJECT_DUPLICATES, &jerr);
    if (header == NULL || !json_is_object(header)) {
        json_decref(header);
        return pc_fail(msg, PC_BAD_INPUT, "%s: the header is not a JSON object (%s)", path,
                       header == NULL ? jerr.text : "another JSON value");
    }
    const char *name = tensor ? tensor : default_tensor(header);
    char names[420];
    tensor_names(names, sizeof names, header);
    json_t *entry = name ? json_object_get(header, name) : NULL;
    if (entry == NULL || strcmp(name, "__metadata__") == 0)
        st = pc_fail(msg, PC_BAD_INPUT, "%s: %s%s%s; the tensors are: %s", path,
                     tensor ? "no tensor named '" : "choose a tensor with --tensor",
                     tensor ? tensor : "", tensor ? "'" : "", names[0] ? names : "(none)");
    else
        st = safetensors_entry(w, entry, name, path, size - 8 - (size_t) hlen, msg);
    json_decref(header);
    return st;
}

/* dir/model.safetensors, or the shard that holds the tensor in model.safetensors.index.json. */
static pc_status_t read_directory(pc_weights_t *w, const char *dir, const char *tensor, pc_msg_t *msg)
{
    char path[4096];
    struct stat info;
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    if (stat(path, &info) == 0)
        return read_safetensors(w, path, tensor, msg);
    snprintf(path, sizeof path, "%s/model.safetensors.index.json", dir);
    json_error_t jerr;
    json_t *index = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    json_t *map = json_object_get(index, "weight_map");
    if (!json_is_object(map)) {
        json_decref(index);
        return pc_fail(msg, PC_BAD_INPUT, "%s: no model.safetensors and no readable "
                       "model.safetensors.index.json with a 'weight_map'", dir);
    }
    const char *name = tensor;
    if (name == NULL && json_object_get(map, "lm_head.weight") != NULL)
        name = "lm_head.weight";
    if (name == NULL && json_object_get(map, "model.embed_tokens.weight") != NULL)
        name = "model.embed_tokens.weight";
    json_t *shard = name ? json_object_get(map, name) : NULL;
    pc_status_t st;
    if (!json_is_string(shard))
        st = pc_fail(msg, PC_BAD_INPUT, "%s: 'weight_map' has no tensor '%s' (name one with --tensor)",
                     path, name ? name : "lm_head.weight");
    else {
        snprintf(path, sizeof path, "%s/%s", dir, json_string_value(shard));
        st = read_safetensors(w, path, name, msg);
    }
    json_decref(index);
    return st;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

pc_status_t pc_weights_read(pc_weights_t *w, const char *path, const char *tensor, pc_msg_t *msg)
{
    struct stat info;
    pc_weights_clear(w);
    if (stat(path, &info) != 0)
        return pc_fail(msg, PC_BAD_INPUT, "%s: cannot open (%s)", path, strerror(errno));
    pc_status_t st;
    if (S_ISDIR(info.st_mode))
        st = read_directory(w, path, tensor, msg);
    else if (has_suffix(path, ".safetensors"))
        st = read_safetensors(w, path, tensor, msg);
    else if (has_suffix(path, ".npy"))
        st = read_npy(w, path, msg);
    else if (has_suffix(path, ".json"))
        st = pc_probe_read_wink(w, path, msg);
    else
        st = pc_probe_read_text_vectors(w, path, msg);
    if (st != PC_OK)
        pc_weights_clear(w);
    return st;
}
