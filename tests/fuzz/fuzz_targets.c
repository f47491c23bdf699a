/* libFuzzer harness: the sparse target form (SPEC 10) and the symmetry field (group data) of
 * an instance, through both readers. The first byte chooses tokens V (1..8) and contexts N
 * (1..8); the second chooses which field the JSON of the rest of the input fills:
 * even -> "targets": {"sparse": REST}, odd -> "symmetry": REST with fixed targets (one of
 * dense uniform, circulant, exchangeable, one-hot, sparse, chosen by the second byte / 2). */
#include "fuzz_common.h"
#include "peelcert/instance.h"
#include "check_internal.h"

static json_t *fixed_targets(int form, int V, int N)
{
    json_t *t;
    if (form == 1 && V == N) {               /* circulant: uniform first row */
        json_t *row = json_array();
        for (int k = 0; k < V; k++) json_array_append_new(row, json_sprintf("1/%d", V));
        return json_pack("{s:o}", "circulant", row);
    }
    if (form == 2 && V == N && V >= 2) return json_pack("{s:{s:s}}", "exchangeable", "diag", "1/2");
    if (form == 3) {                          /* one-hot: context i -> token i mod V */
        json_t *list = json_array();
        for (int i = 0; i < N; i++) json_array_append_new(list, json_integer(i % V));
        return json_pack("{s:o}", "onehot", list);
    }
    if (form == 4) {                          /* sparse: two tokens per row where possible */
        json_t *rows = json_array();
        for (int i = 0; i < N; i++)
            json_array_append_new(rows, V >= 2 ? json_pack("[[i,s],[i,s]]", 0, "1/2", 1, "1/2")
                                               : json_pack("[[i,s]]", 0, "1"));
        return json_pack("{s:o}", "sparse", rows);
    }
    t = json_array();                         /* dense uniform */
    for (int i = 0; i < N; i++) {
        json_t *row = json_array();
        for (int k = 0; k < V; k++) json_array_append_new(row, json_sprintf("1/%d", V));
        json_array_append_new(t, row);
    }
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int V = 1 + (data[0] & 7), N = 1 + ((data[0] >> 3) & 7), sym = data[1] & 1, form = (data[1] >> 1) % 5;
    json_t *rest = fuzz_json(data + 2, size - 2);
    if (rest == NULL) return 0;
    json_t *root = json_pack("{s:s, s:i, s:i, s:s, s:s}", "format", "peelcert-instance/1",
                             "tokens", V, "contexts", N, "E_W", "1", "E_H", "1");
    if (sym) {
        json_object_set_new(root, "targets", fixed_targets(form, V, N));
        json_object_set_new(root, "symmetry", rest);
    } else {
        json_object_set_new(root, "targets", json_pack("{s:o}", "sparse", rest));
    }
    pc_instance_t inst;
    pc_msg_t msg;
    pc_instance_init(&inst);
    pc_instance_from_json(&inst, root, &msg);
    pc_instance_clear(&inst);
    pcc_instance_t I;
    pcc_error_t err;
    char why[256];
    pcc_instance_init(&I);
    if (pcc_instance_read(&I, root, "instance", &err) == 0) {   /* the symmetry claims' helpers */
        pcc_instance_two_transitive(&I, why, sizeof why);
        pcc_instance_nontrivial_generator(&I);
        pcc_instance_is_circulant(&I);
        pcc_instance_has_zero(&I);
    }
    pcc_instance_clear(&I);
    json_decref(root);
    return 0;
}
