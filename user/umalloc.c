/*
 * The user heap: malloc and free.
 *
 * Every block, free or in use, starts with a header giving its total
 * size in bytes (header included, a multiple of ALIGN).  Free blocks
 * are kept on a singly linked list sorted by address, so free() can
 * find a block's neighbours and merge with them.  malloc() takes the
 * first free block that is big enough, splitting off the unused tail;
 * when none is, it asks sbrk() for at least CHUNK more bytes.
 */
#include "kernel/types.h"
#include "user/user.h"

#define ALIGN  16      /* every block and every result is this aligned */
#define CHUNK  8192    /* the least the heap grows by at a time */
#define MAXGROW 0x7ffff000UL   /* largest request sbrk(int) can take */

struct header {
  uint64 size;             /* bytes in the block, header included */
  struct header *next;     /* next free block (free blocks only) */
};

/* Free blocks in address order; 0 when there are none. */
static struct header *freelist;

/* Does block a end exactly where block b begins? */
static int
adjacent(struct header *a, struct header *b)
{
  return (char *) a + a->size == (char *) b;
}

/*
 * Put block b on the free list at its place by address, merging it
 * with the free block before and/or after it when they touch.
 */
static void
insert_free(struct header *b)
{
  struct header *prev = 0;
  struct header *next = freelist;

  while (next != 0 && next < b) {
    prev = next;
    next = next->next;
  }

  if (next != 0 && adjacent(b, next)) {
    b->size += next->size;
    b->next = next->next;
  } else {
    b->next = next;
  }

  if (prev == 0) {
    freelist = b;
  } else if (adjacent(prev, b)) {
    prev->size += b->size;
    prev->next = b->next;
  } else {
    prev->next = b;
  }
}

/* Ask the kernel for at least need more bytes.  Returns 0 or -1. */
static int
grow(uint64 need)
{
  uint64 bytes = need < CHUNK ? CHUNK : need;
  char *p;
  struct header *b;

  bytes = (bytes + ALIGN - 1) & ~(uint64) (ALIGN - 1);
  if (bytes > MAXGROW)
    return -1;
  p = sbrk((int) bytes);
  if (p == (char *) -1)
    return -1;
  b = (struct header *) p;
  b->size = bytes;
  insert_free(b);
  return 0;
}

/*
 * Take a block of size bytes off the free list (first fit), splitting
 * it when the remainder can hold a block of its own.  Returns 0 when
 * no free block is big enough.
 */
static struct header *
take(uint64 size)
{
  struct header **link;
  struct header *b, *rest;

  for (link = &freelist; (b = *link) != 0; link = &b->next) {
    if (b->size < size)
      continue;
    if (b->size - size >= sizeof(struct header) + ALIGN) {
      rest = (struct header *) ((char *) b + size);
      rest->size = b->size - size;
      rest->next = b->next;
      *link = rest;
      b->size = size;
    } else {
      *link = b->next;
    }
    return b;
  }
  return 0;
}

void*
malloc(uint nbytes)
{
  uint64 size;
  struct header *b;

  size = sizeof(struct header) + (uint64) nbytes;
  size = (size + ALIGN - 1) & ~(uint64) (ALIGN - 1);

  b = take(size);
  if (b == 0) {
    if (grow(size) < 0)
      return 0;
    b = take(size);
    if (b == 0)
      return 0;
  }
  return b + 1;
}

void
free(void *p)
{
  if (p == 0)
    return;
  insert_free((struct header *) p - 1);
}
