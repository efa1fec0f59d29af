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

/* Append c, writing the buffer out first if it is full. */
static void
putch(struct outbuf *out, char c)
{
  if (out->len == OUTBUF_SIZE)
    flush(out);
  out->data[out->len++] = c;
}

/* Append the string s; a null pointer prints as "(null)". */
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

/*
 * Print value for the conversion conv: 'd' (signed decimal), 'u'
 * (unsigned decimal) or 'x' (hexadecimal).  A signed value arrives
 * sign-extended to 64 bits.
 */
static void
putint(struct outbuf *out, char conv, uint64 value)
{
  if (conv == 'd' && (long) value < 0) {
    putch(out, '-');
    value = -value;
  }
  putnum(out, value, conv == 'x' ? 16 : 10, 0);
}

/* Format fmt with the arguments in ap onto out, then flush it. */
static void
format(struct outbuf *out, const char *fmt, va_list ap)
{
  const char *p;
  int longs;
  uint64 value;

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
    case 'u':
    case 'x':
      if (longs)
        value = va_arg(ap, uint64);
      else if (*p == 'd')
        value = (long) va_arg(ap, int);
      else
        value = va_arg(ap, uint);
      putint(out, *p, value);
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

/* Format fmt with ap and write the text to fd. */
static void
print_to(int fd, const char *fmt, va_list ap)
{
  struct outbuf out;

  out.fd = fd;
  out.len = 0;
  format(&out, fmt, ap);
}

void
fprintf(int fd, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  print_to(fd, fmt, ap);
  va_end(ap);
}

void
printf(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  print_to(1, fmt, ap);
  va_end(ap);
}
