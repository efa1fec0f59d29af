/*
 * rm: remove each named file, or empty directory.  A failure is
 * reported and the rest are still removed; the status is 1 if any
 * failed.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/cmd.h"

/* Say why unlink(path) failed, as far as stat can tell. */
static void
explain(const char *path)
{
  switch (cmd_type(path)) {
  case 0:
    cmd_warn(path, "no such file");
    break;
  case T_DIR:
    cmd_warn(path, "cannot remove (a directory must be empty)");
    break;
  default:
    cmd_warn(path, "cannot remove");
    break;
  }
}

int
main(int argc, char *argv[])
{
  int i;

  cmd_start("rm", argc, 1, CMD_MANY, "file...");
  for (i = 1; i < argc; i++) {
    if (unlink(argv[i]) < 0)
      explain(argv[i]);
  }
  cmd_exit();
}
