/*
 * apitest: the user API contract (the chapter "The user API" of the
 * manual, doc/xv6-mmap.texi), compiled and run.
 *
 * It includes every header of the contract, param.h and fcntl.h first
 * (they must hold macros only), names every function and constant the
 * contract names, and checks each constant's value, the layout of the
 * shared structures, and the library's behaviour.  It defines globals
 * named err, buf, testname and makefile, as xv6 tests do, so linking it
 * proves the library exports nothing by those names.
 */
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/riscv.h"
#include "kernel/fs.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "kernel/sysinfo.h"
#include "kernel/vm.h"
#include "user/user.h"
#include "user/mman.h"

#define OFFSET(type, field) ((long) __builtin_offsetof(type, field))

/* Names xv6 test programs define for themselves. */
int err;
char buf[256];
char *testname = "apitest";
int makefile = 1;

/* The group being checked and its first failure. */
static int group_failed;
static const char *fail_what;
static long fail_want;
static long fail_saw;
static int failures;

static void
expect(const char *what, long saw, long want)
{
  if (saw == want || group_failed)
    return;
  group_failed = 1;
  fail_what = what;
  fail_want = want;
  fail_saw = saw;
}

/* Check that the expression named has the value want. */
#define EXPECT(expr, want) expect(#expr, (long) (expr), (long) (want))
#define EXPECT_TRUE(cond)  expect(#cond, (cond) != 0, 1)

static void
begin(void)
{
  group_failed = 0;
}

static void
end(const char *name)
{
  if (group_failed) {
    printf("test %s: FAILED (%s: expected %ld, saw %ld)\n",
           name, fail_what, fail_want, fail_saw);
    failures++;
  } else {
    printf("test %s: OK\n", name);
  }
}

static void
test_types(void)
{
  begin();
  EXPECT(sizeof(uint), 4);
  EXPECT(sizeof(ushort), 2);
  EXPECT(sizeof(uchar), 1);
  EXPECT(sizeof(uint8), 1);
  EXPECT(sizeof(uint16), 2);
  EXPECT(sizeof(uint32), 4);
  EXPECT(sizeof(uint64), 8);
  EXPECT(sizeof(pde_t), 8);
  EXPECT(sizeof(size_t), 8);
  EXPECT(sizeof(off_t), 8);
  EXPECT_TRUE((off_t) -1 < 0);
  EXPECT_TRUE((size_t) -1 > 0);
  EXPECT_TRUE((uint64) -1 > 0);
  end("type-sizes");
}

static void
test_param(void)
{
  begin();
  EXPECT(NPROC, 64);
  EXPECT(NCPU, 8);
  EXPECT(NOFILE, 16);
  EXPECT(NFILE, 100);
  EXPECT(NINODE, 50);
  EXPECT(NDEV, 10);
  EXPECT(ROOTDEV, 1);
  EXPECT(MAXARG, 32);
  EXPECT(MAXOPBLOCKS, 10);
  EXPECT_TRUE(LOGSIZE >= MAXOPBLOCKS);
  EXPECT_TRUE(NBUF >= MAXOPBLOCKS);
  EXPECT_TRUE(FSSIZE >= 2000);
  EXPECT(MAXPATH, 128);
  end("param-values");
}

static void
test_fcntl(void)
{
  begin();
  EXPECT(O_RDONLY, 0x000);
  EXPECT(O_WRONLY, 0x001);
  EXPECT(O_RDWR, 0x002);
  EXPECT(O_CREATE, 0x200);
  EXPECT(O_TRUNC, 0x400);
  end("fcntl-values");

  begin();
  EXPECT(PROT_NONE, 0x0);
  EXPECT(PROT_READ, 0x1);
  EXPECT(PROT_WRITE, 0x2);
  EXPECT(PROT_EXEC, 0x4);
  EXPECT(MAP_SHARED, 0x01);
  EXPECT(MAP_PRIVATE, 0x02);
  EXPECT(MAP_FIXED, 0x10);
  EXPECT(MAP_ANONYMOUS, 0x20);
  EXPECT(MAP_ANON, 0x20);
  EXPECT(MAP_GROWSUP, 0x200);
  EXPECT(MAP_POPULATE, 0x8000);
  EXPECT(MAP_FIXED_NOREPLACE, 0x100000);
  EXPECT(MS_ASYNC, 1);
  EXPECT(MS_INVALIDATE, 2);
  EXPECT(MS_SYNC, 4);
  EXPECT(MAP_FAILED, -1);
  end("mmap-values");
}

static void
test_stat_layout(void)
{
  begin();
  EXPECT(T_DIR, 1);
  EXPECT(T_FILE, 2);
  EXPECT(T_DEVICE, 3);
  EXPECT(OFFSET(struct stat, dev), 0);
  EXPECT(OFFSET(struct stat, ino), 4);
  EXPECT(OFFSET(struct stat, type), 8);
  EXPECT(OFFSET(struct stat, nlink), 10);
  EXPECT(OFFSET(struct stat, size), 16);
  EXPECT(sizeof(struct stat), 24);
  end("stat-layout");
}

static void
test_fs_layout(void)
{
  begin();
  EXPECT(ROOTINO, 1);
  EXPECT(BSIZE, 1024);
  EXPECT(FSMAGIC, 0x10203040);
  EXPECT(NINDIRECT, BSIZE / sizeof(uint));
  EXPECT(MAXFILE, NDIRECT + NINDIRECT + NINDIRECT * NINDIRECT);
  EXPECT(DIRSIZ, 14);
  EXPECT(sizeof(struct dirent), 16);
  EXPECT(OFFSET(struct dirent, name), 2);
  EXPECT(sizeof(struct superblock), 8 * sizeof(uint));
  EXPECT(OFFSET(struct superblock, magic), 0);
  EXPECT(OFFSET(struct dinode, size), 8);
  EXPECT(OFFSET(struct dinode, addrs), 12);
  EXPECT(sizeof(struct dinode), 12 + (NDIRECT + 2) * sizeof(uint));
  EXPECT(BSIZE % sizeof(struct dinode), 0);
  end("fs-layout");
}

static void
test_riscv(void)
{
  uint64 sp = r_sp();
  char here;

  begin();
  EXPECT(PGSIZE, 4096);
  EXPECT(PGSHIFT, 12);
  EXPECT(1L << PGSHIFT, PGSIZE);
  EXPECT(PGROUNDUP(1), 4096);
  EXPECT(PGROUNDUP(4096), 4096);
  EXPECT(PGROUNDDOWN(4097), 4096);
  EXPECT(PTE_V, 1L << 0);
  EXPECT(PTE_R, 1L << 1);
  EXPECT(PTE_W, 1L << 2);
  EXPECT(PTE_X, 1L << 3);
  EXPECT(PTE_U, 1L << 4);
  EXPECT(MAXVA, 1L << 38);
  EXPECT(sp % 16, 0);
  EXPECT_TRUE(sp != 0 && sp < TRAPFRAME);
  EXPECT_TRUE((uint64) &here >= sp && (uint64) &here < sp + PGSIZE);
  end("riscv-values");
}

static void
test_memlayout(void)
{
  begin();
  EXPECT(KERNBASE, 0x80000000L);
  EXPECT_TRUE(PHYSTOP > KERNBASE);
  EXPECT(UART0, 0x10000000L);
  EXPECT(VIRTIO0, 0x10001000L);
  EXPECT(PLIC, 0x0c000000L);
  EXPECT(TRAMPOLINE, MAXVA - PGSIZE);
  EXPECT(TRAPFRAME, TRAMPOLINE - PGSIZE);
  EXPECT_TRUE(KSTACK(0) < TRAPFRAME);
  EXPECT_TRUE(KSTACK(1) < KSTACK(0));
  end("memlayout-values");
}

static void
test_syscall_numbers(void)
{
  static const int added[] = {
    SYS_sysinfo, SYS_mmap, SYS_munmap, SYS_msync, SYS_mprotect, SYS_vmainfo,
  };
  int i, j;

  begin();
  EXPECT(SYS_fork, 1);
  EXPECT(SYS_exit, 2);
  EXPECT(SYS_wait, 3);
  EXPECT(SYS_pipe, 4);
  EXPECT(SYS_read, 5);
  EXPECT(SYS_kill, 6);
  EXPECT(SYS_exec, 7);
  EXPECT(SYS_fstat, 8);
  EXPECT(SYS_chdir, 9);
  EXPECT(SYS_dup, 10);
  EXPECT(SYS_getpid, 11);
  EXPECT(SYS_sbrk, 12);
  EXPECT(SYS_sleep, 13);
  EXPECT(SYS_uptime, 14);
  EXPECT(SYS_open, 15);
  EXPECT(SYS_write, 16);
  EXPECT(SYS_mknod, 17);
  EXPECT(SYS_unlink, 18);
  EXPECT(SYS_link, 19);
  EXPECT(SYS_mkdir, 20);
  EXPECT(SYS_close, 21);
  for (i = 0; i < sizeof(added) / sizeof(added[0]); i++) {
    expect("new call numbered after SYS_close", added[i] > SYS_close, 1);
    for (j = 0; j < i; j++)
      expect("new call numbers distinct", added[i] != added[j], 1);
  }
  end("syscall-numbers");
}

static void
test_sysinfo(void)
{
  struct sysinfo info;

  begin();
  EXPECT(sizeof(struct sysinfo), 16);
  EXPECT(OFFSET(struct sysinfo, freemem), 0);
  EXPECT(OFFSET(struct sysinfo, nproc), 8);
  EXPECT(sysinfo(&info), 0);
  EXPECT_TRUE(info.freemem > 0 && info.freemem % PGSIZE == 0);
  EXPECT_TRUE(info.nproc >= 1 && info.nproc <= NPROC);
  EXPECT(sysinfo((struct sysinfo *) KERNBASE), -1);
  end("sysinfo");
}

/*
 * The 2025 xv6 additions: pause (sleep's new name), sys_sbrk with its
 * two kinds, sbrk and sbrklazy in the library, SBRK_ERROR, USERSTACK.
 */
static void
test_api_2025(void)
{
  void *calls[] = { pause, sys_sbrk, sbrk, sbrklazy };
  struct sysinfo before, after;
  char *old, *top;
  int i;

  begin();
  EXPECT(SYS_pause, 13);
  EXPECT(SYS_pause, SYS_sleep);
  EXPECT(SBRK_EAGER, 1);
  EXPECT(SBRK_LAZY, 2);
  EXPECT(SBRK_ERROR, (char *)-1);
  EXPECT(USERSTACK, 1);
  for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
    expect("2025 function present", calls[i] != 0, 1);
  EXPECT(pause(1), 0);

  /* A lazy GiB on 128 MiB of RAM: address space only. */
  sysinfo(&before);
  old = sbrklazy(1 << 30);
  EXPECT_TRUE(old != SBRK_ERROR);
  sysinfo(&after);
  EXPECT_TRUE(before.freemem - after.freemem <= 4 * PGSIZE);
  top = sbrk(0);
  EXPECT(top - old, 1 << 30);
  old[0] = 'a';
  old[(1 << 30) - 1] = 'z';          /* each first touch costs a page */
  EXPECT(old[0] + old[(1 << 30) - 1], 'a' + 'z');
  EXPECT(old[PGSIZE * 100], 0);       /* an untouched page reads zero */
  EXPECT(sbrk(-(1 << 30)), top);
  EXPECT(sbrk(0), old);

  /* A kind of growth that is neither fails, and changes nothing. */
  top = sbrk(0);
  EXPECT(sys_sbrk(PGSIZE, 0), SBRK_ERROR);
  EXPECT(sys_sbrk(PGSIZE, 3), SBRK_ERROR);
  EXPECT(sbrk(0), top);

  /* A shrink past the start leaves the heap as it is. */
  top = sbrk(0);
  EXPECT(sbrk(-0x7fffffff), top);
  EXPECT(sbrk(0), top);
  end("api-2025");
}

/* Every function of user/user.h, by address. */
static void
test_functions(void)
{
  void *calls[] = {
    fork, exit, wait, pipe, write, read, close, kill, exec, open, mknod,
    unlink, fstat, link, mkdir, chdir, dup, getpid, sbrk, sleep, uptime,
    sysinfo, mmap, munmap, msync, mprotect, vmainfo,
  };
  void *library[] = {
    stat, strcpy, memmove, strchr, strcmp, fprintf, printf, gets, strlen,
    memset, malloc, free, atoi, memcmp, memcpy,
  };
  int i;

  begin();
  for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
    expect("system call stub present", calls[i] != 0, 1);
  for (i = 0; i < sizeof(library) / sizeof(library[0]); i++)
    expect("library function present", library[i] != 0, 1);
  EXPECT_TRUE(getpid() > 0);
  EXPECT_TRUE(uptime() >= 0);
  end("functions");
}

static void
test_strings(void)
{
  char a[32], b[32];

  begin();
  EXPECT(strlen(""), 0);
  EXPECT(strlen("hello"), 5);
  EXPECT(strcpy(a, "xv6") == a, 1);
  EXPECT(strcmp(a, "xv6"), 0);
  EXPECT_TRUE(strcmp("abc", "abd") < 0);
  EXPECT_TRUE(strcmp("abd", "abc") > 0);
  EXPECT_TRUE(strcmp("ab", "abc") < 0);
  EXPECT_TRUE(strcmp("\xff", "a") > 0);
  EXPECT(*strchr("hello", 'l'), 'l');
  EXPECT(strchr("hello", 'z') == 0, 1);
  EXPECT(atoi("0"), 0);
  EXPECT(atoi("12345"), 12345);
  EXPECT(atoi("42abc"), 42);
  EXPECT(memset(a, 'q', 10) == a, 1);
  EXPECT(a[0] == 'q' && a[9] == 'q', 1);
  EXPECT(memcmp("abc", "abc", 3), 0);
  EXPECT_TRUE(memcmp("abc", "abd", 3) < 0);
  EXPECT_TRUE(memcmp("\x80", "\x01", 1) > 0);
  strcpy(b, "0123456789");
  EXPECT(memmove(b + 2, b, 5) == b + 2, 1);
  EXPECT(memcmp(b, "0101234789", 10), 0);
  strcpy(b, "0123456789");
  memmove(b, b + 3, 5);
  EXPECT(memcmp(b, "3456756789", 10), 0);
  EXPECT(memcpy(a, "copy", 5) == a, 1);
  EXPECT(strcmp(a, "copy"), 0);
  end("library-strings");
}

/* gets() reads standard input: feed it from a pipe. */
static void
test_gets(void)
{
  char line[16];
  int p[2], saved;

  begin();
  EXPECT(pipe(p), 0);
  saved = dup(0);
  close(0);
  EXPECT(dup(p[0]), 0);
  close(p[0]);
  write(p[1], "first\nsecond line is long\n", 26);
  close(p[1]);

  gets(line, sizeof(line));
  EXPECT(strcmp(line, "first\n"), 0);
  gets(line, sizeof(line));
  EXPECT(strlen(line), sizeof(line) - 1);
  EXPECT(memcmp(line, "second line is ", 15), 0);
  gets(line, sizeof(line));
  EXPECT(strcmp(line, "long\n"), 0);
  gets(line, sizeof(line));
  EXPECT(line[0], 0);

  close(0);
  dup(saved);
  close(saved);
  end("library-gets");
}

static void
test_stat_call(void)
{
  struct stat st;

  begin();
  EXPECT(stat("/", &st), 0);
  EXPECT(st.type, T_DIR);
  EXPECT(st.ino, ROOTINO);
  EXPECT(stat("/README", &st), 0);
  EXPECT(st.type, T_FILE);
  EXPECT_TRUE(st.size > 0);
  EXPECT(stat("/no-such-file", &st), -1);
  end("library-stat");
}

static void
test_malloc(void)
{
  enum { N = 64 };
  char *blocks[N];
  char *big;
  int i, j;

  begin();
  for (i = 0; i < N; i++) {
    blocks[i] = malloc(i * 37 + 1);
    expect("malloc result", blocks[i] != 0, 1);
    if (blocks[i] == 0)
      break;
    expect("malloc alignment", (uint64) blocks[i] % 8, 0);
    memset(blocks[i], i, i * 37 + 1);
  }
  for (i = 0; i < N && blocks[i] != 0; i++) {
    for (j = 0; j < i * 37 + 1; j++) {
      if (blocks[i][j] != (char) i) {
        expect("malloc blocks overlap", blocks[i][j], i);
        break;
      }
    }
  }
  for (i = 0; i < N && blocks[i] != 0; i += 2)
    free(blocks[i]);
  for (i = 1; i < N && blocks[i] != 0; i += 2)
    free(blocks[i]);
  big = malloc(100000);
  EXPECT_TRUE(big != 0);
  if (big != 0) {
    big[0] = big[99999] = 'b';
    free(big);
  }
  EXPECT(malloc(0x7fffffff) == 0, 1);
  free(0);
  end("malloc");
}

/* printf and fprintf: format into a pipe and compare what arrives. */
static int outpipe[2];

static void
expect_output(const char *want, const char *call)
{
  char got[128];
  int n;

  n = read(outpipe[0], got, sizeof(got) - 1);
  if (n < 0)
    n = 0;
  got[n] = '\0';
  if (strcmp(got, want) != 0 && !group_failed) {
    printf("apitest: %s gave \"%s\", expected \"%s\"\n", call, got, want);
    expect(call, 0, 1);
  }
}

#define FORMAT(want, ...) \
  do { fprintf(outpipe[1], __VA_ARGS__); expect_output(want, #__VA_ARGS__); } while (0)

static void
test_printf(void)
{
  int saved;

  begin();
  EXPECT(pipe(outpipe), 0);
  FORMAT("plain", "plain");
  FORMAT("0", "%d", 0);
  FORMAT("-42", "%d", -42);
  FORMAT("-2147483648", "%d", (int) 0x80000000);
  FORMAT("4294967295", "%u", 0xffffffffU);
  FORMAT("deadbeef", "%x", 0xdeadbeefU);
  FORMAT("0x0000000000001234", "%p", (void *) 0x1234);
  FORMAT("hi there", "%s there", "hi");
  FORMAT("(null)", "%s", (char *) 0);
  FORMAT("Z", "%c", 'Z');
  FORMAT("100%", "%d%%", 100);
  FORMAT("-1234567890123", "%ld", -1234567890123L);
  FORMAT("18446744073709551615", "%lu", 0xffffffffffffffffUL);
  FORMAT("123456789abcdef", "%lx", 0x123456789abcdefUL);
  FORMAT("-5", "%lld", -5LL);
  FORMAT("9000000000", "%llu", 9000000000ULL);
  FORMAT("ffffffffff", "%llx", 0xffffffffffULL);
  FORMAT("a1b-2cxd", "a%db%dc%sd", 1, -2, "x");

  /* printf goes to fd 1: point fd 1 at the pipe for a moment. */
  saved = dup(1);
  close(1);
  dup(outpipe[1]);
  printf("%s=%d", "x", 7);
  close(1);
  dup(saved);
  close(saved);
  expect_output("x=7", "printf(\"%s=%d\", \"x\", 7)");

  close(outpipe[0]);
  close(outpipe[1]);
  end("printf-formats");
}

static void
test_globals(void)
{
  begin();
  err = 3;
  strcpy(buf, testname);
  EXPECT(err, 3);
  EXPECT(strcmp(buf, "apitest"), 0);
  EXPECT(makefile, 1);
  end("own-globals");
}

int
main(void)
{
  test_types();
  test_param();
  test_fcntl();
  test_stat_layout();
  test_fs_layout();
  test_riscv();
  test_memlayout();
  test_syscall_numbers();
  test_sysinfo();
  test_functions();
  test_api_2025();
  test_strings();
  test_gets();
  test_stat_call();
  test_malloc();
  test_printf();
  test_globals();
  printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failures ? 1 : 0);
}
