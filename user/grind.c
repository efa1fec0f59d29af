/*
 * grind: random system-call stress.
 *
 *   grind        grind for ever
 *   grind N      each grinder runs N iterations, then "grind: N iterations OK"
 *
 * GRINDERS children run at once, each in a directory of its own
 * (grind0, grind1, ...).  Every iteration a grinder picks one action at
 * random: file operations on a few shared names, pipes, fork/exit/wait,
 * growing and shrinking the heap, killing a child, exec of a program
 * that does not exist, a small mapping, or system calls given bad
 * arguments.  Results that are certain are checked; a wrong one stops
 * the grinder with a message.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "user/user.h"

#define GRINDERS   3
#define NNAMES     4       /* f0..f3 and d0..d3 */
#define IOMAX      700     /* most bytes moved by one read or write */
#define HEAPMAX    (64 * 1024)
#define BAD_FD     (NOFILE + 7)

static char iobuf[IOMAX];
static uint64 seed;
static int grinder;

/* xorshift64: the next pseudo-random number. */
static uint64
random(void)
{
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

static int
pick(int n)
{
  return random() % n;
}

static void
broken(const char *what, int value)
{
  printf("grind: grinder %d: %s (saw %d)\n", grinder, what, value);
  exit(1);
}

/* A random name like "f2" or "d0", built in the caller's buf. */
static char *
name(char *buf, char kind)
{
  buf[0] = kind;
  buf[1] = '0' + pick(NNAMES);
  buf[2] = '\0';
  return buf;
}

/* An address no system call may read or write. */
static char *
bad_address(void)
{
  switch (pick(3)) {
  case 0:
    return (char *) KERNBASE;
  case 1:
    return (char *) (MAXVA + PGSIZE * pick(16));
  default:
    return (char *) TRAPFRAME;
  }
}

static void
do_write(void)
{
  char n[3];
  int fd, len, got;

  fd = open(name(n, 'f'), O_CREATE | O_RDWR | (pick(2) ? O_TRUNC : 0));
  if (fd < 0)
    return;   /* may be a directory of the same name: fine */
  len = pick(IOMAX);
  memset(iobuf, 'a' + pick(26), len);
  got = write(fd, iobuf, len);
  if (got != len)
    broken("short write to a file", got);
  close(fd);
}

static void
do_read(void)
{
  char n[3];
  int fd;

  fd = open(name(n, 'f'), O_RDONLY);
  if (fd < 0)
    return;
  while (read(fd, iobuf, pick(IOMAX) + 1) > 0)
    ;
  close(fd);
}

static void
do_link_unlink(void)
{
  char a[3], b[3];

  switch (pick(3)) {
  case 0:
    link(name(a, 'f'), name(b, 'f'));
    break;
  case 1:
    unlink(name(a, 'f'));
    break;
  default:
    unlink(name(a, 'd'));
    break;
  }
}

static void
do_dirs(void)
{
  char d[3];
  struct stat st;

  name(d, 'd');
  if (pick(2)) {
    mkdir(d);
    return;
  }
  if (chdir(d) == 0) {
    if (stat(".", &st) < 0 || st.type != T_DIR)
      broken("stat of a new cwd", st.type);
    if (chdir("..") < 0)
      broken("chdir .. failed", -1);
  }
}

static void
do_pipe(void)
{
  int p[2], pid, len, got, n, status;

  if (pipe(p) < 0)
    return;   /* out of files: fine under stress */
  len = pick(IOMAX) + 1;
  pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return;
  }
  if (pid == 0) {
    close(p[0]);
    memset(iobuf, 'p', len);
    exit(write(p[1], iobuf, len) == len ? 0 : 1);
  }
  close(p[1]);
  got = 0;
  while ((n = read(p[0], iobuf + got, IOMAX - got)) > 0)
    got += n;
  close(p[0]);
  if (wait(&status) != pid || status != 0)
    broken("pipe writer failed", status);
  if (got != len)
    broken("pipe lost bytes", got);
}

static void
do_fork(void)
{
  int pid, status, code = pick(1000);

  pid = fork();
  if (pid < 0)
    return;
  if (pid == 0)
    exit(code);
  if (wait(&status) != pid)
    broken("wait returned the wrong pid", pid);
  if (status != code)
    broken("wrong exit status", status);
}

static void
do_sbrk(void)
{
  int grow = pick(HEAPMAX) + 1;
  char *old;

  old = sbrk(grow);
  if (old == (char *) -1)
    return;
  old[0] = 1;
  old[grow - 1] = 2;
  if (sbrk(-grow) == (char *) -1)
    broken("sbrk could not shrink", grow);
}

static void
do_kill(void)
{
  int pid, status;

  pid = fork();
  if (pid < 0)
    return;
  if (pid == 0) {
    for (;;)
      sleep(1);
  }
  if (pick(2))
    sleep(1);
  if (kill(pid) < 0)
    broken("kill of a live child failed", pid);
  if (wait(&status) != pid)
    broken("wait after kill", pid);
  if (status != -1)
    broken("killed child's status", status);
}

static void
do_exec(void)
{
  char *argv[] = { "no-such-program", "x", 0 };
  int pid, status;

  pid = fork();
  if (pid < 0)
    return;
  if (pid == 0) {
    exec(argv[0], argv);
    exit(42);
  }
  if (wait(&status) != pid || status != 42)
    broken("exec of a missing program", status);
}

static void
do_mmap(void)
{
  int pages = pick(4) + 1;
  char *p;

  p = mmap(0, pages * PGSIZE, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == (char *) -1)
    return;
  if (p[0] != 0)
    broken("anonymous memory not zero", p[0]);
  p[pages * PGSIZE - 1] = 'm';
  if (munmap(p, pages * PGSIZE) < 0)
    broken("munmap failed", -1);
}

/* System calls with arguments that must be refused, not obeyed. */
static void
do_bad_args(void)
{
  char *bad = bad_address();
  int fd, r;

  switch (pick(8)) {
  case 0:
    r = read(BAD_FD, iobuf, 10);
    break;
  case 1:
    r = write(-1, iobuf, 10);
    break;
  case 2:
    r = open(bad, O_RDONLY);
    break;
  case 3:
    fd = open("f0", O_CREATE | O_RDWR);
    if (fd < 0)
      return;
    r = write(fd, bad, 100);
    close(fd);
    break;
  case 4:
    fd = open("f1", O_CREATE | O_WRONLY);
    if (fd < 0)
      return;
    write(fd, "xyz", 3);
    close(fd);
    fd = open("f1", O_RDONLY);
    if (fd < 0)
      return;
    r = read(fd, bad, 100);
    close(fd);
    break;
  case 5:
    r = pipe((int *) bad);
    break;
  case 6:
    r = exec(bad, 0);
    break;
  default:
    r = fstat(BAD_FD, (struct stat *) iobuf);
    break;
  }
  if (r != -1)
    broken("a bad argument was accepted", r);
}

static void (*actions[])(void) = {
  do_write, do_read, do_link_unlink, do_dirs, do_pipe, do_fork,
  do_sbrk, do_kill, do_exec, do_mmap, do_bad_args,
};

#define NACTIONS ((int) (sizeof(actions) / sizeof(actions[0])))

/* Remove everything a grinder may have left in its directory. */
static void
clean_up(void)
{
  char n[3];
  int i;

  n[2] = '\0';
  for (i = 0; i < NNAMES; i++) {
    n[1] = '0' + i;
    n[0] = 'f';
    unlink(n);
    n[0] = 'd';
    unlink(n);
  }
}

/* One grinder: iterations actions (0 = for ever) in its directory. */
static void
grind(int id, int iterations)
{
  char dir[] = "grind?";
  int i;

  grinder = id;
  dir[5] = '0' + id;
  seed = 0x9e3779b97f4a7c15ULL * (id + 1) + uptime();
  mkdir(dir);
  if (chdir(dir) < 0)
    broken("cannot enter its directory", -1);
  for (i = 0; iterations == 0 || i < iterations; i++)
    actions[pick(NACTIONS)]();
  clean_up();
  chdir("..");
  unlink(dir);
  exit(0);
}

int
main(int argc, char *argv[])
{
  int iterations = 0, id, status, failures = 0;

  if (argc > 1)
    iterations = atoi(argv[1]);
  if (iterations < 0) {
    fprintf(2, "usage: grind [iterations]\n");
    exit(1);
  }
  for (id = 0; id < GRINDERS; id++) {
    int pid = fork();
    if (pid < 0) {
      printf("grind: fork failed\n");
      exit(1);
    }
    if (pid == 0)
      grind(id, iterations);
  }
  while (wait(&status) >= 0) {
    if (status != 0)
      failures++;
  }
  if (failures) {
    printf("grind: FAILED\n");
    exit(1);
  }
  printf("grind: %d iterations OK\n", iterations);
  exit(0);
}
