/* The NumPy .npy reader (npy.h): the preamble and Python-dict header, then the float data,
 * converted exactly. The header is parsed by a small scanner that accepts only the three keys
 * NumPy writes and the value forms they take; nothing is ever evaluated or unpickled. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "peelcert/npy.h"
#include "peelcert/instance.h"
#include "peelcert/numbers.h"

_Static_assert(sizeof(double) == 8 && sizeof(float) == 4, "IEEE binary64 and binary32 expected");

typedef struct {
    int big_endian;
    int itemsize;               /* 8: float64, 4: float32 */
    int fortran_order;
    slong rows, cols;
    uint64_t max_entries;       /* rows * cols above this is refused */
} npy_layout_t;

/* The header text, scanned left to right; path and msg for the messages. */
typedef struct {
    const char *p, *end;
    const char *path;
    pc_msg_t *msg;
} header_scan_t;

/* At most 40 bytes of text for a message, trailing padding dropped, non-printable bytes shown
 * as '?'. */
static const char *excerpt(char buf[48], const char *text, size_t len)
{
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
        len--;
    size_t n = len < 40 ? len : 40, k;
    for (k = 0; k < n; k++)
        buf[k] = (text[k] >= 0x20 && text[k] < 0x7f) ? text[k] : '?';
    if (n < len) { memcpy(buf + n, "...", 3); n += 3; }
    buf[n] = '\0';
    return buf;
}

static void skip_space(header_scan_t *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static int accept(header_scan_t *s, char c)
{
    skip_space(s);
    if (s->p < s->end && *s->p == c) { s->p++; return 1; }
    return 0;
}

/* A quoted Python string on one line; *start, *len delimit its contents. 0 if there is none. */
static int scan_string(header_scan_t *s, const char **start, size_t *len)
{
    skip_space(s);
    if (s->p >= s->end || (*s->p != '\'' && *s->p != '"'))
        return 0;
    char quote = *s->p++;
    const char *b = s->p;
    while (s->p < s->end && *s->p != quote && *s->p != '\n') {
        if (*s->p == '\\' && s->p + 1 < s->end)
            s->p++;
        s->p++;
    }
    if (s->p >= s->end || *s->p != quote)
        return 0;
    *start = b;
    *len = (size_t) (s->p - b);
    s->p++;
    return 1;
}

/* The raw text of the value at the scan position, up to the next ',' or '}', for messages. */
static const char *value_text(char buf[48], const header_scan_t *s)
{
    const char *q = s->p;
    while (q < s->end && *q != ',' && *q != '}')
        q++;
    return excerpt(buf, s->p, (size_t) (q - s->p));
}

static pc_status_t parse_descr(npy_layout_t *lay, header_scan_t *s)
{
    char buf[48];
    const char *d;
    size_t n;
    skip_space(s);
    if (!scan_string(s, &d, &n))
        return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'descr' is %s, not a dtype string: structured "
                       "dtypes are not supported, only float64/float32", s->path, value_text(buf, s));
    if (n == 3 && (d[0] == '<' || d[0] == '>') && d[1] == 'f' && (d[2] == '8' || d[2] == '4')) {
        lay->big_endian = d[0] == '>';
        lay->itemsize = d[2] - '0';
        return PC_OK;
    }
    int object = memchr(d, 'O', n) != NULL;
    return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'descr' is '%s': only float64/float32 ('<f8', '>f8', "
                   "'<f4', '>f4') are supported%s", s->path, excerpt(buf, d, n),
                   object ? " (object arrays are pickles and are never read)" : "");
}

static pc_status_t parse_fortran_order(npy_layout_t *lay, header_scan_t *s)
{
    char buf[48];
    skip_space(s);
    size_t avail = (size_t) (s->end - s->p);
    int value = avail >= 4 && memcmp(s->p, "True", 4) == 0 ? 1 :
                avail >= 5 && memcmp(s->p, "False", 5) == 0 ? 0 : -1;
    size_t n = value == 1 ? 4 : 5;
    if (value < 0 || (n < avail && (isalnum((unsigned char) s->p[n]) || s->p[n] == '_')))
        return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'fortran_order' is %s: must be True or False",
                       s->path, value_text(buf, s));
    lay->fortran_order = value;
    s->p += n;
    return PC_OK;
}

/* A tuple of non-negative integers; exactly two, each at least 1, product within the limit.
 * Digits past the limit are consumed without being accumulated, so nothing overflows. */
static pc_status_t parse_shape(npy_layout_t *lay, header_scan_t *s)
{
    char buf[48];
    const uint64_t limit = lay->max_entries;
    uint64_t dims[2] = {0, 0};
    long ndim = 0;
    int negative = 0;
    skip_space(s);
    const char *start = s->p;
    if (!accept(s, '('))
        return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'shape' is %s: must be a tuple of integers",
                       s->path, value_text(buf, s));
    while (!accept(s, ')')) {
        skip_space(s);
        if (s->p < s->end && *s->p == '-') { negative = 1; s->p++; }
        if (s->p >= s->end || *s->p < '0' || *s->p > '9')
            return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'shape' is %s: must be a tuple of integers",
                           s->path, excerpt(buf, start, (size_t) (s->end - start)));
        uint64_t u = 0;
        for (; s->p < s->end && *s->p >= '0' && *s->p <= '9'; s->p++)
            if (u <= limit)
                u = 10 * u + (uint64_t) (*s->p - '0');
        if (s->p < s->end && (*s->p == 'L' || *s->p == 'l'))   /* Python 2 long literals */
            s->p++;
        if (ndim < 2)
            dims[ndim] = u;
        if (ndim < 1000)
            ndim++;
        if (!accept(s, ',')) {
            if (!accept(s, ')'))
                return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'shape' is %s: must be a tuple of integers",
                               s->path, excerpt(buf, start, (size_t) (s->end - start)));
            break;
        }
    }
    const char *shape = excerpt(buf, start, (size_t) (s->p - start));
    if (ndim != 2)
        return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'shape' is %s: a %ld-D array, only 2-D arrays "
                       "(matrices) are supported", s->path, shape, ndim);
    if (negative)
        return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'shape' is %s: negative dimension", s->path, shape);
    if (dims[0] == 0 || dims[1] == 0)
        return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'shape' is %s: a matrix needs at least one row "
                       "and one column", s->path, shape);
    if (dims[0] > limit || dims[1] > limit || dims[0] * dims[1] > limit)
        return pc_fail(s->msg, PC_BAD_INPUT, "%s: header 'shape' is %s: more than %llu entries", s->path,
                       shape, (unsigned long long) limit);
    lay->rows = (slong) dims[0];
    lay->cols = (slong) dims[1];
    return PC_OK;
}

/* The dict literal {'descr': ..., 'fortran_order': ..., 'shape': ...}: each key exactly once,
 * no other key, optional trailing comma, then only whitespace (NumPy pads with spaces and '\n'). */
static pc_status_t parse_header(npy_layout_t *lay, const char *text, size_t len, const char *path,
                                pc_msg_t *msg)
{
    static const char *const keys[3] = {"descr", "fortran_order", "shape"};
    header_scan_t s = {text, text + len, path, msg};
    int seen[3] = {0, 0, 0};
    char buf[48];
    if (!accept(&s, '{'))
        return pc_fail(msg, PC_BAD_INPUT, "%s: header is not a Python dict literal: '%s'", path,
                       excerpt(buf, text, len));
    while (!accept(&s, '}')) {
        const char *key;
        size_t n;
        if (!scan_string(&s, &key, &n))
            return pc_fail(msg, PC_BAD_INPUT, "%s: header: expected a quoted key or '}' at byte %ld",
                           path, (long) (s.p - text));
        int k = 0;
        while (k < 3 && !(strlen(keys[k]) == n && memcmp(keys[k], key, n) == 0))
            k++;
        if (k == 3)
            return pc_fail(msg, PC_BAD_INPUT, "%s: header has the unknown key '%s' (only 'descr', "
                           "'fortran_order', 'shape' are allowed)", path, excerpt(buf, key, n));
        if (seen[k]++)
            return pc_fail(msg, PC_BAD_INPUT, "%s: header has the key '%s' twice", path, keys[k]);
        if (!accept(&s, ':'))
            return pc_fail(msg, PC_BAD_INPUT, "%s: header: expected ':' after '%s'", path, keys[k]);
        pc_status_t st = k == 0 ? parse_descr(lay, &s) : k == 1 ? parse_fortran_order(lay, &s)
                                                                 : parse_shape(lay, &s);
        if (st != PC_OK)
            return st;
        if (!accept(&s, ',')) {
            if (!accept(&s, '}'))
                return pc_fail(msg, PC_BAD_INPUT, "%s: header: expected ',' or '}' after the value of '%s'",
                               path, keys[k]);
            break;
        }
    }
    skip_space(&s);
    if (s.p != s.end)
        return pc_fail(msg, PC_BAD_INPUT, "%s: header has text after the dict: '%s'", path,
                       excerpt(buf, s.p, (size_t) (s.end - s.p)));
    for (int k = 0; k < 3; k++)
        if (!seen[k])
            return pc_fail(msg, PC_BAD_INPUT, "%s: header has no '%s'", path, keys[k]);
    return PC_OK;
}

/* Magic, version, header length and header. file_size < 0: unknown (not a regular file). */
static pc_status_t read_header(npy_layout_t *lay, FILE *f, long long file_size, const char *path,
                               pc_msg_t *msg)
{
    unsigned char pre[12];
    if (fread(pre, 1, 6, f) != 6 || memcmp(pre, "\x93NUMPY", 6) != 0)
        return pc_fail(msg, PC_BAD_INPUT, "%s: 'magic' is not \\x93NUMPY: not a .npy file", path);
    if (fread(pre + 6, 1, 2, f) != 2)
        return pc_fail(msg, PC_BAD_INPUT, "%s: the file ends inside 'version'", path);
    int major = pre[6], minor = pre[7];
    if (major < 1 || major > 3 || minor != 0)
        return pc_fail(msg, PC_BAD_INPUT, "%s: format 'version' %d.%d is not supported (1.0, 2.0 and 3.0 are)",
                       path, major, minor);
    size_t width = major == 1 ? 2 : 4;
    if (fread(pre + 8, 1, width, f) != width)
        return pc_fail(msg, PC_BAD_INPUT, "%s: the file ends inside 'header length'", path);
    uint32_t hlen = (uint32_t) pre[8] | (uint32_t) pre[9] << 8;
    if (width == 4)
        hlen |= (uint32_t) pre[10] << 16 | (uint32_t) pre[11] << 24;
    long long preamble = 8 + (long long) width;
    if (file_size >= 0 && preamble + hlen > file_size)
        return pc_fail(msg, PC_BAD_INPUT, "%s: 'header length' %lu runs past the end of the file (%lld bytes)",
                       path, (unsigned long) hlen, file_size);
    if (hlen > (uint32_t) PC_NPY_MAX_HEADER)
        return pc_fail(msg, PC_BAD_INPUT, "%s: 'header length' %lu exceeds the limit %ld", path,
                       (unsigned long) hlen, (long) PC_NPY_MAX_HEADER);
    char *text = malloc(hlen + 1u);
    if (text == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: out of memory reading the header", path);
    pc_status_t st;
    if (fread(text, 1, hlen, f) != hlen)
        st = pc_fail(msg, PC_BAD_INPUT, "%s: 'header length' %lu runs past the end of the file", path,
                     (unsigned long) hlen);
    else
        st = parse_header(lay, text, hlen, path, msg);
    free(text);
    return st;
}

/* Reads exactly nbytes of data into *out (caller frees), growing the buffer only as bytes
 * arrive, so a header that lies about the shape cannot make it allocate more than the file. */
static pc_status_t read_data(unsigned char **out, FILE *f, size_t nbytes, const npy_layout_t *lay,
                             const char *path, pc_msg_t *msg)
{
    size_t want = nbytes + 1, cap = want < 65536 ? want : 65536, got = 0;
    unsigned char *buf = malloc(cap);
    while (buf != NULL) {
        got += fread(buf + got, 1, cap - got, f);
        if (got < cap || cap == want)
            break;
        size_t next = cap > want / 2 ? want : 2 * cap;
        unsigned char *grown = realloc(buf, next);
        if (grown == NULL) { free(buf); buf = NULL; break; }
        buf = grown;
        cap = next;
    }
    if (buf == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: out of memory reading 'data'", path);
    const char *type = lay->itemsize == 8 ? "float64" : "float32";
    pc_status_t st = PC_OK;
    if (ferror(f))
        st = pc_fail(msg, PC_BAD_INPUT, "%s: read error in 'data' (%s)", path, strerror(errno));
    else if (got < nbytes)
        st = pc_fail(msg, PC_BAD_INPUT, "%s: 'data' is truncated: %zu bytes, but shape (%ld, %ld) of %s needs %zu",
                     path, got, (long) lay->rows, (long) lay->cols, type, nbytes);
    else if (got > nbytes)
        st = pc_fail(msg, PC_BAD_INPUT, "%s: 'data' has trailing bytes after the %zu that shape (%ld, %ld) of %s needs",
                     path, nbytes, (long) lay->rows, (long) lay->cols, type);
    if (st != PC_OK) { free(buf); return st; }
    *out = buf;
    return PC_OK;
}

/* The float at b, exactly, as a double (float32 widens to double without rounding).
 * Returns 0 if it is NaN or infinite. */
static int decode_float(double *x, const unsigned char *b, const npy_layout_t *lay)
{
    uint64_t u = 0;
    for (int t = 0; t < lay->itemsize; t++)
        u = u << 8 | b[lay->big_endian ? t : lay->itemsize - 1 - t];
    if (lay->itemsize == 8) {
        memcpy(x, &u, 8);
        return isfinite(*x);
    }
    uint32_t v = (uint32_t) u;
    float y;
    memcpy(&y, &v, 4);
    if (!isfinite(y))
        return 0;
    *x = (double) y;
    return 1;
}

static pc_status_t fill_matrix(fmpq_mat_t A, const unsigned char *data, const npy_layout_t *lay,
                               const char *path, pc_msg_t *msg)
{
    slong rows = lay->rows, cols = lay->cols;
    for (slong k = 0; k < rows * cols; k++) {
        slong i = lay->fortran_order ? k % rows : k / cols;
        slong j = lay->fortran_order ? k / rows : k % cols;
        double x;
        if (!decode_float(&x, data + (size_t) k * (size_t) lay->itemsize, lay))
            return pc_fail(msg, PC_BAD_INPUT, "%s: 'data' entry [%ld][%ld] is NaN or infinite: only finite "
                           "numbers are allowed", path, (long) i, (long) j);
        pc_rational_set_double(fmpq_mat_entry(A, i, j), x);
    }
    return PC_OK;
}

pc_status_t pc_npy_read_matrix(fmpq_mat_t out, const char *path, pc_msg_t *msg)
{
    int itemsize;
    return pc_npy_read_matrix_itemsize(out, &itemsize, path, msg);
}

pc_status_t pc_npy_read_matrix_itemsize(fmpq_mat_t out, int *itemsize, const char *path, pc_msg_t *msg)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: cannot open (%s)", path, strerror(errno));
    struct stat info;
    long long file_size = fstat(fileno(f), &info) == 0 && S_ISREG(info.st_mode) ? (long long) info.st_size : -1;
    npy_layout_t lay = {0, 0, 0, 0, 0, (uint64_t) PC_MAX_DENSE_ENTRIES};
    unsigned char *data = NULL;
    pc_status_t st = read_header(&lay, f, file_size, path, msg);
    if (st == PC_OK)
        st = read_data(&data, f, (size_t) (lay.rows * lay.cols) * (size_t) lay.itemsize, &lay, path, msg);
    fclose(f);
    if (st != PC_OK)
        return st;
    fmpq_mat_t A;
    fmpq_mat_init(A, lay.rows, lay.cols);
    st = fill_matrix(A, data, &lay, path, msg);
    if (st == PC_OK) {
        fmpq_mat_swap(out, A);
        *itemsize = lay.itemsize;
    }
    fmpq_mat_clear(A);
    free(data);
    return st;
}

pc_status_t pc_npy_read_layout(pc_npy_layout_t *out, const char *path, slong max_entries,
                               pc_msg_t *msg)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: cannot open (%s)", path, strerror(errno));
    struct stat info;
    long long file_size = fstat(fileno(f), &info) == 0 && S_ISREG(info.st_mode) ? (long long) info.st_size : -1;
    npy_layout_t lay = {0, 0, 0, 0, 0, (uint64_t) max_entries};
    pc_status_t st = read_header(&lay, f, file_size, path, msg);
    long data_offset = ftell(f);
    fclose(f);
    if (st != PC_OK)
        return st;
    long long need = (long long) lay.rows * lay.cols * lay.itemsize;
    if (file_size < 0 || data_offset < 0 || file_size - data_offset != need)
        return pc_fail(msg, PC_BAD_INPUT, "%s: 'data' has %lld bytes, but shape (%ld, %ld) of float%d "
                       "needs %lld", path, file_size - (long long) data_offset, (long) lay.rows,
                       (long) lay.cols, 8 * lay.itemsize, need);
    out->rows = lay.rows;
    out->cols = lay.cols;
    out->itemsize = lay.itemsize;
    out->big_endian = lay.big_endian;
    out->fortran_order = lay.fortran_order;
    out->data_offset = data_offset;
    return PC_OK;
}
