/*
 * wc: print the lines, words and bytes of each named file, or of
 * standard input if none is named, as "LINES WORDS BYTES NAME" (the
 * name is empty for standard input).  A word is a run of characters
 * other than blanks and newlines.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/cmd.h"

/* The counts so far; in_word carries a word across read() chunks. */
struct counts {
  int lines;
  int words;
  int bytes;
  int in_word;
};

static char chunk[1024];

static int
is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

/* Add the n bytes at p to c. */
static void
count_chunk(struct counts *c, const char *p, int n)
{
  int i;

  c->bytes += n;
  for (i = 0; i < n; i++) {
    if (p[i] == '\n')
      c->lines++;
    if (is_blank(p[i]))
      c->in_word = 0;
    else if (!c->in_word) {
      c->in_word = 1;
      c->words++;
    }
  }
}

static void
report(int fd, const char *name)
{
  struct counts c = { 0, 0, 0, 0 };
  int n;

  while ((n = read(fd, chunk, sizeof(chunk))) > 0)
    count_chunk(&c, chunk, n);
  if (n < 0) {
    cmd_warn(name, "read error");
    return;
  }
  printf("%d %d %d %s\n", c.lines, c.words, c.bytes, name);
}

int
main(int argc, char *argv[])
{
  cmd_start("wc", argc, 0, CMD_MANY, "[file...]");
  cmd_each_file(argc, argv, 1, report);
  cmd_exit();
}
