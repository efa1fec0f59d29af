/*
 * pagein_self: fault in every page of the calling program's own text,
 * data and stack, storing to the writable ones.
 *
 * exec maps a program's file pages at once but leaves bss and stack
 * pages to their first touch, and a data page is copied at its first
 * store (also after fork: then every writable page is copy-on-write).
 * A test that counts free pages before and after what it checks calls
 * this first, so that its count sees only what it does, not its own
 * program paging in.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/vmainfo.h"
#include "user/user.h"
#include "user/pagein.h"

#define PAGE 4096

/* Is this one of the mappings exec made for the program? */
static int
program_part(struct vmainfo *m)
{
  return m->role == VMA_TEXT || m->role == VMA_DATA || m->role == VMA_STACK;
}

void
pagein_self(void)
{
  static struct vmainfo info[16];
  volatile char *byte;
  uint64 a;
  int i, n = vmainfo(0, info, 16);

  for (i = 0; i < n; i++) {
    if (!program_part(&info[i]))
      continue;
    for (a = info[i].start; a < info[i].end; a += PAGE) {
      byte = (volatile char *)a;
      if (info[i].prot & PROT_WRITE)
        *byte = *byte;
      else
        (void)*byte;
    }
  }
}
