/*
 * The small C library every user program links with: the program
 * entry point and the string, memory and file helpers of user/user.h.
 * Only the names declared in user.h (and _main) are global; programs
 * are free to use any other name.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/vm.h"
#include "user/user.h"

int main(int argc, char *argv[]);

/*
 * Where exec starts a program: argc in a0, argv in a1.  A program that
 * returns from main exits with main's return value.
 */
void
_main(int argc, char *argv[])
{
  exit(main(argc, argv));
}

/* Grow (or shrink) the heap by n bytes, eagerly.  Returns the old end. */
char*
sbrk(int n)
{
  return sys_sbrk(n, SBRK_EAGER);
}

/* Grow the heap by n bytes of address space; pages come at first touch. */
char*
sbrklazy(int n)
{
  return sys_sbrk(n, SBRK_LAZY);
}

/*
 * s's first byte that is c or the terminating NUL, whichever comes
 * first: strlen looks for the end, strchr for c.
 */
static const char*
find_byte_or_end(const char *s, char c)
{
  while (*s != c && *s != '\0')
    s++;
  return s;
}

/* Number of bytes before the terminating NUL. */
uint
strlen(const char *s)
{
  return find_byte_or_end(s, '\0') - s;
}

/* First occurrence of c in s, or 0 if there is none (also for c == 0). */
char*
strchr(const char *s, char c)
{
  const char *at = find_byte_or_end(s, c);

  return *at != '\0' ? (char *) at : 0;
}

/* Copy the string src, terminator included, to dst.  Returns dst. */
char*
strcpy(char *dst, const char *src)
{
  return memmove(dst, src, strlen(src) + 1);
}

/*
 * The index of the first byte where a and b differ, looking at no more
 * than n bytes and, for strings (at_nul set), stopping at an end they
 * share.  Returns n if there is no such byte.
 */
static uint
mismatch(const uchar *a, const uchar *b, uint n, int at_nul)
{
  uint i;

  for (i = 0; i < n; i++) {
    if (a[i] != b[i] || (at_nul && a[i] == '\0'))
      break;
  }
  return i;
}

/* Compare two strings as unsigned chars: <0, 0 or >0. */
int
strcmp(const char *a, const char *b)
{
  const uchar *p = (const uchar *) a;
  const uchar *q = (const uchar *) b;
  uint i = mismatch(p, q, ~0U, 1);

  return (int) p[i] - (int) q[i];
}

/* Compare n bytes as unsigned chars: <0, 0 or >0. */
int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a;
  const uchar *q = b;
  uint i = mismatch(p, q, n, 0);

  return i == n ? 0 : (int) p[i] - (int) q[i];
}

/*
 * Fill n bytes at dst with the byte c.  The store goes through a
 * volatile pointer so the compiler cannot turn the loop back into a
 * call to memset.
 */
void*
memset(void *dst, int c, uint n)
{
  volatile uchar *d = dst;

  while (n-- > 0)
    *d++ = (uchar) c;
  return dst;
}

/*
 * The two ways to copy n bytes.  Stores go through volatile pointers
 * so the compiler cannot turn a loop into a call to memcpy, which
 * comes back here.
 */
static void
copy_forward(volatile uchar *d, const uchar *s, uint n)
{
  uint i;

  for (i = 0; i < n; i++)
    d[i] = s[i];
}

static void
copy_backward(volatile uchar *d, const uchar *s, uint n)
{
  while (n > 0) {
    n--;
    d[n] = s[n];
  }
}

/*
 * Copy n bytes from src to dst; the two ranges may overlap.  Only a
 * dst that starts inside the source needs the backward copy: a forward
 * one would overwrite source bytes before reading them.
 */
void*
memmove(void *dst, const void *src, int n)
{
  uchar *d = dst;
  const uchar *s = src;

  if (n <= 0)
    return dst;
  if (d > s && d < s + n)
    copy_backward(d, s, n);
  else
    copy_forward(d, s, n);
  return dst;
}

/* Copy n bytes from src to dst.  Overlap is allowed here too. */
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

/* Does c end a line read by gets? */
static int
ends_line(char c)
{
  return c == '\n' || c == '\r';
}

/*
 * Read a line from standard input into buf, at most max-1 bytes,
 * keeping the newline (or carriage return) that ends it.  The result
 * is always NUL-terminated; an empty string means end of input.
 */
char*
gets(char *buf, int max)
{
  int len = 0;
  char c = 0;

  /* Read while there is room, the line goes on, and input does too. */
  while (len + 1 < max && !ends_line(c) && read(0, &c, 1) == 1)
    buf[len++] = c;
  buf[len] = '\0';
  return buf;
}

/* Fill *st with the status of the file named path.  Returns 0 or -1. */
int
stat(const char *path, struct stat *st)
{
  int fd, result;

  fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  result = fstat(fd, st);
  close(fd);
  return result;
}

/*
 * The decimal integer at the start of s: optional leading blanks and
 * an optional sign, then digits.  Stops at the first non-digit.
 */
int
atoi(const char *s)
{
  int value = 0;
  int negative = 0;

  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '-' || *s == '+')
    negative = (*s++ == '-');
  for (; *s >= '0' && *s <= '9'; s++)
    value = value * 10 + (*s - '0');
  return negative ? -value : value;
}
