/*
 * The few C library string and memory routines the kernel uses.
 * Sizes are uint, as in defs.h.
 */
#include "types.h"
#include "riscv.h"
#include "defs.h"

/* A uint64 with 0x01 in every byte: times a byte, that byte eight times. */
#define EVERY_BYTE 0x0101010101010101UL

/* True when a, b and n are all multiples of 8: words can be moved. */
static int
word_aligned(const void *a, const void *b, uint n)
{
  return (((uint64)a | (uint64)b | n) % sizeof(uint64)) == 0;
}

/*
 * Set n bytes to c.  Aligned buffers (whole pages, above all) are
 * filled a word at a time, eight words per pass of the loop: eight
 * times fewer stores than bytes, and little loop overhead.
 */
void*
memset(void *dst, int c, uint n)
{
  uchar *d = dst;
  uint64 *w = dst;
  uint64 word = (uchar)c * EVERY_BYTE;
  uint words = n / sizeof(uint64);

  if (word_aligned(dst, dst, n)) {
    for (; words >= 8; words -= 8, w += 8) {
      w[0] = word; w[1] = word; w[2] = word; w[3] = word;
      w[4] = word; w[5] = word; w[6] = word; w[7] = word;
    }
    for (; words > 0; words--)
      *w++ = word;
    return dst;
  }
  while (n-- > 0)
    *d++ = c;
  return dst;
}

/*
 * Compare n bytes.  Returns 0 if equal, else the difference of the
 * first pair of bytes that differ (a's minus b's, as unsigned chars).
 */
int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a, *q = b;

  for (uint i = 0; i < n; i++) {
    if (p[i] != q[i])
      return p[i] - q[i];
  }
  return 0;
}

/*
 * Copy n bytes; the ranges may overlap.  When dst lies above src in
 * the same region, copy from the end so no byte is overwritten before
 * it is read.  Aligned buffers move a word at a time.
 */
void*
memmove(void *dst, const void *src, uint n)
{
  uchar *d = dst;
  const uchar *s = src;
  uint64 *dw = dst;
  const uint64 *sw = src;
  uint i, words = n / sizeof(uint64);
  int backward = d > s && d < s + n;

  if (d == s || n == 0)
    return dst;
  if (word_aligned(d, s, n)) {
    if (backward) {
      while (words > 0) {
        words--;
        dw[words] = sw[words];
      }
    } else {
      for (i = 0; i < words; i++)
        dw[i] = sw[i];
    }
  } else if (backward) {
    while (n > 0) {
      n--;
      d[n] = s[n];
    }
  } else {
    for (i = 0; i < n; i++)
      d[i] = s[i];
  }
  return dst;
}

/* The compiler may emit calls to memcpy for struct copies. */
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

/* Compare at most n characters; stops at the first NUL. */
int
strncmp(const char *a, const char *b, uint n)
{
  for (; n > 0; n--, a++, b++) {
    if (*a != *b)
      return (uchar)*a - (uchar)*b;
    if (*a == '\0')
      return 0;
  }
  return 0;
}

/*
 * Copy at most n characters of src, then pad dst with NULs up to n.
 * Like the C function, dst is not terminated if src is n or longer.
 */
char*
strncpy(char *dst, const char *src, int n)
{
  int i = 0;

  for (; i < n && src[i] != '\0'; i++)
    dst[i] = src[i];
  for (; i < n; i++)
    dst[i] = '\0';
  return dst;
}

/*
 * Copy src into the n-byte buffer dst, truncating if need be, and
 * always NUL-terminate (if n > 0).
 */
char*
safestrcpy(char *dst, const char *src, int n)
{
  int i;

  if (n <= 0)
    return dst;
  for (i = 0; i < n - 1 && src[i] != '\0'; i++)
    dst[i] = src[i];
  dst[i] = '\0';
  return dst;
}

int
strlen(const char *s)
{
  int n = 0;

  while (s[n] != '\0')
    n++;
  return n;
}
