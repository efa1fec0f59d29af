/*
 * mkdir: make each named directory.  A failure is reported and the
 * rest are still made; the status is 1 if any failed.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/cmd.h"

int
main(int argc, char *argv[])
{
  int i;

  cmd_start("mkdir", argc, 1, CMD_MANY, "dir...");
  for (i = 1; i < argc; i++) {
    if (mkdir(argv[i]) == 0)
      continue;
    if (cmd_type(argv[i]) != 0)
      cmd_warn(argv[i], "already exists");
    else
      cmd_warn(argv[i], "cannot create (is its parent a directory?)");
  }
  cmd_exit();
}
