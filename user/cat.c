/*
 * cat: copy each named file, or standard input if none is named, to
 * standard output.  A file that cannot be read is reported and skipped;
 * the status is then 1.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/cmd.h"

static char chunk[1024];

static void
copy_out(int fd, const char *name)
{
  int n;

  while ((n = read(fd, chunk, sizeof(chunk))) > 0)
    cmd_write(chunk, n);
  if (n < 0)
    cmd_warn(name, "read error");
}

int
main(int argc, char *argv[])
{
  cmd_start("cat", argc, 0, CMD_MANY, "[file...]");
  cmd_each_file(argc, argv, 1, copy_out);
  cmd_exit();
}
