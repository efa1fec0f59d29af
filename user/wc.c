/* wc: count lines, words and bytes of each file (or standard input). */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

struct counts {
  int lines;
  int words;
  int bytes;
};

static char block[512];

static int
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

/* Count fd's contents into *c.  Returns 0, or -1 on a read error. */
static int
count(int fd, struct counts *c)
{
  int n, i, in_word = 0;

  c->lines = c->words = c->bytes = 0;
  while ((n = read(fd, block, sizeof(block))) > 0) {
    c->bytes += n;
    for (i = 0; i < n; i++) {
      if (block[i] == '\n')
        c->lines++;
      if (is_space(block[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        c->words++;
      }
    }
  }
  return n < 0 ? -1 : 0;
}

static void
report(int fd, const char *name)
{
  struct counts c;

  if (count(fd, &c) < 0) {
    fprintf(2, "wc: read error\n");
    exit(1);
  }
  printf("%d %d %d %s\n", c.lines, c.words, c.bytes, name);
}

int
main(int argc, char *argv[])
{
  int i, fd;

  if (argc < 2) {
    report(0, "");
    exit(0);
  }
  for (i = 1; i < argc; i++) {
    fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "wc: cannot open %s\n", argv[i]);
      exit(1);
    }
    report(fd, argv[i]);
    close(fd);
  }
  exit(0);
}
