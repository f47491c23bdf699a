/* libFuzzer harness: the independent checker's text entry point pcc_check_text (check.h):
 * read and validate a certificate, then run every claim, as `peelcert-check --json` does.
 * Bytes after a first NUL are the --instance text it is compared with. */
#include <string.h>
#include "fuzz_common.h"
#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t cert_len = nul ? (size_t) (nul - data) : size;
    const char *inst = nul ? (const char *) nul + 1 : NULL;
    size_t inst_len = nul ? size - cert_len - 1 : 0;
    int rc = -1;
    char *report = pcc_check_text((const char *) data, cert_len, inst, inst_len, &rc);
    if (report != NULL && rc != 0 && rc != 1 && rc != 2) abort();
    free(report);
    return 0;
}
