/*
 * swaptest: memory larger than RAM (reclaim.c, swapcache.c, swap.c).
 *
 * Meant for a board with little RAM (32 MiB) and a swap disk (64 MiB):
 * each case uses more memory than is free, so the kernel must page out
 * to get through it.  Sizes are taken from free memory at the start of
 * the case, so the cases hold on any RAM size.  Each case runs under
 * the runner of testcase.c, in a child of its own, with a check that
 * free memory comes back after it; `swaptest NAME...` runs only the
 * named cases.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/vmstat.h"
#include "kernel/vmainfo.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/pagein.h"
#include "user/testcase.h"

#define RW    (PROT_READ | PROT_WRITE)
#define ANON  (MAP_PRIVATE | MAP_ANONYMOUS)
#define MIB   (1024L * 1024)

/* The word written at page i of a region, by writer w. */
static uint64
mark(long i, int w)
{
  return (uint64)i * 2654435761u + w;
}

/* Write writer w's marks on the first and last word of each page of p. */
static void
fill(char *p, long pages, int w)
{
  long i;

  for (i = 0; i < pages; i++) {
    *(uint64 *)(p + i * PAGE) = mark(i, w);
    *(uint64 *)(p + i * PAGE + PAGE - 8) = ~mark(i, w);
  }
}

/* Check writer w's marks on pages [from, to) of p. */
static void
check(char *p, long from, long to, int w)
{
  long i;

  for (i = from; i < to; i++)
    if (*(uint64 *)(p + i * PAGE) != mark(i, w) ||
        *(uint64 *)(p + i * PAGE + PAGE - 8) != ~mark(i, w))
      fail("every page to keep its marks", "a page that lost them");
}

/* Pages of memory free now. */
static long
free_pages(void)
{
  return freemem() / PAGE;
}

/* Anonymous memory of twice the free memory: filled, then checked twice. */
static void
anon_bigger_than_ram(void)
{
  long pages = 2 * free_pages();
  struct vmstat before = vmstat_now(), after;
  char *p = map_ok(pages * PAGE, RW, ANON, -1, 0);

  fill(p, pages, 1);
  check(p, 0, pages, 1);
  check(p, 0, pages, 1);
  after = vmstat_now();
  expect(after.pageouts - before.pageouts >= pages / 2, "half the pages at least to go to swap");
  expect(after.pageins > before.pageins, "pages to come back from swap");
}

/* The heap too: sbrk of more than is free, eagerly and lazily. */
static void
heap_bigger_than_ram(void)
{
  long pages = free_pages() + free_pages() / 2;
  char *p = sbrklazy(pages * PAGE);

  expect(p != SBRK_ERROR, "a lazy sbrk of more than is free to succeed");
  fill(p, pages, 2);
  check(p, 0, pages, 2);
}

/* Three processes at once, each with two thirds of free memory. */
static void
three_at_once(void)
{
  long pages = 2 * free_pages() / 3;
  int i;

  for (i = 0; i < 3; i++) {
    if (fork() == 0) {
      char *p = map_ok(pages * PAGE, RW, ANON, -1, 0);

      fill(p, pages, 10 + i);
      check(p, 0, pages, 10 + i);
      exit(0);
    }
  }
  expect_eq("the three children's exit status", reap(3), 0);
}

/*
 * A parent with more than half of free memory forks under pressure:
 * the child stores over half the pages and checks its copy, while the
 * parent, after the child is done, finds its own unchanged.
 */
static void
fork_under_pressure(void)
{
  long pages = free_pages() + free_pages() / 4;
  char *p = map_ok(pages * PAGE, RW, ANON, -1, 0);
  int pid, status;

  fill(p, pages, 3);
  pid = fork();
  if (pid < 0)
    fail("fork to succeed", "-1");
  if (pid == 0) {
    fill(p, pages / 2, 4);
    check(p, 0, pages / 2, 4);
    check(p, pages / 2, pages, 3);
    exit(0);
  }
  expect_eq("the child's pid", wait(&status), pid);
  expect_eq("the child's exit status", status, 0);
  check(p, 0, pages, 3);
}

/* Swap and memory come back when a process that used swap exits. */
static void
exit_frees_swap(void)
{
  struct vmstat before = vmstat_now(), during;
  long pages = 2 * free_pages(), kept = free_less_swap();
  int go[2], back[2], status;

  make_pipe(go);
  make_pipe(back);
  if (fork() == 0) {
    char *p = map_ok(pages * PAGE, RW, ANON, -1, 0);

    fill(p, pages, 5);
    tell(back[1], 'x');
    hear(go[0]);   /* until the parent has looked */
    exit(0);
  }
  expect_eq("the child's word", hear(back[0]), 'x');
  during = vmstat_now();
  expect(during.swapused > before.swapused, "swap to be in use while the child lives");
  tell(go[1], 'y');
  expect(wait(&status) > 0, "the child to exit");
  close(go[0]);
  close(go[1]);
  close(back[0]);
  close(back[1]);
  expect_eq("free memory less swap used after the child exits", free_less_swap(), kept);
}

/*
 * With RAM and swap both full, a process that needs one more page is
 * killed; its parent, which holds little, lives on.
 */
static void
out_of_memory_kills_the_faulter(void)
{
  struct vmstat st = vmstat_now();
  long pages = (st.freemem + st.swaptotal - st.swapused) / PAGE + 4 * 1024;
  long kept = free_less_swap();
  int pid, status;

  pid = fork();
  if (pid < 0)
    fail("fork to succeed", "-1");
  if (pid == 0) {
    char *p = map_ok(pages * PAGE, RW, ANON, -1, 0);

    fill(p, pages, 6);
    exit(0);   /* not reached: there is not that much memory */
  }
  expect_eq("the greedy child's pid", wait(&status), pid);
  expect_eq("the greedy child's exit status (killed)", status, -1);
  expect_eq("free memory less swap used after it died", free_less_swap(), kept);
}

/*
 * Stores through a MAP_SHARED file mapping survive the reclaimer, which
 * unmaps the file's pages under pressure and writes the dirty ones back
 * before it drops them: read() and the mapping see the stores after.
 */
static void
shared_store_survives_eviction(void)
{
  int npages = 64, fd = make_file("swapfile", npages * PAGE, O_RDWR);
  struct vmstat before = vmstat_now(), after;
  long pages = 2 * free_pages();
  char *f = map_ok(npages * PAGE, RW, MAP_SHARED, fd, 0);
  char *p;
  int i;

  for (i = 0; i < npages; i++)
    f[i * PAGE + 7] = 'A' + i % 26;
  p = map_ok(pages * PAGE, RW, ANON, -1, 0);
  fill(p, pages, 7);
  munmap(p, pages * PAGE);
  after = vmstat_now();
  expect(after.filedropped > before.filedropped, "reclaim to take file pages");
  expect(after.filewritten > before.filewritten, "reclaim to write dirty file pages back");
  for (i = 0; i < npages; i++) {
    expect_eq("the stored byte, through the mapping", f[i * PAGE + 7], 'A' + i % 26);
    expect_eq("the stored byte, through read()", file_byte("swapfile", i * PAGE + 7),
              'A' + i % 26);
  }
  munmap(f, npages * PAGE);
  close(fd);
  unlink("swapfile");
}

/* The pages vmainfo says are in swap, of this process's mapping at p. */
static long
swapped_in(char *p)
{
  static struct vmainfo info[32];
  int i, n = vmainfo(0, info, 32);

  for (i = 0; i < n; i++)
    if (info[i].start == (uint64)p)
      return info[i].swapped;
  return -1;
}

/*
 * Shared anonymous memory larger than RAM: the parent fills it, a child
 * checks and rewrites every page, and the parent sees the child's
 * stores.  Shared pages go to swap from their object once no process
 * maps them (memobj.c), and come back at the next touch of either.
 */
static void
shared_anon_bigger_than_ram(void)
{
  long pages = 3 * free_pages() / 2;
  struct vmstat before = vmstat_now(), after;
  char *p = map_ok(pages * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int status = -2;

  fill(p, pages, 3);
  expect(swapped_in(p) > 0, "pmap's figures (vmainfo) to show shared pages in swap");
  if (fork() == 0) {
    check(p, 0, pages, 3);
    fill(p, pages, 4);
    exit(0);
  }
  expect(wait(&status) > 0, "the child to exit");
  expect_eq("the child's exit status", status, 0);
  check(p, 0, pages, 4);
  after = vmstat_now();
  expect(after.pageouts - before.pageouts >= pages / 2, "half the pages at least to go to swap");
  expect(after.pageins > before.pageins, "pages to come back from swap");
  expect_eq("munmap", munmap(p, pages * PAGE), 0);
}

static struct testcase cases[] = {
  { "anon_bigger_than_ram", anon_bigger_than_ram },
  { "heap_bigger_than_ram", heap_bigger_than_ram },
  { "three_at_once", three_at_once },
  { "fork_under_pressure", fork_under_pressure },
  { "exit_frees_swap", exit_frees_swap },
  { "out_of_memory_kills_the_faulter", out_of_memory_kills_the_faulter },
  { "shared_store_survives_eviction", shared_store_survives_eviction },
  { "shared_anon_bigger_than_ram", shared_anon_bigger_than_ram },
};

int
main(int argc, char *argv[])
{
  exit(run_cases(cases, NCASES(cases), argc, argv, 0) ? 1 : 0);
}
