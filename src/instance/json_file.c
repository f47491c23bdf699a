/* pc_json_load_file (json_file.h): the file is named once, by us, not again by jansson. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "peelcert/json_file.h"

json_t *pc_json_load_file(const char *path, const char *what, size_t flags, pc_msg_t *msg)
{
    struct stat info;
    if (stat(path, &info) == 0 && S_ISDIR(info.st_mode)) {
        pc_fail(msg, PC_BAD_INPUT, "%s: is a directory, not the %s", path, what);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        pc_fail(msg, PC_BAD_INPUT, "%s: cannot open the %s (%s)", path, what, strerror(errno));
        return NULL;
    }
    json_error_t error;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES | flags, &error);
    fclose(f);
    if (root == NULL)
        pc_fail(msg, PC_BAD_INPUT, "%s: not valid JSON (line %d, column %d): %s", path, error.line,
                error.column, error.text);
    return root;
}

void pc_msg_prefix_path(pc_msg_t *msg, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(msg->text, path, n) == 0 && msg->text[n] == ':')
        return;
    char copy[PC_MSG_LEN];
    snprintf(copy, sizeof copy, "%s", msg->text);
    snprintf(msg->text, sizeof msg->text, "%.200s: %.300s", path, copy);
}
