/* cat: copy each named file (or standard input) to standard output. */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char block[512];

/* Copy everything readable from fd to fd 1.  Exits on an error. */
static void
copy_out(int fd, const char *name)
{
  int n;

  while ((n = read(fd, block, sizeof(block))) > 0) {
    if (write(1, block, n) != n) {
      fprintf(2, "cat: write error\n");
      exit(1);
    }
  }
  if (n < 0) {
    fprintf(2, "cat: read error on %s\n", name);
    exit(1);
  }
}

int
main(int argc, char *argv[])
{
  int i, fd;

  if (argc < 2) {
    copy_out(0, "standard input");
    exit(0);
  }
  for (i = 1; i < argc; i++) {
    fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "cat: cannot open %s\n", argv[i]);
      exit(1);
    }
    copy_out(fd, argv[i]);
    close(fd);
  }
  exit(0);
}
