/*
 * mmap-fileread: reading a file through a read-only private mapping.
 *
 * The program writes a small text file, maps it PROT_READ MAP_PRIVATE
 * and checks that the mapping holds exactly what read() returns, that
 * the rest of the last page reads as zeros, that a mapping at an offset
 * shows that part of the file, and that the mapping keeps working after
 * its file descriptor is closed.
 *
 * The demonstration runs in a child; the parent reaps it and checks that
 * free memory is back where it started.  Output: one `test NAME:` line
 * per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/mman.h"

#define PAGE       4096
#define FILE_NAME  "fileread.txt"
#define FILE_SIZE  10000                 /* two pages and part of a third */
#define LINE_LEN   40                    /* bytes per line, newline included */
#define MAPPED     (((FILE_SIZE + PAGE - 1) / PAGE) * PAGE)

static char filebuf[FILE_SIZE];          /* the file as read() sees it */
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

/* Case name comparing bytes: bad is the first wrong byte, or -1. */
static void
check_bytes(char *name, char *what, int bad)
{
  if (bad < 0) {
    printf("test %s: OK\n", name);
    return;
  }
  printf("test %s: FAILED (expected %s, saw a difference at byte %d)\n",
         name, what, bad);
  failures++;
}

/* Byte i of the file: lines of letters, each ending in a newline. */
static char
text_at(int i)
{
  if (i % LINE_LEN == LINE_LEN - 1)
    return '\n';
  return 'a' + (i / LINE_LEN + i % LINE_LEN) % 26;
}

/* Write the test file.  Returns 0, or -1 if the file system refused. */
static int
make_file(void)
{
  char chunk[256];
  int fd, done, n, i;

  unlink(FILE_NAME);
  fd = open(FILE_NAME, O_CREATE | O_RDWR);
  if (fd < 0)
    return -1;
  for (done = 0; done < FILE_SIZE; done += n) {
    n = FILE_SIZE - done < sizeof(chunk) ? FILE_SIZE - done : sizeof(chunk);
    for (i = 0; i < n; i++)
      chunk[i] = text_at(done + i);
    if (write(fd, chunk, n) != n) {
      close(fd);
      return -1;
    }
  }
  close(fd);
  return 0;
}

/* Index of the first byte where a and b differ in n bytes, or -1. */
static int
first_difference(char *a, char *b, int n)
{
  int i;

  for (i = 0; i < n; i++)
    if (a[i] != b[i])
      return i;
  return -1;
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  char *p, *part;
  int fd, i, bad;

  if (make_file() < 0) {
    printf("test make_file: FAILED (expected a %d-byte file, saw a write fail)\n",
           FILE_SIZE);
    return 1;
  }
  fd = open(FILE_NAME, O_RDONLY);
  p = mmap(0, FILE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("mmap-fileread: %s (%d bytes) mapped read-only at %p\n",
         FILE_NAME, FILE_SIZE, p);
  check("mmap_returns_address", p == MAP_FAILED ? -1 : 0, 0);
  if (p == MAP_FAILED)
    return failures;
  check("close_fd_while_mapped", close(fd), 0);

  fd = open(FILE_NAME, O_RDONLY);
  check("read_whole_file", read(fd, filebuf, FILE_SIZE), FILE_SIZE);
  printf("first line through the mapping: ");
  write(1, p, LINE_LEN);
  check_bytes("mapping_matches_read", "the bytes read() returns",
              first_difference(p, filebuf, FILE_SIZE));

  bad = -1;
  for (i = FILE_SIZE; i < MAPPED && bad < 0; i++)
    if (p[i] != 0)
      bad = i;
  check_bytes("last_page_zero_tail", "zeros past end of file", bad);

  part = mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
  check("mmap_at_offset", part == MAP_FAILED ? -1 : 0, 0);
  if (part != MAP_FAILED) {
    check_bytes("offset_maps_second_page", "the file's second page",
                first_difference(part, filebuf + PAGE, PAGE));
    check("munmap_offset_mapping", munmap(part, PAGE), 0);
  }
  close(fd);

  check("munmap", munmap(p, FILE_SIZE), 0);
  unlink(FILE_NAME);
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
    printf("mmap-fileread: fork failed\n");
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
