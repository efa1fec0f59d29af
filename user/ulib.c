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

/* Copy the string src, terminator included, to dst.  Returns dst. */
char*
strcpy(char *dst, const char *src)
{
  char *d = dst;

  while ((*d++ = *src++) != '\0')
    ;
  return dst;
}

/* Compare two strings byte by byte as unsigned chars. */
int
strcmp(const char *a, const char *b)
{
  const uchar *p = (const uchar *) a;
  const uchar *q = (const uchar *) b;

  for (; *p != '\0' && *p == *q; p++, q++)
    ;
  return (int) *p - (int) *q;
}

/* Number of bytes before the terminating NUL. */
uint
strlen(const char *s)
{
  const char *end = s;

  while (*end != '\0')
    end++;
  return end - s;
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

/* First occurrence of c in s, or 0 if there is none. */
char*
strchr(const char *s, char c)
{
  for (; *s != '\0'; s++) {
    if (*s == c)
      return (char *) s;
  }
  return 0;
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
  char c;

  while (len + 1 < max) {
    if (read(0, &c, 1) != 1)
      break;
    buf[len++] = c;
    if (c == '\n' || c == '\r')
      break;
  }
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

/*
 * Copy n bytes from src to dst; the two ranges may overlap.  When dst
 * lies above src the copy runs backwards so no source byte is
 * overwritten before it is read.
 */
void*
memmove(void *dst, const void *src, int n)
{
  volatile uchar *d = dst;
  const uchar *s = src;

  if (n <= 0 || d == s)
    return dst;
  if (d < s) {
    while (n-- > 0)
      *d++ = *s++;
  } else {
    d += n;
    s += n;
    while (n-- > 0)
      *--d = *--s;
  }
  return dst;
}

/* Compare n bytes as unsigned chars: <0, 0 or >0. */
int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a;
  const uchar *q = b;
  uint i;

  for (i = 0; i < n; i++) {
    if (p[i] != q[i])
      return (int) p[i] - (int) q[i];
  }
  return 0;
}

/* Copy n bytes from src to dst.  Overlap is allowed here too. */
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}
