/*
 * grep: print the lines of each file (or standard input) that match a
 * simple regular expression:
 *   c    the character c          .   any character
 *   x*   zero or more of x        ^   (first) start of line
 *   $    (last) end of line
 *
 * The pattern is compiled into a list of atoms, and the matcher tries
 * each starting column in turn, backtracking over starred atoms.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/cmd.h"

#define MAXATOMS 128
#define ANY      -1    /* atom matching any character */

struct atom {
  int ch;          /* the character, or ANY */
  int repeat;      /* followed by '*' */
};

struct regex {
  int natoms;
  int anchored_start;
  int anchored_end;
  struct atom atoms[MAXATOMS];
};

static struct regex re;
static char text[1024];

/* Compile pattern into re.  Returns 0, or -1 if it is too long. */
static int
compile(const char *pattern)
{
  const char *p = pattern;
  uint len = strlen(pattern);

  re.natoms = 0;
  re.anchored_start = (*p == '^');
  if (re.anchored_start)
    p++;
  re.anchored_end = (len > 0 && pattern[len - 1] == '$' && p < pattern + len);
  for (; *p != '\0'; p++) {
    if (re.anchored_end && p == pattern + len - 1)
      break;
    if (re.natoms == MAXATOMS)
      return -1;
    re.atoms[re.natoms].ch = (*p == '.') ? ANY : *p;
    re.atoms[re.natoms].repeat = (p[1] == '*');
    if (p[1] == '*')
      p++;
    re.natoms++;
  }
  return 0;
}

static int
atom_accepts(struct atom *a, char c)
{
  return c != '\0' && (a->ch == ANY || a->ch == c);
}

/* Do atoms [i, natoms) match a prefix of s (all of s if anchored)? */
static int
match_from(int i, const char *s)
{
  struct atom *a;
  int n;

  for (; i < re.natoms; i++) {
    a = &re.atoms[i];
    if (a->repeat) {
      /* Take as many as possible, then give them back one by one. */
      n = 0;
      while (atom_accepts(a, s[n]))
        n++;
      for (; n >= 0; n--) {
        if (match_from(i + 1, s + n))
          return 1;
      }
      return 0;
    }
    if (!atom_accepts(a, *s))
      return 0;
    s++;
  }
  return !re.anchored_end || *s == '\0';
}

/* Does the line s contain a match? */
static int
matches(const char *s)
{
  if (re.anchored_start)
    return match_from(0, s);
  for (;;) {
    if (match_from(0, s))
      return 1;
    if (*s == '\0')
      return 0;
    s++;
  }
}

/*
 * Read fd, printing each matching line.  Lines are gathered in text[];
 * a line longer than the buffer is checked in pieces.
 */
static void
grep_fd(int fd, const char *name)
{
  int held = 0, n, start, i;

  while ((n = read(fd, text + held, sizeof(text) - 1 - held)) > 0) {
    held += n;
    start = 0;
    for (i = 0; i < held; i++) {
      if (text[i] != '\n')
        continue;
      text[i] = '\0';
      if (matches(text + start)) {
        text[i] = '\n';
        cmd_write(text + start, i + 1 - start);
      }
      start = i + 1;
    }
    if (start == 0 && held == sizeof(text) - 1) {
      /* A full buffer and no newline: check it as a line of its own. */
      text[held] = '\0';
      if (matches(text))
        printf("%s\n", text);
      start = held;
    }
    memmove(text, text + start, held - start);
    held -= start;
  }
  if (n < 0)
    cmd_warn(name, "read error");
  if (held > 0) {
    text[held] = '\0';
    if (matches(text))
      printf("%s\n", text);
  }
}

int
main(int argc, char *argv[])
{
  cmd_start("grep", argc, 1, CMD_MANY, "pattern [file...]");
  if (compile(argv[1]) < 0)
    cmd_fail(0, "pattern too long");
  cmd_each_file(argc, argv, 2, grep_fd);
  cmd_exit();
}
