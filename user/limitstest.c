/*
 * limitstest: hostile input against the kernel's limits.  Each case
 * drives one limit to its end (a file offset past the largest file, the
 * inode and open-file tables, a process's descriptors, the process
 * table, init, the page-table pages of a large sparse address space,
 * the writers of one page); the call that cannot be served must fail
 * with -1, or the process be killed with a reason,
 * and the kernel must neither panic nor hang, nor keep a page of what
 * the case took on the way.
 *
 * The cases run under the runner of testcase.c, like mmaptest's and
 * cachetest's: each in a child of its own, with a check that free
 * memory comes back after it.  One line per case, `test NAME: OK` or
 * `test NAME: FAILED (expected ..., saw ...)`, then ALL TESTS PASSED or
 * SOME TESTS FAILED.  `limitstest NAME...` runs only the named cases;
 * the test suite runs each on a boot of its own, as a panic ends the
 * boot.
 *
 * Accesses that should kill are done in a grandchild (kills_read,
 * kills_write); the kernel's "killed:" console lines are expected
 * output.  Processes of a case other than its own report through pipes
 * and exit codes, never through fail().
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/testcase.h"

#define FILE_A      "limits.a"
#define FILE_B      "limits.b"
#define NAME_LEN    16
#define RW          (PROT_READ | PROT_WRITE)
#define GIB         (1L << 30)

/* huge_file_offset: the first byte no file can hold. */
#define FILE_LIMIT  ((long)MAXFILE * BSIZE)
_Static_assert(FILE_LIMIT % PAGE == 0, "the largest file must end on a page");

/* many_mapped_files: more files than any kernel table can hold at once. */
#define MANY_FILES  (NFILE + 10)

/*
 * page_tables_freed: rounds, and where a round's page goes: round i in
 * 1 GiB region i % PT_REGIONS from PT_BASE on, in the 2 MiB that one
 * level-0 table maps, i / PT_REGIONS, of that region.  So every round
 * needs a level-0 table no earlier round had, and a level-1 table that
 * the earlier round in its region left empty.
 */
#define ROUNDS      200
#define PT_BASE     (16 * GIB)
#define PT_REGIONS  8
#define LEAF_SPAN   (512 * PAGE)

/*
 * open_files_run_out: children that open files at once.  Each has at
 * least NOFILE / 2 free descriptors, so these many outnumber NFILE.
 */
#define OPENERS     (NFILE / (NOFILE / 2) + 2)
_Static_assert(OPENERS < NPROC / 2, "too many children for the process table");

/* ------------------------------------------------------------ helpers */

/* The name of file i of many_mapped_files: limits.000, limits.001, ... */
static void
file_name(char *buf, int i)
{
  strcpy(buf, "limits.000");
  buf[7] = '0' + i / 100 % 10;
  buf[8] = '0' + i / 10 % 10;
  buf[9] = '0' + i % 10;
}

/* The runner's cleanup: a case that failed half-way leaves no files. */
static void
remove_files(void)
{
  char name[NAME_LEN];
  int i;

  unlink(FILE_A);
  unlink(FILE_B);
  for (i = 0; i < MANY_FILES; i++) {
    file_name(name, i);
    unlink(name);
  }
}

/* A child that does nothing (run_child). */
static void
nothing(char *arg)
{
}

/* ------------------------------------------------------- file offsets */

/* Map one page of fd at off and exit without unmapping it (run_child). */
static int child_fd;

static void
map_and_exit(char *off)
{
  if (mmap(0, PAGE, RW, MAP_SHARED, child_fd, (long)off) == MAP_FAILED)
    exit(2);
  exit(0);
}

/*
 * An offset at or beyond the largest file a file system can hold cannot
 * be mapped, however large; the last page under it can, and behaves as
 * any page of the file: beyond end of file an access kills, within it
 * the page holds the file's bytes and a store reaches the file; a page
 * past the largest file kills.  munmap, msync and exit with such
 * mappings, however long, are all fine.
 */
static long huge_offsets[] = { 1L << 40, 1L << 39, FILE_LIMIT, FILE_LIMIT + PAGE };

static void
huge_file_offset(void)
{
  int fd = make_file(FILE_A, PAGE, O_RDWR), big, i;
  long last = FILE_LIMIT - PAGE;
  char *p;

  for (i = 0; i < NCASES(huge_offsets); i++)
    if (mmap(0, PAGE, RW, MAP_SHARED, fd, huge_offsets[i]) != MAP_FAILED)
      expect_eq("file offset of an mmap that worked (should fail)", huge_offsets[i], -1);

  /* The last page a file can have, of a one-page file: beyond its end. */
  p = map_ok(PAGE, RW, MAP_SHARED, fd, last);
  expect(kills_read(p), "a load beyond end of file to kill");
  expect(kills_write(p), "a store beyond end of file to kill");
  expect_eq("msync of the page beyond end of file", msync(p, PAGE, MS_SYNC), 0);
  expect_eq("munmap of the page beyond end of file", munmap(p, PAGE), 0);
  child_fd = fd;
  expect_eq("exit status of a child that exits with it mapped",
            run_child(map_and_exit, (char *)last), 0);
  /* A mapping from there on as long as 1 GiB is mapped, synced, unmapped. */
  p = map_ok(GIB, RW, MAP_SHARED, fd, last);
  expect_eq("msync of 1 GiB from the last page", msync(p, GIB, MS_SYNC), 0);
  expect_eq("munmap of 1 GiB from the last page", munmap(p, GIB), 0);
  close(fd);

  /* The same page of a file of the largest size, and one page past it. */
  big = make_file(FILE_B, FILE_LIMIT, O_RDWR);
  p = map_ok(2 * PAGE, RW, MAP_SHARED, big, last);
  expect_pattern(p, last, PAGE);
  p[0] = 'x';
  expect(kills_read(p + PAGE), "a load past the largest file to kill");
  expect(kills_write(p + PAGE), "a store past the largest file to kill");
  expect_eq("msync of the last page", msync(p, 2 * PAGE, MS_SYNC), 0);
  expect_eq("the file's byte at the last page after msync", file_byte(FILE_B, last), 'x');
  expect_eq("munmap of the last page", munmap(p, 2 * PAGE), 0);
  child_fd = big;
  expect_eq("exit status of a child that exits with it mapped",
            run_child(map_and_exit, (char *)last), 0);
  close(big);
  unlink(FILE_A);
  unlink(FILE_B);
}

/* -------------------------------------------------------- kernel tables */

/*
 * One process creates file after file, maps each MAP_SHARED and closes
 * its fd, so that every file stays in use through its mapping alone,
 * until the in-memory inode table (NINODE) or the open-file table
 * (NFILE) is full: then open or mmap fails with -1.  Unmapping and
 * unlinking everything gives every page back, and files can be created
 * again.
 */
static void
many_mapped_files(void)
{
  /*
   * Only the stack between the two measures of free memory: the first
   * store into a static array, or make_file's buffer, would allocate
   * its page then (fork shares the program's pages copy-on-write).
   */
  char name[NAME_LEN], *mapped[MANY_FILES];
  uint64 before = freemem();
  int n, i, fd;
  char *p;

  for (n = 0; n < MANY_FILES; n++) {
    file_name(name, n);
    fd = open(name, O_CREATE | O_RDWR);
    if (fd < 0) {
      expect_eq("open's result once a table is full", fd, -1);
      break;
    }
    if (write(fd, name, NAME_LEN) != NAME_LEN)
      fail("write to the new file to work", "-1");
    p = mmap(0, PAGE, RW, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
      break;
    mapped[n] = p;
    expect_eq("the mapped file's first byte", p[0], 'l');
  }
  expect_le("files mapped before open or mmap failed", n, MANY_FILES - 1);
  for (i = 0; i < n; i++)
    expect_eq("munmap of a mapped file", munmap(mapped[i], PAGE), 0);
  for (i = 0; i <= n; i++) {
    file_name(name, i);
    unlink(name);
  }
  close(open_ok(FILE_A, O_CREATE | O_RDWR));
  unlink(FILE_A);
  expect_eq("free memory after unmapping and unlinking every file", freemem(), before);
}

/*
 * Open FILE_A until open fails, at most NOFILE times; the fds go to
 * fds[].  Returns how many opened; *failed is what the failing open
 * returned.
 */
static int
open_until_full(int fds[NOFILE], int *failed)
{
  int n;

  *failed = 0;
  for (n = 0; n < NOFILE; n++) {
    fds[n] = open(FILE_A, O_RDONLY);
    if (fds[n] < 0) {
      *failed = fds[n];
      break;
    }
  }
  if (n == NOFILE)
    *failed = open(FILE_A, O_RDONLY);
  return n;
}

/*
 * A child of open_files_run_out: open until open fails, say which table
 * was full ('p': its own NOFILE, every descriptor being in use; 's':
 * the system's; 'x': open did not fail with -1), and wait until the
 * parent has heard every child; its exit then closes them all.
 */
static void
opener(int go, int back)
{
  int fds[NOFILE], failed, n = open_until_full(fds, &failed);

  tell(back, failed != -1 ? 'x' : n > 0 && fds[n - 1] == NOFILE - 1 ? 'p' : 's');
  hear(go);
}

/*
 * Opening one file again and again fails with -1 once a process has
 * NOFILE files open; several processes doing it at once fill the
 * system's table (NFILE) first, and open fails with -1 there too.
 * Everything closes cleanly: afterwards open works again.
 */
static void
open_files_run_out(void)
{
  int fds[NOFILE], back[2], go[2], failed, n, i, c, system_full = 0;

  close(make_file(FILE_A, PAGE, O_RDONLY));
  n = open_until_full(fds, &failed);
  expect_eq("open's result once the process has NOFILE files", failed, -1);
  expect_eq("the last fd open gave", n > 0 ? fds[n - 1] : -1, NOFILE - 1);
  for (i = 0; i < n; i++)
    close(fds[i]);

  make_pipe(back);
  make_pipe(go);
  for (i = 0; i < OPENERS; i++)
    fork_helper(opener, go, back);
  close(back[1]);
  close(go[0]);
  for (i = 0; i < OPENERS; i++) {
    c = hear(back[0]);
    if (c < 0)
      fail("every child to say how open failed", "end of file");
    if (c == 'x')
      fail("a child's open to fail with -1", "another result");
    system_full += c == 's';
  }
  close(go[1]);
  expect_eq("the children's exit status", reap(OPENERS), 0);
  close(back[0]);
  expect(system_full > 0, "the system's file table to fill before every child's own");
  close(open_ok(FILE_A, O_RDONLY));
  unlink(FILE_A);
}

/*
 * An open that cannot have a descriptor fails before it changes
 * anything: with every descriptor in use, open(O_CREATE) makes no file
 * and open(O_TRUNC) keeps the file's contents.
 */
static void
open_without_descriptor(void)
{
  int fds[NOFILE], failed, n, i;

  close(make_file(FILE_A, PAGE, O_RDONLY));
  n = open_until_full(fds, &failed);
  expect_eq("open's result once the process has NOFILE files", failed, -1);
  expect_eq("open(O_CREATE) with no descriptor free",
            open(FILE_B, O_CREATE | O_RDWR), -1);
  expect_eq("open(O_TRUNC) with no descriptor free",
            open(FILE_A, O_RDWR | O_TRUNC), -1);
  for (i = 0; i < n; i++)
    close(fds[i]);
  expect_eq("the size of the file open(O_TRUNC) failed on", file_size(FILE_A), PAGE);
  expect_eq("opening the file open(O_CREATE) failed to make", open(FILE_B, O_RDONLY), -1);
  unlink(FILE_A);
}

/*
 * fork until it fails: -1 once the process table (NPROC) is full.  The
 * children wait on a pipe, then all exit and are reaped; afterwards
 * fork works again.
 */
static void
processes_run_out(void)
{
  int go[2], n, pid = 0;

  make_pipe(go);
  for (n = 0; n < NPROC; n++) {
    pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      close(go[1]);
      hear(go[0]);
      exit(0);
    }
  }
  close(go[1]);
  expect_eq("the children's exit status", reap(n), 0);
  close(go[0]);
  expect_eq("fork's result once the process table is full", pid, -1);
  expect_eq("wait with every child reaped", wait(0), -1);
  expect_eq("exit status of a child forked afterwards", run_child(nothing, 0), 0);
}

/*
 * init cannot be killed: kill(1) returns -1 and init lives on, still
 * reaping the orphans given to it (a zombie keeps its pages until
 * reaped, so free memory comes back only once init has waited).
 */
static void
kill_init_fails(void)
{
  uint64 before;
  int pid, i;

  expect_eq("kill(1)", kill(1), -1);
  before = freemem();
  pid = fork();
  if (pid < 0)
    fail("fork to work", "-1");
  if (pid == 0) {
    if (fork() == 0)
      sleep(1);   /* the orphan: exits after its parent */
    exit(0);
  }
  expect_eq("the orphan's parent's exit status", reap(1), 0);
  for (i = 0; i < 100 && freemem() != before; i++)
    sleep(1);
  expect_eq("free memory once init has reaped the orphan", freemem(), before);
}

/* -------------------------------------------------------- page writers */

/* one_page_many_writers: more writable mappings of one page than the
   kernel's per-page writer count holds (11 bits). */
#define MANY_WRITERS  2100

/*
 * Map one file page MAP_SHARED MANY_WRITERS times and store through each
 * mapping.  Exits 0 if every store went through; the kernel may instead
 * kill the process at the store its count cannot take.
 */
static void
store_through_many(void)
{
  int fd = open(FILE_A, O_RDWR), i;
  char *p;

  if (fd < 0)
    exit(2);
  for (i = 0; i < MANY_WRITERS; i++) {
    p = mmap(0, PAGE, RW, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
      exit(3);
    p[0] = 'w';
  }
  exit(0);
}

/*
 * A process that makes one page writable through thousands of mappings
 * is killed (or served), never panics the kernel, and leaves nothing
 * behind: the file still holds its store.
 */
static void
one_page_many_writers(void)
{
  int pid, status = 0;

  close(make_file(FILE_A, PAGE, O_RDWR));
  pid = fork();
  if (pid < 0)
    fail("fork to work", "-1");
  if (pid == 0)
    store_through_many();
  wait(&status);
  expect(status == 0 || status == -1, "the writer to finish or be killed");
  expect_eq("the stored byte in the file", file_byte(FILE_A, 0), 'w');
  unlink(FILE_A);
}

/* ---------------------------------------------------------- page tables */

/*
 * munmap frees the page-table pages under the range it unmaps once they
 * map nothing: ROUNDS rounds, each mapping, touching and unmapping one
 * page where no earlier round's level-0 table reaches, leave free memory
 * where it was before the first, while the process lives.
 */
static void
page_tables_freed(void)
{
  uint64 before = freemem();
  char *p;
  int i;

  for (i = 0; i < ROUNDS; i++) {
    p = (char *)(PT_BASE + (i % PT_REGIONS) * GIB + (i / PT_REGIONS) * LEAF_SPAN);
    if (mmap(p, PAGE, RW, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != p)
      fail("mmap MAP_FIXED to map the address asked for", "another result");
    p[0] = 1;
    expect_eq("munmap of the touched page", munmap(p, PAGE), 0);
  }
  expect_eq("pages lost over the rounds", ((long)before - (long)freemem()) / PAGE, 0);
}

/* -------------------------------------------------------------- driver */

static struct testcase cases[] = {
  { "huge_file_offset", huge_file_offset },
  { "many_mapped_files", many_mapped_files },
  { "open_files_run_out", open_files_run_out },
  { "open_without_descriptor", open_without_descriptor },
  { "processes_run_out", processes_run_out },
  { "kill_init_fails", kill_init_fails },
  { "page_tables_freed", page_tables_freed },
  { "one_page_many_writers", one_page_many_writers },
};

int
main(int argc, char *argv[])
{
  exit(run_cases(cases, NCASES(cases), argc, argv, remove_files) ? 1 : 0);
}
