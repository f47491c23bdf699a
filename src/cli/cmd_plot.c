/* peelcert plot (CERT | ORACLE | INSTANCE) -o FILE.svg: pictures of the optimum (plot.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/certify.h"
#include "peelcert/plot.h"
#include "peelcert/json_file.h"

static const char *HELP =
    "usage: peelcert plot INPUT -o FILE.svg\n"
    "\n"
    "Draws the optimum as one plain SVG file: heatmaps of the centered optimal logits Z°,\n"
    "of W W^T and of H^T H, labelled with the instance's token_names and context_names (else\n"
    "indices), and for circulant optima the output vectors on the plane of the first active\n"
    "Fourier frequency (the days of the week on a circle).\n"
    "\n"
    "  INPUT        a certificate (peelcert-certificate/1), an oracle (peelcert-oracle/1), an\n"
    "               instance (peelcert-instance/1), which is certified first with default options,\n"
    "               or a sweep (peelcert-sweep/1): value and active set against rho, breakpoints\n"
    "  -o FILE.svg  where to write the SVG ('-' for stdout)\n"
    "\n"
    "The picture is drawn in double precision and proves nothing; a certificate's claims are not\n"
    "checked here ('peelcert check' does that).\n";

/* Appends to the W W^T caption the proved token-side spectrum of a group-path certificate
 * (docs/groups.md "geometry"): per component its multiplicity, eigenvalue ball and activity. */
static void caption_group_geometry(pc_plot_t *plot, const pc_cert_t *cert,
                                   const pc_instance_t *inst, const pc_certify_report_t *rep)
{
    if (cert->kind != PC_CERT_GROUP || rep->d_below_rank) return;
    json_t *g = pc_group_geometry_json(cert, inst, 6);
    json_t *comps = g != NULL ? json_object_get(g, "token_components") : NULL;
    pc_plot_set_spectrum(plot, g);
    if (comps != NULL) {
        char *note = plot->gram_W.note;
        size_t size = sizeof plot->gram_W.note, used = strlen(note);
        used += (size_t) snprintf(note + used, used < size ? size - used : 0,
                                  " Spectrum per token component (proved): ");
        size_t k;
        json_t *c;
        json_array_foreach(comps, k, c) {
            if (used >= size) break;
            json_t *e = json_object_get(c, "eigenvalue_WWt");
            used += (size_t) snprintf(note + used, size - used, "%sm=%lld: %s +- %s (%s)",
                                      k ? "; " : "", (long long) json_integer_value(json_object_get(c, "multiplicity")),
                                      json_string_value(json_object_get(e, "value")),
                                      json_string_value(json_object_get(e, "radius")),
                                      json_string_value(json_object_get(c, "active")));
        }
    }
    json_decref(g);
}

/* Certifies an instance document and fills plot from the new certificate. */
static pc_status_t plot_instance(pc_plot_t *plot, json_t *root, pc_msg_t *msg)
{
    pc_instance_t inst;
    pc_cert_t cert;
    pc_certify_report_t rep;
    memset(&rep, 0, sizeof rep);
    pc_instance_init(&inst);
    pc_cert_init(&cert, PC_CERT_DENSE);
    pc_status_t st = pc_instance_from_json(&inst, root, msg);
    if (st == PC_OK) {
        pc_certify_options_t opt = { .progress = pc_cli_progress_wanted() };
        st = pc_certify(&cert, &rep, &inst, &opt, msg);
        if (st != PC_BAD_INPUT && cert.kind == PC_CERT_CLASSES) {
            /* the picture needs the expanded factors: the dense twin (SPEC 10) */
            pc_cert_clear(&cert);
            pc_cert_init(&cert, PC_CERT_DENSE);
            pc_certify_report_clear(&rep);
            memset(&rep, 0, sizeof rep);
            opt.force_dense = 1;
            st = pc_certify(&cert, &rep, &inst, &opt, msg);
        }
        if (st == PC_NOT_PROVED) {
            fprintf(stderr, "peelcert plot: note: %s (the picture shows the best point found)\n", msg->text);
            st = PC_OK;
        }
    }
    if (st == PC_OK)
        st = pc_plot_set_cert(plot, &cert, &inst, msg);
    if (st == PC_OK)
        caption_group_geometry(plot, &cert, &inst, &rep);
    if (st == PC_OK) {
        size_t used = strlen(plot->source);
        snprintf(plot->source + used, sizeof plot->source - used,
                 ", certified now on the %s path", rep.path ? rep.path : "?");
    }
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
    return st;
}

/* Fills plot from the document at path, or (a sweep document) writes its picture to *sweep_svg. */
static pc_status_t plot_document(pc_plot_t *plot, const char *path, char **sweep_svg, pc_msg_t *msg)
{
    json_t *root = pc_json_load_file(path, "input", 0, msg);
    if (root == NULL)
        return PC_BAD_INPUT;              /* the message names the file */
    json_t *format = json_is_object(root) ? json_object_get(root, "format") : NULL;
    pc_status_t st;
    if (json_is_string(format) && strcmp(json_string_value(format), "peelcert-sweep/1") == 0) {
        *sweep_svg = pc_plot_sweep_svg(root, msg);
        st = *sweep_svg != NULL ? PC_OK : PC_BAD_INPUT;
    } else if (json_is_string(format) && strcmp(json_string_value(format), "peelcert-instance/1") == 0)
        st = plot_instance(plot, root, msg);
    else
        st = pc_plot_set_json(plot, root, msg);
    json_decref(root);
    if (st != PC_OK)
        pc_msg_prefix_path(msg, path);
    return st;
}

int pc_cli_plot(int argc, char **argv)
{
    const char *input = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(HELP, stdout);
            return 0;
        } else if (!strcmp(argv[i], "-o")) {
            if (++i >= argc)
                return pc_cli_usage_error("plot", "-o needs a file name");
            out = argv[i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return pc_cli_usage_error("plot", "unknown option '%s'", argv[i]);
        } else if (input == NULL) {
            input = argv[i];
        } else {
            return pc_cli_usage_error("plot", "unexpected argument '%s'", argv[i]);
        }
    }
    if (input == NULL)
        return pc_cli_usage_error("plot", "missing INPUT (a certificate, an oracle or an instance)");
    if (out == NULL)
        return pc_cli_usage_error("plot", "missing -o FILE.svg");

    pc_msg_t msg = {{0}};
    pc_plot_t plot;
    pc_plot_init(&plot);
    char *sweep_svg = NULL;
    pc_status_t st = plot_document(&plot, input, &sweep_svg, &msg);
    if (st != PC_OK) {
        fprintf(stderr, "peelcert plot: %s\n", msg.text);
        pc_plot_clear(&plot);
        return 2;
    }
    char *svg = sweep_svg != NULL ? sweep_svg : pc_plot_svg(&plot);
    if (strcmp(out, "-") == 0) {
        fputs(svg, stdout);
    } else if ((st = pc_plot_write_file(svg, out, &msg)) != PC_OK) {
        fprintf(stderr, "peelcert plot: %s\n", msg.text);
    }
    free(svg);
    pc_plot_clear(&plot);
    return st == PC_OK ? 0 : 2;
}
