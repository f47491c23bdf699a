/* main() of the standalone independent checker peelcert-check (see check.h). */
#include "check.h"

int main(int argc, char **argv) { return pcc_main(argc, argv); }
