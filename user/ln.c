/*
 * ln: give the existing file OLD a second name, NEW (a hard link: both
 * names are the same file).  Directories cannot be linked.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/cmd.h"

/* Say why link(old, new) failed, as far as stat can tell, and exit. */
static void
explain(const char *old, const char *new)
{
  int type = cmd_type(old);

  if (type == 0)
    cmd_fail(old, "no such file");
  if (type == T_DIR)
    cmd_fail(old, "is a directory (only files can be linked)");
  if (cmd_type(new) != 0)
    cmd_fail(new, "already exists");
  cmd_fail(new, "cannot create (is its parent a directory?)");
}

int
main(int argc, char *argv[])
{
  cmd_start("ln", argc, 2, 2, "old new");
  if (link(argv[1], argv[2]) < 0)
    explain(argv[1], argv[2]);
  exit(0);
}
