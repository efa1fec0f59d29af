/*
 * mmap-shared: a writable shared mapping of a file.
 *
 * The program maps a file PROT_READ|PROT_WRITE MAP_SHARED through an
 * O_RDWR descriptor and turns its text to upper case through the
 * mapping, in two steps: msync pushes the first page's change into the
 * file while the mapping stays, munmap pushes the rest.  Bytes stored
 * past end of file in the last page never make the file longer.
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

#define PAGE       4096
#define FILE_NAME  "shared.txt"
#define FILE_SIZE  9000                  /* two pages and part of a third */
#define MAPPED     (((FILE_SIZE + PAGE - 1) / PAGE) * PAGE)
#define LINE_LEN   60
#define RW         (PROT_READ | PROT_WRITE)
#define SAME       (-1)                  /* "first difference" when none */
#define UNREADABLE (-2)                  /* ... when the file cannot be read */

static char filebuf[FILE_SIZE];          /* what read() returns */
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
 * Case name comparing bytes with what: bad is the first wrong byte, SAME
 * or UNREADABLE.
 */
static void
check_bytes(char *name, char *what, int bad)
{
  if (bad == SAME) {
    printf("test %s: OK\n", name);
    return;
  }
  if (bad == UNREADABLE)
    printf("test %s: FAILED (expected %s, saw the file unreadable)\n", name, what);
  else
    printf("test %s: FAILED (expected %s, saw a difference at byte %d)\n",
           name, what, bad);
  failures++;
}

/* Byte i of the file as created: lower-case lines. */
static char
original(int i)
{
  if (i % LINE_LEN == LINE_LEN - 1)
    return '\n';
  return 'a' + (i * 5 + i / LINE_LEN) % 26;
}

/* c in upper case if it is a lower-case letter. */
static char
upper(char c)
{
  return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Byte i of the file once its first upto bytes are in upper case. */
static char
expected(int i, int upto)
{
  return i < upto ? upper(original(i)) : original(i);
}

/* Write the test file.  Returns 0, or -1 if the file system refused. */
static int
make_file(void)
{
  int fd, i;

  for (i = 0; i < FILE_SIZE; i++)
    filebuf[i] = original(i);
  unlink(FILE_NAME);
  fd = open(FILE_NAME, O_CREATE | O_RDWR);
  if (fd < 0)
    return -1;
  i = write(fd, filebuf, FILE_SIZE);
  close(fd);
  return i == FILE_SIZE ? 0 : -1;
}

/*
 * Read the file with read() and compare it with its first upto bytes in
 * upper case: the first byte that differs, SAME or UNREADABLE.
 */
static int
file_differs(int upto)
{
  int fd, n, i;

  memset(filebuf, 0, FILE_SIZE);
  fd = open(FILE_NAME, O_RDONLY);
  if (fd < 0)
    return UNREADABLE;
  n = read(fd, filebuf, FILE_SIZE);
  close(fd);
  if (n != FILE_SIZE)
    return UNREADABLE;
  for (i = 0; i < FILE_SIZE; i++)
    if (filebuf[i] != expected(i, upto))
      return i;
  return SAME;
}

/* The size of the test file, or -1. */
static long
file_size(void)
{
  struct stat st;

  if (stat(FILE_NAME, &st) < 0)
    return -1;
  return st.size;
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  char *p;
  int fd, i, bad;

  if (make_file() < 0) {
    printf("test make_file: FAILED (expected a %d-byte file, saw a write fail)\n",
           FILE_SIZE);
    return 1;
  }
  fd = open(FILE_NAME, O_RDWR);
  p = mmap(0, FILE_SIZE, RW, MAP_SHARED, fd, 0);
  printf("mmap-shared: %s mapped read/write, shared, at %p\n", FILE_NAME, p);
  check("mmap_returns_address", p == MAP_FAILED ? -1 : 0, 0);
  close(fd);
  if (p == MAP_FAILED)
    return failures;

  bad = SAME;
  for (i = 0; i < FILE_SIZE && bad == SAME; i++)
    if (p[i] != original(i))
      bad = i;
  check_bytes("mapping_shows_file", "the file's bytes", bad);

  /* Step one: the first page, pushed to the file by msync. */
  for (i = 0; i < PAGE; i++)
    p[i] = upper(p[i]);
  check("msync", msync(p, MAPPED, MS_SYNC), 0);
  check_bytes("msync_reaches_file", "the first page in upper case",
              file_differs(PAGE));
  printf("first line of the file after msync: ");
  write(1, filebuf, LINE_LEN);

  /* Step two: the rest, plus bytes past end of file, pushed by munmap. */
  for (i = PAGE; i < FILE_SIZE; i++)
    p[i] = upper(p[i]);
  for (i = FILE_SIZE; i < MAPPED; i++)
    p[i] = '!';
  check("munmap", munmap(p, FILE_SIZE), 0);
  check_bytes("munmap_reaches_file", "the whole file in upper case",
              file_differs(FILE_SIZE));
  printf("last line of the file after munmap: ");
  write(1, filebuf + FILE_SIZE - FILE_SIZE % LINE_LEN - LINE_LEN, LINE_LEN);
  check("file_size_unchanged", file_size(), FILE_SIZE);

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
    printf("mmap-shared: fork failed\n");
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
