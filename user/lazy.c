/*
 * lazy: mapping files the default way, which allocates nothing until a
 * page is touched.
 *
 * The program maps README and a 71680-byte file of its own (bigfile71680,
 * numbered text lines) read-only and private, without MAP_POPULATE, and
 * prints the free memory before and after mapping and after touching.
 * mmap only records the mappings, so free memory barely moves (at most
 * LAZY_SLACK pages of bookkeeping) until the pages are touched, and
 * touching them all then costs at least the mapped pages.  Compare with
 * `eager`, which maps the same files with MAP_POPULATE: the testsuite
 * compares the two programs' "free pages after mmap" lines.
 *
 * The demonstration runs in a child; the parent reaps it and checks that
 * free memory is back where it started.  Output: one `test NAME:` line
 * per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/mman.h"

#define PAGE        4096
#define README      "README"
#define BIG_NAME    "bigfile71680"
#define BIG_SIZE    71680                /* 17.5 pages */
#define BIG_LINE    64                   /* bytes per line of BIG_NAME */
#define MAP_FLAGS   MAP_PRIVATE
#define LAZY_SLACK  2                    /* pages mmap may spend on bookkeeping */
#define PAGES(n)    (((n) + PAGE - 1) / PAGE)

static char chunk[PAGE];                 /* file contents, a page at a time */
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
 * Case name about a number of pages used: ok says whether saw pages is
 * right; relation ("at least", "at most") and want say what is.
 */
static void
check_pages(char *name, int ok, char *relation, long want, long saw)
{
  if (ok) {
    printf("test %s: OK\n", name);
    return;
  }
  printf("test %s: FAILED (expected %s %ld pages used, saw %ld)\n",
         name, relation, want, saw);
  failures++;
}

/*
 * Byte i of BIG_NAME: lines "line NNNN: " followed by letters and a
 * newline, BIG_LINE bytes each.
 */
static char
big_byte(int i)
{
  static char prefix[] = "line ";
  int line = i / BIG_LINE, col = i % BIG_LINE;

  if (col < 5)
    return prefix[col];
  if (col < 9)
    return '0' + (col == 5 ? line / 1000 : col == 6 ? line / 100 :
                  col == 7 ? line / 10 : line) % 10;
  if (col == 9)
    return ':';
  if (col == 10)
    return ' ';
  if (col == BIG_LINE - 1)
    return '\n';
  return 'a' + (line + col) % 26;
}

/* Write BIG_NAME.  Returns 0, or -1 if the file system refused. */
static int
make_big_file(void)
{
  int fd, done, n, i;

  unlink(BIG_NAME);
  fd = open(BIG_NAME, O_CREATE | O_RDWR);
  if (fd < 0)
    return -1;
  for (done = 0; done < BIG_SIZE; done += n) {
    n = BIG_SIZE - done < PAGE ? BIG_SIZE - done : PAGE;
    for (i = 0; i < n; i++)
      chunk[i] = big_byte(done + i);
    if (write(fd, chunk, n) != n) {
      close(fd);
      return -1;
    }
  }
  close(fd);
  return 0;
}

/* Print label and the line at p (at most max bytes). */
static void
print_first_line(char *label, char *p, int max)
{
  int n;

  for (n = 0; n < max && p[n] != '\n'; n++)
    ;
  printf("%s", label);
  write(1, p, n);
  printf("\n");
}

/*
 * Compare the size bytes mapped at p with what read() returns from fd.
 * Returns the first byte that differs, or -1 if all agree.
 */
static int
first_difference(int fd, char *p, int size)
{
  int off, n, i;

  for (off = 0; off < size; off += n) {
    n = read(fd, chunk, PAGE);
    if (n <= 0)
      return off;
    for (i = 0; i < n; i++)
      if (p[off + i] != chunk[i])
        return off + i;
  }
  return -1;
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  int readme_fd, big_fd, npages;
  char *readme, *big;
  uint64 before, mapped, touched;
  long used;
  struct stat st;

  if (make_big_file() < 0) {
    printf("test make_big_file: FAILED (expected a %d-byte file, saw a write fail)\n",
           BIG_SIZE);
    return 1;
  }
  readme_fd = open(README, O_RDONLY);
  big_fd = open(BIG_NAME, O_RDONLY);
  if (readme_fd < 0 || big_fd < 0 || fstat(readme_fd, &st) < 0) {
    printf("test open_files: FAILED (expected %s and %s open, saw open fail)\n",
           README, BIG_NAME);
    return 1;
  }
  npages = PAGES(st.size) + PAGES(BIG_SIZE);

  before = freemem();
  readme = mmap(0, st.size, PROT_READ, MAP_FLAGS, readme_fd, 0);
  big = mmap(0, BIG_SIZE, PROT_READ, MAP_FLAGS, big_fd, 0);
  mapped = freemem();
  check("mmap_readme", readme == MAP_FAILED ? -1 : 0, 0);
  check("mmap_bigfile", big == MAP_FAILED ? -1 : 0, 0);
  if (readme == MAP_FAILED || big == MAP_FAILED)
    return failures;

  printf("lazy: %s (%d bytes, %d pages) at %p, %s (%d bytes, %d pages) at %p\n",
         README, (int)st.size, (int)PAGES(st.size), readme,
         BIG_NAME, BIG_SIZE, (int)PAGES(BIG_SIZE), big);
  printf("free pages before mmap: %d\n", (int)(before / PAGE));
  printf("free pages after mmap: %d\n", (int)(mapped / PAGE));
  used = (long)(before - mapped) / PAGE;
  printf("pages used by mmap: %ld (%d mapped)\n", used, npages);
  check_pages("mmap_allocates_no_data_pages", used <= LAZY_SLACK, "at most",
              LAZY_SLACK, used);

  print_first_line("first line of README: ", readme, 80);
  print_first_line("first line of bigfile71680: ", big, BIG_LINE);
  check("readme_contents", first_difference(readme_fd, readme, st.size), -1);
  check("bigfile_contents", first_difference(big_fd, big, BIG_SIZE), -1);
  touched = freemem();
  printf("free pages after touching: %d\n", (int)(touched / PAGE));
  used = (long)(mapped - touched) / PAGE;
  check_pages("touch_faults_pages_in", used >= npages, "at least", npages, used);

  check("munmap_readme", munmap(readme, st.size), 0);
  check("munmap_bigfile", munmap(big, BIG_SIZE), 0);
  close(readme_fd);
  close(big_fd);
  unlink(BIG_NAME);
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
    printf("lazy: fork failed\n");
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
