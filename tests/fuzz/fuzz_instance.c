/* libFuzzer harness: an instance file (SPEC 8) through both readers, the solver's
 * (pc_instance_from_json) and the independent checker's (pcc_instance_read); when the solver's
 * reader accepts it, its canonical JSON is read back by both. */
#include "fuzz_common.h"
#include "peelcert/instance.h"
#include "check_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *root = fuzz_json(data, size);
    if (root == NULL) return 0;
    pc_instance_t inst;
    pc_msg_t msg;
    pc_instance_init(&inst);
    if (pc_instance_from_json(&inst, root, &msg) == PC_OK) {
        json_t *canon = pc_instance_to_json(&inst);
        pc_instance_t again;
        pc_instance_init(&again);
        if (canon != NULL && pc_instance_from_json(&again, canon, &msg) != PC_OK) abort();
        pc_instance_clear(&again);
        json_decref(canon);
    }
    pc_instance_clear(&inst);
    pcc_instance_t I;
    pcc_error_t err;
    pcc_instance_init(&I);
    pcc_instance_read(&I, root, "instance", &err);
    pcc_instance_clear(&I);
    json_decref(root);
    return 0;
}
