/* Example: use peelcert as a C library.
 *
 *   certify_value INSTANCE.json [DIGITS]
 *
 * reads an instance, certifies the optimal value of the layer-peeled program and prints the
 * proved interval. Build against an installed peelcert with CMake
 * (find_package(peelcert) + target_link_libraries(prog peelcert::peelcert)) or with
 * pkg-config (cc certify_value.c $(pkg-config --cflags --libs peelcert)). */
#include <stdio.h>
#include <stdlib.h>
#include <peelcert/instance.h>
#include <peelcert/certify.h>
#include <peelcert/cert.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s INSTANCE.json [DIGITS]\n", argv[0]);
        return 2;
    }
    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_instance_init(&inst);
    if (pc_instance_read_file(&inst, argv[1], &msg) != PC_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], msg.text);
        pc_instance_clear(&inst);
        return 2;
    }
    pc_certify_options_t opt = { .digits = argc > 2 ? atol(argv[2]) : 0 };
    pc_certify_report_t rep;
    pc_cert_t cert;
    pc_cert_init(&cert, PC_CERT_DENSE);
    pc_status_t st = pc_certify(&cert, &rep, &inst, &opt, &msg);
    if (st != PC_BAD_INPUT) {
        char *lower = pc_cert_lower_text(&cert), *upper = pc_cert_upper_text(&cert);
        printf("%s path: val(C) in [%s, %s] (%s; regime %s, structure %s)\n", rep.path, lower,
               upper, st == PC_OK ? "proved" : "proved, but wider than asked",
               pc_regime_name(cert.regime), pc_structure_name(cert.structure));
        free(lower);
        free(upper);
    } else {
        fprintf(stderr, "%s\n", msg.text);
    }
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
    return st == PC_OK ? 0 : (st == PC_NOT_PROVED ? 1 : 2);
}
