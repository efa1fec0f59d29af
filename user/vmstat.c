/*
 * vmstat: memory, the caches, swap, and the paging done since boot (the
 * vmstat system call), one figure a line.  `vmstat N` prints them again
 * every N ticks, until killed.
 */
#include "kernel/types.h"
#include "kernel/vmstat.h"
#include "user/user.h"

static void
show(void)
{
  struct vmstat st;

  if (vmstat(&st) < 0) {
    fprintf(2, "vmstat: cannot read the counts\n");
    exit(1);
  }
  printf("free %ld KiB\n", st.freemem / 1024);
  printf("page cache %ld KiB, in use %ld KiB\n", st.cachemem / 1024, st.cacheheld / 1024);
  printf("swap cache %ld KiB\n", st.swapcache / 1024);
  printf("swap %ld KiB, used %ld KiB\n", st.swaptotal / 1024, st.swapused / 1024);
  printf("faults %ld\n", st.faults);
  printf("page-ins %ld, page-outs %ld\n", st.pageins, st.pageouts);
  printf("file pages reclaimed %ld, written back first %ld\n",
         st.filedropped, st.filewritten);
}

int
main(int argc, char *argv[])
{
  int every = argc > 1 ? atoi(argv[1]) : 0;

  show();
  while (every > 0) {
    pause(every);
    printf("\n");
    show();
  }
  exit(0);
}
