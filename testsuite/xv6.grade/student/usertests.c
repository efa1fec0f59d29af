/*
 * A student's usertests, which uprogs.exp drops into user/ in place of
 * ours: it says whose it is, so the test can tell the two apart.
 */
#include "kernel/types.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  printf("usertests: the student's own\n");
  exit(0);
}
