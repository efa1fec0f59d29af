/*
 * Formatted output: printf and fprintf.
 *
 * Each call formats into a buffer on its own stack and hands the text
 * to write() in one piece (unless it overflows the buffer), so lines
 * printed by different processes at the same time do not interleave.
 *
 * Conversions: %d %u %x %p %s %c %%, and %d %u %x with an l or ll
 * prefix for 64-bit values.  Anything else is printed as written.
 */
#include <stdarg.h>

#include "kernel/types.h"
#include "user/user.h"

#define OUTBUF_SIZE 256

/* Text waiting to be written to one file descriptor. */
struct outbuf {
  int fd;
  int len;
  char data[OUTBUF_SIZE];
};

static const char hexdigits[] = "0123456789abcdef";

/* Write out whatever the buffer holds. */
static void
flush(struct outbuf *out)
{
  if (out->len > 0)
    write(out->fd, out->data, out->len);
  out->len = 0;
}

static void
putch(struct outbuf *out, char c)
{
  if (out->len == OUTBUF_SIZE)
    flush(out);
  out->data[out->len++] = c;
}

static void
putstr(struct outbuf *out, const char *s)
{
  if (s == 0)
    s = "(null)";
  while (*s != '\0')
    putch(out, *s++);
}

/*
 * Print an unsigned value in the given base.  At least mindigits
 * digits are printed (zeros in front), which %p uses.
 */
static void
putnum(struct outbuf *out, uint64 value, int base, int mindigits)
{
  char digits[24];
  int n = 0;

  do {
    digits[n++] = hexdigits[value % base];
    value /= base;
  } while (value != 0);
  while (n < mindigits)
    digits[n++] = '0';
  while (n > 0)
    putch(out, digits[--n]);
}

static void
putsigned(struct outbuf *out, long value)
{
  if (value < 0) {
    putch(out, '-');
    putnum(out, -(uint64) value, 10, 0);
  } else {
    putnum(out, value, 10, 0);
  }
}

/* Format fmt with the arguments in ap onto out, then flush it. */
static void
format(struct outbuf *out, const char *fmt, va_list ap)
{
  const char *p;
  int longs;

  for (p = fmt; *p != '\0'; p++) {
    if (*p != '%') {
      putch(out, *p);
      continue;
    }
    p++;
    longs = 0;
    while (*p == 'l' && longs < 2) {
      longs++;
      p++;
    }
    switch (*p) {
    case 'd':
      if (longs)
        putsigned(out, va_arg(ap, long));
      else
        putsigned(out, va_arg(ap, int));
      break;
    case 'u':
      if (longs)
        putnum(out, va_arg(ap, uint64), 10, 0);
      else
        putnum(out, va_arg(ap, uint), 10, 0);
      break;
    case 'x':
      if (longs)
        putnum(out, va_arg(ap, uint64), 16, 0);
      else
        putnum(out, va_arg(ap, uint), 16, 0);
      break;
    case 'p':
      putstr(out, "0x");
      putnum(out, (uint64) va_arg(ap, void *), 16, 2 * sizeof(uint64));
      break;
    case 's':
      putstr(out, va_arg(ap, const char *));
      break;
    case 'c':
      putch(out, (char) va_arg(ap, int));
      break;
    case '%':
      putch(out, '%');
      break;
    case '\0':
      /* A lone % at the end: print it and stop. */
      putch(out, '%');
      flush(out);
      return;
    default:
      /* Unknown conversion: show it as written. */
      putch(out, '%');
      while (longs-- > 0)
        putch(out, 'l');
      putch(out, *p);
      break;
    }
  }
  flush(out);
}

void
fprintf(int fd, const char *fmt, ...)
{
  struct outbuf out;
  va_list ap;

  out.fd = fd;
  out.len = 0;
  va_start(ap, fmt);
  format(&out, fmt, ap);
  va_end(ap);
}

void
printf(const char *fmt, ...)
{
  struct outbuf out;
  va_list ap;

  out.fd = 1;
  out.len = 0;
  va_start(ap, fmt);
  format(&out, fmt, ap);
  va_end(ap);
}
