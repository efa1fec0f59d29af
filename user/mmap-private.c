/*
 * mmap-private: a writable private mapping of a file.
 *
 * The program maps a file PROT_READ|PROT_WRITE MAP_PRIVATE, turns its
 * text to upper case through the mapping and reads the change back
 * through the mapping; the file itself must not change, neither while
 * the mapping exists nor after munmap.  A private writable mapping of a
 * read-only file descriptor is allowed too.
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
#define FILE_NAME  "private.txt"
#define FILE_SIZE  6000                  /* one page and part of a second */
#define LINE_LEN   50
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
  return 'a' + (i * 3 + i / LINE_LEN) % 26;
}

/* c in upper case if it is a lower-case letter. */
static char
upper(char c)
{
  return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
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
 * Read the whole file into filebuf and return the first byte that is
 * not as created: SAME if the file is unchanged, UNREADABLE if it
 * cannot be read whole.
 */
static int
file_changes(void)
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
    if (filebuf[i] != original(i))
      return i;
  return SAME;
}

/* First byte of p that is not the upper-case original, or SAME. */
static int
not_upper(char *p)
{
  int i;

  for (i = 0; i < FILE_SIZE; i++)
    if (p[i] != upper(original(i)))
      return i;
  return SAME;
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  struct stat st;
  char *p;
  int fd, i, bad;

  if (make_file() < 0) {
    printf("test make_file: FAILED (expected a %d-byte file, saw a write fail)\n",
           FILE_SIZE);
    return 1;
  }
  fd = open(FILE_NAME, O_RDWR);
  p = mmap(0, FILE_SIZE, RW, MAP_PRIVATE, fd, 0);
  printf("mmap-private: %s mapped read/write, private, at %p\n", FILE_NAME, p);
  check("mmap_returns_address", p == MAP_FAILED ? -1 : 0, 0);
  if (p == MAP_FAILED)
    return failures;

  bad = SAME;
  for (i = 0; i < FILE_SIZE && bad == SAME; i++)
    if (p[i] != original(i))
      bad = i;
  check_bytes("mapping_shows_file", "the file's bytes", bad);

  for (i = 0; i < FILE_SIZE; i++)
    p[i] = upper(p[i]);
  printf("first line through the mapping now: ");
  write(1, p, LINE_LEN);
  check_bytes("stores_visible_in_mapping", "upper-case text", not_upper(p));
  check_bytes("file_unchanged_while_mapped", "the original text", file_changes());

  check("munmap", munmap(p, FILE_SIZE), 0);
  check_bytes("file_unchanged_after_munmap", "the original text", file_changes());
  printf("first line of the file: ");
  write(1, filebuf, LINE_LEN);
  check("fstat", fstat(fd, &st), 0);
  check("file_size_unchanged", st.size, FILE_SIZE);
  close(fd);

  /* PROT_WRITE with MAP_PRIVATE needs no write permission on the fd. */
  fd = open(FILE_NAME, O_RDONLY);
  p = mmap(0, FILE_SIZE, RW, MAP_PRIVATE, fd, 0);
  close(fd);
  check("private_write_on_rdonly_fd", p == MAP_FAILED ? -1 : 0, 0);
  if (p != MAP_FAILED) {
    for (i = 0; i < FILE_SIZE; i++)
      p[i] = upper(p[i]);
    check_bytes("rdonly_fd_stores_visible", "upper-case text", not_upper(p));
    check("munmap_rdonly_fd_mapping", munmap(p, FILE_SIZE), 0);
    check_bytes("file_still_unchanged", "the original text", file_changes());
  }

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
    printf("mmap-private: fork failed\n");
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
