/*
 * echo: print the arguments separated by single spaces, then a
 * newline, in one write so concurrent output stays whole.
 */
#include "kernel/types.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  uint total = 1;
  char *out, *p;
  int i;

  for (i = 1; i < argc; i++)
    total += strlen(argv[i]) + 1;
  out = malloc(total);
  if (out == 0) {
    fprintf(2, "echo: out of memory\n");
    exit(1);
  }
  p = out;
  for (i = 1; i < argc; i++) {
    if (i > 1)
      *p++ = ' ';
    strcpy(p, argv[i]);
    p += strlen(argv[i]);
  }
  *p++ = '\n';
  write(1, out, p - out);
  exit(0);
}
