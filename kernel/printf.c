/*
 * Kernel formatted output on the console, and panic().
 *
 * Formats: %d %u %x %p %s %c %%, with l or ll before d, u or x for
 * 64-bit values (a long is 64 bits here, so %ld and %lld agree).
 */
#include <stdarg.h>

#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

/* Set once a panic message is out: every hart then stops printing. */
volatile int panicked = 0;

/* Held for a whole printf() so lines from different harts stay whole. */
static struct spinlock print_lock;

/* Cleared by panic(), which must print even if print_lock is stuck. */
static volatile int use_print_lock = 1;

static const char hex_digits[] = "0123456789abcdef";

/* Print v in the given base, with a leading '-' if negative is set. */
static void
print_unsigned(uint64 v, int base, int negative)
{
  char digits[24];   /* 2^64 has 20 decimal digits */
  int n = 0;

  do {
    digits[n++] = hex_digits[v % base];
    v /= base;
  } while (v != 0);

  if (negative)
    consputc('-');
  while (n > 0)
    consputc(digits[--n]);
}

/* Print v in decimal, signed. */
static void
print_signed(long v)
{
  if (v < 0)
    print_unsigned(-(uint64)v, 10, 1);
  else
    print_unsigned(v, 10, 0);
}

/* Print a pointer as 0x and all 16 hex digits. */
static void
print_pointer(uint64 p)
{
  consputc('0');
  consputc('x');
  for (int shift = 60; shift >= 0; shift -= 4)
    consputc(hex_digits[(p >> shift) & 0xf]);
}

static void
print_string(const char *s)
{
  if (s == 0)
    s = "(null)";
  while (*s)
    consputc(*s++);
}

/*
 * Print one conversion: spec points just past the '%'.
 * Returns how many format characters the conversion used.
 */
static int
print_conversion(const char *spec, va_list *ap)
{
  int longs = 0;   /* 'l' prefixes seen */

  while (spec[longs] == 'l')
    longs++;

  switch (spec[longs]) {
  case 'd':
    if (longs)
      print_signed(va_arg(*ap, long));
    else
      print_signed(va_arg(*ap, int));
    break;
  case 'u':
  case 'x':
    {
      int base = spec[longs] == 'u' ? 10 : 16;
      if (longs)
        print_unsigned(va_arg(*ap, uint64), base, 0);
      else
        print_unsigned(va_arg(*ap, uint), base, 0);
    }
    break;
  case 'p':
    print_pointer(va_arg(*ap, uint64));
    break;
  case 's':
    print_string(va_arg(*ap, const char *));
    break;
  case 'c':
    consputc(va_arg(*ap, int));
    break;
  case '%':
    consputc('%');
    break;
  case '\0':
    /* A lone '%' (and any l's) at the end: show it, stop. */
    consputc('%');
    return longs;
  default:
    /* Unknown conversion: show it as written. */
    consputc('%');
    for (int i = 0; i <= longs; i++)
      consputc(spec[i]);
    break;
  }
  return longs + 1;
}

void
printf(char *fmt, ...)
{
  va_list ap;
  int locked = use_print_lock;

  if (locked)
    acquire(&print_lock);

  va_start(ap, fmt);
  for (const char *p = fmt; *p != '\0'; p++) {
    if (*p != '%') {
      consputc(*p);
      continue;
    }
    p += print_conversion(p + 1, &ap);
  }
  va_end(ap);

  if (locked)
    release(&print_lock);
}

/*
 * Print the return addresses of the calls that led here, innermost
 * first, for addr2line or kernel.asm.  The kernel is built with frame
 * pointers: a frame's return address is at fp - 8 and its caller's
 * frame pointer at fp - 16.  Every kernel stack is one page, so the
 * walk stops when the chain leaves the page it started in.
 */
static void
print_callers(void)
{
  uint64 fp = r_fp(), bottom = PGROUNDDOWN(fp), top = bottom + PGSIZE;
  int depth;

  printf("called from:");
  for (depth = 0; fp > bottom && fp <= top && fp % 8 == 0 && depth < 16; depth++) {
    printf(" %p", (void *)*(uint64 *)(fp - 8));
    fp = *(uint64 *)(fp - 16);
  }
  printf("\n");
}

/*
 * Report a fatal kernel error, with the calls that led to it, and stop
 * this hart.  Output from the other harts stops too once panicked is
 * set (see uart.c).
 */
void
panic(char *s)
{
  use_print_lock = 0;
  printf("panic: %s\n", s);
  print_callers();
  panicked = 1;
  for (;;)
    ;
}

void
printfinit(void)
{
  initlock(&print_lock, "printf");
}
