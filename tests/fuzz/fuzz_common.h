/* Shared by the libFuzzer harnesses of tests/fuzz (docs/fuzzing.md): input helpers. Every
 * harness must return normally on every input: a crash, an abort (FLINT's included), a leak,
 * undefined behaviour, a timeout or an allocation over the -malloc_limit_mb is a finding. */
#ifndef PEELCERT_FUZZ_COMMON_H
#define PEELCERT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <jansson.h>

/* Writes data to a per-process scratch file (for the readers that take a path) and returns its
 * path (static storage), or NULL if it cannot be written. In $TMPDIR, else /dev/shm (tmpfs):
 * rewriting a file on ext4 /tmp forced a block write per input (auto_da_alloc), and the claim
 * harness ran at ~700 executions/s, half of it in the kernel. */
static inline const char *fuzz_scratch_file(const uint8_t *data, size_t size, const char *ext)
{
    static char path[256];
    const char *dir = getenv("TMPDIR");
    if (dir == NULL) dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/peelcert-fuzz-%ld%s", dir, (long) getpid(), ext);
    FILE *f = fopen(path, "wb");
    if (f == NULL) return NULL;
    if (size > 0 && fwrite(data, 1, size, f) != size) { fclose(f); return NULL; }
    fclose(f);
    return path;
}

/* Strict JSON as the tools load it (duplicates refused, any top-level value), or NULL. */
static inline json_t *fuzz_json(const uint8_t *data, size_t size)
{
    json_error_t e;
    return json_loadb((const char *) data, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
}

#endif
