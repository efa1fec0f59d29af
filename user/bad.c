/*
 * bad: accesses that no mapping allows kill the process.
 *
 * The program maps README read-only and reads it through the mapping,
 * which is fine.  Then, each in a child of its own, it makes the
 * accesses that are not: a load from the page just past the mapping, a
 * store into the read-only mapping, and a load from a page that lies
 * inside a larger mapping of README but wholly past its end of file
 * (SIGBUS on Linux).  The kernel prints one "killed" line for each and
 * the child's exit status is -1; the parent's mapping is unharmed.
 *
 * The demonstration runs in a child; the first process reaps it and
 * checks that free memory is back where it started.  Output: one
 * `test NAME:` line per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/mman.h"

#define PAGE         4096
#define README       "README"
#define PAGES(n)     (((n) + PAGE - 1) / PAGE)
#define EXTRA_PAGES  2               /* the larger mapping's pages past EOF */
#define LOAD         0
#define STORE        1

static char filebuf[PAGE];            /* README's first page, from read() */
static int failures;

static uint64
freemem(void)
{
  struct sysinfo si;

  if (sysinfo(&si) < 0)
    return 0;
  return si.freemem;
}

/* Print the result of case name: OK when saw equals want. */
static void
check(char *name, long saw, long want)
{
  if (saw == want) {
    printf("test %s: OK\n", name);
    return;
  }
  printf("test %s: FAILED (expected %ld, saw %ld)\n", name, want, saw);
  failures++;
}

/*
 * Load from (or store to) addr in a child and return its exit status:
 * -1 if the kernel killed it, 0 if the access went through.
 */
static int
access_in_child(char *addr, int kind)
{
  int pid, status;

  pid = fork();
  if (pid < 0)
    return -2;
  if (pid == 0) {
    if (kind == STORE)
      *(volatile char *)addr = 'x';
    else
      printf("bad: loaded %d from %p, which should have killed me\n",
             *(volatile char *)addr, addr);
    exit(0);
  }
  if (wait(&status) != pid)
    return -2;
  return status;
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  int fd, n, len, bad, i;
  struct stat st;
  char *p, *big;

  fd = open(README, O_RDONLY);
  if (fd < 0 || fstat(fd, &st) < 0) {
    printf("test open_readme: FAILED (expected README open, saw open fail)\n");
    return 1;
  }
  n = read(fd, filebuf, PAGE);
  len = PAGES(st.size) * PAGE;

  p = mmap(0, st.size, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("bad: README (%d bytes) mapped read-only at %p..%p\n",
         (int)st.size, p, p + len);
  check("mmap_readme", p == MAP_FAILED ? -1 : 0, 0);
  if (p == MAP_FAILED)
    return failures;

  check("read_inside_mapping", memcmp(p, filebuf, n), 0);
  printf("bad: touching %p, the page past the mapping\n", p + len);
  check("access_past_mapping_kills", access_in_child(p + len, LOAD), -1);
  printf("bad: storing into the read-only mapping at %p\n", p);
  check("store_to_readonly_kills", access_in_child(p, STORE), -1);

  big = mmap(0, len + EXTRA_PAGES * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  check("mmap_past_end_of_file", big == MAP_FAILED ? -1 : 0, 0);
  if (big != MAP_FAILED) {
    bad = -1;
    for (i = st.size; i < len && bad < 0; i++)
      if (big[i] != 0)
        bad = i;
    check("partial_last_page_zero_tail", bad, -1);
    printf("bad: touching %p, a page of the mapping past end of file\n", big + len);
    check("beyond_end_of_file_kills", access_in_child(big + len, LOAD), -1);
    check("munmap_past_end_of_file", munmap(big, len + EXTRA_PAGES * PAGE), 0);
  }

  check("mapping_unharmed", memcmp(p, filebuf, n), 0);
  check("munmap_readme", munmap(p, st.size), 0);
  close(fd);
  return failures;
}

int
main(void)
{
  uint64 before;
  int pid, status;

  before = freemem();
  pid = fork();
  if (pid < 0) {
    printf("bad: fork failed\n");
    exit(1);
  }
  if (pid == 0)
    exit(demo() ? 1 : 0);
  wait(&status);
  if (status < 0)
    printf("test demo_runs_to_end: FAILED (expected exit status 0, saw %d)\n", status);
  if (status != 0)
    failures++;
  check("nopageleak", freemem(), before);
  printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failures ? 1 : 0);
}
