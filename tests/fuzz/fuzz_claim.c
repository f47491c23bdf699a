/* libFuzzer harness: the audit's claim reader (audit.h: {"format": "peelcert-claim/1", "W",
 * "H"} or {"Z"}, or a certificate read as a claim) on a file holding the input, then its shape
 * check against a fixed 3 x 3 instance. */
#include "fuzz_common.h"
#include "peelcert/audit.h"
#include "peelcert/instance.h"

static const char INSTANCE[] = "{\"format\": \"peelcert-instance/1\", \"tokens\": 3, \"contexts\": 3, "
    "\"dim\": 2, \"E_W\": \"1\", \"E_H\": \"1\", \"targets\": {\"circulant\": [\"1/2\", \"1/4\", \"1/4\"]}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pc_instance_t inst;
    static int ready = 0;
    pc_msg_t msg;
    if (!ready) {
        json_t *root = fuzz_json((const uint8_t *) INSTANCE, sizeof INSTANCE - 1);
        pc_instance_init(&inst);
        if (root == NULL || pc_instance_from_json(&inst, root, &msg) != PC_OK) abort();
        json_decref(root);
        ready = 1;
    }
    const char *path = fuzz_scratch_file(data, size, ".json");
    if (path == NULL) return 0;
    pc_claim_t claim;
    pc_claim_init(&claim);
    if (pc_claim_read_json(&claim, path, &msg) == PC_OK) pc_claim_check_shape(&claim, &inst, &msg);
    pc_claim_clear(&claim);
    return 0;
}
