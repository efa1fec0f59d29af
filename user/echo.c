/*
 * echo: print the arguments separated by single spaces, then a
 * newline, in one write so concurrent output stays whole.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/cmd.h"

int
main(int argc, char *argv[])
{
  uint total = 1;
  char *out, *p;
  int i;

  cmd_start("echo", argc, 0, CMD_MANY, "[word...]");
  for (i = 1; i < argc; i++)
    total += strlen(argv[i]) + 1;
  out = malloc(total);
  if (out == 0)
    cmd_fail(0, "out of memory");
  p = out;
  for (i = 1; i < argc; i++) {
    if (i > 1)
      *p++ = ' ';
    strcpy(p, argv[i]);
    p += strlen(argv[i]);
  }
  *p++ = '\n';
  cmd_write(out, p - out);
  exit(0);
}
