/*
 * pmap PID...: list a process's mappings, like Linux's pmap -x:
 *
 *   5:
 *   Address           Kbytes     RSS Mode  Mapping
 *   0000000000000000       8       8 r-x-p inode 23 +0x1000 [ text ]
 *   0000000000002000       4       4 rw--p inode 23 +0x3000 [ data ]
 *   0000000000003000       4       0 ----p [ anon ] [ guard ]
 *   0000000000004000       4       4 rw--p [ anon ] [ stack ]
 *   0000000000005000      32       0 rw--p [ anon ] [ heap ]
 *   0000003fffffc000       8       4 rw-s- inode 17 +0x0
 *   ----------------  ------  ------
 *   total kB              60      20
 *
 * PID 0 means pmap itself.  Every part of the address space is a VMA:
 * the program's segments, the stack and its guard page, the heap, and
 * what mmap made (no role shown).
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/vmainfo.h"
#include "user/user.h"

#define MAXVMAS  256   /* mappings listed per process */

static struct vmainfo info[MAXVMAS];

/* Write n in decimal, right-aligned in a field of width characters. */
static void
putnum(uint64 n, int width)
{
  char digits[24];
  int len = 0;

  do {
    digits[len++] = '0' + n % 10;
    n /= 10;
  } while (n > 0);
  for (; width > len; width--)
    printf(" ");
  while (len > 0)
    printf("%c", digits[--len]);
}

/* Write a as 16 hex digits with leading zeros. */
static void
putaddr(uint64 a)
{
  int shift;

  for (shift = 60; shift >= 0; shift -= 4)
    printf("%c", "0123456789abcdef"[(a >> shift) & 0xf]);
}

/* The mode column: rwx, then s(hared) or p(rivate), then - (Linux's reserved). */
static void
putmode(struct vmainfo *v)
{
  printf("%c%c%c%c-",
         (v->prot & PROT_READ) ? 'r' : '-',
         (v->prot & PROT_WRITE) ? 'w' : '-',
         (v->prot & PROT_EXEC) ? 'x' : '-',
         (v->flags & MAP_SHARED) ? 's' : 'p');
}

/* The role of a mapping that exec or sbrk made, as shown after it. */
static char*
role(struct vmainfo *v)
{
  switch (v->role) {
  case VMA_TEXT:  return " [ text ]";
  case VMA_DATA:  return " [ data ]";
  case VMA_GUARD: return " [ guard ]";
  case VMA_STACK: return " [ stack ]";
  case VMA_HEAP:  return " [ heap ]";
  default:        return "";
  }
}

/* List the mappings of process pid.  Returns 0, or -1 if it does not exist. */
static int
pmap(int pid)
{
  uint64 size, total = 0, rss = 0, swap = 0;
  int i, n;

  n = vmainfo(pid, info, MAXVMAS);
  if (n < 0)
    return -1;
  printf("%d:\n", pid);
  printf("Address           Kbytes     RSS    Swap Mode  Mapping\n");
  for (i = 0; i < n; i++) {
    size = (info[i].end - info[i].start) / 1024;
    putaddr(info[i].start);
    putnum(size, 8);
    putnum(info[i].resident * 4, 8);
    putnum(info[i].swapped * 4, 8);
    printf(" ");
    putmode(&info[i]);
    if (info[i].inum != 0)
      printf(" inode %d +0x%lx", info[i].inum, info[i].offset);
    else
      printf(" [ anon ]");
    if (info[i].flags & MAP_GROWSUP)
      printf(" [ growsup ]");
    printf("%s\n", role(&info[i]));
    total += size;
    rss += info[i].resident * 4;
    swap += info[i].swapped * 4;
  }
  printf("----------------  ------  ------  ------\n");
  printf("total kB        ");
  putnum(total, 8);
  putnum(rss, 8);
  putnum(swap, 8);
  printf("\n");
  return 0;
}

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if (argc < 2) {
    fprintf(2, "usage: pmap PID...\n");
    exit(1);
  }
  for (i = 1; i < argc; i++) {
    if (pmap(atoi(argv[i])) < 0) {
      fprintf(2, "pmap: no process %s\n", argv[i]);
      status = 1;
    }
  }
  exit(status);
}
