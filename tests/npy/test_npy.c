/* The .npy reader (npy.h) against files written byte by byte here: every supported layout
 * (float64/float32, C/Fortran order, little/big endian, versions 1.0/2.0/3.0) with exact
 * values checked two ways (known dyadic fractions, and Arb's arf conversion of the same
 * doubles for random bit patterns), and every malformed kind refused with a message naming
 * the field, the output left unchanged. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arf.h>
#include "peelcert/npy.h"

static int passed, failed;
static char dir[64];

static void expect(int ok, const char *what, const char *name)
{
    if (ok) passed++; else failed++;
    printf("%s %s: %s\n", ok ? "ok  " : "FAIL", name, what);
}

/* Little-endian bytes of a double or float, reversed for big endian. */
static void put_f64(unsigned char *b, double x, int big)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    for (int t = 0; t < 8; t++)
        b[big ? 7 - t : t] = (unsigned char) (u >> (8 * t));
}

static void put_f32(unsigned char *b, float x, int big)
{
    uint32_t u;
    memcpy(&u, &x, 4);
    for (int t = 0; t < 4; t++)
        b[big ? 3 - t : t] = (unsigned char) (u >> (8 * t));
}

static const char *file_path(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_raw(const char *name, const void *bytes, size_t n)
{
    FILE *f = fopen(file_path(name), "wb");
    if (f == NULL || fwrite(bytes, 1, n, f) != n) { perror(name); exit(2); }
    fclose(f);
}

/* A .npy file as NumPy writes it: magic, version, header padded with spaces to a multiple of
 * 64 and ended by '\n', then data. */
static void write_npy(const char *name, int major, const char *dict, const void *data, size_t n)
{
    unsigned char buf[4096];
    size_t pre = major == 1 ? 10 : 12, len = strlen(dict);
    size_t hlen = ((pre + len + 1 + 63) / 64) * 64 - pre;
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char) major;
    buf[7] = 0;
    for (size_t t = 0; t < pre - 8; t++)
        buf[8 + t] = (unsigned char) (hlen >> (8 * t));
    memcpy(buf + pre, dict, len);
    memset(buf + pre + len, ' ', hlen - len - 1);
    buf[pre + hlen - 1] = '\n';
    memcpy(buf + pre + hlen, data, n);
    write_raw(name, buf, pre + hlen + n);
}

static int entry_is(const fmpq_mat_t A, slong i, slong j, const char *text)
{
    fmpq_t q;
    fmpq_init(q);
    fmpq_set_str(q, text, 10);
    int ok = fmpq_equal(fmpq_mat_entry(A, i, j), q);
    fmpq_clear(q);
    return ok;
}

static int read_ok(fmpq_mat_t A, const char *name, slong rows, slong cols)
{
    pc_msg_t msg = {{0}};
    pc_status_t st = pc_npy_read_matrix(A, file_path(name), &msg);
    if (st != PC_OK)
        printf("     %s\n", msg.text);
    return st == PC_OK && fmpq_mat_nrows(A) == rows && fmpq_mat_ncols(A) == cols;
}

static void test_float64(void)
{
    /* [[0.1, -2.5, 1e300], [5e-324, -0.0, 3]] */
    double v[6] = {0.1, -2.5, 1e300, 5e-324, -0.0, 3.0};
    unsigned char c[48], fo[48], be[48];
    for (int k = 0; k < 6; k++) {
        put_f64(c + 8 * k, v[k], 0);
        put_f64(fo + 8 * ((k % 3) * 2 + k / 3), v[k], 0);   /* column-major */
        put_f64(be + 8 * k, v[k], 1);
    }
    write_npy("c.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", c, 48);
    write_npy("f.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", fo, 48);
    write_npy("be.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", be, 48);
    write_npy("v2.npy", 2, "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f8'}", c, 48);
    write_npy("v3.npy", 3, "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,3)}", c, 48);
    const char *names[5] = {"c.npy", "f.npy", "be.npy", "v2.npy", "v3.npy"};
    for (int t = 0; t < 5; t++) {
        fmpq_mat_t A;
        fmpq_mat_init(A, 0, 0);
        int ok = read_ok(A, names[t], 2, 3)
            && entry_is(A, 0, 0, "3602879701896397/36028797018963968")
            && entry_is(A, 0, 1, "-5/2") && entry_is(A, 1, 2, "3") && entry_is(A, 1, 1, "0");
        if (ok) {
            fmpz_t two;
            fmpz_init(two);
            fmpz_one(two);
            fmpz_mul_2exp(two, two, 1074);
            ok = fmpz_is_one(fmpq_mat_entry_num(A, 1, 0)) && fmpz_equal(fmpq_mat_entry_den(A, 1, 0), two)
                && fmpz_is_one(fmpq_mat_entry_den(A, 0, 2)) && fmpz_get_d(fmpq_mat_entry_num(A, 0, 2)) == 1e300;
            fmpz_clear(two);
        }
        expect(ok, "0.1, -2.5, 1e300, the least subnormal, -0, 3 exactly", names[t]);
        fmpq_mat_clear(A);
    }
}

static void test_float32(void)
{
    unsigned char le[8], be[8];
    put_f32(le, 1.0f / 3.0f, 0);
    put_f32(le + 4, -1.5f, 0);
    put_f32(be, 1.0f / 3.0f, 1);
    put_f32(be + 4, -1.5f, 1);
    write_npy("f4.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", le, 8);
    write_npy("f4be.npy", 3, "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 1), }", be, 8);
    fmpq_mat_t A;
    fmpq_mat_init(A, 3, 3);   /* any shape: re-initialised */
    expect(read_ok(A, "f4.npy", 1, 2) && entry_is(A, 0, 0, "11184811/33554432") && entry_is(A, 0, 1, "-3/2"),
           "1/3 as float32 is 11184811/2^25 exactly", "f4.npy");
    expect(read_ok(A, "f4be.npy", 2, 1) && entry_is(A, 0, 0, "11184811/33554432") && entry_is(A, 1, 0, "-3/2"),
           "big-endian float32, Fortran order, version 3.0", "f4be.npy");
    fmpq_mat_clear(A);
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next_random(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

/* Random finite bit patterns (all exponents, subnormals included), random layouts; each entry
 * compared with Arb's exact conversion arf_set_d -> arf_get_fmpq. */
static void test_random(void)
{
    int bad = 0;
    for (int iter = 0; iter < 200 && !bad; iter++) {
        slong rows = 1 + (slong) (next_random() % 5), cols = 1 + (slong) (next_random() % 5);
        int big = (int) (next_random() & 1), fortran = (int) (next_random() & 1);
        int f32 = (int) (next_random() & 1), size = f32 ? 4 : 8;
        double v[25];
        unsigned char data[200];
        for (slong k = 0; k < rows * cols; k++) {
            do {
                uint64_t u = next_random();
                if (f32) { uint32_t w = (uint32_t) u; float y; memcpy(&y, &w, 4); v[k] = y; }
                else memcpy(&v[k], &u, 8);
            } while (!isfinite(v[k]));
            slong i = k / cols, j = k % cols, pos = fortran ? j * rows + i : k;
            if (f32) put_f32(data + 4 * pos, (float) v[k], big);
            else put_f64(data + 8 * pos, v[k], big);
        }
        char dict[128];
        snprintf(dict, sizeof dict, "{'descr': '%cf%c', 'fortran_order': %s, 'shape': (%ld, %ld), }",
                 big ? '>' : '<', f32 ? '4' : '8', fortran ? "True" : "False", (long) rows, (long) cols);
        write_npy("random.npy", 1 + iter % 3, dict, data, (size_t) (rows * cols * size));
        fmpq_mat_t A;
        fmpq_t q;
        arf_t a;
        fmpq_mat_init(A, 0, 0);
        fmpq_init(q);
        arf_init(a);
        bad = !read_ok(A, "random.npy", rows, cols);
        for (slong k = 0; k < rows * cols && !bad; k++) {
            arf_set_d(a, v[k]);
            arf_get_fmpq(q, a);
            bad = !fmpq_equal(q, fmpq_mat_entry(A, k / cols, k % cols));
        }
        if (bad) printf("     iteration %d: %s\n", iter, dict);
        arf_clear(a);
        fmpq_clear(q);
        fmpq_mat_clear(A);
    }
    expect(!bad, "200 random layouts agree with arf_get_fmpq entry by entry", "random");
}

/* The file must be refused with a message containing field; out keeps its 1 x 1 shape. */
static void expect_refused(const char *name, const char *field)
{
    fmpq_mat_t A;
    fmpq_mat_init(A, 1, 1);
    pc_msg_t msg = {{0}};
    pc_status_t st = pc_npy_read_matrix(A, file_path(name), &msg);
    int ok = st == PC_BAD_INPUT && strstr(msg.text, field) != NULL && strstr(msg.text, name) != NULL
        && fmpq_mat_nrows(A) == 1 && fmpq_mat_ncols(A) == 1;
    char what[700];
    snprintf(what, sizeof what, "refused naming '%s' (%s)", field, msg.text);
    expect(ok, what, name);
    fmpq_mat_clear(A);
}

static void test_malformed(void)
{
    unsigned char d[64];
    const char *ok_dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
    for (int k = 0; k < 8; k++)
        put_f64(d + 8 * k, k + 0.5, 0);
    write_npy("truncated.npy", 1, ok_dict, d, 31);
    expect_refused("truncated.npy", "'data' is truncated");
    write_npy("trailing.npy", 1, ok_dict, d, 33);
    expect_refused("trailing.npy", "'data' has trailing");
    write_npy("nodata.npy", 1, ok_dict, d, 0);
    expect_refused("nodata.npy", "'data' is truncated");

    write_npy("magic.npy", 1, ok_dict, d, 32);
    FILE *f = fopen(file_path("magic.npy"), "r+b");
    fputc('X', f);
    fclose(f);
    expect_refused("magic.npy", "'magic'");
    write_raw("empty.npy", "", 0);
    expect_refused("empty.npy", "'magic'");
    write_raw("pickle.npy", "\x80\x04\x95", 3);
    expect_refused("pickle.npy", "'magic'");

    write_npy("version.npy", 4, ok_dict, d, 32);
    expect_refused("version.npy", "'version'");
    write_raw("hlen.npy", "\x93NUMPY\x01\x00\xff\x00{'descr'", 18);
    expect_refused("hlen.npy", "'header length'");
    write_raw("hlen2.npy", "\x93NUMPY\x02\x00\xff\xff\xff\xff{", 13);
    expect_refused("hlen2.npy", "'header length'");
    write_raw("hlen3.npy", "\x93NUMPY\x02\x00\x10", 9);
    expect_refused("hlen3.npy", "'header length'");

    write_npy("i8.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", d, 32);
    expect_refused("i8.npy", "'descr' is '<i8'");
    write_npy("object.npy", 1, "{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }", d, 32);
    expect_refused("object.npy", "'descr'");
    write_npy("complex.npy", 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1, 2), }", d, 32);
    expect_refused("complex.npy", "'descr'");
    write_npy("struct.npy", 1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (4,), }", d, 32);
    expect_refused("struct.npy", "'descr'");
    write_npy("order.npy", 1, "{'descr': '<f8', 'fortran_order': 1, 'shape': (2, 2), }", d, 32);
    expect_refused("order.npy", "'fortran_order'");

    write_npy("3d.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 1), }", d, 32);
    expect_refused("3d.npy", "'shape'");
    write_npy("1d.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", d, 32);
    expect_refused("1d.npy", "'shape'");
    write_npy("0d.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", d, 8);
    expect_refused("0d.npy", "'shape'");
    write_npy("zero.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", d, 0);
    expect_refused("zero.npy", "'shape'");
    write_npy("neg.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 3), }", d, 0);
    expect_refused("neg.npy", "'shape'");
    write_npy("huge.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", d, 32);
    expect_refused("huge.npy", "'shape'");
    write_npy("overflow.npy", 1, "{'descr': '<f8', 'fortran_order': False, "
              "'shape': (99999999999999999999999999, 1), }", d, 32);
    expect_refused("overflow.npy", "'shape'");
    /* within the limit, but the file holds 32 bytes of the 32 MB the shape needs */
    write_npy("bigshape.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2000, 2000), }", d, 32);
    expect_refused("bigshape.npy", "'data' is truncated");

    write_npy("nokey.npy", 1, "{'descr': '<f8', 'shape': (2, 2), }", d, 32);
    expect_refused("nokey.npy", "'fortran_order'");
    write_npy("extra.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'x': 1}", d, 32);
    expect_refused("extra.npy", "header has the unknown key 'x'");
    write_npy("twice.npy", 1, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 2)}", d, 32);
    expect_refused("twice.npy", "'descr' twice");
    write_npy("nodict.npy", 1, "descr = '<f8'", d, 32);
    expect_refused("nodict.npy", "header");
    write_npy("after.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2)} x", d, 32);
    expect_refused("after.npy", "header");
    write_npy("unclosed.npy", 1, "{'descr': '<f8, 'fortran_order': False, 'shape': (2, 2)}", d, 32);
    expect_refused("unclosed.npy", "header");

    put_f64(d + 8, NAN, 0);     /* C order (2, 2): entry [0][1] */
    write_npy("nan.npy", 1, ok_dict, d, 32);
    expect_refused("nan.npy", "[0][1]");
    write_npy("nanf.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", d, 32);
    expect_refused("nanf.npy", "[1][0]");
    unsigned char g[8];
    put_f32(g, 1.0f, 0);
    put_f32(g + 4, -INFINITY, 0);
    write_npy("inf32.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", g, 8);
    expect_refused("inf32.npy", "[0][1]");
    expect_refused("missing.npy", "cannot open");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/peelcert_npy_XXXXXX");
    if (mkdtemp(dir) == NULL) { perror("mkdtemp"); return 2; }
    test_float64();
    test_float32();
    test_random();
    test_malformed();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", dir);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
