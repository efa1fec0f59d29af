/*
 * limitstest: hostile input against the kernel's limits.  Each case
 * drives one limit to its end (a file offset past the largest file; the
 * inode, open-file and process tables, by files, pipes and forks; a
 * process's descriptors; init; the page-table pages of a large sparse
 * address space; the writers of one page; exec's arguments and path; device numbers; a write bigger
 * than the log; a full disk; all of memory): the call that cannot be
 * served must fail with -1, or the process be killed with a reason, and
 * the kernel must neither panic nor hang, nor keep a page of what the
 * case took on the way.  limitstest.exp runs the cases on a disk written
 * for real, and fsck.xv6 checks it afterwards.
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
#include "kernel/stat.h"
#include "kernel/diskstat.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/pagein.h"
#include "user/testcase.h"

#define FILE_A      "limits.a"
#define FILE_B      "limits.b"
#define FILE_C      "limits.c"
#define SPARE_1     "limits.sp1"
#define SPARE_2     "limits.sp2"
#define OUT_FILE    "limits.out"   /* where exec_status's programs write */
#define DEV_NAME    "limits.dev"
#define DIR_D       "limits.d"
#define DIR_E       "limits.e"
#define NAME_LEN    16
#define RW          (PROT_READ | PROT_WRITE)
#define GIB         (1L << 30)

/*
 * huge_file_offset: the first byte no file can hold; the largest file
 * ends inside its last page, LAST_PAGE, and FILE_END is the first page
 * past it.
 */
#define FILE_LIMIT  ((long)MAXFILE * BSIZE)
#define LAST_PAGE   (FILE_LIMIT / PAGE * PAGE)
#define FILE_END    (LAST_PAGE + PAGE)
_Static_assert(FILE_LIMIT > LAST_PAGE, "the largest file ends inside a page");

/* bigger_than_the_log: over ten times what the log holds, into the
   blocks the doubly indirect block maps. */
#define BIG_WRITE   (160 * PAGE)
_Static_assert(BIG_WRITE / BSIZE > 10 * LOGSIZE && BIG_WRITE / BSIZE > NDIRECT + NINDIRECT,
               "the big write must outgrow the log and the single indirect block");

/* many_mapped_files: more files than any kernel table can hold at once. */
#define MANY_FILES  (NFILE + 10)
_Static_assert(MANY_FILES < 1000, "file_name has three digits");

/* memory_runs_out: pages the heap gives back for mappings to use up. */
#define SPARE_PAGES 16

/* exec_status: the exit status of a child whose exec failed. */
#define EXEC_FAILED 7

/*
 * disk_full: the entries a directory block holds; what the processes
 * that fill the disk write at a time and to a file, and how many of
 * them write at once; an address no case maps.
 */
#define DIRENTS_PER_BLOCK  ((int)(BSIZE / sizeof(struct dirent)))
#define FILL_CHUNK         (16 * BSIZE)
#define FILL_SIZE          (1024 * BSIZE)
#define FILLERS            3
_Static_assert(FILL_SIZE < FILE_LIMIT && FILL_SIZE > (NDIRECT + NINDIRECT) * BSIZE &&
               (FILL_SIZE / BSIZE - NDIRECT - NINDIRECT) % NINDIRECT > NINDIRECT / 2,
               "a filled file must have its doubly indirect block, and room left "
               "in its last indirect block");
#define UNMAPPED           ((char *)(64 * GIB))

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
 * tables_fill: children that take files at once.  Each has at least
 * NOFILE / 2 free descriptors, so these many outnumber NFILE.
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

/* The path of entry i of directory DIR_D: limits.d/limits.000, ... */
static void
entry_path(char *buf, int i)
{
  strcpy(buf, DIR_D "/");
  file_name(buf + strlen(buf), i);
}

/* The runner's cleanup: a case that failed half-way leaves no files. */
static void
remove_files(void)
{
  char name[2 * NAME_LEN];
  int i;

  unlink(FILE_A);
  unlink(FILE_B);
  unlink(FILE_C);
  unlink(SPARE_1);
  unlink(SPARE_2);
  unlink(OUT_FILE);
  unlink(DEV_NAME);
  for (i = 0; i < MANY_FILES; i++) {
    file_name(name, i);
    unlink(name);
  }
  for (i = 0; i < DIRENTS_PER_BLOCK; i++) {
    entry_path(name, i);
    unlink(name);
  }
  unlink(DIR_D);
  unlink(DIR_E);
}

/*
 * The exit status of a child that runs exec(path, argv) with its
 * standard output going to OUT_FILE: the program's, or EXEC_FAILED.
 */
static int
exec_status(char *path, char **argv)
{
  int pid, status = 0;

  pid = fork();
  if (pid < 0)
    fail("fork to work", "-1");
  if (pid == 0) {
    close(1);
    open(OUT_FILE, O_CREATE | O_WRONLY | O_TRUNC);   /* fd 1, if it can */
    exec(path, argv);
    exit(EXEC_FAILED);
  }
  wait(&status);
  return status;
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
 * any page of the file: beyond end of file an access kills (within it
 * the page holds the file's bytes: bigfiletest largest_file); a page
 * past the largest file kills.  munmap, msync and exit with such
 * mappings, however long, are all fine.
 */
static long huge_offsets[] = { 1L << 40, 1L << 39, FILE_END, FILE_END + PAGE };

static void
huge_file_offset(void)
{
  int fd = make_file(FILE_A, PAGE, O_RDWR), i;
  long last = LAST_PAGE;
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

  /* The page after it lies past the largest file: an access kills.
     (bigfiletest largest_file maps the last page of a file of the
     largest size, too long to write here.) */
  p = map_ok(2 * PAGE, RW, MAP_SHARED, fd, last);
  expect(kills_read(p + PAGE), "a load past the largest file to kill");
  expect(kills_write(p + PAGE), "a store past the largest file to kill");
  expect_eq("munmap of the last page and the one past it", munmap(p, 2 * PAGE), 0);
  close(fd);
  unlink(FILE_A);
  unlink(FILE_B);
}

/* -------------------------------------------------------- kernel tables */

/*
 * Create file after file (limits.000, limits.001, ...), map each
 * MAP_SHARED and close its fd, so that every file stays in use through
 * its mapping alone, until open or mmap fails: the in-memory inode table
 * (NINODE) or the open-file table (NFILE) is full.  The mappings go to
 * mapped[]; returns how many.  A case that expects the failure checks
 * that there was one (fewer than MANY_FILES).
 */
static int
map_until_full(char *mapped[MANY_FILES])
{
  char name[NAME_LEN];
  int n, fd;
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
  return n;
}

/* Unmap the n files map_until_full mapped, and remove them (and the
   one it may have created last without mapping it). */
static void
unmap_all(char *mapped[MANY_FILES], int n)
{
  char name[NAME_LEN];
  int i;

  for (i = 0; i < n; i++)
    expect_eq("munmap of a mapped file", munmap(mapped[i], PAGE), 0);
  for (i = 0; i <= n && i < MANY_FILES; i++) {
    file_name(name, i);
    unlink(name);
  }
}

/*
 * Files kept in use by their mappings fill a kernel table: then open or
 * mmap fails with -1.  Unmapping and unlinking everything gives every
 * page back, and files can be created again.
 */
static void
many_mapped_files(void)
{
  /*
   * Only the stack between the two measures of free memory: the first
   * store into a static array, or make_file's buffer, would allocate
   * its page then (fork shares the program's pages copy-on-write).
   */
  char *mapped[MANY_FILES];
  uint64 before = freemem();
  int n;

  n = map_until_full(mapped);
  expect_le("files mapped before open or mmap failed", n, MANY_FILES - 1);
  unmap_all(mapped, n);
  close(open_ok(FILE_A, O_CREATE | O_RDWR));
  unlink(FILE_A);
  expect_eq("free memory after unmapping and unlinking every file", freemem(), before);
}

/*
 * With the in-memory inode table full (of mapped files), every call
 * that needs an inode not already in it fails with -1, and the caller
 * lives on: open and stat of another file, chdir, exec, mkdir, mknod,
 * link and unlink.  Once the files are unmapped they all work again.
 */
static void
inode_table_full(void)
{
  char *mapped[MANY_FILES];
  char *argv[] = { "echo", "works", 0 };
  int n;

  /* Made now, named later, never in use meanwhile. */
  close(make_file(FILE_A, PAGE, O_RDONLY));
  expect_eq("mkdir " DIR_D, mkdir(DIR_D), 0);

  n = map_until_full(mapped);
  expect_le("files mapped before the inode table was full", n, NINODE - 1);
  expect_eq("open of another file", open(FILE_A, O_RDONLY), -1);
  expect_eq("stat of another file", file_size(FILE_A), -1);
  expect_eq("chdir", chdir(DIR_D), -1);
  expect_eq("exec's status", exec_status("echo", argv), EXEC_FAILED);
  expect_eq("mkdir", mkdir(DIR_E), -1);
  expect_eq("mknod", mknod(DEV_NAME, 1, 0), -1);
  expect_eq("link", link(FILE_A, FILE_B), -1);
  expect_eq("unlink", unlink(FILE_A), -1);
  unmap_all(mapped, n);

  expect_eq("stat of the file afterwards", file_size(FILE_A), PAGE);
  expect_eq("chdir afterwards", chdir(DIR_D), 0);
  expect_eq("chdir .. afterwards", chdir(".."), 0);
  expect_eq("exec's status afterwards", exec_status("echo", argv), 0);
  expect_eq("echo's output afterwards", file_byte(OUT_FILE, 0), 'w');
  expect_eq("mkdir afterwards", mkdir(DIR_E), 0);
  expect_eq("link afterwards", link(FILE_A, FILE_B), 0);
  expect_eq("unlink afterwards", unlink(FILE_A), 0);
  unlink(FILE_B);
  unlink(OUT_FILE);
  unlink(DIR_D);
  unlink(DIR_E);
}

/*
 * The two calls that take entries of the file tables, for the cases
 * below: each takes what it can and returns 0, or fails and returns
 * what the failing call returned.
 */
static int
open_one(void)
{
  int fd = open(FILE_A, O_RDONLY);

  return fd < 0 ? fd : 0;
}

static int
pipe_one(void)
{
  int fds[2];

  return pipe(fds);
}

/* The call the children of tables_fill repeat, and the descriptors
   one call takes. */
static int (*take_files)(void);
static int fds_per_call;

/* This process's free descriptors: dup them all, count, close them. */
static int
free_fds(void)
{
  int fds[NOFILE], n, i;

  for (n = 0; n < NOFILE && (fds[n] = dup(0)) >= 0; n++)
    ;
  for (i = 0; i < n; i++)
    close(fds[i]);
  return n;
}

/*
 * Call take_files until it fails.  Returns what the failing call
 * returned; *own_full says whether this process's own table (NOFILE)
 * was the one that was full: too few descriptors left for one more call.
 */
static int
take_until_full(int *own_full)
{
  int r, n;

  for (n = 0; n <= NOFILE && (r = take_files()) == 0; n++)
    ;
  *own_full = free_fds() < fds_per_call;
  return r;
}

/*
 * A child of tables_fill: take files until the call fails, say which
 * table was full ('p': its own NOFILE; 's': the system's; 'x': the
 * call did not fail with -1), and wait until the parent has heard
 * every child; its exit then closes them all.
 */
static void
taker(int go, int back)
{
  int own_full, r = take_until_full(&own_full);

  tell(back, r != -1 ? 'x' : own_full ? 'p' : 's');
  hear(go);
}

/*
 * A child of tables_fill, alone: take files until the call fails.
 * Exits 0 if it failed with -1 with this process's table full; its exit
 * closes them all.
 */
static void
own_table_fills(char *arg)
{
  int own_full;

  if (take_until_full(&own_full) != -1)
    exit(2);
  exit(own_full ? 0 : 3);
}

/*
 * take, which takes per_call descriptors a call, fails with -1 once this
 * process has no room for another call; several processes calling it at
 * once fill the system's file table (NFILE) first, and it fails with -1
 * there too.  Everything closes cleanly: afterwards take works again.
 */
static void
tables_fill(int (*take)(void), int per_call)
{
  int back[2], go[2], i, c, system_full = 0;

  take_files = take;
  fds_per_call = per_call;
  expect_eq("exit status of a child that fills its own table",
            run_child(own_table_fills, 0), 0);

  make_pipe(back);
  make_pipe(go);
  for (i = 0; i < OPENERS; i++)
    fork_helper(taker, go, back);
  close(back[1]);
  close(go[0]);
  for (i = 0; i < OPENERS; i++) {
    c = hear(back[0]);
    if (c < 0)
      fail("every child to say how its call failed", "end of file");
    if (c == 'x')
      fail("a child's call to fail with -1", "another result");
    system_full += c == 's';
  }
  close(go[1]);
  expect_eq("the children's exit status", reap(OPENERS), 0);
  close(back[0]);
  expect(system_full > 0, "the system's file table to fill before every child's own");
  expect_eq("the call once everything is closed", take(), 0);
}

/* open() fails with -1 once NOFILE, and then NFILE, files are open. */
static void
open_files_run_out(void)
{
  close(make_file(FILE_A, PAGE, O_RDONLY));
  tables_fill(open_one, 1);
  unlink(FILE_A);
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
 * pipe() takes two files and a page: it fails with -1 once the
 * process or the system has no room for both files, and a pipe that
 * failed half-way keeps neither its first file nor its page.
 */
static void
pipes_run_out(void)
{
  tables_fill(pipe_one, 2);
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

/* ----------------------------------------------------- exec and devices */

/*
 * Fill path with a name of echo exactly len characters long (len > 4):
 * "///...///echo", as the path walk skips repeated slashes.
 */
static void
echo_path(char *path, int len)
{
  memset(path, '/', len - 4);
  strcpy(path + len - 4, "echo");
}

/*
 * exec takes at most MAXARG arguments and a path of at most MAXPATH - 1
 * characters: a call at each limit runs echo; one argument more, or a
 * path one character longer, fails with -1 and the caller lives on.
 */
static void
exec_limits(void)
{
  char *argv[MAXARG + 2];
  char path[MAXPATH + 1];
  int i;

  argv[0] = "echo";
  for (i = 1; i <= MAXARG; i++)
    argv[i] = "x";
  argv[MAXARG + 1] = 0;
  expect_eq("exec's status with MAXARG + 1 arguments", exec_status("echo", argv), EXEC_FAILED);
  argv[MAXARG] = 0;
  expect_eq("exec's status with MAXARG arguments", exec_status("echo", argv), 0);
  expect_eq("the size of echo's output (x and a space or newline each)",
            file_size(OUT_FILE), 2 * (MAXARG - 1));

  argv[1] = 0;
  echo_path(path, MAXPATH - 1);
  expect_eq("exec's status with a path of MAXPATH - 1 characters", exec_status(path, argv), 0);
  echo_path(path, MAXPATH);
  expect_eq("exec's status with a path of MAXPATH characters", exec_status(path, argv), EXEC_FAILED);
  unlink(OUT_FILE);
}

/*
 * Device numbers run from 0 to NDEV - 1: mknod outside them fails with
 * -1.  A device inside them that has no driver opens, and reading or
 * writing it fails with -1.
 */
static void
device_numbers(void)
{
  char c;
  int fd;

  expect_eq("mknod with major NDEV", mknod(DEV_NAME, NDEV, 0), -1);
  expect_eq("mknod with major -1", mknod(DEV_NAME, -1, 0), -1);
  expect_eq("stat of what mknod refused", file_size(DEV_NAME), -1);
  expect_eq("mknod with major NDEV - 1", mknod(DEV_NAME, NDEV - 1, 0), 0);
  fd = open_ok(DEV_NAME, O_RDWR);
  expect_eq("read from a device with no driver", read(fd, &c, 1), -1);
  expect_eq("write to a device with no driver", write(fd, "x", 1), -1);
  close(fd);
  unlink(DEV_NAME);
}

/* ----------------------------------------------------------- the disk */

/* Blocks written to the disk since boot. */
static uint64
disk_writes(void)
{
  struct diskstat ds;

  if (diskstat(&ds) < 0)
    fail("diskstat to work", "-1");
  return ds.writes;
}

/*
 * One write() of BIG_WRITE bytes, over ten times what the log holds, is cut
 * into transactions and written whole; so is an msync of every page of
 * it, stored into through a MAP_SHARED mapping.
 */
static void
bigger_than_the_log(void)
{
  char *buf = map_ok(BIG_WRITE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *p;
  uint64 writes;
  int fd, i;

  for (i = 0; i < BIG_WRITE; i++)
    buf[i] = pattern(i);
  fd = open_ok(FILE_A, O_CREATE | O_RDWR);
  expect_eq("write() of BIG_WRITE bytes at once", write(fd, buf, BIG_WRITE), BIG_WRITE);
  expect_eq("the file's size", file_size(FILE_A), BIG_WRITE);
  p = map_ok(BIG_WRITE, RW, MAP_SHARED, fd, 0);
  expect_pattern(p, 0, BIG_WRITE);
  for (i = 0; i < BIG_WRITE; i += PAGE)
    p[i] = '!';
  writes = disk_writes();
  expect_eq("msync of every page", msync(p, BIG_WRITE, MS_SYNC), 0);
  expect_le("blocks of the file msync wrote, at least", BIG_WRITE / BSIZE, disk_writes() - writes);
  expect_eq("munmap", munmap(p, BIG_WRITE), 0);
  close(fd);
  expect_eq("a byte stored into the last page, read back",
            file_byte(FILE_A, BIG_WRITE - PAGE), '!');
  unlink(FILE_A);
}

/*
 * Open name for reading and writing at its end: the offset where a
 * write() appends (xv6 has no lseek).
 */
static int
open_at_end(char *name)
{
  int fd = open_ok(name, O_RDWR);
  char *buf = map_ok(FILL_CHUNK, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  while (read(fd, buf, FILL_CHUNK) > 0)
    ;
  munmap(buf, FILL_CHUNK);
  return fd;
}

/*
 * A filler of fill_disk: write files limits.K, limits.K+FILLERS, ...
 * (K is the byte heard from go) FILL_CHUNK bytes at a time, up to
 * FILL_SIZE each, until a write() fails.
 */
static void
filler(int go, int back)
{
  char *chunk = map_ok(FILL_CHUNK, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char name[NAME_LEN];
  int i, fd, size, full = 0;

  memset(chunk, 'f', FILL_CHUNK);
  for (i = hear(go); !full && i < MANY_FILES; i += FILLERS) {
    file_name(name, i);
    fd = open_ok(name, O_CREATE | O_WRONLY);
    for (size = 0; !full && size < FILL_SIZE; size += FILL_CHUNK)
      full = write(fd, chunk, FILL_CHUNK) != FILL_CHUNK;
    close(fd);
  }
}

/*
 * Fill the disk: FILLERS processes write files at once (the log
 * commits their writes together, which is faster) until their writes
 * fail; then one-block write()s top up what they left, appended to
 * limits.000 and on (each has room left in its last indirect block)
 * until one fails.  Then no block is free.  Returns the bytes the
 * files hold.
 */
static long
fill_disk(char *chunk)
{
  char name[NAME_LEN];
  int go[2], back[2], i, fd;
  long filled = 0;

  make_pipe(go);
  make_pipe(back);
  for (i = 0; i < FILLERS; i++)
    fork_helper(filler, go, back);
  close(go[0]);
  close(back[1]);
  for (i = 0; i < FILLERS; i++)
    tell(go[1], i);
  close(go[1]);
  expect_eq("the fillers' exit status", reap(FILLERS), 0);
  close(back[0]);

  for (i = 0; i < MANY_FILES; i++) {
    file_name(name, i);
    fd = open_at_end(name);
    while (file_size(name) < FILE_LIMIT)
      if (write(fd, chunk, BSIZE) != BSIZE)
        break;
    close(fd);
    if (file_size(name) < FILE_LIMIT)
      break;
  }
  if (i == MANY_FILES)
    fail("the disk to fill up", "room for more files");
  for (i = 0; i < MANY_FILES; i++) {
    file_name(name, i);
    if (file_size(name) > 0)
      filled += file_size(name);
  }
  return filled;
}

/* The number of names file name has. */
static int
links_of(char *name)
{
  struct stat st;

  if (stat(name, &st) < 0)
    return -1;
  return st.nlink;
}

/*
 * A full disk: write() fails with -1 and leaves the file as it was; so
 * do calls that need a new block (a file created in a full directory
 * block, a link there, a directory); a store through a mapping is
 * written in place.  A write() that fails gives back any block it took:
 * with one block free, a write() that needs two (an indirect block and
 * a data block), or one from an unmapped address, fails, and a write()
 * of one block to another file still fits.  Removing the files frees
 * their blocks: a file as large as they were fits again, but for a
 * filler's file for the block maps (or the largest file, on a disk
 * larger than that).  (xv6.mmap/limitstest.exp runs this case on a
 * small disk of its own, and checks it with fsck.xv6 afterwards.)
 */
static void
disk_full(void)
{
  char *chunk = map_ok(FILL_CHUNK, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char name[2 * NAME_LEN];
  int a, b, c, i, nlink, rootlinks;
  long again;
  char *p;

  memset(chunk, 'f', FILL_CHUNK);
  /* While there is room: files of one block, one of NDIRECT blocks, two
     spare blocks, and a directory whose first block is full. */
  close(make_file(FILE_A, BSIZE, O_RDONLY));
  close(make_file(FILE_B, NDIRECT * BSIZE, O_RDONLY));
  close(make_file(FILE_C, BSIZE, O_RDONLY));
  close(make_file(SPARE_1, BSIZE, O_RDONLY));
  close(make_file(SPARE_2, BSIZE, O_RDONLY));
  expect_eq("mkdir " DIR_D, mkdir(DIR_D), 0);
  for (i = 2; i < DIRENTS_PER_BLOCK; i++) {
    entry_path(name, i);
    expect_eq("link into " DIR_D, link(FILE_A, name), 0);
  }
  a = open_at_end(FILE_A);
  b = open_at_end(FILE_B);
  c = open_at_end(FILE_C);
  nlink = links_of(FILE_A);
  rootlinks = links_of(".");

  again = fill_disk(chunk) - FILL_SIZE;
  expect_eq("a one-block write() to the full disk", write(a, chunk, BSIZE), -1);

  expect_eq("unlink of a spare", unlink(SPARE_1), 0);
  expect_eq("a write() past NDIRECT blocks with one block free", write(b, chunk, BSIZE), -1);
  expect_eq("the size of the file it failed to grow", file_size(FILE_B), NDIRECT * BSIZE);
  expect_eq("a one-block write() to another file after the one past NDIRECT",
            write(a, chunk, BSIZE), BSIZE);

  expect_eq("unlink of a spare", unlink(SPARE_2), 0);
  expect_eq("a write() from an unmapped address with one block free", write(a, UNMAPPED, BSIZE), -1);
  expect_eq("the size of the file it failed to grow", file_size(FILE_A), 2 * BSIZE);
  expect_eq("a one-block write() to another file after the one from nowhere",
            write(c, chunk, BSIZE), BSIZE);

  /* Full again. */
  expect_eq("open(O_CREATE) in a full directory block", open(DIR_D "/new", O_CREATE | O_RDWR), -1);
  expect_eq("stat of the file open failed to create", file_size(DIR_D "/new"), -1);
  expect_eq("link into a full directory block", link(FILE_A, DIR_D "/new"), -1);
  expect_eq("the links of the file link failed on", links_of(FILE_A), nlink);
  expect_eq("mkdir", mkdir(DIR_E), -1);
  expect_eq("stat of the directory mkdir failed to make", file_size(DIR_E), -1);
  expect_eq("the links of the directory mkdir failed in", links_of("."), rootlinks);
  p = map_ok(PAGE, RW, MAP_SHARED, b, 0);
  p[0] = '!';
  expect_eq("msync of a page inside the file", msync(p, PAGE, MS_SYNC), 0);
  expect_eq("munmap", munmap(p, PAGE), 0);
  expect_eq("the stored byte, read back", file_byte(FILE_B, 0), '!');
  close(a);
  close(b);
  close(c);

  remove_files();
  if (again > FILE_LIMIT)
    again = FILE_LIMIT;
  close(make_file(FILE_A, again, O_RDONLY));
  expect_eq("the size of a file as large as the full disk held, written afterwards",
            file_size(FILE_A), again);
  unlink(FILE_A);
}

/* -------------------------------------------------------------- memory */

/*
 * With every page of memory in use, the calls that need one more fail
 * with -1 (mmap, munmap or mprotect inside a mapping, which splits it,
 * fork, pipe, sbrk, exec, mmap with MAP_POPULATE) and the caller lives
 * on; read() of a file still works, from the disk.  The heap takes all
 * memory first, then gives a few pages back, which mappings of a page
 * each (never merged) use up: their VMAs fill the pages.  Everything
 * comes back once they are unmapped and the heap shrinks.
 */
static void
memory_runs_out(void)
{
  /* Should exec work after all, echo itself reports the failure. */
  char *argv[] = { "echo", "FAILED", "(expected", "exec", "to", "fail,", "saw", "it", "work)", 0 };
  char *three, *p, *low = 0, *high = 0;
  long heap = 0, step;
  int fd, fds[2], n;

  /* Made before memory runs out: what the checks use. */
  fd = make_file(FILE_A, 2 * PAGE, O_RDONLY);
  three = map_ok(3 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  three[0] = three[2 * PAGE] = 't';

  for (step = 1024 * PAGE; step >= PAGE; step /= 4)
    while (sbrk(step) != SBRK_ERROR)
      heap += step;
  sbrk(-SPARE_PAGES * PAGE);
  heap -= SPARE_PAGES * PAGE;
  for (n = 0; ; n++) {
    /* Read-only first: the first may land just below three. */
    p = mmap(0, PAGE, n % 2 ? RW : PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      break;
    low = low == 0 || p < low ? p : low;
    high = p > high ? p : high;
  }
  expect(n > 0, "the spare pages to hold a mapping or more");

  expect_eq("munmap inside a mapping", munmap(three + PAGE, PAGE), -1);
  expect_eq("mprotect inside a mapping", mprotect(three + PAGE, PAGE, PROT_READ), -1);
  expect_eq("the mapping's first byte afterwards", three[0], 't');
  expect_eq("fork", fork(), -1);
  expect_eq("pipe", pipe(fds), -1);
  expect(sbrk(PAGE) == SBRK_ERROR, "sbrk to fail");
  expect_eq("exec", exec("echo", argv), -1);
  expect(mmap(0, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0) == MAP_FAILED,
         "mmap with MAP_POPULATE to fail");
  /* Into the mapping's two pages that are there. */
  expect_eq("read() of the file's first page", read(fd, three, PAGE), PAGE);
  expect_eq("read() of the file's second page", read(fd, three + 2 * PAGE, PAGE), PAGE);
  expect_pattern(three, 0, PAGE);
  expect_pattern(three + 2 * PAGE, PAGE, PAGE);
  close(fd);

  expect_eq("munmap of the mappings", munmap(low, high + PAGE - low), 0);
  expect(sbrk(-heap) != SBRK_ERROR, "the heap to shrink");
  expect_eq("munmap inside a mapping afterwards", munmap(three + PAGE, PAGE), 0);
  expect_eq("exit status of a child forked afterwards", run_child(nothing, 0), 0);
  unlink(FILE_A);
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
  { "inode_table_full", inode_table_full },
  { "open_files_run_out", open_files_run_out },
  { "open_without_descriptor", open_without_descriptor },
  { "pipes_run_out", pipes_run_out },
  { "processes_run_out", processes_run_out },
  { "kill_init_fails", kill_init_fails },
  { "page_tables_freed", page_tables_freed },
  { "one_page_many_writers", one_page_many_writers },
  { "exec_limits", exec_limits },
  { "device_numbers", device_numbers },
  { "bigger_than_the_log", bigger_than_the_log },
  { "disk_full", disk_full },
  { "memory_runs_out", memory_runs_out },
};

int
main(int argc, char *argv[])
{
  exit(run_cases(cases, NCASES(cases), argc, argv, remove_files) ? 1 : 0);
}
