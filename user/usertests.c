/*
 * usertests: the kernel's regression suite.
 *
 * Every test checks one behaviour of the system-call interface and is a
 * function in the table at the end of this file.  The runner starts each
 * test in a child process of its own, so a test the kernel kills fails
 * alone, and a watchdog process kills a test that runs too long.  A
 * failing test writes its reason ("expected X, saw Y") into a pipe the
 * runner reads once the test and all its descendants are gone, then the
 * runner prints one line per test:
 *
 *   test NAME: OK
 *   test NAME: FAILED (reason)
 *
 * Around every test the runner compares the kernel's free memory before
 * and after (free_less_swap: the page cache counted as free, less swap
 * in use): a test that leaves pages behind fails with "leaked N pages".
 * At the end it prints ALL TESTS PASSED or SOME TESTS FAILED.
 *
 *   usertests          every test
 *   usertests -q       the quick ones (skips those marked slow)
 *   usertests NAME...  just the named tests
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/sysinfo.h"
#include "kernel/syscall.h"
#include "kernel/elf.h"
#include "user/user.h"
#include "user/pagein.h"

/* Runner limits, in clock ticks. */
#define QUICK_TICKS   600    /* a quick test is killed after this long */
#define SLOW_TICKS    3000   /* a slow one after this */
#define SETTLE_TICKS  100    /* wait this long for orphans to be reaped */

#define REASON_MAX    400    /* bytes of failure reason the runner keeps */
#define CONSOLE_MAJOR 1      /* device number of the console (kernel/file.h) */
#define ECHO          "/echo"
#define CANARY        0x5eed5eed1234abcdUL
#define EXEC_FAILED   77     /* exit status: exec returned -1 as expected */
#define DEADLINE_MISSED 1000 /* run_with_deadline: the child had to be killed */

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Helpers stay out of line: inlined copies would bloat the binary's debug info. */
#define HELPER static __attribute__((noinline))

/* Where a failing test writes its reason: the runner's pipe. */
static int report_fd = 2;

/* The heap's start when usertests began: also the top of the stack. */
static uint64 heap_start;

/* Scratch buffers, kept off the one-page stack. */
static char buf[16 * BSIZE];
static char buf2[16 * BSIZE];

/* Loads land here so the compiler keeps them. */
static volatile int sink;

/* Checked after a failed exec: the caller's memory must be untouched. */
static volatile uint64 canary = CANARY;

/*
 * Fail the current test: the reason goes to the runner, one line per
 * failure, and the process exits with status 1.
 */
#define FAIL(...)                                   \
  do {                                              \
    fprintf(report_fd, __VA_ARGS__);                \
    fail_exit();                                    \
  } while (0)

/* Fail unless got equals want; what says which value was checked. */
#define EXPECT_EQ(what, want, got)  expect_eq((what), (long)(want), (long)(got))

/* The same for pointers and addresses. */
#define EXPECT_PTR(what, want, got) \
  expect_ptr((what), (uint64)(want), (uint64)(got))

static void fail_exit(void) __attribute__((noreturn));

static void
fail_exit(void)
{
  write(report_fd, "\n", 1);
  exit(1);
}

HELPER void
expect_eq(const char *what, long want, long got)
{
  if (want != got)
    FAIL("%s: expected %ld, saw %ld", what, want, got);
}

HELPER void
expect_ptr(const char *what, uint64 want, uint64 got)
{
  if (want != got)
    FAIL("%s: expected %p, saw %p", what, (void *)want, (void *)got);
}

/* ---------------------------------------------------------------- */
/* Helpers                                                           */
/* ---------------------------------------------------------------- */

/* The byte at offset off of data made with seed. */
HELPER char
pattern_byte(int seed, uint off)
{
  return (char)(seed * 37 + off * 11 + (off >> 10) * 3);
}

/* Fill p[0..n) with the pattern for seed, starting at offset off. */
HELPER void
fill(char *p, int n, int seed, uint off)
{
  int i;

  for (i = 0; i < n; i++)
    p[i] = pattern_byte(seed, off + i);
}

/* Fail unless p[0..n) holds the pattern for seed from offset off. */
HELPER void
expect_pattern(const char *what, const char *p, int n, int seed, uint off)
{
  int i;

  for (i = 0; i < n; i++) {
    if (p[i] != pattern_byte(seed, off + i))
      FAIL("%s: byte %d: expected %d, saw %d", what, off + i,
           (uchar)pattern_byte(seed, off + i), (uchar)p[i]);
  }
}

/* dst = prefix followed by n in decimal.  Returns dst. */
HELPER char*
mkname(char *dst, const char *prefix, int n)
{
  char digits[12];
  char *p;
  int nd = 0;

  strcpy(dst, prefix);
  p = dst + strlen(dst);
  do {
    digits[nd++] = '0' + n % 10;
    n /= 10;
  } while (n > 0);
  while (nd > 0)
    *p++ = digits[--nd];
  *p = 0;
  return dst;
}

HELPER int
xopen(const char *path, int mode)
{
  int fd = open(path, mode);

  if (fd < 0)
    FAIL("open %s (mode 0x%x) failed", path, mode);
  return fd;
}

HELPER void
xwrite(int fd, const void *p, int n)
{
  int r = write(fd, p, n);

  if (r != n)
    FAIL("write of %d bytes: expected %d, saw %d", n, n, r);
}

/* Read exactly n bytes (fewer only at end of file).  Returns the count. */
HELPER int
read_full(int fd, char *p, int n)
{
  int got = 0, r;

  while (got < n && (r = read(fd, p + got, n - got)) > 0)
    got += r;
  return got;
}

/* Create path holding the n bytes at data. */
HELPER void
make_file(const char *path, const void *data, int n)
{
  int fd = xopen(path, O_CREATE | O_TRUNC | O_WRONLY);

  xwrite(fd, data, n);
  close(fd);
}

HELPER void
xpipe(int *p)
{
  if (pipe(p) < 0)
    FAIL("pipe failed");
}

HELPER int
xfork(void)
{
  int pid = fork();

  if (pid < 0)
    FAIL("fork failed");
  return pid;
}

/* Wait for the child pid.  Returns its exit status. */
HELPER int
wait_for(int pid)
{
  int xstatus = -12345, who;

  who = wait(&xstatus);
  if (who != pid)
    FAIL("wait: expected child %d, saw %d", pid, who);
  return xstatus;
}

/* Run fn(arg) in a child that exits 0 if fn returns.  Returns its status. */
HELPER int
run_in_child(void (*fn)(uint64), uint64 arg)
{
  int pid = xfork();

  if (pid == 0) {
    fn(arg);
    exit(0);
  }
  return wait_for(pid);
}

/*
 * Run fn(arg) in a child; if it has not exited after ticks clock ticks,
 * kill it.  Returns its exit status, or DEADLINE_MISSED.
 */
HELPER int
run_with_deadline(void (*fn)(uint64), uint64 arg, int ticks)
{
  int pid, timer, who, xstatus;

  pid = xfork();
  if (pid == 0) {
    fn(arg);
    exit(0);
  }
  timer = xfork();
  if (timer == 0) {
    sleep(ticks);
    kill(pid);
    exit(0);
  }
  who = wait(&xstatus);
  if (who == timer) {
    wait_for(pid);
    return DEADLINE_MISSED;
  }
  if (who != pid)
    FAIL("wait: expected child %d, saw %d", pid, who);
  kill(timer);
  wait_for(timer);
  return xstatus;
}

/* Fail unless fn(va), run in a child, gets that child killed. */
HELPER void
expect_killed(const char *what, void (*fn)(uint64), uint64 va)
{
  int xstatus = run_in_child(fn, va);

  if (xstatus != -1)
    FAIL("%s %p: expected the process to be killed (status -1), saw status %d",
         what, (void *)va, xstatus);
}

static void
load_at(uint64 va)
{
  sink = *(volatile char *)va;
}

static void
store_at(uint64 va)
{
  *(volatile char *)va = 0x5a;
}

static void
jump_to(uint64 va)
{
  ((void (*)(void))va)();
}

/* The guard page under the stack (exec puts it there). */
HELPER uint64
stack_guard_page(void)
{
  return heap_start - (USERSTACK + 1) * PGSIZE;
}

/* The first page above the heap: never mapped. */
HELPER uint64
heap_limit(void)
{
  return PGROUNDUP((uint64)sbrk(0));
}

/* Addresses no system call may read or write for a user program. */
static uint64 kernel_addrs[] = {
  KERNBASE,
  KERNBASE + 0x3008,
  PHYSTOP - 64,
  PHYSTOP,
  TRAPFRAME,
  TRAMPOLINE,
  MAXVA,
  MAXVA + PGSIZE,
  1UL << 40,
  0x8000000000000000UL,
  0xffffffffffffffc0UL,   /* a 100-byte buffer here wraps around 0 */
};

#define NBAD (NELEM(kernel_addrs) + 3)   /* room for bad_addrs() */

/* The kernel addresses plus unmapped user ones.  Returns the count. */
HELPER int
bad_addrs(uint64 *out)
{
  int n;

  for (n = 0; n < NELEM(kernel_addrs); n++)
    out[n] = kernel_addrs[n];
  out[n++] = heap_limit();
  out[n++] = heap_limit() + 100 * PGSIZE;
  out[n++] = stack_guard_page();
  return n;
}

/*
 * Run /echo with argv, its output collected in out (at most max - 1
 * bytes, then a NUL).  Returns echo's exit status.
 */
HELPER int
run_echo(char **argv, char *out, int max)
{
  int p[2], pid, n, got = 0;

  xpipe(p);
  pid = xfork();
  if (pid == 0) {
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    exec(ECHO, argv);
    FAIL("exec %s failed", ECHO);
  }
  close(p[1]);
  while (got < max - 1 && (n = read(p[0], out + got, max - 1 - got)) > 0)
    got += n;
  out[got] = 0;
  close(p[0]);
  return wait_for(pid);
}

/*
 * Fail unless exec(path, argv) in a child returns -1 and leaves that
 * child's memory intact.
 */
HELPER void
expect_exec_fails(const char *what, const char *path, char **argv)
{
  int pid, xstatus, r;

  pid = xfork();
  if (pid == 0) {
    r = exec(path, argv);
    if (r != -1)
      FAIL("%s: exec returned %d, expected -1", what, r);
    if (canary != CANARY)
      FAIL("%s: memory changed by the failed exec", what);
    exit(EXEC_FAILED);
  }
  xstatus = wait_for(pid);
  if (xstatus == 0)
    FAIL("%s: exec succeeded, expected -1", what);
  if (xstatus != EXEC_FAILED)
    FAIL("%s: expected exec to return -1, the process ended with status %d",
         what, xstatus);
}

/* Live entries (inum != 0) in directory path. */
HELPER int
count_entries(const char *path)
{
  struct dirent de;
  int fd, n = 0;

  fd = xopen(path, O_RDONLY);
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum != 0)
      n++;
  }
  close(fd);
  return n;
}

/* ---------------------------------------------------------------- */
/* Files                                                             */
/* ---------------------------------------------------------------- */

/* Bytes written to a new file read back after close and reopen. */
static void
createread(void)
{
  int fd, n, got;

  unlink("cr.f");
  fd = xopen("cr.f", O_CREATE | O_WRONLY);
  fill(buf, 5000, 1, 0);
  xwrite(fd, buf, 5000);
  close(fd);

  fd = xopen("cr.f", O_RDONLY);
  got = 0;
  while ((n = read(fd, buf2 + got, 333)) > 0)
    got += n;
  EXPECT_EQ("last read at end of file", 0, n);
  EXPECT_EQ("bytes read back", 5000, got);
  expect_pattern("data read back", buf2, 5000, 1, 0);
  EXPECT_EQ("read past end of file", 0, read(fd, buf2, 10));
  close(fd);

  EXPECT_EQ("unlink", 0, unlink("cr.f"));
  EXPECT_EQ("open after unlink", -1, open("cr.f", O_RDONLY));
  EXPECT_EQ("second unlink", -1, unlink("cr.f"));
}

/* O_RDONLY, O_WRONLY and O_RDWR allow exactly what they say. */
static void
openmodes(void)
{
  int fd;

  unlink("om.f");
  fd = xopen("om.f", O_CREATE | O_WRONLY);
  xwrite(fd, "hello", 5);
  EXPECT_EQ("read from a write-only fd", -1, read(fd, buf, 5));
  close(fd);

  fd = xopen("om.f", O_RDONLY);
  EXPECT_EQ("write to a read-only fd", -1, write(fd, "x", 1));
  EXPECT_EQ("read from a read-only fd", 5, read(fd, buf, 10));
  close(fd);

  fd = xopen("om.f", O_RDWR);
  EXPECT_EQ("read 2 bytes from a read-write fd", 2, read(fd, buf, 2));
  xwrite(fd, "XY", 2);
  close(fd);

  /* O_CREATE on an existing file keeps its contents. */
  fd = xopen("om.f", O_CREATE | O_RDWR);
  EXPECT_EQ("size after reopen with O_CREATE", 5, read(fd, buf, 10));
  if (memcmp(buf, "heXYo", 5) != 0)
    FAIL("contents: expected heXYo, saw %c%c%c%c%c",
         buf[0], buf[1], buf[2], buf[3], buf[4]);
  close(fd);

  EXPECT_EQ("open of a missing file", -1, open("om.missing", O_RDONLY));
  EXPECT_EQ("unlink", 0, unlink("om.f"));
}

/* Reads and writes of zero bytes do nothing and return 0. */
static void
zerolength(void)
{
  struct stat st;
  int fd;

  unlink("zl.f");
  fd = xopen("zl.f", O_CREATE | O_RDWR);
  EXPECT_EQ("write of 0 bytes", 0, write(fd, buf, 0));
  EXPECT_EQ("read of 0 bytes", 0, read(fd, buf, 0));
  EXPECT_EQ("fstat", 0, fstat(fd, &st));
  EXPECT_EQ("size", 0, st.size);
  close(fd);
  unlink("zl.f");
}

/* O_TRUNC empties an existing file. */
static void
otrunc(void)
{
  struct stat st;
  int fd;

  unlink("ot.f");
  fill(buf, 3000, 2, 0);
  make_file("ot.f", buf, 3000);

  fd = xopen("ot.f", O_RDWR | O_TRUNC);
  EXPECT_EQ("fstat", 0, fstat(fd, &st));
  EXPECT_EQ("size after O_TRUNC", 0, st.size);
  EXPECT_EQ("read after O_TRUNC", 0, read(fd, buf2, 10));
  xwrite(fd, "abc", 3);
  close(fd);

  EXPECT_EQ("stat", 0, stat("ot.f", &st));
  EXPECT_EQ("size after rewrite", 3, st.size);
  fd = xopen("ot.f", O_RDONLY);
  EXPECT_EQ("read after rewrite", 3, read(fd, buf2, 100));
  if (memcmp(buf2, "abc", 3) != 0)
    FAIL("contents after O_TRUNC and write: expected abc");
  close(fd);
  unlink("ot.f");
}

/* A file crossing from the direct blocks into the indirect block. */
static void
indirect(void)
{
  int nblocks = NDIRECT + 4, fd, b, n, got;
  struct stat st;

  unlink("ind.f");
  fd = xopen("ind.f", O_CREATE | O_WRONLY);
  for (b = 0; b < nblocks; b++) {
    fill(buf, BSIZE, 3, b * BSIZE);
    xwrite(fd, buf, BSIZE);
  }
  EXPECT_EQ("fstat", 0, fstat(fd, &st));
  EXPECT_EQ("size", nblocks * BSIZE, st.size);
  close(fd);

  /* Odd-sized reads straddle the direct/indirect boundary. */
  fd = xopen("ind.f", O_RDONLY);
  got = 0;
  while ((n = read(fd, buf2 + got, 700)) > 0)
    got += n;
  EXPECT_EQ("bytes read back", nblocks * BSIZE, got);
  expect_pattern("data read back", buf2, got, 3, 0);
  close(fd);
  EXPECT_EQ("unlink", 0, unlink("ind.f"));
}

/* One write and one read much larger than a log transaction. */
static void
bigwrite(void)
{
  int fd;

  unlink("bw.f");
  fd = xopen("bw.f", O_CREATE | O_RDWR);
  fill(buf, sizeof(buf), 4, 0);
  xwrite(fd, buf, sizeof(buf));
  close(fd);

  fd = xopen("bw.f", O_RDONLY);
  EXPECT_EQ("one big read", sizeof(buf2), read(fd, buf2, sizeof(buf2)));
  expect_pattern("data read back", buf2, sizeof(buf2), 4, 0);
  EXPECT_EQ("read at end of file", 0, read(fd, buf2, 1));
  close(fd);
  unlink("bw.f");
}

#define CHUNK_BLOCKS 16   /* blocks per write in the big-file tests */

/* A file past the single indirect block, two indirect blocks into the
   doubly indirect one; several seconds to write in QEMU. */
#define BIG_BLOCKS (NDIRECT + 3 * NINDIRECT)

/* Write a file of BIG_BLOCKS, each tagged, and read every byte back.
   (bigfiletest goes on to MAXFILE blocks.) */
static void
bigfile(void)
{
  int fd, b, n;
  struct stat st;

  unlink("big.f");
  fd = xopen("big.f", O_CREATE | O_WRONLY);
  for (b = 0; b < BIG_BLOCKS; b += n) {
    n = BIG_BLOCKS - b < CHUNK_BLOCKS ? BIG_BLOCKS - b : CHUNK_BLOCKS;
    fill(buf, n * BSIZE, 5, b * BSIZE);
    xwrite(fd, buf, n * BSIZE);
  }
  close(fd);

  EXPECT_EQ("stat", 0, stat("big.f", &st));
  EXPECT_EQ("size", BIG_BLOCKS * BSIZE, st.size);

  fd = xopen("big.f", O_RDONLY);
  for (b = 0; b < BIG_BLOCKS; b += n) {
    n = BIG_BLOCKS - b < CHUNK_BLOCKS ? BIG_BLOCKS - b : CHUNK_BLOCKS;
    EXPECT_EQ("read of a chunk", n * BSIZE, read_full(fd, buf2, n * BSIZE));
    expect_pattern("data read back", buf2, n * BSIZE, 5, b * BSIZE);
  }
  EXPECT_EQ("read at end of file", 0, read(fd, buf2, 1));
  close(fd);
  EXPECT_EQ("unlink", 0, unlink("big.f"));
}

#define NMANY 150   /* files in the many-files directory */

/* A directory holding many files, each found by name. */
static void
manyfiles(void)
{
  char name[16];
  int i, fd;

  EXPECT_EQ("mkdir mf", 0, mkdir("mf"));
  EXPECT_EQ("chdir mf", 0, chdir("mf"));
  for (i = 0; i < NMANY; i++) {
    mkname(name, "f", i);
    fd = xopen(name, O_CREATE | O_WRONLY);
    xwrite(fd, name, strlen(name));
    close(fd);
  }
  EXPECT_EQ("entries in the directory", NMANY + 2, count_entries("."));
  for (i = NMANY - 1; i >= 0; i--) {
    mkname(name, "f", i);
    fd = xopen(name, O_RDONLY);
    EXPECT_EQ("length of a file", strlen(name), read(fd, buf, sizeof(buf)));
    if (memcmp(buf, name, strlen(name)) != 0)
      FAIL("file %s does not hold its name", name);
    close(fd);
  }
  for (i = 0; i < NMANY; i++) {
    mkname(name, "f", i);
    if (unlink(name) != 0)
      FAIL("unlink %s failed", name);
  }
  EXPECT_EQ("entries after unlinking all", 2, count_entries("."));
  EXPECT_EQ("chdir ..", 0, chdir(".."));
  EXPECT_EQ("unlink mf", 0, unlink("mf"));
}

/* Unlinking a name frees its directory slot for the next file. */
static void
direntreuse(void)
{
  struct stat st;
  uint64 size;
  int i, fd;

  unlink("dr.f");
  fd = xopen("dr.f", O_CREATE | O_RDWR);
  close(fd);
  EXPECT_EQ("stat .", 0, stat(".", &st));
  size = st.size;
  for (i = 0; i < 60; i++) {
    EXPECT_EQ("unlink", 0, unlink("dr.f"));
    fd = xopen("dr.f", O_CREATE | O_RDWR);
    close(fd);
  }
  EXPECT_EQ("stat .", 0, stat(".", &st));
  EXPECT_EQ("directory size after 60 creates and unlinks", size, st.size);
  unlink("dr.f");
}

/* ---------------------------------------------------------------- */
/* Directories and names                                             */
/* ---------------------------------------------------------------- */

/* mkdir, chdir into it, create inside, reach it by relative paths. */
static void
mkdirchdir(void)
{
  int fd;

  EXPECT_EQ("mkdir md", 0, mkdir("md"));
  EXPECT_EQ("chdir md", 0, chdir("md"));
  make_file("f", "hello", 5);
  EXPECT_EQ("mkdir md/sub", 0, mkdir("sub"));
  EXPECT_EQ("chdir sub", 0, chdir("sub"));
  fd = xopen("../f", O_RDONLY);
  EXPECT_EQ("read ../f", 5, read(fd, buf, 10));
  if (memcmp(buf, "hello", 5) != 0)
    FAIL("../f: expected hello");
  close(fd);
  EXPECT_EQ("chdir ../..", 0, chdir("../.."));

  fd = xopen("md/f", O_RDONLY);
  EXPECT_EQ("read md/f", 5, read(fd, buf, 10));
  close(fd);
  EXPECT_EQ("unlink md/sub", 0, unlink("md/sub"));
  EXPECT_EQ("unlink md/f", 0, unlink("md/f"));
  EXPECT_EQ("unlink md", 0, unlink("md"));
  EXPECT_EQ("chdir into removed md", -1, chdir("md"));
}

/* mkdir and chdir refuse names that exist, are files, or lack a parent. */
static void
direrrors(void)
{
  unlink("me/x");
  unlink("me");
  unlink("me.f");
  EXPECT_EQ("mkdir me", 0, mkdir("me"));
  EXPECT_EQ("mkdir of an existing directory", -1, mkdir("me"));
  make_file("me.f", "x", 1);
  EXPECT_EQ("mkdir over a file", -1, mkdir("me.f"));
  EXPECT_EQ("mkdir under a file", -1, mkdir("me.f/x"));
  EXPECT_EQ("create under a file", -1, open("me.f/x", O_CREATE | O_RDWR));
  EXPECT_EQ("mkdir with a missing parent", -1, mkdir("me.none/x"));
  EXPECT_EQ("create with a missing parent", -1,
            open("me.none/x", O_CREATE | O_RDWR));
  EXPECT_EQ("chdir to a file", -1, chdir("me.f"));
  EXPECT_EQ("chdir to a missing name", -1, chdir("me.none"));
  EXPECT_EQ("create over a directory", -1, open("me", O_CREATE | O_RDWR));
  EXPECT_EQ("unlink me.f", 0, unlink("me.f"));
  EXPECT_EQ("unlink me", 0, unlink("me"));
}

/* A directory can be removed only once empty. */
static void
rmdir(void)
{
  struct stat st;

  EXPECT_EQ("mkdir rd", 0, mkdir("rd"));
  make_file("rd/f", "x", 1);
  EXPECT_EQ("unlink a non-empty directory", -1, unlink("rd"));
  EXPECT_EQ("mkdir rd/sub", 0, mkdir("rd/sub"));
  EXPECT_EQ("unlink rd/f", 0, unlink("rd/f"));
  EXPECT_EQ("unlink rd with a subdirectory", -1, unlink("rd"));
  EXPECT_EQ("unlink rd/sub", 0, unlink("rd/sub"));
  EXPECT_EQ("unlink the empty rd", 0, unlink("rd"));
  EXPECT_EQ("stat of removed rd", -1, stat("rd", &st));
}

/* "." is the directory itself, ".." its parent; neither can be removed. */
static void
dots(void)
{
  struct stat dir, dot, dotdot, here, root;

  EXPECT_EQ("mkdir dt", 0, mkdir("dt"));
  EXPECT_EQ("stat dt", 0, stat("dt", &dir));
  EXPECT_EQ("stat dt/.", 0, stat("dt/.", &dot));
  EXPECT_EQ("stat dt/..", 0, stat("dt/..", &dotdot));
  EXPECT_EQ("stat .", 0, stat(".", &here));
  EXPECT_EQ("type of dt", T_DIR, dir.type);
  EXPECT_EQ("inode of dt/.", dir.ino, dot.ino);
  EXPECT_EQ("inode of dt/..", here.ino, dotdot.ino);

  EXPECT_EQ("chdir dt", 0, chdir("dt"));
  EXPECT_EQ("unlink .", -1, unlink("."));
  EXPECT_EQ("unlink ..", -1, unlink(".."));
  EXPECT_EQ("mkdir .", -1, mkdir("."));
  EXPECT_EQ("stat ../dt/./.", 0, stat("../dt/./.", &dot));
  EXPECT_EQ("inode of ../dt/./.", dir.ino, dot.ino);
  EXPECT_EQ("chdir ..", 0, chdir(".."));
  EXPECT_EQ("unlink dt/.", -1, unlink("dt/."));
  EXPECT_EQ("unlink dt/..", -1, unlink("dt/.."));
  EXPECT_EQ("unlink dt", 0, unlink("dt"));

  /* The root is its own parent. */
  EXPECT_EQ("stat /", 0, stat("/", &root));
  EXPECT_EQ("inode of /", ROOTINO, root.ino);
  EXPECT_EQ("type of /", T_DIR, root.type);
  EXPECT_EQ("stat /..", 0, stat("/..", &dotdot));
  EXPECT_EQ("inode of /..", ROOTINO, dotdot.ino);
  EXPECT_EQ("chdir /", 0, chdir("/"));
  EXPECT_EQ("chdir .. at the root", 0, chdir(".."));
  EXPECT_EQ("stat . after chdir .. at the root", 0, stat(".", &here));
  EXPECT_EQ("inode of . after chdir .. at the root", ROOTINO, here.ino);
}

/* A subdirectory's ".." counts as a link to its parent. */
static void
dirnlink(void)
{
  struct stat before, with, after;

  EXPECT_EQ("mkdir dn", 0, mkdir("dn"));
  EXPECT_EQ("stat dn", 0, stat("dn", &before));
  EXPECT_EQ("mkdir dn/a", 0, mkdir("dn/a"));
  EXPECT_EQ("stat dn", 0, stat("dn", &with));
  EXPECT_EQ("links to dn after mkdir dn/a", before.nlink + 1, with.nlink);
  EXPECT_EQ("unlink dn/a", 0, unlink("dn/a"));
  EXPECT_EQ("stat dn", 0, stat("dn", &after));
  EXPECT_EQ("links to dn after unlink dn/a", before.nlink, after.nlink);
  EXPECT_EQ("unlink dn", 0, unlink("dn"));
}

/*
 * A directory removed, with its parent, while a process has it as its
 * current directory: lookups of ".." from it do not crash the kernel,
 * and a file cannot be created in it.
 */
static void
rmcwd(void)
{
  int ready[2], done[2], pid, fd;
  struct stat st;
  char c;

  EXPECT_EQ("mkdir rc", 0, mkdir("rc"));
  EXPECT_EQ("mkdir rc/d", 0, mkdir("rc/d"));
  xpipe(ready);
  xpipe(done);
  pid = xfork();
  if (pid == 0) {
    if (chdir("rc/d") != 0)
      FAIL("chdir rc/d failed");
    write(ready[1], "r", 1);
    read(done[0], &c, 1);
    if (stat("..", &st) == 0 && st.type != T_DIR)
      FAIL("stat .. from a removed directory: type %d, not a directory",
           st.type);
    fd = open("f", O_CREATE | O_RDWR);
    if (fd >= 0)
      FAIL("create in a removed directory: expected -1, saw fd %d", fd);
    if (chdir("..") == 0 && (stat(".", &st) != 0 || st.type != T_DIR))
      FAIL("chdir .. from a removed directory led to a non-directory");
    exit(0);
  }
  EXPECT_EQ("read from the holder", 1, read(ready[0], &c, 1));
  EXPECT_EQ("unlink rc/d while it is a cwd", 0, unlink("rc/d"));
  EXPECT_EQ("unlink rc", 0, unlink("rc"));
  xwrite(done[1], "d", 1);
  EXPECT_EQ("holder status", 0, wait_for(pid));
  close(ready[0]);
  close(ready[1]);
  close(done[0]);
  close(done[1]);
}

/* A file unlinked while open stays readable and writable through the fd. */
static void
unlinkopen(void)
{
  struct stat st;
  int rfd, wfd;

  unlink("uo.f");
  fill(buf, 3000, 6, 0);
  make_file("uo.f", buf, 3000);
  rfd = xopen("uo.f", O_RDONLY);
  wfd = xopen("uo.f", O_RDWR);
  EXPECT_EQ("unlink of an open file", 0, unlink("uo.f"));
  EXPECT_EQ("open after unlink", -1, open("uo.f", O_RDONLY));

  EXPECT_EQ("fstat", 0, fstat(rfd, &st));
  EXPECT_EQ("links after unlink", 0, st.nlink);

  /* Overwrite the start through one fd, read it all through the other. */
  fill(buf, 1000, 7, 0);
  xwrite(wfd, buf, 1000);
  EXPECT_EQ("read through the fd", 3000, read_full(rfd, buf2, 3000));
  expect_pattern("data written after unlink", buf2, 1000, 7, 0);
  expect_pattern("data written before unlink", buf2 + 1000, 2000, 6, 1000);
  EXPECT_EQ("read at end", 0, read(rfd, buf2, 10));
  close(rfd);
  close(wfd);
}

/* link makes a second name for the same inode; unlink drops one. */
static void
linkunlink(void)
{
  struct stat a, b;
  int fd;

  unlink("lk1");
  unlink("lk2");
  make_file("lk1", "linked", 6);
  EXPECT_EQ("link lk1 lk2", 0, link("lk1", "lk2"));
  EXPECT_EQ("stat lk1", 0, stat("lk1", &a));
  EXPECT_EQ("stat lk2", 0, stat("lk2", &b));
  EXPECT_EQ("inode of lk2", a.ino, b.ino);
  EXPECT_EQ("links after link", 2, b.nlink);

  EXPECT_EQ("unlink lk1", 0, unlink("lk1"));
  EXPECT_EQ("stat lk2", 0, stat("lk2", &b));
  EXPECT_EQ("links after unlink", 1, b.nlink);
  fd = xopen("lk2", O_RDONLY);
  EXPECT_EQ("read lk2", 6, read(fd, buf, 100));
  if (memcmp(buf, "linked", 6) != 0)
    FAIL("lk2: expected the contents written through lk1");
  close(fd);

  EXPECT_EQ("link to an existing name", -1, link("lk2", "lk2"));
  EXPECT_EQ("link of a missing file", -1, link("lk.none", "lk3"));
  EXPECT_EQ("link into a missing directory", -1, link("lk2", "lk.none/x"));
  EXPECT_EQ("mkdir lkd", 0, mkdir("lkd"));
  EXPECT_EQ("link of a directory", -1, link("lkd", "lk3"));
  EXPECT_EQ("link into a subdirectory", 0, link("lk2", "lkd/lk4"));
  EXPECT_EQ("stat lkd/lk4", 0, stat("lkd/lk4", &b));
  EXPECT_EQ("links after the second link", 2, b.nlink);
  EXPECT_EQ("unlink lkd/lk4", 0, unlink("lkd/lk4"));
  EXPECT_EQ("unlink lkd", 0, unlink("lkd"));
  EXPECT_EQ("unlink lk2", 0, unlink("lk2"));
}

/*
 * Write into dst a path of exactly len characters naming name in the
 * current directory: "././...//name".
 */
HELPER void
padded_path(char *dst, int len, const char *name)
{
  int n = len - strlen(name), i = 0;

  while (n - i >= 2) {
    dst[i++] = '.';
    dst[i++] = '/';
  }
  if (i < n)
    dst[i++] = '/';
  strcpy(dst + i, name);
}

/* A path of MAXPATH - 1 characters works; MAXPATH and longer fail. */
static void
pathmax(void)
{
  static char path[MAXPATH + 8];
  struct stat st;
  int fd;

  unlink("pmax");
  padded_path(path, MAXPATH - 1, "pmax");
  EXPECT_EQ("length of the path", MAXPATH - 1, strlen(path));
  fd = open(path, O_CREATE | O_RDWR);
  if (fd < 0)
    FAIL("create with a %d-character path failed", MAXPATH - 1);
  close(fd);
  EXPECT_EQ("stat pmax", 0, stat("pmax", &st));

  padded_path(path, MAXPATH, "pmax");
  EXPECT_EQ("open with a MAXPATH-character path", -1, open(path, O_RDONLY));
  EXPECT_EQ("unlink with a MAXPATH-character path", -1, unlink(path));
  EXPECT_EQ("unlink pmax", 0, unlink("pmax"));
}

/* Every call taking a path refuses one far longer than MAXPATH. */
static void
pathtoolong(void)
{
  static char path[4 * MAXPATH];
  char *argv[] = { "x", 0 };

  memset(path, 'a', sizeof(path) - 1);
  path[sizeof(path) - 1] = 0;
  EXPECT_EQ("open", -1, open(path, O_CREATE | O_RDWR));
  EXPECT_EQ("mkdir", -1, mkdir(path));
  EXPECT_EQ("chdir", -1, chdir(path));
  EXPECT_EQ("unlink", -1, unlink(path));
  EXPECT_EQ("mknod", -1, mknod(path, CONSOLE_MAJOR, 0));
  make_file("ptl.f", "x", 1);
  EXPECT_EQ("link to a long name", -1, link("ptl.f", path));
  EXPECT_EQ("link from a long name", -1, link(path, "ptl.g"));
  unlink("ptl.f");
  expect_exec_fails("exec of a long path", path, argv);
}

/* Names of exactly DIRSIZ characters are stored and found whole. */
static void
dirsiz(void)
{
  static char name[DIRSIZ + 1] = "dirsiz-abcdefg";
  static char inner[2 * DIRSIZ + 2];
  struct dirent de;
  struct stat st;
  int fd, found = 0;

  EXPECT_EQ("length of the name", DIRSIZ, strlen(name));
  unlink(name);
  make_file(name, "14", 2);
  fd = xopen(name, O_RDONLY);
  EXPECT_EQ("read", 2, read(fd, buf, 10));
  close(fd);
  EXPECT_EQ("stat", 0, stat(name, &st));

  fd = xopen(".", O_RDONLY);
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum != 0 && memcmp(de.name, name, DIRSIZ) == 0) {
      found++;
      EXPECT_EQ("inode in the directory entry", st.ino, de.inum);
    }
  }
  close(fd);
  EXPECT_EQ("directory entries with the name", 1, found);
  EXPECT_EQ("unlink", 0, unlink(name));

  /* The same name as a directory, with a DIRSIZ name inside. */
  EXPECT_EQ("mkdir", 0, mkdir(name));
  strcpy(inner, name);
  strcpy(inner + DIRSIZ, "/");
  strcpy(inner + DIRSIZ + 1, name);
  make_file(inner, "in", 2);
  EXPECT_EQ("chdir", 0, chdir(name));
  EXPECT_EQ("stat inside", 0, stat(name, &st));
  EXPECT_EQ("size inside", 2, st.size);
  EXPECT_EQ("chdir ..", 0, chdir(".."));
  EXPECT_EQ("unlink inner", 0, unlink(inner));
  EXPECT_EQ("unlink directory", 0, unlink(name));
}

/* A chain of nested directories, walked down and up by relative paths. */
static void
deepdirs(void)
{
  static char path[MAXPATH];
  struct stat top, st;
  int depth = 10, i, fd;

  EXPECT_EQ("stat .", 0, stat(".", &top));
  EXPECT_EQ("mkdir dd", 0, mkdir("dd"));
  EXPECT_EQ("chdir dd", 0, chdir("dd"));
  for (i = 1; i < depth; i++) {
    EXPECT_EQ("mkdir d", 0, mkdir("d"));
    EXPECT_EQ("chdir d", 0, chdir("d"));
  }
  make_file("leaf", "deep", 4);
  for (i = 0; i < depth; i++)
    EXPECT_EQ("chdir ..", 0, chdir(".."));
  EXPECT_EQ("stat .", 0, stat(".", &st));
  EXPECT_EQ("back at the top", top.ino, st.ino);

  strcpy(path, "dd");
  for (i = 1; i < depth; i++)
    strcpy(path + strlen(path), "/d");
  strcpy(path + strlen(path), "/leaf");
  fd = xopen(path, O_RDONLY);
  EXPECT_EQ("read the leaf", 4, read(fd, buf, 10));
  close(fd);

  /* Remove from the bottom up. */
  EXPECT_EQ("unlink leaf", 0, unlink(path));
  for (i = depth - 1; i >= 0; i--) {
    path[2 + 2 * i] = 0;
    if (unlink(path) != 0)
      FAIL("unlink %s failed", path);
  }
}

/* Reading a directory yields its dirents, "." and ".." included. */
static void
readdir(void)
{
  struct dirent de;
  struct stat st, dst;
  int fd, dot = 0, dotdot = 0, one = 0, two = 0, other = 0;
  char name[DIRSIZ + 1];

  EXPECT_EQ("mkdir rdd", 0, mkdir("rdd"));
  make_file("rdd/one", "1", 1);
  make_file("rdd/two", "2", 1);
  EXPECT_EQ("stat rdd", 0, stat("rdd", &dst));

  fd = xopen("rdd", O_RDONLY);
  EXPECT_EQ("fstat", 0, fstat(fd, &st));
  EXPECT_EQ("type", T_DIR, st.type);
  EXPECT_EQ("size is whole dirents", 0, st.size % sizeof(de));
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    if (strcmp(name, ".") == 0) {
      dot++;
      EXPECT_EQ("inode of .", dst.ino, de.inum);
    } else if (strcmp(name, "..") == 0) {
      dotdot++;
    } else if (strcmp(name, "one") == 0) {
      one++;
    } else if (strcmp(name, "two") == 0) {
      two++;
    } else {
      other++;
    }
  }
  close(fd);
  EXPECT_EQ("entries named .", 1, dot);
  EXPECT_EQ("entries named ..", 1, dotdot);
  EXPECT_EQ("entries named one", 1, one);
  EXPECT_EQ("entries named two", 1, two);
  EXPECT_EQ("other entries", 0, other);
  unlink("rdd/one");
  unlink("rdd/two");
  EXPECT_EQ("unlink rdd", 0, unlink("rdd"));
}

/* A directory cannot be opened for writing or written. */
static void
dirwrite(void)
{
  int fd;

  EXPECT_EQ("open . write-only", -1, open(".", O_WRONLY));
  EXPECT_EQ("open . read-write", -1, open(".", O_RDWR));
  EXPECT_EQ("open . with O_CREATE", -1, open(".", O_CREATE | O_RDWR));
  fd = xopen(".", O_RDONLY);
  EXPECT_EQ("write to a directory fd", -1, write(fd, "x", 1));
  close(fd);
}

/* fstat and stat report type, size, links, inode and device. */
static void
fstatfields(void)
{
  struct stat st, st2, dir;
  int fd;

  unlink("fs.f");
  unlink("fs.dev");
  fd = xopen("fs.f", O_CREATE | O_RDWR);
  xwrite(fd, buf, 123);
  EXPECT_EQ("fstat", 0, fstat(fd, &st));
  EXPECT_EQ("type of a file", T_FILE, st.type);
  EXPECT_EQ("size of a file", 123, st.size);
  EXPECT_EQ("links of a file", 1, st.nlink);
  close(fd);
  EXPECT_EQ("stat", 0, stat("fs.f", &st2));
  EXPECT_EQ("inode by name", st.ino, st2.ino);
  EXPECT_EQ("device by name", st.dev, st2.dev);
  EXPECT_EQ("stat .", 0, stat(".", &dir));
  EXPECT_EQ("type of a directory", T_DIR, dir.type);
  EXPECT_EQ("device of a directory", st.dev, dir.dev);

  EXPECT_EQ("mknod", 0, mknod("fs.dev", CONSOLE_MAJOR, 0));
  EXPECT_EQ("stat of a device", 0, stat("fs.dev", &st2));
  EXPECT_EQ("type of a device", T_DEVICE, st2.type);
  EXPECT_EQ("unlink fs.dev", 0, unlink("fs.dev"));
  EXPECT_EQ("unlink fs.f", 0, unlink("fs.f"));
}

/* ---------------------------------------------------------------- */
/* File descriptors                                                  */
/* ---------------------------------------------------------------- */

/* A dup'ed descriptor shares the file offset. */
static void
dupoffset(void)
{
  int fd, fd2;

  unlink("du.f");
  fd = xopen("du.f", O_CREATE | O_RDWR);
  fd2 = dup(fd);
  if (fd2 < 0)
    FAIL("dup failed");
  xwrite(fd, "ab", 2);
  xwrite(fd2, "cd", 2);
  close(fd);
  xwrite(fd2, "ef", 2);
  close(fd2);

  fd = xopen("du.f", O_RDONLY);
  fd2 = dup(fd);
  EXPECT_EQ("read 3 through the first", 3, read(fd, buf, 3));
  EXPECT_EQ("read the rest through the dup", 3, read(fd2, buf + 3, 10));
  if (memcmp(buf, "abcdef", 6) != 0)
    FAIL("contents: expected abcdef");
  EXPECT_EQ("read at end through the first", 0, read(fd, buf, 1));
  close(fd);
  close(fd2);
  unlink("du.f");
}

/* A parent and child share the offset of a descriptor open at fork. */
static void
forkoffset(void)
{
  int fd, pid;

  unlink("fo.f");
  fd = xopen("fo.f", O_CREATE | O_RDWR);
  pid = xfork();
  if (pid == 0) {
    xwrite(fd, "child ", 6);
    exit(0);
  }
  EXPECT_EQ("child status", 0, wait_for(pid));
  xwrite(fd, "parent", 6);
  close(fd);
  fd = xopen("fo.f", O_RDONLY);
  EXPECT_EQ("size", 12, read(fd, buf, 100));
  if (memcmp(buf, "child parent", 12) != 0)
    FAIL("contents: expected \"child parent\"");
  close(fd);
  unlink("fo.f");
}

/* Calls on descriptors that are out of range or closed fail. */
static void
badfd(void)
{
  struct stat st;
  int fd;

  EXPECT_EQ("read fd -1", -1, read(-1, buf, 1));
  EXPECT_EQ("read fd NOFILE", -1, read(NOFILE, buf, 1));
  EXPECT_EQ("write fd NOFILE + 5", -1, write(NOFILE + 5, buf, 1));
  EXPECT_EQ("close fd -1", -1, close(-1));
  EXPECT_EQ("close fd NOFILE", -1, close(NOFILE));
  EXPECT_EQ("fstat fd 1000", -1, fstat(1000, &st));
  EXPECT_EQ("dup fd -1", -1, dup(-1));

  fd = xopen(".", O_RDONLY);
  close(fd);
  EXPECT_EQ("read a closed fd", -1, read(fd, buf, 1));
  EXPECT_EQ("close a closed fd", -1, close(fd));
  EXPECT_EQ("dup a closed fd", -1, dup(fd));
}

/*
 * A process gets NOFILE descriptors, the lowest free one each time: open
 * and dup find the same number of free slots, ending at NOFILE - 1.
 */
static void
fdlimit(void)
{
  int fds[NOFILE + 1], fd, free_slots = 0, opened = 0, last = -1, i;

  /* Count the free slots with dup. */
  while ((fd = dup(0)) >= 0) {
    if (free_slots == NOFILE)
      FAIL("dup succeeded more than NOFILE times");
    fds[free_slots++] = fd;
  }
  for (i = 0; i < free_slots; i++)
    close(fds[i]);

  make_file("fl.f", "x", 1);
  for (;;) {
    fd = open("fl.f", O_RDONLY);
    if (fd < 0)
      break;
    if (fd <= last)
      FAIL("open returned fd %d after fd %d", fd, last);
    last = fd;
    fds[opened++] = fd;
    if (opened > NOFILE)
      FAIL("opened more than NOFILE files");
  }
  EXPECT_EQ("descriptors opened (free slots found by dup)", free_slots, opened);
  EXPECT_EQ("dup with a full table", -1, dup(0));
  EXPECT_EQ("pipe with a full table", -1, pipe((int *)buf));
  EXPECT_EQ("last descriptor", NOFILE - 1, last);
  while (opened > 0)
    close(fds[--opened]);
  unlink("fl.f");
}

/* Exit closes every descriptor: files and pipes are not leaked. */
static void
exitcloses(void)
{
  int round, pid, i, fds[10], p[2];

  make_file("ec.f", "x", 1);
  for (round = 0; round < 12; round++) {
    pid = xfork();
    if (pid == 0) {
      for (i = 0; i < 3; i++) {
        if (pipe(p) < 0)
          FAIL("pipe %d in round %d failed", i, round);
      }
      while (open("ec.f", O_RDONLY) >= 0)
        ;
      exit(0);
    }
    EXPECT_EQ("child status", 0, wait_for(pid));
  }
  for (i = 0; i < 10; i++) {
    fds[i] = open("ec.f", O_RDONLY);
    if (fds[i] < 0)
      FAIL("open %d after the children exited failed", i);
  }
  for (i = 0; i < 10; i++)
    close(fds[i]);
  unlink("ec.f");
}

#define FT_PROCS 12   /* processes together opening more than NFILE files */
#define FT_OPENS 10   /* files each of them tries to open */

/* When the system-wide file table is full, open fails cleanly. */
static void
filetable(void)
{
  int go[2], counts[2], i, pid, total = 0, n;
  char c;

  make_file("ft.f", "x", 1);
  xpipe(go);
  xpipe(counts);
  for (i = 0; i < FT_PROCS; i++) {
    pid = xfork();
    if (pid == 0) {
      close(go[1]);
      close(counts[0]);
      for (n = 0; n < FT_OPENS; n++) {
        if (open("ft.f", O_RDONLY) < 0)
          break;
      }
      c = n;
      write(counts[1], &c, 1);
      read(go[0], &c, 1);
      exit(0);
    }
  }
  close(go[0]);
  for (i = 0; i < FT_PROCS; i++) {
    EXPECT_EQ("count from a child", 1, read(counts[0], &c, 1));
    total += c;
  }
  if (total > NFILE)
    FAIL("%d files open at once, more than NFILE (%d)", total, NFILE);
  if (total == FT_PROCS * FT_OPENS)
    FAIL("every open succeeded: expected the file table to fill up");
  close(go[1]);
  for (i = 0; i < FT_PROCS; i++) {
    if (wait(0) < 0)
      FAIL("wait for child %d failed", i);
  }
  close(counts[0]);
  close(counts[1]);
  n = open("ft.f", O_RDONLY);
  if (n < 0)
    FAIL("open after the children exited failed");
  close(n);
  unlink("ft.f");
}

/* ---------------------------------------------------------------- */
/* Concurrency                                                       */
/* ---------------------------------------------------------------- */

#define CC_PROCS  4
#define CC_NAMES  12
#define CC_ROUNDS 8

/* Several processes creating and unlinking the same names at once. */
static void
concreate(void)
{
  char name[8];
  int id, r, j, fd, pid, xstatus = 0;

  EXPECT_EQ("mkdir ccd", 0, mkdir("ccd"));
  EXPECT_EQ("chdir ccd", 0, chdir("ccd"));
  for (id = 0; id < CC_PROCS; id++) {
    pid = xfork();
    if (pid == 0) {
      for (r = 0; r < CC_ROUNDS; r++) {
        for (j = 0; j < CC_NAMES; j++) {
          mkname(name, "c", j);
          if ((j + r + id) % 3 == 0) {
            unlink(name);
          } else {
            fd = open(name, O_CREATE | O_RDWR);
            if (fd < 0)
              FAIL("process %d: create %s failed", id, name);
            write(fd, "c", 1);
            close(fd);
          }
        }
      }
      exit(0);
    }
  }
  for (id = 0; id < CC_PROCS; id++) {
    if (wait(&xstatus) < 0 || xstatus != 0)
      FAIL("a creating process failed (status %d)", xstatus);
  }
  for (j = 0; j < CC_NAMES; j++)
    unlink(mkname(name, "c", j));
  EXPECT_EQ("entries left in ccd", 2, count_entries("."));
  EXPECT_EQ("chdir ..", 0, chdir(".."));
  EXPECT_EQ("unlink ccd", 0, unlink("ccd"));
}

#define CF_PROCS  3
#define CF_ROUNDS 4
#define CF_BLOCKS 14

/* Several processes writing and checking their own files in parallel. */
static void
concfiles(void)
{
  char name[8];
  int id, r, pid, fd, seed, xstatus;

  for (id = 0; id < CF_PROCS; id++) {
    pid = xfork();
    if (pid == 0) {
      mkname(name, "cf", id);
      for (r = 0; r < CF_ROUNDS; r++) {
        seed = id * 10 + r;
        fd = xopen(name, O_CREATE | O_TRUNC | O_WRONLY);
        fill(buf, CF_BLOCKS * BSIZE, seed, 0);
        xwrite(fd, buf, CF_BLOCKS * BSIZE);
        close(fd);
        fd = xopen(name, O_RDONLY);
        EXPECT_EQ("read back", CF_BLOCKS * BSIZE,
                  read_full(fd, buf2, CF_BLOCKS * BSIZE));
        expect_pattern(name, buf2, CF_BLOCKS * BSIZE, seed, 0);
        close(fd);
      }
      EXPECT_EQ("unlink", 0, unlink(name));
      exit(0);
    }
  }
  for (id = 0; id < CF_PROCS; id++) {
    if (wait(&xstatus) < 0 || xstatus != 0)
      FAIL("a writer failed (status %d)", xstatus);
  }
}

#define SA_PROCS   4
#define SA_RECORDS 40
#define SA_RECSIZE 32

/*
 * Processes appending records through one shared descriptor: the
 * shared offset keeps every record whole and none is lost.
 */
static void
sharedappend(void)
{
  static char seen[SA_PROCS * SA_RECORDS + 1];
  char rec[SA_RECSIZE];
  int fd, id, i, pid, xstatus, v, last[SA_PROCS];
  struct stat st;

  unlink("sa.f");
  fd = xopen("sa.f", O_CREATE | O_RDWR);
  for (id = 0; id < SA_PROCS; id++) {
    pid = xfork();
    if (pid == 0) {
      for (i = 0; i < SA_RECORDS; i++) {
        memset(rec, 1 + id * SA_RECORDS + i, SA_RECSIZE);
        xwrite(fd, rec, SA_RECSIZE);
      }
      exit(0);
    }
  }
  for (id = 0; id < SA_PROCS; id++) {
    if (wait(&xstatus) < 0 || xstatus != 0)
      FAIL("an appending process failed (status %d)", xstatus);
  }
  close(fd);

  EXPECT_EQ("stat", 0, stat("sa.f", &st));
  EXPECT_EQ("size", SA_PROCS * SA_RECORDS * SA_RECSIZE, st.size);
  for (id = 0; id < SA_PROCS; id++)
    last[id] = -1;
  fd = xopen("sa.f", O_RDONLY);
  while (read_full(fd, rec, SA_RECSIZE) == SA_RECSIZE) {
    v = (uchar)rec[0];
    for (i = 1; i < SA_RECSIZE; i++) {
      if ((uchar)rec[i] != v)
        FAIL("record %d is torn", v);
    }
    if (v < 1 || v > SA_PROCS * SA_RECORDS || seen[v])
      FAIL("record %d is unexpected or repeated", v);
    seen[v] = 1;
    id = (v - 1) / SA_RECORDS;
    if ((v - 1) % SA_RECORDS <= last[id])
      FAIL("records of process %d out of order", id);
    last[id] = (v - 1) % SA_RECORDS;
  }
  close(fd);
  unlink("sa.f");
}

/* Path lookups through ".." racing with mkdir and unlink of those names. */
static void
conclookup(void)
{
  struct stat st;
  int pid1, pid2, i, fd, xstatus;

  EXPECT_EQ("mkdir cl", 0, mkdir("cl"));
  pid1 = xfork();
  if (pid1 == 0) {
    for (i = 0; i < 25; i++) {
      if (mkdir("cl/a") != 0 || mkdir("cl/a/b") != 0)
        FAIL("mkdir in round %d failed", i);
      make_file("cl/a/b/f", "x", 1);
      if (unlink("cl/a/b/f") != 0 || unlink("cl/a/b") != 0 ||
          unlink("cl/a") != 0)
        FAIL("unlink in round %d failed", i);
    }
    exit(0);
  }
  pid2 = xfork();
  if (pid2 == 0) {
    for (i = 0; i < 100; i++) {
      fd = open("cl/a/b/../../a/./b/f", O_RDONLY);
      if (fd >= 0)
        close(fd);
      stat("cl/a/b/..", &st);
      stat("cl/a/../a/b/../../a", &st);
    }
    exit(0);
  }
  for (i = 0; i < 2; i++) {
    if (wait(&xstatus) < 0 || xstatus != 0)
      FAIL("a lookup process failed (status %d)", xstatus);
  }
  EXPECT_EQ("entries left in cl", 2, count_entries("cl"));
  EXPECT_EQ("unlink cl", 0, unlink("cl"));
}

#define CA_PROCS  3
#define CA_ROUNDS 40
#define CA_PAGES  20

/* Processes growing and shrinking their heaps at once get distinct pages. */
static void
concalloc(void)
{
  int id, r, i, pid, xstatus;
  char *p;

  for (id = 0; id < CA_PROCS; id++) {
    pid = xfork();
    if (pid == 0) {
      for (r = 0; r < CA_ROUNDS; r++) {
        p = sbrk(CA_PAGES * PGSIZE);
        if (p == (char *)-1)
          FAIL("sbrk in round %d failed", r);
        for (i = 0; i < CA_PAGES; i++)
          memset(p + i * PGSIZE, id * 50 + r, PGSIZE);
        for (i = 0; i < CA_PAGES * PGSIZE; i += 512) {
          if (p[i] != (char)(id * 50 + r))
            FAIL("process %d round %d: page changed under it", id, r);
        }
        sbrk(-CA_PAGES * PGSIZE);
      }
      exit(0);
    }
  }
  for (id = 0; id < CA_PROCS; id++) {
    if (wait(&xstatus) < 0 || xstatus != 0)
      FAIL("an allocating process failed (status %d)", xstatus);
  }
}

/* ---------------------------------------------------------------- */
/* Pipes                                                             */
/* ---------------------------------------------------------------- */

/* Bytes written by a child arrive in order. */
static void
pipebasic(void)
{
  int p[2], pid, i;

  xpipe(p);
  pid = xfork();
  if (pid == 0) {
    close(p[0]);
    for (i = 0; i < 5; i++) {
      fill(buf, 100, 9, i * 100);
      xwrite(p[1], buf, 100);
    }
    exit(0);
  }
  close(p[1]);
  EXPECT_EQ("bytes read", 500, read_full(p[0], buf2, 500));
  expect_pattern("data", buf2, 500, 9, 0);
  close(p[0]);
  EXPECT_EQ("writer status", 0, wait_for(pid));
}

#define PIPE_TOTAL (64 * 1024)

/* A large transfer in uneven pieces arrives complete and in order. */
static void
pipelarge(void)
{
  static int sizes[] = { 1, 17, 512, 513, 1500, 4000, 4096, 7 };
  int p[2], pid, sent, n, k, got, r;

  xpipe(p);
  pid = xfork();
  if (pid == 0) {
    close(p[0]);
    for (sent = 0, k = 0; sent < PIPE_TOTAL; sent += n, k++) {
      n = sizes[k % NELEM(sizes)];
      if (n > PIPE_TOTAL - sent)
        n = PIPE_TOTAL - sent;
      fill(buf, n, 10, sent);
      xwrite(p[1], buf, n);
    }
    exit(0);
  }
  close(p[1]);
  got = 0;
  while ((r = read(p[0], buf2, 700)) > 0) {
    expect_pattern("data", buf2, r, 10, got);
    got += r;
  }
  EXPECT_EQ("bytes received", PIPE_TOTAL, got);
  close(p[0]);
  EXPECT_EQ("writer status", 0, wait_for(pid));
}

/* Once every write end is closed, read drains the data and then sees EOF. */
static void
pipeeof(void)
{
  int p[2], pid;

  xpipe(p);
  xwrite(p[1], "abc", 3);
  close(p[1]);
  EXPECT_EQ("read of the data", 3, read(p[0], buf, 10));
  EXPECT_EQ("read at end of file", 0, read(p[0], buf, 10));
  EXPECT_EQ("second read at end of file", 0, read(p[0], buf, 10));
  close(p[0]);

  /* A reader blocked on an empty pipe wakes when the writer exits. */
  xpipe(p);
  pid = xfork();
  if (pid == 0) {
    close(p[0]);
    sleep(2);
    exit(0);
  }
  close(p[1]);
  EXPECT_EQ("read after the writer exited", 0, read(p[0], buf, 10));
  close(p[0]);
  EXPECT_EQ("writer status", 0, wait_for(pid));
}

/* Writing to a pipe with no reader fails. */
static void
pipenoreader(void)
{
  int p[2];

  xpipe(p);
  close(p[0]);
  EXPECT_EQ("write with no reader", -1, write(p[1], "x", 1));
  close(p[1]);
}

/* A writer blocked on a full pipe returns when the last reader goes. */
static void
pipewriterwakes(void)
{
  int p[2], pid, r;

  xpipe(p);
  pid = xfork();
  if (pid == 0) {
    close(p[1]);
    read_full(p[0], buf, 10);
    sleep(2);
    exit(0);
  }
  close(p[0]);
  r = write(p[1], buf, sizeof(buf));
  if (r == sizeof(buf))
    FAIL("write of %d bytes succeeded though the reader took 10 and exited",
         (int)sizeof(buf));
  close(p[1]);
  EXPECT_EQ("reader status", 0, wait_for(pid));
}

/* The read end cannot be written nor the write end read. */
static void
pipewrongend(void)
{
  int p[2];

  xpipe(p);
  EXPECT_EQ("write to the read end", -1, write(p[0], "x", 1));
  EXPECT_EQ("read from the write end", -1, read(p[1], buf, 1));
  close(p[0]);
  close(p[1]);
}

#define PINGPONGS 300

/* Two processes bounce a counter back and forth through two pipes. */
static void
pingpong(void)
{
  int to_child[2], to_parent[2], pid, i;
  uchar c;

  xpipe(to_child);
  xpipe(to_parent);
  pid = xfork();
  if (pid == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    for (i = 0; i < PINGPONGS; i++) {
      if (read(to_child[0], &c, 1) != 1)
        FAIL("child: read %d failed", i);
      if (c != (uchar)(2 * i))
        FAIL("child: expected %d, saw %d", (uchar)(2 * i), c);
      c++;
      xwrite(to_parent[1], &c, 1);
    }
    exit(0);
  }
  close(to_child[0]);
  close(to_parent[1]);
  for (i = 0; i < PINGPONGS; i++) {
    c = 2 * i;
    xwrite(to_child[1], &c, 1);
    if (read(to_parent[0], &c, 1) != 1)
      FAIL("parent: read %d failed", i);
    if (c != (uchar)(2 * i + 1))
      FAIL("parent: expected %d, saw %d", (uchar)(2 * i + 1), c);
  }
  close(to_child[1]);
  close(to_parent[0]);
  EXPECT_EQ("child status", 0, wait_for(pid));
}

/* ---------------------------------------------------------------- */
/* Processes                                                         */
/* ---------------------------------------------------------------- */

/* wait delivers exactly the status the child gave exit. */
static void
exitstatus(void)
{
  static int statuses[] = { 0, 1, 7, 255, 256, -1, -42, 123456 };
  int i, pid;

  for (i = 0; i < NELEM(statuses); i++) {
    pid = xfork();
    if (pid == 0)
      exit(statuses[i]);
    EXPECT_EQ("exit status", statuses[i], wait_for(pid));
  }
}

/* wait with no children returns -1 at once. */
static void
waitnochild(void)
{
  int xstatus;

  EXPECT_EQ("wait with no children", -1, wait(&xstatus));
  EXPECT_EQ("wait(0) with no children", -1, wait(0));
}

/* wait(0) reaps a child without storing its status. */
static void
waitnull(void)
{
  int pid = xfork();

  if (pid == 0)
    exit(3);
  EXPECT_EQ("wait(0)", pid, wait(0));
  EXPECT_EQ("wait after reaping", -1, wait(0));
}

#define NWAIT 6

/* Several children, each reaped once with its own status. */
static void
waitmany(void)
{
  int pids[NWAIT], reaped[NWAIT], i, j, who, xstatus;

  for (i = 0; i < NWAIT; i++) {
    pids[i] = xfork();
    if (pids[i] == 0) {
      sleep(i % 3);
      exit(10 + i);
    }
    reaped[i] = 0;
  }
  for (i = 0; i < NWAIT; i++) {
    who = wait(&xstatus);
    for (j = 0; j < NWAIT && pids[j] != who; j++)
      ;
    if (j == NWAIT)
      FAIL("wait returned %d, not one of the children", who);
    if (reaped[j]++)
      FAIL("child %d reaped twice", who);
    EXPECT_EQ("status of a child", 10 + j, xstatus);
  }
  EXPECT_EQ("wait after reaping all", -1, wait(0));
}

/* getpid differs in parent and child and matches fork's return. */
static void
getpidfork(void)
{
  int p[2], pid, mine = getpid(), childs;

  if (mine <= 0)
    FAIL("getpid: expected a positive pid, saw %d", mine);
  xpipe(p);
  pid = xfork();
  if (pid == 0) {
    childs = getpid();
    write(p[1], &childs, sizeof(childs));
    exit(0);
  }
  EXPECT_EQ("read the child's pid", sizeof(childs), read(p[0], &childs, sizeof(childs)));
  EXPECT_EQ("child's getpid", pid, childs);
  if (childs == mine)
    FAIL("child has the parent's pid %d", mine);
  EXPECT_EQ("child status", 0, wait_for(pid));
  EXPECT_EQ("getpid after fork", mine, getpid());
  close(p[0]);
  close(p[1]);
}

/* A child gets a copy of memory: neither sees the other's later stores. */
static void
forkcopy(void)
{
  static int global = 1;
  char *heap;
  int pid;

  heap = sbrk(2 * PGSIZE);
  heap[0] = 'p';
  heap[2 * PGSIZE - 1] = 'q';
  global = 2;
  pid = xfork();
  if (pid == 0) {
    EXPECT_EQ("global in the child", 2, global);
    EXPECT_EQ("heap in the child", 'p', heap[0]);
    EXPECT_EQ("heap end in the child", 'q', heap[2 * PGSIZE - 1]);
    global = 3;
    heap[0] = 'c';
    exit(0);
  }
  EXPECT_EQ("child status", 0, wait_for(pid));
  EXPECT_EQ("global after the child stored", 2, global);
  EXPECT_EQ("heap after the child stored", 'p', heap[0]);
  sbrk(-2 * PGSIZE);
}

/* An orphan is adopted by init: it runs on and is reaped, not by us. */
static void
orphan(void)
{
  int p[2], mid, gc;
  char c = 0;

  xpipe(p);
  mid = xfork();
  if (mid == 0) {
    gc = fork();
    if (gc == 0) {
      close(p[0]);
      sleep(3);           /* outlive the middle process */
      write(p[1], "g", 1);
      exit(0);
    }
    exit(gc < 0 ? 1 : 0);
  }
  close(p[1]);
  EXPECT_EQ("middle process status", 0, wait_for(mid));
  EXPECT_EQ("wait: the grandchild is not our child", -1, wait(0));
  EXPECT_EQ("byte from the orphan", 1, read(p[0], &c, 1));
  EXPECT_EQ("the orphan's byte", 'g', c);
  EXPECT_EQ("EOF once the orphan exits", 0, read(p[0], &c, 1));
  close(p[0]);
}

#define MANYFORK_ROUNDS 3
#define MANYFORK_CHILDREN 20

/* Rounds of many concurrent children, each exiting with its index. */
static void
manyforks(void)
{
  int pids[MANYFORK_CHILDREN], r, i, j, who, xstatus;

  for (r = 0; r < MANYFORK_ROUNDS; r++) {
    for (i = 0; i < MANYFORK_CHILDREN; i++) {
      pids[i] = xfork();
      if (pids[i] == 0)
        exit(i);
    }
    for (i = 0; i < MANYFORK_CHILDREN; i++) {
      who = wait(&xstatus);
      for (j = 0; j < MANYFORK_CHILDREN && pids[j] != who; j++)
        ;
      if (j == MANYFORK_CHILDREN)
        FAIL("wait returned %d, not one of the children", who);
      EXPECT_EQ("status of a child", j, xstatus);
      pids[j] = -2;
    }
  }
  EXPECT_EQ("wait after all rounds", -1, wait(0));
}

/* Fork until the process table is full; fork then fails, and all reap. */
static void
forkfull(void)
{
  struct sysinfo before, full;
  int p[2], n, pid, xstatus;
  char c;

  xpipe(p);
  EXPECT_EQ("sysinfo", 0, sysinfo(&before));
  for (n = 0; ; n++) {
    pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      close(p[1]);
      read(p[0], &c, 1);
      exit(0);
    }
    if (n > NPROC)
      FAIL("fork succeeded %d times: more than NPROC", n);
  }
  EXPECT_EQ("fork with a full table", -1, pid);
  EXPECT_EQ("sysinfo", 0, sysinfo(&full));
  EXPECT_EQ("processes with a full table", NPROC, full.nproc);
  EXPECT_EQ("processes forked", NPROC - before.nproc, n);
  close(p[1]);
  while (n > 0) {
    if (wait(&xstatus) < 0)
      FAIL("wait failed with %d children left", n);
    EXPECT_EQ("status of a child", 0, xstatus);
    n--;
  }
  EXPECT_EQ("wait after reaping all", -1, wait(0));
  close(p[0]);
}

static volatile int spinning;

static void
spin_forever(uint64 unused)
{
  for (;;)
    spinning++;
}

/* kill ends a process running in user space; its status is -1. */
static void
killrunning(void)
{
  int pid = xfork();

  if (pid == 0)
    spin_forever(0);
  sleep(2);
  EXPECT_EQ("kill", 0, kill(pid));
  EXPECT_EQ("status of the killed child", -1, wait_for(pid));
}

static void
block_in_pipe(uint64 fd)
{
  char c;

  read(fd, &c, 1);
}

static void
block_in_sleep(uint64 unused)
{
  sleep(100000);
}

/* kill wakes a process asleep in read or sleep; its status is -1. */
static void
killsleeping(void)
{
  int p[2], pid, t0;

  xpipe(p);
  pid = xfork();
  if (pid == 0)
    block_in_pipe(p[0]);
  sleep(2);
  EXPECT_EQ("kill a reader", 0, kill(pid));
  EXPECT_EQ("status of the killed reader", -1, wait_for(pid));
  close(p[0]);
  close(p[1]);

  pid = xfork();
  if (pid == 0) {
    block_in_sleep(0);
    exit(0);
  }
  sleep(2);
  t0 = uptime();
  EXPECT_EQ("kill a sleeper", 0, kill(pid));
  EXPECT_EQ("status of the killed sleeper", -1, wait_for(pid));
  if (uptime() - t0 > 50)
    FAIL("the killed sleeper took %d ticks to exit", uptime() - t0);
}

static void
kill_myself(uint64 unused)
{
  kill(getpid());
  getpid();
}

/* A process that kills itself dies with status -1. */
static void
killself(void)
{
  EXPECT_EQ("status after kill(getpid())", -1, run_in_child(kill_myself, 0));
}

/* kill of a pid that does not exist fails. */
static void
killbadpid(void)
{
  EXPECT_EQ("kill(-1)", -1, kill(-1));
  EXPECT_EQ("kill(0)", -1, kill(0));
  EXPECT_EQ("kill(100000)", -1, kill(100000));
}

/* kill of a zombie does not change the status wait reports. */
static void
killzombie(void)
{
  int p[2], pid;
  char c;

  xpipe(p);
  pid = xfork();
  if (pid == 0)
    exit(5);
  /* EOF on the pipe: the child is inside exit, past closing its files. */
  close(p[1]);
  EXPECT_EQ("read until the child's exit", 0, read(p[0], &c, 1));
  close(p[0]);
  sleep(1);
  kill(pid);
  EXPECT_EQ("status of the zombie", 5, wait_for(pid));
}

/* ---------------------------------------------------------------- */
/* exec                                                              */
/* ---------------------------------------------------------------- */

/* exec runs a program with its arguments; open descriptors carry over. */
static void
exececho(void)
{
  char *argv[] = { "echo", "hello", "world", 0 };

  EXPECT_EQ("echo's status", 0, run_echo(argv, buf2, sizeof(buf2)));
  if (strcmp(buf2, "hello world\n") != 0)
    FAIL("echo printed \"%s\", expected \"hello world\\n\"", buf2);
}

/* exec of a missing file or a directory fails; the caller lives on. */
static void
execbadpath(void)
{
  char *argv[] = { "x", 0 };

  expect_exec_fails("exec of a missing file", "/no-such-program", argv);
  expect_exec_fails("exec of /", "/", argv);
  expect_exec_fails("exec of an empty path", "", argv);
}

/* exec of a file that is not an ELF program fails. */
static void
execnonelf(void)
{
  char *argv[] = { "x", 0 };
  uint magic = ELF_MAGIC;

  make_file("ne.txt", "#!/bin/sh\necho not a program\n", 30);
  make_file("ne.empty", "", 0);
  make_file("ne.short", &magic, sizeof(magic));
  expect_exec_fails("exec of README", "/README", argv);
  expect_exec_fails("exec of a text file", "ne.txt", argv);
  expect_exec_fails("exec of an empty file", "ne.empty", argv);
  expect_exec_fails("exec of a file with only the ELF magic", "ne.short", argv);
  unlink("ne.txt");
  unlink("ne.empty");
  unlink("ne.short");
}

/* exec with bad pointers for the path, argv or an argument fails. */
static void
execbadargs(void)
{
  char *argv[4];
  char **tail;
  char *top;

  argv[0] = "echo";
  argv[1] = (char *)KERNBASE;
  argv[2] = 0;
  expect_exec_fails("argv[1] in the kernel", ECHO, argv);
  argv[1] = (char *)MAXVA;
  expect_exec_fails("argv[1] at MAXVA", ECHO, argv);
  argv[1] = (char *)heap_limit();
  expect_exec_fails("argv[1] above the heap", ECHO, argv);
  argv[1] = "ok";
  expect_exec_fails("argv in the kernel", ECHO, (char **)KERNBASE);
  expect_exec_fails("argv at TRAPFRAME", ECHO, (char **)TRAPFRAME);
  expect_exec_fails("argv above the heap", ECHO, (char **)heap_limit());
  expect_exec_fails("path in the kernel", (char *)KERNBASE, argv);
  expect_exec_fails("path at MAXVA", (char *)MAXVA, argv);

  /* An argv array that runs off the end of the heap with no 0. */
  top = sbrk(0);
  sbrk(PGROUNDUP((uint64)top) - (uint64)top + PGSIZE);
  top = sbrk(0);
  tail = (char **)(top - 4 * sizeof(char *));
  tail[0] = "echo";
  tail[1] = tail[2] = tail[3] = "more";
  expect_exec_fails("argv without a 0 at the end of the heap", ECHO, tail);
}

/* exec passes MAXARG - 1 arguments (argv[] ends with its 0 in MAXARG). */
static void
execmaxarg(void)
{
  static char words[MAXARG][8];
  static char *argv[MAXARG];
  static char want[MAXARG * 8];
  int i;

  argv[0] = "echo";
  want[0] = 0;
  for (i = 1; i < MAXARG - 1; i++) {
    argv[i] = mkname(words[i], "w", i);
    strcpy(want + strlen(want), words[i]);
    strcpy(want + strlen(want), i < MAXARG - 2 ? " " : "\n");
  }
  argv[MAXARG - 1] = 0;
  EXPECT_EQ("echo's status", 0, run_echo(argv, buf2, sizeof(buf2)));
  if (strcmp(buf2, want) != 0)
    FAIL("echo printed \"%s\", expected \"%s\"", buf2, want);
}

/* exec with more than MAXARG arguments fails; the caller lives on. */
static void
exectoomanyargs(void)
{
  static char *argv[MAXARG + 8];
  int i;

  argv[0] = "echo";
  for (i = 1; i < MAXARG + 6; i++)
    argv[i] = "x";
  argv[MAXARG + 6] = 0;
  expect_exec_fails("exec with MAXARG + 6 arguments", ECHO, argv);
}

/* Arguments too big for the new stack make exec fail, not crash. */
static void
execbigargs(void)
{
  static char *argv[MAXARG];
  int nargs = MAXARG - 2, len, i;

  len = USERSTACK * PGSIZE / nargs + 64;
  if (len >= PGSIZE)
    len = PGSIZE - 1;
  if ((len + 1) * nargs > (int)sizeof(buf))
    FAIL("test buffer too small");
  argv[0] = "echo";
  for (i = 1; i <= nargs; i++) {
    argv[i] = buf + (i - 1) * (len + 1);
    memset(argv[i], 'a' + i % 26, len);
    argv[i][len] = 0;
  }
  argv[nargs + 1] = 0;
  expect_exec_fails("exec with arguments larger than the stack", ECHO, argv);
}

/*
 * A minimal RISC-V program: one read+execute segment at address 0
 * holding the headers and three instructions, exit(status).
 */
struct tinyelf {
  struct elfhdr eh;
  struct proghdr ph;
  uint code[3];
};

#define EM_RISCV 243
#define ET_EXEC  2

static struct tinyelf tiny;

/* RISC-V "addi rd, zero, imm". */
HELPER uint
insn_li(int rd, int imm)
{
  return ((uint)imm << 20) | (rd << 7) | 0x13;
}

/* Reset tiny to a well-formed program that exits with status. */
HELPER void
tiny_init(int status)
{
  memset(&tiny, 0, sizeof(tiny));
  tiny.eh.magic = ELF_MAGIC;
  tiny.eh.ident[0] = 2;       /* 64-bit */
  tiny.eh.ident[1] = 1;       /* little-endian */
  tiny.eh.ident[2] = 1;       /* ELF version 1 */
  tiny.eh.type = ET_EXEC;
  tiny.eh.machine = EM_RISCV;
  tiny.eh.version = 1;
  tiny.eh.entry = (uint64)tiny.code - (uint64)&tiny;
  tiny.eh.phoff = (uint64)&tiny.ph - (uint64)&tiny;
  tiny.eh.ehsize = sizeof(tiny.eh);
  tiny.eh.phentsize = sizeof(tiny.ph);
  tiny.eh.phnum = 1;
  tiny.ph.type = ELF_PROG_LOAD;
  tiny.ph.flags = ELF_PROG_FLAG_READ | ELF_PROG_FLAG_EXEC;
  tiny.ph.off = 0;
  tiny.ph.vaddr = 0;
  tiny.ph.filesz = sizeof(tiny);
  tiny.ph.memsz = PGSIZE;
  tiny.ph.align = PGSIZE;
  tiny.code[0] = insn_li(10, status);     /* a0 = status */
  tiny.code[1] = insn_li(17, SYS_exit);   /* a7 = SYS_exit */
  tiny.code[2] = 0x00000073;              /* ecall */
}

HELPER void
tiny_write(void)
{
  make_file("tiny.elf", &tiny, sizeof(tiny));
}

/* A hand-made ELF file runs: the exec tests' positive control. */
static void
exectinyelf(void)
{
  char *argv[] = { "tiny", 0 };
  int pid;

  tiny_init(7);
  tiny_write();
  pid = xfork();
  if (pid == 0) {
    exec("tiny.elf", argv);
    FAIL("exec of tiny.elf failed");
  }
  EXPECT_EQ("status of the tiny program", 7, wait_for(pid));
  unlink("tiny.elf");
}

/* Malformed ELF files make exec fail without harm. */
static void
execbadelf(void)
{
  char *argv[] = { "tiny", 0 };

  tiny_init(7);
  tiny.eh.magic = 0x12345678;
  tiny_write();
  expect_exec_fails("bad magic", "tiny.elf", argv);

  tiny_init(7);
  tiny.eh.phoff = 8192;
  tiny_write();
  expect_exec_fails("program headers past the end of the file", "tiny.elf", argv);

  tiny_init(7);
  tiny.eh.phoff += 1UL << 32;   /* 32 bits of it point at the headers */
  tiny_write();
  expect_exec_fails("program headers 4 GiB past where they are", "tiny.elf", argv);

  tiny_init(7);
  tiny.eh.phnum = 0xffff;
  tiny_write();
  expect_exec_fails("65535 program headers", "tiny.elf", argv);

  tiny_init(7);
  tiny.ph.memsz = 16;
  tiny_write();
  expect_exec_fails("memsz smaller than filesz", "tiny.elf", argv);

  tiny_init(7);
  tiny.ph.vaddr = 0x10;
  tiny.eh.entry += 0x10;
  tiny_write();
  expect_exec_fails("segment not page-aligned", "tiny.elf", argv);

  tiny_init(7);
  tiny.ph.vaddr = 0xfffffffffffff000UL;
  tiny_write();
  expect_exec_fails("segment wrapping around", "tiny.elf", argv);

  tiny_init(7);
  tiny.ph.vaddr = TRAPFRAME;
  tiny.ph.memsz = 2 * PGSIZE;
  tiny_write();
  expect_exec_fails("segment over the trampoline", "tiny.elf", argv);

  tiny_init(7);
  tiny.ph.vaddr = MAXVA;
  tiny_write();
  expect_exec_fails("segment at MAXVA", "tiny.elf", argv);

  tiny_init(7);
  tiny.ph.filesz = 100000;
  tiny.ph.memsz = 100000;
  tiny_write();
  expect_exec_fails("segment bytes past the end of the file", "tiny.elf", argv);

  tiny_init(7);
  tiny.ph.off = 0xfffffffffffff000UL;
  tiny_write();
  expect_exec_fails("segment offset wrapping around", "tiny.elf", argv);
  unlink("tiny.elf");
}

/* A program whose entry point is not mapped is killed, status -1. */
static void
execbadentry(void)
{
  char *argv[] = { "tiny", 0 };
  int pid;

  tiny_init(7);
  tiny.eh.entry = 0x100000;
  tiny_write();
  pid = xfork();
  if (pid == 0) {
    exec("tiny.elf", argv);
    FAIL("exec of tiny.elf failed");
  }
  EXPECT_EQ("status of a program with a bad entry", -1, wait_for(pid));
  unlink("tiny.elf");
}

/* ---------------------------------------------------------------- */
/* sbrk                                                              */
/* ---------------------------------------------------------------- */

/* sbrk grows the heap with zeroed, writable pages. */
static void
sbrkgrow(void)
{
  char *a = sbrk(0), *p;
  int i, n = 10 * PGSIZE;

  p = sbrk(n);
  EXPECT_PTR("sbrk(10 pages) returns the old break", a, p);
  EXPECT_PTR("break after growing", a + n, sbrk(0));
  for (i = 0; i < n; i++) {
    if (p[i] != 0)
      FAIL("new heap byte %d: expected 0, saw %d", i, p[i]);
  }
  for (i = 0; i < n; i++)
    p[i] = i * 7;
  for (i = 0; i < n; i++) {
    if (p[i] != (char)(i * 7))
      FAIL("heap byte %d did not keep its value", i);
  }
  EXPECT_PTR("shrink back", a + n, sbrk(-n));
  EXPECT_PTR("break after shrinking", a, sbrk(0));
}

/* sbrk works in bytes, not only whole pages. */
static void
sbrkbytes(void)
{
  char *a = sbrk(0);

  EXPECT_PTR("sbrk(1)", a, sbrk(1));
  EXPECT_PTR("break after sbrk(1)", a + 1, sbrk(0));
  a[0] = 'x';
  EXPECT_PTR("sbrk(PGSIZE + 2)", a + 1, sbrk(PGSIZE + 2));
  a[PGSIZE + 2] = 'y';
  EXPECT_EQ("byte kept", 'x', a[0]);
  EXPECT_PTR("sbrk(-(PGSIZE + 3))", a + PGSIZE + 3, sbrk(-(PGSIZE + 3)));
  EXPECT_PTR("break after shrinking", a, sbrk(0));
}

/* Shrinking keeps what is below; memory grown again starts zeroed. */
static void
sbrkshrink(void)
{
  char *a = sbrk(0), *p;
  int i;

  p = sbrk(20 * PGSIZE);
  if (p == (char *)-1)
    FAIL("sbrk(20 pages) failed");
  for (i = 0; i < 20; i++)
    memset(p + i * PGSIZE, 'A' + i, PGSIZE);
  EXPECT_PTR("shrink by 10 pages", a + 20 * PGSIZE, sbrk(-10 * PGSIZE));
  EXPECT_PTR("break after shrinking", a + 10 * PGSIZE, sbrk(0));
  for (i = 0; i < 10 * PGSIZE; i += 256) {
    if (p[i] != 'A' + i / PGSIZE)
      FAIL("byte %d changed by shrinking", i);
  }
  EXPECT_PTR("grow again", a + 10 * PGSIZE, sbrk(10 * PGSIZE));
  for (i = 10 * PGSIZE; i < 20 * PGSIZE; i++) {
    if (p[i] != 0)
      FAIL("regrown byte %d: expected 0, saw old data %d", i, p[i]);
  }
  sbrk(-20 * PGSIZE);
}

static void
touch_after_shrink(uint64 unused)
{
  char *a = sbrk(0);

  sbrk(4 * PGSIZE);
  a[4 * PGSIZE - 1] = 1;
  sbrk(-4 * PGSIZE);
  sink = a[PGSIZE];
}

/* Memory given back by sbrk is gone: touching it kills the process. */
static void
sbrkshrunkkills(void)
{
  EXPECT_EQ("status after touching freed heap", -1,
            run_in_child(touch_after_shrink, 0));
}

/* A request larger than memory fails, changing nothing. */
static void
sbrkhuge(void)
{
  struct sysinfo before, after;
  char *a = sbrk(0);

  EXPECT_EQ("sysinfo", 0, sysinfo(&before));
  EXPECT_PTR("sbrk(0x7fffffff)", -1, sbrk(0x7fffffff));
  EXPECT_PTR("break after the failed sbrk", a, sbrk(0));
  EXPECT_PTR("sbrk(1 << 30)", -1, sbrk(1 << 30));
  EXPECT_PTR("break after the failed sbrk", a, sbrk(0));
  EXPECT_EQ("sysinfo", 0, sysinfo(&after));
  EXPECT_EQ("free pages after the failed sbrks", before.freemem / PGSIZE,
            after.freemem / PGSIZE);
}

/* Shrinking below address 0 is refused: the heap and the process stay. */
static void
sbrknegative(void)
{
  char *a = sbrk(0);

  /* A shrink past the start leaves the heap as it is (2025 xv6). */
  EXPECT_PTR("sbrk(-(break + PGSIZE))", a, sbrk(-((int)(uint64)a + PGSIZE)));
  EXPECT_PTR("break after the refused shrink", a, sbrk(0));
  EXPECT_PTR("sbrk(-0x80000000)", a, sbrk(-0x7fffffff - 1));
  EXPECT_PTR("break after the refused shrink", a, sbrk(0));
  EXPECT_EQ("data after the refused shrink", CANARY, canary);
}

#define MIN_FILL (16 * 1024 * 1024)   /* sbrkfill expects at least this much */

/*
 * Grow the heap until memory runs out.  Returns the bytes obtained.
 */
HELPER uint64
fill_memory(char *start)
{
  uint64 total = 0;
  int step = 1024 * 1024;
  char *p;

  for (;;) {
    p = sbrk(step);
    if (p == (char *)-1) {
      if (step == PGSIZE)
        break;
      step = step == 1024 * 1024 ? 64 * 1024 : PGSIZE;
      continue;
    }
    if (p != start + total)
      FAIL("sbrk returned %p, expected %p", p, start + total);
    p[step - 1] = 1;
    total += step;
  }
  return total;
}

/* Out of memory: sbrk fails, other calls work or fail cleanly, all comes back. */
static void
sbrkfill(void)
{
  char *start = sbrk(0);
  struct sysinfo si;
  uint64 total;
  int pid, p[2];

  total = fill_memory(start);
  if (total < MIN_FILL)
    FAIL("only %d KB could be allocated", (int)(total / 1024));

  /*
   * sbrk leaves the kernel a reserve for page faults (reclaim.c), so
   * with no memory left for sbrk, fork and pipe may still work, or
   * fail cleanly.
   */
  if (sysinfo(&si) < 0 || si.freemem > 1024 * 1024)
    FAIL("%ld KB still free after sbrk failed", (long)(si.freemem / 1024));
  pid = fork();
  if (pid == 0)
    exit(0);
  if (pid > 0 && wait_for(pid) != 0)
    FAIL("a child forked with memory exhausted did not exit 0");
  if (pipe(p) == 0) {
    xwrite(p[1], "m", 1);
    EXPECT_EQ("read from a low-memory pipe", 1, read(p[0], buf, 1));
    close(p[0]);
    close(p[1]);
  }

  while (total > 0) {
    int n = total > 0x40000000 ? 0x40000000 : (int)total;
    sbrk(-n);
    total -= n;
  }
  EXPECT_PTR("break after giving memory back", start, sbrk(0));
  pid = xfork();
  if (pid == 0)
    exit(0);
  EXPECT_EQ("child status after memory came back", 0, wait_for(pid));
}

#define OOM_PROCS 3
#define OOM_GOT_NONE 2   /* exit status of a process that found memory gone */

/*
 * Several processes exhausting memory at once: no panic, and memory
 * comes back.  Which of them gets how much is a race (the last may
 * find nothing left), but at least one gets some.
 */
static void
oomparallel(void)
{
  int i, xstatus, fed = 0;
  char *start;

  for (i = 0; i < OOM_PROCS; i++) {
    if (xfork() == 0) {
      start = sbrk(0);
      if (fill_memory(start) == 0)
        exit(OOM_GOT_NONE);
      sleep(2);
      exit(0);
    }
  }
  for (i = 0; i < OOM_PROCS; i++) {
    if (wait(&xstatus) < 0)
      FAIL("wait found %d of %d allocating processes", i, OOM_PROCS);
    if (xstatus == 0)
      fed++;
    else if (xstatus != OOM_GOT_NONE)
      FAIL("an allocating process failed (status %d)", xstatus);
  }
  if (fed == 0)
    FAIL("no process got any memory");
  if (sbrk(PGSIZE) == (char *)-1)
    FAIL("sbrk of one page failed after the others exited");
  sbrk(-PGSIZE);
}

/* ---------------------------------------------------------------- */
/* Memory protection: accesses that kill                             */
/* ---------------------------------------------------------------- */

/* Loads from kernel memory kill the process. */
static void
kernload(void)
{
  expect_killed("load from", load_at, KERNBASE);
  expect_killed("load from", load_at, KERNBASE + 0x10000);
  expect_killed("load from", load_at, KERNBASE + (PHYSTOP - KERNBASE) / 2);
  expect_killed("load from", load_at, PHYSTOP - 1);
}

/* Stores to kernel memory kill the process. */
static void
kernstore(void)
{
  expect_killed("store to", store_at, KERNBASE);
  expect_killed("store to", store_at, KERNBASE + 0x10000);
  expect_killed("store to", store_at, KERNBASE + (PHYSTOP - KERNBASE) / 2);
  expect_killed("store to", store_at, PHYSTOP - 1);
}

/* Jumping into kernel memory kills the process. */
static void
kernexec(void)
{
  expect_killed("jump to", jump_to, KERNBASE);
  expect_killed("jump to", jump_to, KERNBASE + 0x1000);
}

/* Accesses at and above MAXVA, and non-canonical addresses, kill. */
static void
maxva(void)
{
  static uint64 addrs[] = {
    MAXVA, MAXVA + PGSIZE, 1UL << 39, 1UL << 45,
    0x8000000000000000UL, 0xffffffffffffff00UL,
  };
  int i;

  for (i = 0; i < NELEM(addrs); i++) {
    expect_killed("load from", load_at, addrs[i]);
    expect_killed("store to", store_at, addrs[i]);
  }
}

/* The trampoline and trapframe pages are not for user code to touch. */
static void
trappages(void)
{
  expect_killed("load from TRAPFRAME", load_at, TRAPFRAME);
  expect_killed("store to TRAPFRAME", store_at, TRAPFRAME);
  expect_killed("load from TRAMPOLINE", load_at, TRAMPOLINE);
  expect_killed("store to TRAMPOLINE", store_at, TRAMPOLINE);
  expect_killed("jump to TRAMPOLINE", jump_to, TRAMPOLINE);
}

/* Program text is read-only: a store into it kills. */
static void
textstore(void)
{
  expect_killed("store into text at", store_at, (uint64)createread);
  expect_killed("store into text at", store_at, 0);
}

static void
run_heap_code(uint64 unused)
{
  uint *code = (uint *)sbrk(PGSIZE);

  code[0] = 0x00008067;   /* ret */
  asm volatile("fence.i");
  ((void (*)(void))code)();
}

/* The heap and data are not executable. */
static void
noexec(void)
{
  expect_killed("run code on the heap at", run_heap_code, 0);
  *(uint *)buf = 0x00008067;
  asm volatile("fence.i");
  expect_killed("jump into data at", jump_to, (uint64)buf);
}

/* Addresses just above the heap are unmapped. */
static void
unmapped(void)
{
  uint64 top = heap_limit();

  expect_killed("load from", load_at, top);
  expect_killed("store to", store_at, top);
  expect_killed("load from", load_at, top + 50 * PGSIZE);
  expect_killed("jump to", jump_to, top);
}

/* The page under the stack is a guard: touching it kills. */
static void
stackguard(void)
{
  uint64 sp = r_sp(), guard = stack_guard_page();

  if (sp >= heap_start || sp < heap_start - USERSTACK * PGSIZE)
    FAIL("stack pointer %p is not in the stack below %p",
         (void *)sp, (void *)heap_start);
  expect_killed("load from the guard page", load_at, guard);
  expect_killed("store to the guard page", store_at, guard + PGSIZE - 8);
}

static volatile int recursion_limit = 1000000;

static int
recurse(int depth)
{
  volatile char frame[256];

  frame[0] = depth;
  if (depth >= recursion_limit)
    return 0;
  return recurse(depth + 1) + frame[0];
}

static void
overflow_stack(uint64 unused)
{
  sink = recurse(0);
}

/* Unbounded recursion runs into the guard page and is killed. */
static void
stackoverflow(void)
{
  EXPECT_EQ("status after stack overflow", -1, run_in_child(overflow_stack, 0));
}

/* ---------------------------------------------------------------- */
/* System calls given bad pointers                                   */
/* ---------------------------------------------------------------- */

/* read() into kernel, unmapped or guard addresses fails. */
static void
badread(void)
{
  uint64 addrs[NBAD];
  int n, i, fd, r;

  n = bad_addrs(addrs);
  fill(buf, 100, 11, 0);
  make_file("br.f", buf, 100);
  fd = xopen("br.f", O_RDONLY);
  for (i = 0; i < n; i++) {
    r = read(fd, (void *)addrs[i], 100);
    if (r != -1)
      FAIL("read into %p: expected -1, saw %d", (void *)addrs[i], r);
  }
  EXPECT_EQ("read after the failures (offset unmoved)", 100, read(fd, buf2, 200));
  expect_pattern("data", buf2, 100, 11, 0);
  close(fd);
  unlink("br.f");
}

/* read() into the program's own read-only text fails and changes nothing. */
static void
badreadtext(void)
{
  static char before[64];
  char *text = (char *)createread;
  int fd;

  memmove(before, text, sizeof(before));
  fill(buf, 100, 12, 0);
  make_file("brt.f", buf, 100);
  fd = xopen("brt.f", O_RDONLY);
  EXPECT_EQ("read into text", -1, read(fd, text, 64));
  EXPECT_EQ("read into address 0", -1, read(fd, 0, 64));
  close(fd);
  if (memcmp(before, text, sizeof(before)) != 0)
    FAIL("text changed by a failed read");
  unlink("brt.f");
}

/* write() from bad addresses fails and writes nothing. */
static void
badwrite(void)
{
  uint64 addrs[NBAD];
  struct stat st;
  int n, i, fd, r;

  n = bad_addrs(addrs);
  unlink("bw2.f");
  fd = xopen("bw2.f", O_CREATE | O_RDWR);
  for (i = 0; i < n; i++) {
    r = write(fd, (void *)addrs[i], 100);
    if (r != -1)
      FAIL("write from %p: expected -1, saw %d", (void *)addrs[i], r);
  }
  EXPECT_EQ("fstat", 0, fstat(fd, &st));
  EXPECT_EQ("size after failed writes", 0, st.size);
  close(fd);
  unlink("bw2.f");
}

/* Writes to the console from bad addresses fail. */
static void
badconsole(void)
{
  uint64 addrs[NBAD];
  int n, i, fd, r;

  n = bad_addrs(addrs);
  unlink("bc.dev");
  EXPECT_EQ("mknod", 0, mknod("bc.dev", CONSOLE_MAJOR, 0));
  fd = xopen("bc.dev", O_WRONLY);
  for (i = 0; i < n; i++) {
    r = write(fd, (void *)addrs[i], 16);
    if (r != -1)
      FAIL("console write from %p: expected -1, saw %d", (void *)addrs[i], r);
  }
  close(fd);
  unlink("bc.dev");
}

/* Pipe reads and writes with bad addresses fail; the pipe stays usable. */
static void
badpipe(void)
{
  uint64 addrs[NBAD];
  int n, i, p[2], r;

  n = bad_addrs(addrs);
  for (i = 0; i < n; i++) {
    xpipe(p);
    r = write(p[1], (void *)addrs[i], 16);
    if (r != -1)
      FAIL("pipe write from %p: expected -1, saw %d", (void *)addrs[i], r);
    xwrite(p[1], "abcd", 4);
    r = read(p[0], (void *)addrs[i], 4);
    if (r != -1)
      FAIL("pipe read into %p: expected -1, saw %d", (void *)addrs[i], r);
    close(p[0]);
    close(p[1]);
  }
}

/* Calls that store a result (fstat, pipe, sysinfo, wait) refuse bad pointers. */
static void
badresult(void)
{
  uint64 addrs[NBAD + 2];
  int n, i, fd, fd2, lowest, pid, r;

  n = bad_addrs(addrs);
  addrs[n++] = 0;                     /* read-only text */
  addrs[n++] = (uint64)createread;
  fd = xopen(".", O_RDONLY);
  lowest = xopen(".", O_RDONLY);
  close(lowest);
  for (i = 0; i < n; i++) {
    r = fstat(fd, (struct stat *)addrs[i]);
    if (r != -1)
      FAIL("fstat into %p: expected -1, saw %d", (void *)addrs[i], r);
    r = sysinfo((struct sysinfo *)addrs[i]);
    if (r != -1)
      FAIL("sysinfo into %p: expected -1, saw %d", (void *)addrs[i], r);
    r = pipe((int *)addrs[i]);
    if (r != -1)
      FAIL("pipe into %p: expected -1, saw %d", (void *)addrs[i], r);
    /* The failed pipe took no descriptor with it. */
    fd2 = xopen(".", O_RDONLY);
    EXPECT_EQ("lowest free descriptor after a failed pipe", lowest, fd2);
    close(fd2);
  }
  close(fd);

  for (i = 0; i < n; i++) {
    if (addrs[i] == 0)
      continue;                       /* wait(0) is allowed */
    pid = xfork();
    if (pid == 0)
      exit(0);
    sleep(1);
    r = wait((int *)addrs[i]);
    if (r != -1)
      FAIL("wait into %p: expected -1, saw %d", (void *)addrs[i], r);
    r = wait(0);
    if (r != pid && r != -1)
      FAIL("wait(0) after a failed wait: expected %d or -1, saw %d", pid, r);
    EXPECT_EQ("wait with no children left", -1, wait(0));
  }
}

/* Calls that take a path refuse bad path pointers. */
static void
badpath(void)
{
  uint64 addrs[NBAD];
  char *argv[] = { "x", 0 };
  int n, i;
  char *a;

  n = bad_addrs(addrs);
  make_file("bp.f", "x", 1);
  for (i = 0; i < n; i++) {
    a = (char *)addrs[i];
    if (open(a, O_RDONLY) != -1)
      FAIL("open(%p): expected -1", a);
    if (open(a, O_CREATE | O_RDWR) != -1)
      FAIL("open(%p, O_CREATE): expected -1", a);
    if (mkdir(a) != -1)
      FAIL("mkdir(%p): expected -1", a);
    if (unlink(a) != -1)
      FAIL("unlink(%p): expected -1", a);
    if (chdir(a) != -1)
      FAIL("chdir(%p): expected -1", a);
    if (link(a, "bp.g") != -1)
      FAIL("link(%p, bp.g): expected -1", a);
    if (link("bp.f", a) != -1)
      FAIL("link(bp.f, %p): expected -1", a);
    if (mknod(a, CONSOLE_MAJOR, 0) != -1)
      FAIL("mknod(%p): expected -1", a);
    expect_exec_fails("exec of a bad path", a, argv);
  }
  unlink("bp.f");
}

/*
 * Make the heap end exactly on a page boundary.  Returns the end: the
 * first unmapped byte.
 */
HELPER char*
align_heap(void)
{
  uint64 top = (uint64)sbrk(0);

  sbrk(PGROUNDUP(top) - top + PGSIZE);
  return sbrk(0);
}

/* A string that runs into unmapped memory without a NUL is refused. */
static void
unterminated(void)
{
  char *end = align_heap();
  char *s = end - 3;
  char *argv[] = { "x", 0 };
  int fd;

  memmove(s, "abc", 3);
  EXPECT_EQ("open of an unterminated path", -1, open(s, O_CREATE | O_RDWR));
  EXPECT_EQ("mkdir of an unterminated path", -1, mkdir(s));
  EXPECT_EQ("unlink of an unterminated path", -1, unlink(s));
  expect_exec_fails("exec of an unterminated path", s, argv);
  argv[0] = s;
  expect_exec_fails("exec with an unterminated argument", ECHO, argv);

  /* The same place with the NUL as the last mapped byte works. */
  memmove(s, "uz", 3);
  fd = open(s, O_CREATE | O_RDWR);
  if (fd < 0)
    FAIL("open of a path ending at the last heap byte failed");
  close(fd);
  EXPECT_EQ("unlink uz", 0, unlink("uz"));
}

/* Buffers that start mapped and run into unmapped memory are refused. */
static void
straddle(void)
{
  char *end = align_heap();
  int fd;

  fill(buf, 200, 13, 0);
  make_file("st.f", buf, 200);
  fd = xopen("st.f", O_RDONLY);
  EXPECT_EQ("read across the heap end", -1, read(fd, end - 10, 100));
  close(fd);
  fd = xopen("st.f", O_WRONLY);
  EXPECT_EQ("write across the heap end", -1, write(fd, end - 10, 100));
  close(fd);
  unlink("st.f");
}

/* ---------------------------------------------------------------- */
/* Time and accounting                                               */
/* ---------------------------------------------------------------- */

/* sleep(n) lasts at least n ticks; uptime never goes backwards. */
static void
sleepuptime(void)
{
  int t0, t1, i, prev;

  t0 = uptime();
  EXPECT_EQ("sleep(5)", 0, sleep(5));
  t1 = uptime();
  if (t1 - t0 < 5)
    FAIL("sleep(5) lasted %d ticks", t1 - t0);
  if (t1 - t0 > 100)
    FAIL("sleep(5) lasted %d ticks", t1 - t0);
  t0 = uptime();
  EXPECT_EQ("sleep(0)", 0, sleep(0));
  if (uptime() - t0 > 10)
    FAIL("sleep(0) lasted %d ticks", uptime() - t0);
  prev = uptime();
  for (i = 0; i < 1000; i++) {
    t1 = uptime();
    if (t1 < prev)
      FAIL("uptime went back from %d to %d", prev, t1);
    prev = t1;
  }
}

static void
sleep_negative(uint64 unused)
{
  int r = sleep(-10);

  if (r != 0 && r != -1)
    FAIL("sleep(-10) returned %d", r);
}

/* sleep with a negative count returns at once. */
static void
sleepnegative(void)
{
  int xstatus = run_with_deadline(sleep_negative, 0, 30);

  if (xstatus == DEADLINE_MISSED)
    FAIL("sleep(-10) did not return within 30 ticks");
  EXPECT_EQ("status", 0, xstatus);
}

/* sysinfo's nproc counts live processes. */
static void
sysinfonproc(void)
{
  struct sysinfo s0, s1, s2;
  int p[2], i, pid;
  char c;

  xpipe(p);
  EXPECT_EQ("sysinfo", 0, sysinfo(&s0));
  for (i = 0; i < 4; i++) {
    pid = xfork();
    if (pid == 0) {
      close(p[1]);
      read(p[0], &c, 1);
      exit(0);
    }
  }
  EXPECT_EQ("sysinfo", 0, sysinfo(&s1));
  EXPECT_EQ("nproc with four more processes", s0.nproc + 4, s1.nproc);
  close(p[1]);
  for (i = 0; i < 4; i++)
    wait(0);
  EXPECT_EQ("sysinfo", 0, sysinfo(&s2));
  EXPECT_EQ("nproc after reaping them", s0.nproc, s2.nproc);
  close(p[0]);
}

#define FM_PAGES 16

/* freemem drops by exactly the pages sbrk takes and comes back. */
static void
sysinfofreemem(void)
{
  struct sysinfo s0, s1, s2;

  /*
   * Touch the range once first, so that a page-table page the kernel
   * keeps after a shrink is not counted against the measured sbrk; and
   * page this program in, for a test before may have made the kernel
   * drop its text (a page arriving between the readings would count).
   */
  sbrk(FM_PAGES * PGSIZE);
  sbrk(-FM_PAGES * PGSIZE);
  pagein_self();

  EXPECT_EQ("sysinfo", 0, sysinfo(&s0));
  if (s0.freemem == 0 || s0.freemem % PGSIZE != 0)
    FAIL("freemem %ld is not a positive number of pages", s0.freemem);
  if (sbrk(FM_PAGES * PGSIZE) == (char *)-1)
    FAIL("sbrk failed");
  EXPECT_EQ("sysinfo", 0, sysinfo(&s1));
  EXPECT_EQ("pages taken by sbrk", FM_PAGES,
            (long)(s0.freemem - s1.freemem) / PGSIZE);
  sbrk(-FM_PAGES * PGSIZE);
  EXPECT_EQ("sysinfo", 0, sysinfo(&s2));
  EXPECT_EQ("pages given back", 0, (long)(s0.freemem - s2.freemem) / PGSIZE);
}

/* ---------------------------------------------------------------- */
/* Running out of disk                                               */
/* ---------------------------------------------------------------- */

#define INODE_CAP 3000   /* give up looking for the inode limit here */

/* Create files until the disk has no inodes left; then remove them. */
static void
outofinodes(void)
{
  char name[16];
  int n, i, fd;

  EXPECT_EQ("mkdir oi", 0, mkdir("oi"));
  EXPECT_EQ("chdir oi", 0, chdir("oi"));
  for (n = 0; n < INODE_CAP; n++) {
    fd = open(mkname(name, "i", n), O_CREATE | O_RDWR);
    if (fd < 0)
      break;
    close(fd);
  }
  if (n == INODE_CAP)
    FAIL("created %d files without running out of inodes", n);
  if (n < 10)
    FAIL("only %d files could be created", n);
  for (i = 0; i < n; i++) {
    if (unlink(mkname(name, "i", i)) != 0)
      FAIL("unlink %s failed", name);
  }
  fd = open("again", O_CREATE | O_RDWR);
  if (fd < 0)
    FAIL("create after freeing the inodes failed");
  close(fd);
  EXPECT_EQ("unlink again", 0, unlink("again"));
  EXPECT_EQ("chdir ..", 0, chdir(".."));
  EXPECT_EQ("unlink oi", 0, unlink("oi"));
}

#define OOB_BLOCKS   1024                        /* blocks per file (doubly indirect) */
#define BLOCKS_FILES (FSSIZE / OOB_BLOCKS + 2)     /* more files than fit on disk */

/* Write files until the disk is full; delete them; the space returns:
   a file as large as they were fits, but for the blocks of their block
   maps (usertests.exp runs on a small disk, for this). */
static void
outofblocks(void)
{
  char name[16];
  int nfiles, b, n, fd, full = 0, total = 0, i;

  EXPECT_EQ("mkdir ob", 0, mkdir("ob"));
  EXPECT_EQ("chdir ob", 0, chdir("ob"));
  memset(buf, 'b', sizeof(buf));
  for (nfiles = 0; nfiles < BLOCKS_FILES && !full; nfiles++) {
    fd = open(mkname(name, "b", nfiles), O_CREATE | O_WRONLY);
    if (fd < 0)
      break;
    for (b = 0; b < OOB_BLOCKS; b += CHUNK_BLOCKS) {
      if (write(fd, buf, CHUNK_BLOCKS * BSIZE) != CHUNK_BLOCKS * BSIZE) {
        full = 1;
        break;
      }
      total += CHUNK_BLOCKS;
    }
    close(fd);
  }
  if (!full && nfiles == BLOCKS_FILES)
    FAIL("wrote %d blocks without filling the disk", total);
  if (total < 100)
    FAIL("only %d blocks could be written", total);
  for (i = 0; i < nfiles; i++) {
    if (unlink(mkname(name, "b", i)) != 0)
      FAIL("unlink %s failed", name);
  }

  /* The blocks are free again. */
  total -= nfiles * 8;   /* each file's block map: at most 8 blocks */
  if (total > MAXFILE)
    total = MAXFILE;
  fd = xopen("again", O_CREATE | O_WRONLY);
  for (b = 0; b < total; b += n) {
    n = total - b < CHUNK_BLOCKS ? total - b : CHUNK_BLOCKS;
    if (write(fd, buf, n * BSIZE) != n * BSIZE)
      FAIL("write at block %d of %d after freeing the disk failed", b, total);
  }
  close(fd);
  EXPECT_EQ("unlink again", 0, unlink("again"));
  EXPECT_EQ("chdir ..", 0, chdir(".."));
  EXPECT_EQ("unlink ob", 0, unlink("ob"));
}

/* ---------------------------------------------------------------- */
/* The runner                                                        */
/* ---------------------------------------------------------------- */

struct test {
  char *name;
  void (*fn)(void);
  int slow;            /* skipped by -q */
};

static struct test tests[] = {
  /* files */
  { "createread",      createread,      0 },
  { "openmodes",       openmodes,       0 },
  { "zerolength",      zerolength,      0 },
  { "otrunc",          otrunc,          0 },
  { "indirect",        indirect,        0 },
  { "bigwrite",        bigwrite,        0 },
  { "bigfile",         bigfile,         1 },
  { "manyfiles",       manyfiles,       1 },
  { "direntreuse",     direntreuse,     0 },
  /* directories and names */
  { "mkdirchdir",      mkdirchdir,      0 },
  { "direrrors",       direrrors,       0 },
  { "rmdir",           rmdir,           0 },
  { "dots",            dots,            0 },
  { "dirnlink",        dirnlink,        0 },
  { "rmcwd",           rmcwd,           0 },
  { "unlinkopen",      unlinkopen,      0 },
  { "linkunlink",      linkunlink,      0 },
  { "pathmax",         pathmax,         0 },
  { "pathtoolong",     pathtoolong,     0 },
  { "dirsiz",          dirsiz,          0 },
  { "deepdirs",        deepdirs,        0 },
  { "readdir",         readdir,         0 },
  { "dirwrite",        dirwrite,        0 },
  { "fstatfields",     fstatfields,     0 },
  /* file descriptors */
  { "dupoffset",       dupoffset,       0 },
  { "forkoffset",      forkoffset,      0 },
  { "badfd",           badfd,           0 },
  { "fdlimit",         fdlimit,         0 },
  { "exitcloses",      exitcloses,      0 },
  { "filetable",       filetable,       0 },
  /* concurrency */
  { "concreate",       concreate,       0 },
  { "concfiles",       concfiles,       0 },
  { "sharedappend",    sharedappend,    0 },
  { "conclookup",      conclookup,      0 },
  { "concalloc",       concalloc,       0 },
  /* pipes */
  { "pipebasic",       pipebasic,       0 },
  { "pipelarge",       pipelarge,       0 },
  { "pipeeof",         pipeeof,         0 },
  { "pipenoreader",    pipenoreader,    0 },
  { "pipewriterwakes", pipewriterwakes, 0 },
  { "pipewrongend",    pipewrongend,    0 },
  { "pingpong",        pingpong,        0 },
  /* processes */
  { "exitstatus",      exitstatus,      0 },
  { "waitnochild",     waitnochild,     0 },
  { "waitnull",        waitnull,        0 },
  { "waitmany",        waitmany,        0 },
  { "getpid",          getpidfork,      0 },
  { "forkcopy",        forkcopy,        0 },
  { "orphan",          orphan,          0 },
  { "manyforks",       manyforks,       0 },
  { "forkfull",        forkfull,        0 },
  { "killrunning",     killrunning,     0 },
  { "killsleeping",    killsleeping,    0 },
  { "killself",        killself,        0 },
  { "killbadpid",      killbadpid,      0 },
  { "killzombie",      killzombie,      0 },
  /* exec */
  { "exececho",        exececho,        0 },
  { "execbadpath",     execbadpath,     0 },
  { "execnonelf",      execnonelf,      0 },
  { "execbadargs",     execbadargs,     0 },
  { "execmaxarg",      execmaxarg,      0 },
  { "exectoomanyargs", exectoomanyargs, 0 },
  { "execbigargs",     execbigargs,     0 },
  { "exectinyelf",     exectinyelf,     0 },
  { "execbadelf",      execbadelf,      0 },
  { "execbadentry",    execbadentry,    0 },
  /* sbrk and memory */
  { "sbrkgrow",        sbrkgrow,        0 },
  { "sbrkbytes",       sbrkbytes,       0 },
  { "sbrkshrink",      sbrkshrink,      0 },
  { "sbrkshrunkkills", sbrkshrunkkills, 0 },
  { "sbrkhuge",        sbrkhuge,        0 },
  { "sbrknegative",    sbrknegative,    0 },
  { "sbrkfill",        sbrkfill,        0 },
  { "oomparallel",     oomparallel,     0 },
  /* memory protection */
  { "kernload",        kernload,        0 },
  { "kernstore",       kernstore,       0 },
  { "kernexec",        kernexec,        0 },
  { "maxva",           maxva,           0 },
  { "trappages",       trappages,       0 },
  { "textstore",       textstore,       0 },
  { "noexec",          noexec,          0 },
  { "unmapped",        unmapped,        0 },
  { "stackguard",      stackguard,      0 },
  { "stackoverflow",   stackoverflow,   0 },
  /* bad pointers */
  { "badread",         badread,         0 },
  { "badreadtext",     badreadtext,     0 },
  { "badwrite",        badwrite,        0 },
  { "badconsole",      badconsole,      0 },
  { "badpipe",         badpipe,         0 },
  { "badresult",       badresult,       0 },
  { "badpath",         badpath,         0 },
  { "unterminated",    unterminated,    0 },
  { "straddle",        straddle,        0 },
  /* time and accounting */
  { "sleepuptime",     sleepuptime,     0 },
  { "sleepnegative",   sleepnegative,   0 },
  { "sysinfonproc",    sysinfonproc,    0 },
  { "sysinfofreemem",  sysinfofreemem,  0 },
  /* running out of disk */
  { "outofinodes",     outofinodes,     1 },
  { "outofblocks",     outofblocks,     1 },
};

/*
 * Read what a finished test wrote into the report pipe into reason
 * (at most REASON_MAX - 1 bytes), turning line breaks into "; ".
 * Every write end must be closed by now.
 */
static void
read_reason(int fd, char *reason)
{
  char c;
  int n = 0;

  while (read(fd, &c, 1) == 1) {
    if (n >= REASON_MAX - 3)
      continue;
    if (c == '\n') {
      reason[n++] = ';';
      reason[n++] = ' ';
    } else {
      reason[n++] = c;
    }
  }
  while (n > 0 && (reason[n - 1] == ' ' || reason[n - 1] == ';'))
    n--;
  reason[n] = 0;
}

/*
 * Wait, up to SETTLE_TICKS, until no more processes are alive than
 * nproc (orphans of the test are reaped by init).  Returns the excess
 * still alive.
 */
static int
settle(uint64 nproc)
{
  struct sysinfo now;
  int i;

  for (i = 0; ; i++) {
    if (sysinfo(&now) < 0)
      return 0;
    if (now.nproc <= nproc || i >= SETTLE_TICKS)
      break;
    sleep(1);
  }
  return now.nproc > nproc ? now.nproc - nproc : 0;
}

/*
 * Run t in a child with a watchdog, check for leaks, and print its
 * result line.  Returns 1 if it passed.
 */
static int
run_test(struct test *t)
{
  static char reason[REASON_MAX];
  struct sysinfo before;
  uint64 free_before;
  int p[2], go[2], pid, dog, who, xstatus = 0, timed_out = 0, left;
  long leaked;
  char c;

  /*
   * go holds the test back until the watchdog exists: otherwise the
   * watchdog's fork would allocate pages while a test measures memory.
   * The test waits for end of file, which comes only when every other
   * end is closed, so its own close frees the pipe before it starts.
   */
  /* Name the case first: if it panics the kernel, the log says which. */
  printf("test %s: ", t->name);
  if (pipe(p) < 0 || sysinfo(&before) < 0 || (free_before = free_less_swap()) == 0 ||
      pipe(go) < 0) {
    printf("FAILED (cannot set up: pipe or sysinfo failed)\n");
    return 0;
  }

  pid = fork();
  if (pid < 0) {
    printf("FAILED (fork failed)\n");
    close(p[0]);
    close(p[1]);
    close(go[0]);
    close(go[1]);
    return 0;
  }
  if (pid == 0) {
    close(p[0]);
    close(go[1]);
    while (read(go[0], &c, 1) > 0)
      ;
    close(go[0]);
    report_fd = p[1];
    t->fn();
    exit(0);
  }

  dog = fork();
  if (dog == 0) {
    close(p[0]);
    close(p[1]);
    close(go[0]);
    close(go[1]);
    sleep(t->slow ? SLOW_TICKS : QUICK_TICKS);
    kill(pid);
    exit(0);
  }
  close(p[1]);
  close(go[0]);
  close(go[1]);

  who = wait(&xstatus);
  if (dog > 0 && who == dog) {
    timed_out = 1;
    wait(&xstatus);
  } else if (dog > 0) {
    kill(dog);
    wait(0);
  }

  left = settle(before.nproc);
  reason[0] = 0;
  if (left == 0)
    read_reason(p[0], reason);
  leaked = ((long)free_before - (long)free_less_swap()) / PGSIZE;
  close(p[0]);

  if (timed_out) {
    printf("FAILED (timed out after %d ticks%s%s)\n",
           t->slow ? SLOW_TICKS : QUICK_TICKS, reason[0] ? "; " : "", reason);
  } else if (xstatus != 0 && reason[0]) {
    printf("FAILED (%s)\n", reason);
  } else if (xstatus == -1) {
    printf("FAILED (killed by the kernel, status -1)\n");
  } else if (xstatus != 0) {
    printf("FAILED (exit status %d)\n", xstatus);
  } else if (left > 0) {
    printf("FAILED (%d process(es) still running after it ended)\n", left);
  } else if (leaked > 0) {
    printf("FAILED (leaked %ld pages)\n", leaked);
  } else if (leaked < 0) {
    printf("FAILED (free memory grew by %ld pages)\n", -leaked);
  } else {
    printf("OK\n");
    return 1;
  }
  return 0;
}

static struct test*
find_test(const char *name)
{
  int i;

  for (i = 0; i < NELEM(tests); i++) {
    if (strcmp(tests[i].name, name) == 0)
      return &tests[i];
  }
  return 0;
}

/*
 * Exercise once what the kernel may set up lazily on first use, so
 * the first measured test does not pay for it.
 */
static void
warm_up(void)
{
  int p[2], fd, pid;

  if (pipe(p) == 0) {
    write(p[1], "w", 1);
    read(p[0], buf, 1);
    close(p[0]);
    close(p[1]);
  }
  fd = open("ut.warm", O_CREATE | O_RDWR);
  if (fd >= 0) {
    write(fd, buf, BSIZE);
    close(fd);
    unlink("ut.warm");
  }
  pid = fork();
  if (pid == 0)
    exit(0);
  if (pid > 0)
    wait(0);
  pagein_self();   /* bss and stack pages arrive at first touch */
}

int
main(int argc, char *argv[])
{
  int quick = 0, named = 0, failed = 0, ran = 0, i, j, selected;

  heap_start = (uint64)sbrk(0);
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0) {
      quick = 1;
    } else if (find_test(argv[i]) != 0) {
      named++;
    } else {
      fprintf(2, "usertests: no test named %s\n", argv[i]);
      fprintf(2, "usage: usertests [-q] [test ...]\n");
      exit(1);
    }
  }

  warm_up();
  printf("usertests starting\n");
  for (i = 0; i < NELEM(tests); i++) {
    if (named > 0) {
      selected = 0;
      for (j = 1; j < argc; j++) {
        if (strcmp(argv[j], tests[i].name) == 0)
          selected = 1;
      }
    } else {
      selected = !(quick && tests[i].slow);
    }
    if (!selected)
      continue;
    ran++;
    if (!run_test(&tests[i]))
      failed++;
  }

  if (failed > 0) {
    printf("%d of %d tests failed\n", failed, ran);
    printf("SOME TESTS FAILED\n");
    exit(1);
  }
  printf("ALL TESTS PASSED\n");
  exit(0);
}
