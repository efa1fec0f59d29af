/*
 * What a test that counts free memory around its work needs.
 *
 * pagein_self: fault in every page of the calling program's own text,
 * data and stack, storing to the writable ones.  exec leaves every page
 * to its first touch, and a data page is copied at its first store (also
 * after fork: then every writable page is copy-on-write).  A test calls
 * this first, so that its count sees only what it does, not its own
 * program paging in.
 *
 * freemem: free memory as sysinfo says it.
 *
 * free_less_swap: free memory, counting the page cache as free, less
 * swap in use: a figure the kernel's paging leaves alone.  A test that
 * makes the kernel page out may send other processes' pages (the
 * runner's, the shell's) to swap: each frees a page and fills a slot.
 * Reclaim may drop a page of a program's text that some process maps
 * (this one's too, paged in or not), and a fault read it back.  Neither
 * changes this figure, so that only what the test itself kept shows.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/vmainfo.h"
#include "kernel/sysinfo.h"
#include "kernel/vmstat.h"
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

uint64
freemem(void)
{
  struct sysinfo si;

  if (sysinfo(&si) < 0)
    return 0;
  return si.freemem;
}

uint64
free_less_swap(void)
{
  struct vmstat st = { 0 };

  if (vmstat(&st) < 0)
    return freemem();
  return st.freemem + st.cacheheld - st.swapused;
}
