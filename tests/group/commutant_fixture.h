/* Shared by the tests/group/test_commutant*.c programs: pass/fail counters and the reading of
 * a proofs-data instance (a read failure counts as a failed check). Header-only, one copy per
 * test program. */
#ifndef PEELCERT_TEST_COMMUTANT_FIXTURE_H
#define PEELCERT_TEST_COMMUTANT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include "peelcert/instance.h"

static int passed, failed;

static void expect(int ok, const char *what)
{
    if (ok) passed++;
    else { failed++; printf("FAIL %s\n", what); }
}

/* Reads $PEELCERT_SOURCE/proofs-data/NAME.json into inst (initialised here); 0 on failure. */
static int load(pc_instance_t *inst, const char *name)
{
    char path[1024];
    const char *src = getenv("PEELCERT_SOURCE");
    pc_msg_t msg;
    snprintf(path, sizeof path, "%s/proofs-data/%s.json", src ? src : "../..", name);
    pc_instance_init(inst);
    if (pc_instance_read_file(inst, path, &msg) != PC_OK) {
        printf("FAIL reading %s: %s\n", path, msg.text);
        failed++;
        return 0;
    }
    return 1;
}

#endif
