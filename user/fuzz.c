/*
 * fuzz: a seeded system-call fuzzer.
 *
 *   fuzz [-s SECONDS] [-n CALLS] [-w WORKERS] [SEED]
 *
 * WORKERS processes (4 unless -w says) each make random system calls
 * over the whole API of user/user.h (all but lockcheck, which panics on
 * purpose) for SECONDS seconds (10 unless -s says) or until they have
 * made CALLS calls between them (-n), whichever comes first.  SEED
 * (default 1) seeds the generator of every worker, so a seed replays
 * the same choices (what the kernel answers still depends on timing).
 *
 * Arguments lean to the edges: zero, negative, huge, unaligned and
 * wrapping lengths and offsets; addresses near 0, around the stack guard
 * page, in the heap sbrk grew, TRAPFRAME and MAXVA, in the kernel's range
 * (KERNBASE..PHYSTOP), inside and around the worker's own mappings and
 * the page-table pages under them; fds of files, pipes, directories,
 * devices and the console, closed slots and numbers out of range; random
 * prot and flag bits.  Worker N changes files only in its scratch
 * directory /fuzzN (it reads other workers' files).
 *
 * A worker never touches its mappings itself and never lets the kernel
 * write into its own image: what may kill is done by children ("wild"
 * children: random loads and stores, exec, self-destruction at the end)
 * that are allowed to die -- the kernel prints a "killed:" line for each
 * bad access.  Now and then a child tries to exhaust something (memory,
 * processes, open files, in-memory inodes held by mappings, disk inodes,
 * disk blocks, mappings) and gives it all back.  Children and
 * grandchildren are bounded in number; the worker reaps its own.  Since
 * fork shares pages copy-on-write, while a hog holds all memory any
 * store may be killed: a worker killed then starts again (see starve).
 *
 * Results that the API promises (a bad fd, a trap-frame or guard-page
 * address, an unaligned munmap fail with -1; kill(1) fails; mmap answers
 * a page-aligned address above the heap ...) are checked; the first
 * wrong one of each worker is printed.  Every 5 seconds a progress line.
 * At the end, once every process is gone, the runner maps, protects and
 * unmaps on its own for a while and unmaps it all; then, the scratch
 * directories removed, free memory (free_less_swap in pagein.c: the page
 * cache counted as free, less swap in use) must be back exactly where it
 * started -- what munmap kept is named apart -- and the file system must
 * still create, write, read back and unlink a file.  The last line is
 * the verdict:
 *   fuzz: seed 7: 40000 calls in 30 s, 0 pages leaked: OK
 *   fuzz: seed 7: 40000 calls in 30 s, 3 pages leaked: FAILED (reasons)
 *
 * `fuzz -x` exits at once: a wild child's exec that succeeds runs it.
 */
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/sysinfo.h"
#include "kernel/vmainfo.h"
#include "kernel/diskstat.h"
#include "kernel/vm.h"
#include "kernel/syscall.h"
#include "user/user.h"
#include "user/pagein.h"
#include "user/mman.h"

#define NELEM(a)       ((int)(sizeof(a) / sizeof((a)[0])))
#define INT_MAX        0x7fffffff
#define INT_MIN        (-INT_MAX - 1)

#define MAXWORKERS     8
#define TICKS_PER_S    10            /* the kernel's timer ticks 10 times a second */
#define PROGRESS_TICKS 50            /* a progress line every 5 s */
#define SETTLE_TICKS   300           /* the longest wait for orphans to be reaped */
#define STATS          0x40000000UL  /* the counters all processes share */
#define STATS_LEN      (2 * PGSIZE)
#define STATS_END      (STATS + STATS_LEN)
#define SCRATCH        (2 * PGSIZE)  /* read and write buffer */
#define IOCAP          (512 * 1024)  /* most one call writes to memory (a file is <= 268 KiB) */
#define NMAPS          64            /* mappings looked at with vmainfo */
#define TOO_MANY_MAPS  48            /* a worker with more unmaps its windows */
#define HEAP_MAX       (2 * 1024 * 1024)    /* a worker's eager heap growth */
#define LAZY_MAX       (64 * 1024 * 1024)   /* ... and lazy (address space only) */
#define HUNGER_TICKS   50            /* memory may be short for 5 s after a hog's step */
#define MAXKIDS        3             /* unreaped children of a worker */
#define WILD_KIDS      2             /* ... of a wild child */
#define MAXDEPTH       2             /* workers fork, their children too, no further */
#define HOG_ONE_IN     1500          /* an exhaustion run every so many operations */
#define HOLD_TICKS     5             /* how long a hog holds a full disk */
#define UNMAP_ONE_IN   400           /* a worker drops its mappings every so many */
#define SOLO_OPS       200           /* the runner's own mapping operations at the end */
#define CONSOLE_MAJOR  1             /* device number of the console (kernel/file.h) */
#define PIPESIZE       512           /* bytes a pipe holds (kernel/pipe.c) */
#define MMAP_BIG       (64 * PGSIZE) /* MAP_POPULATE beyond this only now and then */
#define PROT_KNOWN     (PROT_READ | PROT_WRITE | PROT_EXEC)
#define MAP_KNOWN      (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | \
                        MAP_GROWSUP | MAP_POPULATE | MAP_FIXED_NOREPLACE)

/* The system calls, and the loads and stores, counted one by one. */
enum {
  C_FORK, C_EXIT, C_WAIT, C_PIPE, C_READ, C_WRITE, C_CLOSE, C_KILL,
  C_EXEC, C_OPEN, C_MKNOD, C_UNLINK, C_FSTAT, C_LINK, C_MKDIR, C_CHDIR,
  C_DUP, C_GETPID, C_SBRK, C_SLEEP, C_UPTIME, C_SYSINFO, C_MMAP,
  C_MUNMAP, C_MSYNC, C_MPROTECT, C_VMAINFO, C_DISKSTAT, C_LOAD, C_STORE,
  NCALL
};

static char *callname[NCALL] = {
  "fork", "exit", "wait", "pipe", "read", "write", "close", "kill",
  "exec", "open", "mknod", "unlink", "fstat", "link", "mkdir", "chdir",
  "dup", "getpid", "sbrk", "sleep", "uptime", "sysinfo", "mmap",
  "munmap", "msync", "mprotect", "vmainfo", "diskstat", "load", "store",
};

/* The first result a worker (or one of its children) found wrong. */
struct wrongcall {
  int call;
  int pid;
  int nargs;
  long arg[6];
  long ret;
};

/*
 * One worker's counters, in the shared page at STATS: its children
 * count into them too (with atomic adds), and the runner and the
 * reporter read them.
 */
struct wstats {
  uint64 calls[NCALL];
  uint64 fails[NCALL];     /* calls that returned -1 */
  uint64 died;             /* children that ended with status -1 */
  uint64 hogs;             /* exhaustion runs */
  uint64 wrong;            /* results the API does not allow */
  uint64 ops;              /* the worker's own operations */
  int alive;               /* uptime when the worker last looked at the clock */
  int claimed;             /* first is being or has been written */
  int ready;               /* first is complete */
  int shown;               /* the reporter has printed first */
  struct wrongcall first;
};

/* The page at STATS: every worker's counters, and a note about memory. */
struct board {
  struct wstats w[MAXWORKERS];
  int hungry_until;        /* uptime: memory may run out until then */
};

_Static_assert(sizeof(struct board) <= STATS_LEN, "STATS_LEN too small");

/* What a worker knows of each of its file descriptors. */
enum { K_NONE, K_FILE, K_DIR, K_DEV, K_CONS, K_PIPE_R, K_PIPE_W };

/* ------------------------------------------------------------ state */

static struct board *board = (struct board *)STATS;   /* in .sdata: see own_pages */
static struct wstats *stats = ((struct board *)STATS)->w;
static struct wstats *st;        /* this worker's counters */
static uint64 rstate;            /* the generator's state */
static int mypid;
static int depth;                /* 0 worker, 1 child, 2 grandchild */
static int wild;                 /* may die: loads, stores, self-destruction */
static char home[16];            /* "/fuzzN" */
static char homefile[16];        /* "/fuzzN/f1" */
static int cwd_depth;            /* directories below home */
static uint64 brk;               /* the heap's end */
static uint64 brk0;              /* ... when we started: [0, brk0) is our image */
static uint64 guard;             /* the stack's guard page */
static int last_uptime;

static int kind[NOFILE];         /* K_* of each fd */
static int pipeof[NOFILE];       /* the pipe slot of a pipe fd */
static int pipefill[NOFILE];     /* by pipe slot: the bytes in it */
static char unsure[NOFILE];      /* by pipe slot: pipefill is only an upper bound */

static int kids[MAXKIDS];        /* unreaped children */
static int nkids;
static int gone[8];              /* reaped pids: kill() must fail on them */
static int ngone;

static struct vmainfo maps[NMAPS];   /* our mappings, as vmainfo said lately */
static int nmaps;

static char scratch[SCRATCH];
static char toolong[MAXPATH + 32];   /* a path longer than MAXPATH */
static char longname[DIRSIZ + 8];    /* a name longer than DIRSIZ */

/* ------------------------------------------------------- randomness */

/* splitmix64: the next pseudo-random number. */
static uint64
rnd(void)
{
  uint64 z;

  rstate += 0x9e3779b97f4a7c15UL;
  z = rstate;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
  return z ^ (z >> 31);
}

/* 0 .. n-1 */
static int
below(int n)
{
  return rnd() % n;
}

static int
one_in(int n)
{
  return below(n) == 0;
}

static long
pick(const long *v, int n)
{
  return v[below(n)];
}

#define PICK(a) pick((a), NELEM(a))

/* ---------------------------------------------------------- counting */

static void
calling(int c)
{
  __atomic_fetch_add(&st->calls[c], 1, __ATOMIC_RELAXED);
}

static long
result(int c, long r)
{
  if (r == -1)
    __atomic_fetch_add(&st->fails[c], 1, __ATOMIC_RELAXED);
  return r;
}

/* Count system call c, make it (e), count a -1. */
#define SYS(c, e) (calling(c), result((c), (long)(e)))

/* The arguments of the call being made, for the record of a wrong result. */
static long args[6];
static int nargs;

static void
with(int n, long a0, long a1, long a2, long a3, long a4, long a5)
{
  nargs = n;
  args[0] = a0;
  args[1] = a1;
  args[2] = a2;
  args[3] = a3;
  args[4] = a4;
  args[5] = a5;
}

#define WITH1(a)              with(1, (long)(a), 0, 0, 0, 0, 0)
#define WITH2(a, b)           with(2, (long)(a), (long)(b), 0, 0, 0, 0)
#define WITH3(a, b, c)        with(3, (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* A result the API does not allow from call c: count it, keep the first. */
static void
wrong(int c, long r)
{
  int i;

  __atomic_fetch_add(&st->wrong, 1, __ATOMIC_RELAXED);
  if (__atomic_exchange_n(&st->claimed, 1, __ATOMIC_ACQ_REL) != 0)
    return;
  st->first.call = c;
  st->first.pid = mypid;
  st->first.nargs = nargs;
  for (i = 0; i < nargs; i++)
    st->first.arg[i] = args[i];
  st->first.ret = r;
  __atomic_store_n(&st->ready, 1, __ATOMIC_RELEASE);
}

static void
expect(int ok, int c, long r)
{
  if (!ok)
    wrong(c, r);
}

/* ------------------------------------------------- what is whose memory */

/*
 * Memory is about to run out (a hog, a huge MAP_POPULATE).  Since fork
 * shares pages copy-on-write, any process's store may then be killed
 * and any copy into its memory fail: results that need memory are not
 * checked while hungry(), and a worker killed then is not a failure.
 */
static void
starve(void)
{
  __atomic_store_n(&board->hungry_until, uptime() + HUNGER_TICKS, __ATOMIC_RELAXED);
}

static int
hungry(void)
{
  return uptime() <= __atomic_load_n(&board->hungry_until, __ATOMIC_RELAXED);
}

/*
 * Copy now every page of our image that fork shares copy-on-write, so
 * that no later store of ours needs memory: the runner and the reporter
 * must survive a hog.  The data segment starts on the page of board,
 * the first small initialized variable of the first object linked.
 */
static void
own_pages(void)
{
  uint64 a;

  for (a = PGROUNDDOWN((uint64)&board); a < brk0; a += PGSIZE)
    if (a != guard)
      *(volatile char *)a = *(volatile char *)a;
}

/*
 * Can no user access reach address a (the trap frame and above, the
 * stack's guard page)?  The kernel copies upward from the first byte, so
 * a call given a must fail.
 */
static int
unreachable(uint64 a)
{
  return a >= TRAPFRAME || (a >= guard && a < guard + PGSIZE);
}

/*
 * Might the kernel writing n bytes at a hit our own image or the shared
 * counters?  A worker never lets it: only its children may corrupt
 * themselves.  What sbrk added above the image is fuzzing ground.
 */
static int
vital(uint64 a, long n)
{
  uint64 end;

  if (n < 0 || n > IOCAP)
    n = IOCAP;
  end = a + n;
  if (end < a)
    return 1;
  return a < brk0 || (a < STATS_END && end > STATS);
}

/* Does [a, a+len), rounded to pages, overlap the shared counters? */
static int
hits_stats(uint64 a, uint64 len)
{
  uint64 end = PGROUNDUP(a + len);

  if (a + len < a || end < a)
    return 0;   /* wraps: the kernel must refuse it */
  return a < STATS_END && end > STATS;
}

/* Refresh maps[] with vmainfo. */
static void
look_at_maps(void)
{
  long n = SYS(C_VMAINFO, vmainfo(0, maps, NMAPS));   /* fails without memory */
  int i;

  /* Our own program, stack and heap are not for the random operations. */
  nmaps = 0;
  for (i = 0; i < n; i++)
    if (maps[i].role == VMA_MMAP)
      maps[nmaps++] = maps[i];
}

/* One of our mappings other than the counters, or 0. */
static struct vmainfo*
some_map(void)
{
  struct vmainfo *m;
  int tries;

  for (tries = 0; tries < 4 && nmaps > 0; tries++) {
    m = &maps[below(nmaps)];
    if (m->start != STATS)
      return m;
  }
  return 0;
}

/* ----------------------------------------------------- edge arguments */

/* An address: mostly near an edge, in or around a mapping. */
static uint64
pick_addr(void)
{
  struct vmainfo *m;
  uint64 size;
  const long edge[] = {
    0, 1, 8, PGSIZE - 1, PGSIZE, brk - PGSIZE, brk - 1, brk, brk + PGSIZE,
    guard, guard + 8, guard + PGSIZE - 4, STATS_END, STATS_END + PGSIZE,
    TRAPFRAME - PGSIZE, TRAPFRAME - 8, TRAPFRAME - 1, TRAPFRAME,
    TRAPFRAME + 16, TRAMPOLINE, MAXVA - PGSIZE, MAXVA - 1, MAXVA,
    MAXVA + PGSIZE, 1L << 39, 1L << 40, -1L, -(long)PGSIZE, 1UL << 63,
  };
  const long kernel[] = {
    KERNBASE, KERNBASE + 0x1000, PHYSTOP - PGSIZE, PHYSTOP - 1, PHYSTOP,
    UART0, PLIC, VIRTIO0, VIRT_TEST,
  };

  switch (below(8)) {
  case 0: case 1: case 2:
    if ((m = some_map()) == 0)
      break;
    size = m->end - m->start;
    switch (below(8)) {
    case 0: return m->start;
    case 1: return m->start + PGSIZE * (rnd() % (size / PGSIZE));
    case 2: return m->end - 1;
    case 3: return m->end;
    case 4: return m->start - PGSIZE;
    case 5: /* where a page-table page begins or ends (2 MiB, 1 GiB) */
      return (m->start & ~(uint64)((1L << (one_in(3) ? 30 : 21)) - 1)) +
             (one_in(2) ? 0 : 1L << 21) - (one_in(2) ? 0 : PGSIZE);
    default: return m->start + rnd() % size;
    }
  case 3:
    return PICK(edge);
  case 4:
    if (one_in(2))
      return PICK(kernel);
    return KERNBASE + PGSIZE * (rnd() % ((PHYSTOP - KERNBASE) / PGSIZE));
  case 5:
    return TRAPFRAME - PGSIZE * (1 + rnd() % 16384);   /* the top 64 MiB */
  case 6:
    if (brk > brk0 && one_in(2))
      return brk0 + rnd() % (brk - brk0);   /* the heap sbrk grew */
    return STATS_END + PGSIZE * (rnd() % 4096);
  }
  return rnd() >> below(64);
}

/* A length for mmap, munmap, msync, mprotect. */
static uint64
pick_len(void)
{
  const long edge[] = {
    0, 1, PGSIZE - 1, PGSIZE, PGSIZE + 1, 2 * PGSIZE, 16 * PGSIZE,
    1L << 20, (1L << 21) - PGSIZE, 1L << 21, (1L << 21) + PGSIZE, 1L << 30,
    1L << 31, 1L << 32, 1L << 39, 1L << 40, TRAPFRAME,
    TRAPFRAME + 1, MAXVA, -1L, -(long)PGSIZE, 1UL << 63, -(long)PGSIZE + 1,
  };

  switch (below(4)) {
  case 0: return PICK(edge);
  case 1: return PGSIZE * (1 + below(8));
  case 2: return rnd() % (64 * PGSIZE);
  }
  return rnd() >> below(64);
}

/* A byte count for read and write (an int). */
static int
pick_count(void)
{
  const long edge[] = {
    0, 1, -1, 511, 512, 513, PGSIZE, PGSIZE + 1, SCRATCH, INT_MAX, INT_MIN,
    1 << 20, -(long)PGSIZE,
  };

  if (one_in(3))
    return PICK(edge);
  return below(SCRATCH + 1);
}

/* A file offset for mmap. */
static uint64
pick_off(void)
{
  const long edge[] = {
    PGSIZE, 2 * PGSIZE, 1, PGSIZE - 1, -(long)PGSIZE, 1L << 39, 1L << 40,
    (long)MAXFILE * BSIZE - PGSIZE, (long)MAXFILE * BSIZE, 1UL << 63, -1L,
  };

  switch (below(4)) {
  case 0: case 1: return 0;
  case 2: return PICK(edge);
  }
  return one_in(2) ? PGSIZE * below(80) : rnd();
}

static int
pick_prot(void)
{
  int prot = below(8);

  if (one_in(20))
    prot |= 1 << below(32);
  return prot;
}

static int
pick_mflags(void)
{
  int flags = one_in(2) ? MAP_PRIVATE : MAP_SHARED;

  if (one_in(20))
    flags = one_in(2) ? 0 : MAP_SHARED | MAP_PRIVATE;
  if (one_in(2))
    flags |= MAP_ANONYMOUS;
  if (one_in(6))
    flags |= MAP_FIXED;
  if (one_in(12))
    flags |= MAP_FIXED_NOREPLACE;
  if (one_in(10))
    flags |= MAP_GROWSUP;
  if (one_in(8))
    flags |= MAP_POPULATE;
  if (one_in(25))
    flags |= 1 << below(32);
  return flags;
}

static int
pick_oflags(void)
{
  const long flags[] = {
    O_RDONLY, O_RDONLY, O_WRONLY, O_RDWR, O_CREATE | O_RDWR,
    O_CREATE | O_WRONLY, O_CREATE | O_RDWR | O_TRUNC, O_TRUNC,
    O_CREATE, -1,
  };

  if (one_in(20))
    return rnd();
  return PICK(flags);
}

/* A pid for kill and vmainfo. */
static int
pick_pid(void)
{
  const long edge[] = { 0, -1, 1, INT_MAX, INT_MIN, 1 << 20 };

  if (nkids > 0 && one_in(2))
    return kids[below(nkids)];
  if (ngone > 0 && one_in(3))
    return gone[below(ngone)];
  return PICK(edge);
}

/* Is fd a number the kernel must refuse (not one we hold)? */
static int
closed(int fd)
{
  return fd < 0 || fd >= NOFILE || kind[fd] == K_NONE;
}

/* An fd: mostly one we hold, else a closed slot or a number out of range. */
static int
pick_fd(void)
{
  const long edge[] = { -1, NOFILE, NOFILE + 1, 1 << 30, INT_MIN, INT_MAX, -NOFILE };
  int fd, tries;

  if (!one_in(8))
    for (tries = 0; tries < 8; tries++) {
      fd = below(NOFILE);
      if (kind[fd] != K_NONE)
        return fd;
    }
  fd = below(NOFILE);
  if (one_in(2) && kind[fd] == K_NONE)
    return fd;
  return PICK(edge);
}

/* ------------------------------------------------------------ paths */

/*
 * A path a call may create, remove or write through: a name in the
 * scratch directory, or an address no access can reach.  *known says
 * whether it is one of our names (a device there is never the console).
 */
static char*
safe_path(int *known)
{
  static char *names[] = {
    "f0", "f1", "f2", "f3", "d0", "d1", "n0", "n1", "d0/f0", "d0/d1",
    "d1/f1", "d0/d1/f2", longname, homefile, ".", "", toolong, "x",
  };
  const long bad[] = { TRAPFRAME, TRAPFRAME + 100, MAXVA, -1L, 1UL << 63 };

  *known = 1;
  if (one_in(10)) {
    *known = 0;
    if (one_in(3))
      return (char *)guard;
    return (char *)PICK(bad);
  }
  return names[below(NELEM(names))];
}

/*
 * A path only to be read through: anything at all, other workers' files
 * too (their truncations then reach our mappings).
 */
static char*
any_path(int *known)
{
  static char *names[] = {
    "/", "..", "/README", "/console", "/nosuchfile", "/fuzz", "/fuzz0",
    "/fuzz0/f0", "/fuzz1/f1", "/fuzz2/f2", "/fuzz3/f3", "/fuzz1/d0/f0",
  };

  if (one_in(2))
    return safe_path(known);
  *known = 0;
  if (one_in(3))
    return (char *)pick_addr();
  return names[below(NELEM(names))];
}

/* ------------------------------------------------- file descriptors */

static int
free_pipe_slot(void)
{
  int slot, fd, used;

  for (slot = 0; slot < NOFILE; slot++) {
    used = 0;
    for (fd = 0; fd < NOFILE; fd++)
      if ((kind[fd] == K_PIPE_R || kind[fd] == K_PIPE_W) && pipeof[fd] == slot)
        used = 1;
    if (!used)
      return slot;
  }
  return 0;   /* cannot happen: NOFILE fds make at most NOFILE/2 pipes */
}

/* An fd of ours that is the other end (want) of fd's pipe, or -1. */
static int
pipe_end(int fd, int want)
{
  int i;

  for (i = 0; i < NOFILE; i++)
    if (kind[i] == want && pipeof[i] == pipeof[fd])
      return i;
  return -1;
}

/*
 * Take note of fd r, which call c returned: a copy of fd from (dup), or
 * a new file (from < 0) whose kind fstat tells; known says the path was
 * one of our names.
 */
static void
hold(int c, int from, long r, int known)
{
  struct stat s;

  if (r < 0)
    return;
  if (r >= NOFILE || kind[r] != K_NONE) {
    wrong(c, r);   /* a slot that was not free */
    return;
  }
  if (from >= 0) {
    kind[r] = kind[from];
    pipeof[r] = pipeof[from];
    return;
  }
  kind[r] = K_CONS;   /* never read from what we cannot tell */
  if (SYS(C_FSTAT, fstat(r, &s)) == 0) {
    if (s.type == T_DIR)
      kind[r] = K_DIR;
    else if (s.type == T_FILE)
      kind[r] = K_FILE;
    else if (s.type == T_DEVICE && known)
      kind[r] = K_DEV;
  }
}

/* A child's first act: drop every pipe end, so none waits on it. */
static void
close_pipes(void)
{
  int fd;

  for (fd = 0; fd < NOFILE; fd++)
    if (kind[fd] == K_PIPE_R || kind[fd] == K_PIPE_W) {
      SYS(C_CLOSE, close(fd));
      kind[fd] = K_NONE;
    }
}

/*
 * May pipe fd be read without waiting for ever?  Only we write into our
 * pipes (children drop them), so pipefill is exact -- until a read into
 * a bad buffer, which loses what it took: then the pipe is unsure and
 * its fill only an upper bound, still good for writes that must not
 * wait (they keep it below PIPESIZE), no longer for reads.  An empty
 * pipe gets a byte first.  With no write end of ours, the read sees
 * data or end of file.
 */
static int
pipe_ready(int fd)
{
  int w = pipe_end(fd, K_PIPE_W), slot = pipeof[fd];

  if (w < 0)
    return 1;
  if (unsure[slot])
    return 0;
  if (pipefill[slot] > 0)
    return 1;
  if (SYS(C_WRITE, write(w, "p", 1)) != 1)
    return 0;
  pipefill[slot] = 1;
  return 1;
}

/* A read of n bytes from pipe fd returned r: account for it. */
static void
pipe_read(int fd, int n, long r)
{
  int slot = pipeof[fd], want = n < 0 ? 0 : n;

  if (want > pipefill[slot])
    want = pipefill[slot];
  if (r != want)
    unsure[slot] = 1;   /* bytes taken but not delivered */
  pipefill[slot] -= r > 0 ? r : 0;
  if (pipefill[slot] < 0)
    pipefill[slot] = 0;
}

/* ----------------------------------------------------- the operations */

static void
op_read(void)
{
  int fd = pick_fd(), n = pick_count();
  uint64 buf = one_in(2) ? (uint64)scratch : pick_addr();
  long r;

  if (!closed(fd) && kind[fd] == K_CONS)
    return;   /* it would wait for someone to type */
  if (buf == (uint64)scratch) {
    if (n < 0 || n > SCRATCH)
      n = below(SCRATCH + 1);
  } else if (vital(buf, n)) {
    return;
  }
  if (!closed(fd) && kind[fd] == K_PIPE_R && !pipe_ready(fd))
    return;
  WITH3(fd, buf, n);
  r = SYS(C_READ, read(fd, (void *)buf, n));
  if (closed(fd))
    expect(r == -1, C_READ, r);
  else if (unreachable(buf) && n > 0)
    expect(r <= 0, C_READ, r);
  if (!closed(fd) && kind[fd] == K_PIPE_R && pipe_end(fd, K_PIPE_W) >= 0)
    pipe_read(fd, n, r);
}

static void
op_write(void)
{
  int fd = pick_fd(), n = pick_count(), room;
  uint64 buf = one_in(2) ? (uint64)scratch : pick_addr();
  long r;

  if (buf == (uint64)scratch && n > SCRATCH)
    n = SCRATCH;
  if (!closed(fd) && kind[fd] == K_CONS && !unreachable(buf))
    n = one_in(2) ? 0 : -1;   /* nothing on the console */
  if (!closed(fd) && kind[fd] == K_PIPE_W && pipe_end(fd, K_PIPE_R) >= 0) {
    room = PIPESIZE - 1 - pipefill[pipeof[fd]];
    if (n > room)
      n = room;   /* a full pipe whose reader is us would wait for ever */
  }
  WITH3(fd, buf, n);
  r = SYS(C_WRITE, write(fd, (void *)buf, n));
  if (closed(fd))
    expect(r == -1, C_WRITE, r);
  else if (unreachable(buf) && n > 0)
    expect(r <= 0, C_WRITE, r);
  if (!closed(fd) && kind[fd] == K_PIPE_W && r > 0)
    pipefill[pipeof[fd]] += r;
}

/* read or write between a file and a mapping of that very file. */
static void
op_selfio(void)
{
  struct stat *s = (struct stat *)scratch;
  struct vmainfo *m = 0;
  int fd = pick_fd(), n = pick_count(), i;
  uint64 a;

  if (closed(fd) || kind[fd] != K_FILE || SYS(C_FSTAT, fstat(fd, s)) != 0)
    return;
  for (i = 0; i < nmaps && m == 0; i++)
    if (maps[i].inum == s->ino && maps[i].dev == s->dev)
      m = &maps[i];
  if (m == 0)
    return;
  a = m->start + rnd() % (m->end - m->start);
  if (one_in(2) && !vital(a, n))
    SYS(C_READ, read(fd, (void *)a, n));   /* may run on into the next mapping */
  else
    SYS(C_WRITE, write(fd, (void *)a, n));
}

/* Byte i of the verified file, for a salt. */
static char
vbyte(int salt, int i)
{
  return salt + i * 7 + i / PGSIZE;
}

/* Does [p, p+n) hold the verified file's bytes, but for byte flip flipped? */
static int
vsame(char *p, int n, int salt, int flip)
{
  int i;

  for (i = 0; i < n; i++)
    if (p[i] != (char)(vbyte(salt, i) ^ (i == flip ? 0xff : 0)))
      return 0;
  return 1;
}

/*
 * A file, "v", that only the worker itself uses (never its children):
 * what write() put there, read(), a MAP_SHARED and a MAP_PRIVATE mapping
 * must all show; a store through the shared mapping must reach read()
 * at once and after msync, a store through the private one must not; a
 * file created after "v" is removed must be empty.  Results that need
 * memory are not checked while it is short.
 */
static char vbuf[3 * PGSIZE];

static void
op_verify(void)
{
  int n = 1 + below(sizeof(vbuf)), salt = rnd(), fd, i;
  char *p = MAP_FAILED, *q = MAP_FAILED;
  struct stat s;
  long r;

  if (depth > 0 || (fd = SYS(C_OPEN, open("v", O_CREATE | O_TRUNC | O_RDWR))) < 0)
    return;
  for (i = 0; i < n; i++)
    vbuf[i] = vbyte(salt, i);
  WITH2(n, salt);
  if (SYS(C_WRITE, write(fd, vbuf, n)) != n)
    goto out;   /* the disk is full */
  p = (char *)SYS(C_MMAP, mmap(0, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  q = (char *)SYS(C_MMAP, mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0));
  if (p == MAP_FAILED || q == MAP_FAILED)
    goto out;
  calling(C_LOAD);
  expect(vsame(p, n, salt, -1) && vsame(q, n, salt, -1), C_LOAD, 0);
  /* The private copy of q's first page is taken before p's store. */
  calling(C_STORE);
  q[0] ^= 0xff;
  calling(C_STORE);
  p[n - 1] ^= 0xff;
  expect(vsame(q, n < PGSIZE ? n : PGSIZE, salt, 0) && vsame(p, n, salt, n - 1), C_LOAD, 1);
  for (i = 0; i < 2; i++) {
    if (i == 1 && SYS(C_MSYNC, msync(p, n, MS_SYNC)) != 0)
      break;
    memset(vbuf, 0, n);
    SYS(C_CLOSE, close(fd));
    if ((fd = SYS(C_OPEN, open("v", O_RDONLY))) < 0)
      break;
    r = SYS(C_READ, read(fd, vbuf, n));
    if (r == n)
      expect(vsame(vbuf, n, salt, n - 1), C_READ, i);
    else
      expect(hungry(), C_READ, r);
  }
out:
  if (p != MAP_FAILED)
    SYS(C_MUNMAP, munmap(p, n));
  if (q != MAP_FAILED)
    SYS(C_MUNMAP, munmap(q, n));
  if (fd >= 0)
    SYS(C_CLOSE, close(fd));
  SYS(C_UNLINK, unlink("v"));
  if ((fd = SYS(C_OPEN, open("v", O_CREATE | O_RDWR))) < 0)
    return;
  if (SYS(C_FSTAT, fstat(fd, &s)) == 0)
    expect(s.size == 0, C_FSTAT, s.size);   /* nothing of the old "v" */
  expect(SYS(C_READ, read(fd, vbuf, n)) <= 0, C_READ, 2);
  SYS(C_CLOSE, close(fd));
  SYS(C_UNLINK, unlink("v"));
}

static void
op_open(void)
{
  int flags = pick_oflags(), known;
  char *path = flags == O_RDONLY ? any_path(&known) : safe_path(&known);
  long r;

  WITH2(path, flags);
  r = SYS(C_OPEN, open(path, flags));
  if (unreachable((uint64)path))
    expect(r == -1, C_OPEN, r);
  hold(C_OPEN, -1, r, known);
}

static void
op_close(void)
{
  int fd = pick_fd();
  long r;

  WITH1(fd);
  r = SYS(C_CLOSE, close(fd));
  expect(r == (closed(fd) ? -1 : 0), C_CLOSE, r);
  if (r == 0 && !closed(fd))
    kind[fd] = K_NONE;
}

static void
op_dup(void)
{
  int fd = pick_fd();
  long r;

  WITH1(fd);
  r = SYS(C_DUP, dup(fd));
  if (closed(fd))
    expect(r == -1, C_DUP, r);
  else
    hold(C_DUP, fd, r, 0);
}

static void
op_fstat(void)
{
  int fd = pick_fd();
  uint64 at = one_in(2) ? (uint64)scratch : pick_addr();
  struct stat *s = (struct stat *)scratch;
  long r;

  if (at != (uint64)scratch && vital(at, sizeof(*s)))
    return;
  WITH2(fd, at);
  r = SYS(C_FSTAT, fstat(fd, (struct stat *)at));
  if (closed(fd) || unreachable(at))
    expect(r == -1, C_FSTAT, r);
  else if (r == 0 && at == (uint64)scratch)
    expect((kind[fd] == K_FILE && s->type == T_FILE) ||
           (kind[fd] == K_DIR && s->type == T_DIR) ||
           ((kind[fd] == K_DEV || kind[fd] == K_CONS) && s->type == T_DEVICE) ||
           kind[fd] == K_PIPE_R || kind[fd] == K_PIPE_W, C_FSTAT, s->type);
}

static void
op_pipe(void)
{
  int *fds = (int *)scratch, slot;
  const long bad[] = { TRAPFRAME, TRAPFRAME - 4, MAXVA, -8L };
  uint64 at = (uint64)fds;
  long r;

  if (one_in(5))
    at = one_in(3) ? guard : PICK(bad);
  WITH1(at);
  r = SYS(C_PIPE, pipe((int *)at));
  if (at != (uint64)fds) {
    /* TRAPFRAME - 4: the first fd fits below the trap frame, the second does not */
    expect(r == -1, C_PIPE, r);
    return;
  }
  if (r != 0)
    return;
  slot = free_pipe_slot();
  if (fds[0] < 0 || fds[0] >= NOFILE || fds[1] < 0 || fds[1] >= NOFILE ||
      fds[0] == fds[1] || kind[fds[0]] != K_NONE || kind[fds[1]] != K_NONE) {
    wrong(C_PIPE, fds[0]);
    return;
  }
  kind[fds[0]] = K_PIPE_R;
  kind[fds[1]] = K_PIPE_W;
  pipeof[fds[0]] = pipeof[fds[1]] = slot;
  pipefill[slot] = 0;
  unsure[slot] = 0;
}

/* The directories below home that path leads to, from a cwd depth deep. */
static int
depth_after(char *path, int depth)
{
  int n = 0, in_name = 0;
  char *p;

  if (path[0] == '/')
    depth = -1;   /* "/fuzzN" is depth 0 */
  for (p = path; *p; p++) {
    if (*p == '/') {
      in_name = 0;
    } else if (!in_name) {
      in_name = 1;
      if (!(p[0] == '.' && (p[1] == '/' || p[1] == 0)))
        n++;
    }
  }
  return depth + n;
}

static void
op_chdir(void)
{
  int known = 1, d;
  char *path;
  long r;

  if (cwd_depth > 0 && one_in(3)) {
    path = "..";
    d = cwd_depth - 1;
  } else if (one_in(4)) {
    path = home;
    d = 0;
  } else {
    path = safe_path(&known);
    d = known ? depth_after(path, cwd_depth) : cwd_depth;
    if (d > 3)
      return;   /* deep enough */
  }
  WITH1(path);
  r = SYS(C_CHDIR, chdir(path));
  if (!known)
    expect(r == -1, C_CHDIR, r);
  else if (r == 0)
    cwd_depth = d;
}

/* mknod, unlink or mkdir of a path we may change; an unreachable one must fail. */
static void
path_call(int c)
{
  /* Never CONSOLE_MAJOR: a read of the console would wait for typing. */
  const long majors[] = { 0, 2, 3, NDEV - 1, NDEV, NDEV + 5, -1, 32767, -32768 };
  int known;
  char *path = safe_path(&known);
  long r;

  WITH1(path);
  if (c == C_MKNOD)
    r = SYS(c, mknod(path, PICK(majors), rnd()));
  else if (c == C_UNLINK)
    r = SYS(c, unlink(path));
  else
    r = SYS(c, mkdir(path));
  if (!known)
    expect(r == -1, c, r);
}

static void
op_mknod(void)
{
  path_call(C_MKNOD);
}

static void
op_unlink(void)
{
  path_call(C_UNLINK);
}

static void
op_mkdir(void)
{
  path_call(C_MKDIR);
}

static void
op_link(void)
{
  int known1, known2;
  char *old = safe_path(&known1), *new = safe_path(&known2);
  long r;

  WITH2(old, new);
  r = SYS(C_LINK, link(old, new));
  if (!known1 || !known2)
    expect(r == -1, C_LINK, r);
}

static void
op_getpid(void)
{
  long r = SYS(C_GETPID, getpid());

  WITH1(mypid);
  expect(r == mypid, C_GETPID, r);
}

static void
op_uptime(void)
{
  long r = SYS(C_UPTIME, uptime());

  WITH1(last_uptime);
  expect(r >= last_uptime, C_UPTIME, r);
  last_uptime = r;
}

static void
op_sleep(void)
{
  const long ticks[] = { 0, 0, 0, 1, -1, -100, INT_MIN };
  int n = PICK(ticks);
  long r;

  WITH1(n);
  r = one_in(2) ? SYS(C_SLEEP, sleep(n)) : SYS(C_SLEEP, pause(n));
  expect(r == (n < 0 ? -1 : 0), C_SLEEP, r);
}

/* sbrk, eager or lazy, through sys_sbrk or the library's two. */
static void
op_sbrk(void)
{
  const long types[] = { SBRK_EAGER, SBRK_EAGER, SBRK_LAZY, SBRK_LAZY, 0, 3, -1 };
  long grown = brk - brk0, n, r;
  int type = one_in(10) ? rnd() : PICK(types), lazy = type == SBRK_LAZY;

  switch (below(6)) {
  case 0: n = 0; break;
  case 1: n = PGSIZE * (1 + below(lazy ? 4096 : 16)); break;
  case 2: n = -(long)PGSIZE * (1 + below(16)); break;
  case 3: n = below(3 * PGSIZE) - PGSIZE; break;
  case 4: n = INT_MIN; break;
  default: n = one_in(2) ? INT_MAX : 1 << 30; break;
  }
  if (n != INT_MIN && n < 0 && -n > grown)
    n = -grown;   /* never below where the worker started */
  if (n > 0 && n < (1 << 30) && grown + n > (lazy ? LAZY_MAX : HEAP_MAX))
    n = -grown;
  WITH2(n, type);
  if ((type == SBRK_EAGER || lazy) && one_in(3))
    r = SYS(C_SBRK, lazy ? sbrklazy(n) : sbrk(n));
  else
    r = SYS(C_SBRK, sys_sbrk(n, type));
  if (type != SBRK_EAGER && !lazy)
    expect(r == -1, C_SBRK, r);    /* no such kind of growth */
  else if (n == INT_MIN)
    expect(r == brk, C_SBRK, r);   /* a shrink past the start changes nothing */
  else if (n >= (1 << 30))
    expect(r == -1, C_SBRK, r);    /* more than memory, or into the counters */
  else if (r != -1)
    expect(r == brk, C_SBRK, r);
  if (r != -1 && n != INT_MIN)
    brk = r + n;
}

/* sysinfo and diskstat: a struct of n bytes copied out to at. */
static void
copyout_call(int c, int n)
{
  uint64 at = one_in(2) ? (uint64)scratch : pick_addr();
  struct sysinfo *si = (struct sysinfo *)scratch;
  long r;

  if (at != (uint64)scratch && vital(at, n))
    return;
  WITH1(at);
  if (c == C_SYSINFO)
    r = SYS(c, sysinfo((struct sysinfo *)at));
  else
    r = SYS(c, diskstat((struct diskstat *)at));
  if (unreachable(at))
    expect(r == -1, c, r);
  if (at == (uint64)scratch) {
    expect(r == 0 || hungry(), c, r);   /* the copy may need a page */
    if (r == 0 && c == C_SYSINFO)
      expect(si->nproc >= 1 && si->nproc <= NPROC &&
             si->freemem <= PHYSTOP - KERNBASE, c, si->nproc);
  }
}

static void
op_sysinfo(void)
{
  copyout_call(C_SYSINFO, sizeof(struct sysinfo));
}

static void
op_diskstat(void)
{
  copyout_call(C_DISKSTAT, sizeof(struct diskstat));
}

/* Is pid one that cannot be looked at or killed? */
static int
no_such_pid(int pid)
{
  int i;

  if (pid == INT_MAX || pid == INT_MIN || pid < 0)
    return 1;
  for (i = 0; i < ngone; i++)
    if (gone[i] == pid)
      return 1;
  return 0;
}

static void
op_vmainfo(void)
{
  const long most[] = { 0, 1, 2, NMAPS, -1, INT_MAX, INT_MIN };
  int pid = one_in(2) ? 0 : one_in(2) ? mypid : pick_pid();

  if (one_in(4))
    pid = 1 + below(mypid + 64);   /* anyone's, even one exiting now */
  int max = one_in(2) ? below(NMAPS + 1) : PICK(most);
  uint64 at = one_in(2) ? (uint64)maps : pick_addr();
  long r;

  if (at == (uint64)maps && max > NMAPS)
    max = NMAPS;
  else if (at != (uint64)maps && vital(at, max * (long)sizeof(struct vmainfo)))
    return;
  WITH3(pid, at, max);
  r = SYS(C_VMAINFO, vmainfo(pid, (struct vmainfo *)at, max));
  if (max < 0 || no_such_pid(pid))
    expect(r == -1, C_VMAINFO, r);
  else if ((pid == 0 || pid == mypid) && max > 0 && unreachable(at))
    expect(r == -1, C_VMAINFO, r);   /* we always have the counters */
  if (at == (uint64)maps)
    nmaps = r < 0 ? 0 : r;
}

static void
op_mmap(void)
{
  uint64 addr = one_in(2) ? 0 : pick_addr(), len = pick_len(), off = pick_off();
  int prot = pick_prot(), flags = pick_mflags();
  int fd = (flags & MAP_ANONYMOUS) && one_in(2) ? -1 : pick_fd();
  int sharing, bad;
  long r;

  if ((flags & MAP_POPULATE) && len > MMAP_BIG) {
    if (!one_in(50))
      flags &= ~MAP_POPULATE;   /* filling memory is for now and then */
    else
      starve();
  }
  if ((flags & MAP_FIXED) && hits_stats(addr, len))
    return;
  sharing = flags & (MAP_SHARED | MAP_PRIVATE);
  bad = len == 0 || len > TRAPFRAME || (prot & ~PROT_KNOWN) || (flags & ~MAP_KNOWN) ||
        (sharing != MAP_SHARED && sharing != MAP_PRIVATE) ||
        (long)off < 0 || off % PGSIZE != 0;
  if (flags & MAP_ANONYMOUS)
    bad |= off != 0;
  else
    bad |= closed(fd) || kind[fd] != K_FILE;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
    bad |= addr % PGSIZE != 0 || addr < PGROUNDUP(brk) || addr >= TRAPFRAME ||
           PGROUNDUP(len) > TRAPFRAME - addr;
  with(6, addr, len, prot, flags, fd, off);
  r = SYS(C_MMAP, mmap((void *)addr, len, prot, flags, fd, off));
  if (bad)
    expect(r == -1, C_MMAP, r);
  if (r == -1)
    return;
  expect(r % PGSIZE == 0 && r >= PGROUNDUP(brk) && r < TRAPFRAME &&
         PGROUNDUP(len) <= TRAPFRAME - r, C_MMAP, r);
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
    expect(r == addr, C_MMAP, r);
  look_at_maps();
}

static void
op_munmap(void)
{
  uint64 addr = pick_addr(), len = pick_len();
  long r;

  if (hits_stats(addr, len))
    return;
  WITH2(addr, len);
  r = SYS(C_MUNMAP, munmap((void *)addr, len));
  if (addr % PGSIZE != 0 || len == 0)
    expect(r == -1, C_MUNMAP, r);
  if (r == 0)
    look_at_maps();
}

static void
op_mprotect(void)
{
  uint64 addr = pick_addr(), len = pick_len();
  int prot = pick_prot();
  long r;

  if (hits_stats(addr, len))
    return;
  WITH3(addr, len, prot);
  r = SYS(C_MPROTECT, mprotect((void *)addr, len, prot));
  if (addr % PGSIZE != 0 || (prot & ~PROT_KNOWN))
    expect(r == -1, C_MPROTECT, r);
  if (r == 0)
    look_at_maps();
}

static void
op_msync(void)
{
  const long flags[] = {
    0, MS_ASYNC, MS_SYNC, MS_INVALIDATE, MS_SYNC | MS_INVALIDATE,
    MS_SYNC | MS_ASYNC, 8, -1,
  };
  uint64 addr = pick_addr(), len = pick_len();
  int f = PICK(flags);
  long r;

  WITH3(addr, len, f);
  r = SYS(C_MSYNC, msync((void *)addr, len, f));
  if (addr % PGSIZE != 0 || (f & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
      (f & (MS_SYNC | MS_ASYNC)) == (MS_SYNC | MS_ASYNC))
    expect(r == -1, C_MSYNC, r);
}

/* Is pid a child we have not reaped? */
static int
is_kid(int pid)
{
  int i;

  for (i = 0; i < nkids; i++)
    if (kids[i] == pid)
      return 1;
  return 0;
}

static void
op_kill(void)
{
  int pid = pick_pid();
  long r;

  WITH1(pid);
  r = SYS(C_KILL, kill(pid));
  if (is_kid(pid))
    expect(r == 0, C_KILL, r);
  else if (pid == 1 || pid == 0 || no_such_pid(pid))
    expect(r == -1, C_KILL, r);   /* init must not be killable */
}

/* wait() returned r (status in *status if have_status): forget that child. */
static void
reaped(long r, int status, int have_status)
{
  int i;

  if (r <= 0)
    return;
  for (i = 0; i < nkids && kids[i] != r; i++)
    ;
  if (i == nkids) {
    wrong(C_WAIT, r);   /* not a child of ours */
    return;
  }
  kids[i] = kids[--nkids];
  if (ngone < NELEM(gone))
    gone[ngone++] = r;
  else
    gone[below(NELEM(gone))] = r;
  if (have_status && status == -1)
    __atomic_fetch_add(&st->died, 1, __ATOMIC_RELAXED);
}

static void
reap_one(void)
{
  static int status;

  reaped(SYS(C_WAIT, wait(&status)), status, 1);
}

static void
op_wait(void)
{
  static int status;
  uint64 at = (uint64)&status;
  long r;

  if (one_in(4))
    at = 0;
  else if (one_in(3))
    at = pick_addr();
  if (at != 0 && at != (uint64)&status && vital(at, sizeof(int)))
    return;
  WITH1(at);
  r = SYS(C_WAIT, wait((int *)at));
  if (nkids == 0 || unreachable(at))
    expect(r == -1, C_WAIT, r);
  else if (at == 0 || (at == (uint64)&status && !hungry()))
    expect(r > 0, C_WAIT, r);
  reaped(r, status, at == (uint64)&status);
}

/* exec arguments: fine, too many, just MAXARG, one unreadable, unreadable. */
static char *xargv[] = { "fuzz", "-x", 0 };
static char *badargv[] = { "fuzz", (char *)TRAPFRAME, 0 };
static char *manyargv[MAXARG + 2];   /* MAXARG + 1 of "-x" */

static char**
pick_argv(void)
{
  switch (below(5)) {
  case 0: return xargv;
  case 1: return manyargv;
  case 2: return manyargv + 1;
  case 3: return badargv;
  }
  return (char **)TRAPFRAME;
}

/* exec that must fail and leave us as we were. */
static void
op_exec(void)
{
  static char *fails[] = { "/nosuchfile", "/README", ".", "/", "", toolong };
  char *path = one_in(5) ? (char *)guard : fails[below(NELEM(fails))];
  char **argv = pick_argv();
  long r;

  WITH2(path, argv);
  r = SYS(C_EXEC, exec(path, argv));
  expect(r == -1, C_EXEC, r);
}

static volatile char sink;

/* A system call by number, every argument register given in full. */
static long
ecall(long num, long a0, long a1, long a2)
{
  register long r0 asm("a0") = a0;
  register long r1 asm("a1") = a1;
  register long r2 asm("a2") = a2;
  register long r7 asm("a7") = num;

  asm volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
  return r0;
}

/*
 * Raw system calls: int arguments whose upper 32 bits are garbage (the
 * kernel must use the low 32), and now and then a number no system call
 * has (the kernel says so on the console and returns -1).
 */
static void
op_raw(void)
{
  const long unknown[] = { 0, 30, 31, 64, 255, 1L << 31, -1, 1L << 40 };
  long junk = rnd() & ~0xffffffffL, num, r;
  int pid = pick_pid(), fd = pick_fd();

  if (one_in(8)) {
    num = PICK(unknown);
    WITH2(num, junk);
    r = SYS(C_GETPID, ecall(num, junk, junk, junk));
    expect(r == -1, C_GETPID, r);
    return;
  }
  switch (below(3)) {
  case 0:
    WITH1(junk | (uint)pid);
    r = SYS(C_KILL, ecall(SYS_kill, junk | (uint)pid, 0, 0));
    if (is_kid(pid))
      expect(r == 0, C_KILL, r);
    else if (pid == 1 || pid == 0 || no_such_pid(pid))
      expect(r == -1, C_KILL, r);
    break;
  case 1:
    WITH1(junk | (uint)fd);
    r = SYS(C_DUP, ecall(SYS_dup, junk | (uint)fd, 0, 0));
    if (closed(fd))
      expect(r == -1, C_DUP, r);
    else
      hold(C_DUP, fd, r, 0);
    break;
  default:
    WITH1(junk);
    r = SYS(C_SLEEP, ecall(SYS_sleep, junk, 0, 0));   /* sleep(0) */
    expect(r == 0, C_SLEEP, r);
    break;
  }
}

/* A load or store: in a mapping of ours, or anywhere (a child that may die). */
static void
op_touch(void)
{
  struct vmainfo *m = some_map();
  uint64 a = m && !one_in(4) ? m->start + rnd() % (m->end - m->start) : pick_addr();

  if (one_in(2)) {
    calling(C_LOAD);
    sink = *(volatile char *)a;
  } else if (!vital(a, 1)) {
    calling(C_STORE);
    *(volatile char *)a = rnd();
  }
}

/* -------------------------------------------------------- exhaustion */

/* Build "<c>NNN" in buf. */
static char*
numbered(char *buf, char c, int n)
{
  buf[0] = c;
  buf[1] = '0' + n / 100 % 10;
  buf[2] = '0' + n / 10 % 10;
  buf[3] = '0' + n % 10;
  buf[4] = 0;
  return buf;
}

/* Open /README until the table is full: a holder's grab. */
static void
grab_files(void)
{
  while (SYS(C_OPEN, open("/README", O_RDONLY)) >= 0)
    ;
}

/*
 * Fork up to most children that each grab() something and hold it
 * until the hog closes the write end of rel; returns how many.
 */
static int
holders(int rel[2], void (*grab)(void), int most)
{
  int n;
  long pid;
  char c;

  for (n = 0; n < most; n++) {
    pid = SYS(C_FORK, fork());
    if (pid < 0)
      break;
    if (pid == 0) {
      close(rel[1]);
      if (grab)
        grab();
      read(rel[0], &c, 1);   /* end of file once the hog lets go */
      exit(0);
    }
  }
  return n;
}

static void
release(int rel[2], int n)
{
  close(rel[1]);
  while (n-- > 0)
    SYS(C_WAIT, wait(0));
}

/* Every process slot: fork until fork fails. */
static void
hog_procs(void)
{
  int rel[2];

  if (pipe(rel) < 0)
    return;
  release(rel, holders(rel, 0, NPROC));
}

/* The system's open-file table: children that each fill their fd table. */
static void
hog_files(void)
{
  int rel[2], n;

  if (pipe(rel) < 0)
    return;
  n = holders(rel, grab_files, NFILE / NOFILE + 1);
  grab_files();
  release(rel, n);
}

/* Memory: the heap, then populated mappings, then calls that need a page. */
static void
hog_memory(void)
{
  int fds[2];
  long pid;

  starve();
  while (SYS(C_SBRK, sbrk(64 * PGSIZE)) != -1)
    starve();
  while (SYS(C_MMAP, mmap(0, 64 * PGSIZE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)) != -1)
    starve();
  starve();
  pid = SYS(C_FORK, fork());
  if (pid == 0)
    exit(0);
  if (pid > 0)
    SYS(C_WAIT, wait(0));
  starve();
  if (SYS(C_PIPE, pipe(fds)) == 0) {
    close(fds[0]);
    close(fds[1]);
  }
  SYS(C_MMAP, mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0));
  starve();
  SYS(C_EXEC, exec("/fuzz", xargv));
}

/* In-memory inodes (NINODE): files kept open by mappings alone. */
static void
hog_inodes(void)
{
  char name[8];
  int i, n, fd;
  long p;

  for (n = 0; n < NINODE + 10; n++) {
    fd = SYS(C_OPEN, open(numbered(name, 'i', n), O_CREATE | O_RDWR));
    if (fd < 0)
      break;
    SYS(C_WRITE, write(fd, "i", 1));
    p = SYS(C_MMAP, mmap(0, PGSIZE, PROT_READ, MAP_SHARED, fd, 0));
    SYS(C_CLOSE, close(fd));
    if (p == -1) {
      n++;
      break;
    }
  }
  for (i = 0; i < n; i++)
    SYS(C_UNLINK, unlink(numbered(name, 'i', i)));
}

/* Inodes on disk: empty files until create fails. */
static void
hog_disk_inodes(void)
{
  char name[8];
  int i, n, fd;

  for (n = 0; n < 250; n++) {
    fd = SYS(C_OPEN, open(numbered(name, 'e', n), O_CREATE | O_RDWR));
    if (fd < 0)
      break;
    SYS(C_CLOSE, close(fd));
  }
  SYS(C_SLEEP, sleep(HOLD_TICKS));
  for (i = 0; i < n; i++)
    SYS(C_UNLINK, unlink(numbered(name, 'e', i)));
}

/* Disk blocks: largest files until a write finds the disk full. */
static void
hog_blocks(void)
{
  char name[8];
  int i, n, fd, full = 0;
  long r, size;

  for (n = 0; n < 20 && !full; n++) {
    fd = SYS(C_OPEN, open(numbered(name, 'b', n), O_CREATE | O_WRONLY | O_TRUNC));
    if (fd < 0)
      break;
    size = 0;
    while ((r = SYS(C_WRITE, write(fd, scratch, SCRATCH))) > 0)
      size += r;
    full = size < (long)MAXFILE * BSIZE;
    SYS(C_CLOSE, close(fd));
  }
  SYS(C_SLEEP, sleep(HOLD_TICKS));   /* others' write-backs meet a full disk */
  for (i = 0; i < n; i++)
    SYS(C_UNLINK, unlink(numbered(name, 'b', i)));
}

/*
 * Mappings: one-page VMAs that cannot merge (anonymous, with alternate
 * protections; or all of one page of a file, MAP_SHARED and stored
 * through, so that the page has as many writers), then one munmap of
 * them all.
 */
static void
hog_vmas(void)
{
  uint64 lo = TRAPFRAME, hi = 0;
  int i, fd = -1, file = one_in(2);
  long p;

  if (file) {
    fd = SYS(C_OPEN, open("w0", O_CREATE | O_RDWR));
    if (fd < 0 || SYS(C_WRITE, write(fd, "w", 1)) != 1)
      return;
  }
  for (i = 0; i < 4000; i++) {
    if (file)
      p = SYS(C_MMAP, mmap(0, PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    else
      p = SYS(C_MMAP, mmap(0, PGSIZE, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (p == -1)
      break;
    if (file) {
      calling(C_STORE);
      *(volatile char *)p = i;
    }
    if (p < lo)
      lo = p;
    if (p + PGSIZE > hi)
      hi = p + PGSIZE;
  }
  if (hi > lo && !hits_stats(lo, hi - lo))
    SYS(C_MUNMAP, munmap((void *)lo, hi - lo));
  if (file)
    SYS(C_UNLINK, unlink("w0"));
}

/*
 * -M 0 leaves out the hog that fills RAM and swap (hog_memory), for a
 * run that should not be about memory exhaustion.
 */
static int memory_hog = 1;

/* A child that exhausts one thing, gives it back and exits. */
static void
hog(void)
{
  static void (*hogs[])(void) = {
    hog_procs, hog_files, hog_memory, hog_inodes, hog_disk_inodes,
    hog_blocks, hog_vmas,
  };

  void (*pick)(void);

  __atomic_fetch_add(&st->hogs, 1, __ATOMIC_RELAXED);
  pick = hogs[below(NELEM(hogs))];
  if (pick == hog_memory && !memory_hog)
    pick = hog_procs;   /* -M 0 (see memory_hog) */
  pick();
  calling(C_EXIT);
  exit(0);
}

/* ------------------------------------------------ children that may die */

static int
dive(int n)
{
  volatile char frame[256];

  frame[0] = n;
  if (n < 0)
    return 0;
  return dive(n + 1) + frame[0];   /* into the guard page: killed */
}

/*
 * A wild child's last act, chosen at random; most end in the kernel
 * killing it, the rest in exit.
 */
static void
finale(void)
{
  static char *progs[] = { "/fuzz", "f0", "f1", "/README", "/nosuchfile" };
  const long jumps[] = {
    TRAPFRAME, TRAMPOLINE, MAXVA + PGSIZE, -4L, 0x100,
  };
  uint64 a;
  long n;
  int i;

  switch (below(10)) {
  case 0:   /* a load or store anywhere (but in the counters) */
    a = pick_addr();
    calling(one_in(2) ? C_LOAD : C_STORE);
    if (one_in(2))
      sink = *(volatile char *)a;
    else if (a < STATS || a >= STATS_END)
      *(volatile char *)a = rnd();
    break;
  case 1:   /* the kernel writes over our own image (up to its end) */
    a = rnd() % brk;
    n = pick_count();
    i = pick_fd();
    if (!closed(i) && (kind[i] == K_FILE || kind[i] == K_DIR)) {
      calling(C_READ);
      read(i, (void *)a, n < 0 || n > brk - a ? brk - a : n);
    }
    break;
  case 2:   /* give back part of the image, text included */
    n = -(long)(rnd() % brk);
    calling(C_SBRK);
    sbrk(n);
    break;
  case 3:   /* unmap everything, the counters too, then use them */
    calling(C_MUNMAP);
    munmap(0, MAXVA);
    calling(C_STORE);
    break;
  case 4:   /* replace ourselves, mappings and all */
    calling(C_EXEC);
    exec(progs[below(NELEM(progs))], pick_argv());
    break;
  case 5:   /* kill ourselves: the next return to user space must end us */
    calling(C_KILL);
    kill(mypid);
    for (i = 0; i < 100; i++)
      getpid();
    WITH1(mypid);
    wrong(C_KILL, 0);
    break;
  case 6:   /* run off the stack */
    dive(0);
    break;
  case 7:   /* jump where nothing may be run */
    a = PICK(jumps);
    if (a == 0x100)
      a = (uint64)scratch;
    calling(C_LOAD);
    ((void (*)(void))a)();
    break;
  case 8:   /* make the counters read-only, then count */
    calling(C_MPROTECT);
    mprotect((void *)STATS, STATS_LEN, PROT_READ);
    calling(C_STORE);
    break;
  default:  /* exit with children, files and mappings left */
    break;
  }
  calling(C_EXIT);
  exit(below(3));
}

/* ---------------------------------------------------------- workers */

static void run_wild(void);

/* The start of a child: a random stream of its own, no children yet. */
static void
child_start(uint64 seed)
{
  rstate = seed;
  depth++;
  nkids = 0;
  ngone = 0;
  mypid = SYS(C_GETPID, getpid());
}

static void
op_fork(void)
{
  uint64 seed = rnd();
  long pid;

  if (depth >= MAXDEPTH)
    return;
  if (nkids >= (depth == 0 ? MAXKIDS : WILD_KIDS))
    reap_one();
  pid = SYS(C_FORK, fork());
  if (pid == 0) {
    child_start(seed);
    if (one_in(3)) {
      calling(C_EXIT);
      exit(below(3));
    }
    run_wild();
  }
  if (pid > 0)
    kids[nkids++] = pid;
}

/* Fork a child that exhausts something. */
static void
op_hog(void)
{
  uint64 seed = rnd();
  long pid;

  if (nkids >= MAXKIDS)
    reap_one();
  pid = SYS(C_FORK, fork());
  if (pid == 0) {
    child_start(seed);
    wild = 1;
    close_pipes();
    hog();
  }
  if (pid > 0)
    kids[nkids++] = pid;
}

static struct op {
  void (*fn)(void);
  int weight;
  int wild_only;
} ops[] = {
  { op_fork, 3 }, { op_wait, 3 }, { op_kill, 2 }, { op_exec, 1 },
  { op_pipe, 3 }, { op_read, 8 }, { op_write, 8 }, { op_selfio, 3 },
  { op_verify, 2 }, { op_open, 9 }, { op_close, 6 }, { op_dup, 3 },
  { op_fstat, 3 }, { op_mknod, 2 }, { op_unlink, 4 }, { op_link, 3 },
  { op_mkdir, 3 }, { op_chdir, 3 }, { op_getpid, 1 }, { op_sbrk, 3 },
  { op_sleep, 1 }, { op_uptime, 1 }, { op_sysinfo, 2 }, { op_diskstat, 1 },
  { op_vmainfo, 2 }, { op_mmap, 10 }, { op_munmap, 6 }, { op_mprotect, 5 },
  { op_msync, 3 }, { op_raw, 1 }, { op_touch, 4, 1 },
};

/* One operation, chosen by weight. */
static void
one_op(void)
{
  int i, total = 0, w;

  for (i = 0; i < NELEM(ops); i++)
    if (wild || !ops[i].wild_only)
      total += ops[i].weight;
  w = below(total);
  for (i = 0; i < NELEM(ops); i++) {
    if (!wild && ops[i].wild_only)
      continue;
    if (w < ops[i].weight) {
      ops[i].fn();
      return;
    }
    w -= ops[i].weight;
  }
}

/* A child that may die: some operations, loads and stores, then its end. */
static void
run_wild(void)
{
  int i, n = 10 + below(50);

  wild = 1;
  close_pipes();
  for (i = 0; i < n; i++)
    one_op();
  if (one_in(2))
    finale();
  while (nkids > 0 && !one_in(4))
    reap_one();   /* the rest become orphans, for init */
  calling(C_EXIT);
  exit(0);
}

/* Unmap everything of ours but the counters. */
static void
drop_maps(void)
{
  uint64 lo = PGROUNDUP(brk);

  if (lo < STATS)
    SYS(C_MUNMAP, munmap((void *)lo, STATS - lo));
  SYS(C_MUNMAP, munmap((void *)STATS_END, TRAPFRAME - STATS_END));
  look_at_maps();
}

static void
worker(int n, uint64 seed, int deadline, long budget)
{
  long done;
  int fd;

  st = &stats[n];
  rstate = seed;
  rstate = rnd() ^ (0x5851f42d4c957f2dUL * (n + 1));
  mypid = SYS(C_GETPID, getpid());
  brk = brk0 = (uint64)sbrk(0);
  strcpy(home, "/fuzz0");
  home[5] += n;
  strcpy(homefile, home);
  strcpy(homefile + strlen(home), "/f1");

  /* Our own console fd, so that every fd we hold is one we opened. */
  for (fd = 0; fd < 3; fd++)
    close(fd);
  hold(C_OPEN, -1, SYS(C_OPEN, open("/console", O_RDWR)), 0);
  SYS(C_MKDIR, mkdir(home));
  if (SYS(C_CHDIR, chdir(home)) < 0)
    exit(2);
  look_at_maps();
  last_uptime = uptime();

  for (done = 0; budget < 0 || done < budget; done++) {
    if (done % 16 == 0) {
      if ((st->alive = SYS(C_UPTIME, uptime())) >= deadline)
        break;
      look_at_maps();
    }
    st->ops++;
    one_op();
    if (one_in(HOG_ONE_IN))
      op_hog();
    if (nmaps > TOO_MANY_MAPS || one_in(UNMAP_ONE_IN))
      drop_maps();
  }
  while (nkids > 0)
    reap_one();
  calling(C_EXIT);
  exit(0);
}

/* ----------------------------------------------------------- runner */

static void
add_up(int workers, struct wstats *sum)
{
  int w, c;

  memset(sum, 0, sizeof(*sum));
  for (w = 0; w < workers; w++) {
    for (c = 0; c < NCALL; c++) {
      sum->calls[c] += stats[w].calls[c];
      sum->fails[c] += stats[w].fails[c];
    }
    sum->died += stats[w].died;
    sum->hogs += stats[w].hogs;
    sum->wrong += stats[w].wrong;
  }
}

/* The sum of a per-call count (calls or fails). */
static uint64
total(uint64 *count)
{
  uint64 n = 0;
  int c;

  for (c = 0; c < NCALL; c++)
    n += count[c];
  return n;
}

/* Print the first wrong result of each worker, once. */
static void
show_wrongs(int workers)
{
  struct wrongcall *f;
  int w, i;

  for (w = 0; w < workers; w++) {
    if (!__atomic_load_n(&stats[w].ready, __ATOMIC_ACQUIRE) || stats[w].shown)
      continue;
    stats[w].shown = 1;
    f = &stats[w].first;
    printf("fuzz: worker %d: wrong result (pid %d): %s(", w, f->pid, callname[f->call]);
    for (i = 0; i < f->nargs; i++)
      printf(i ? ", 0x%lx" : "0x%lx", f->arg[i]);
    printf(") = %ld\n", f->ret);
  }
}

/* The per-call table: made/failed for each call. */
static void
print_calls(struct wstats *sum)
{
  int c;

  for (c = 0; c < NCALL; c++) {
    if (c % 6 == 0)
      printf("fuzz: ");
    printf(" %s %lu/%lu", callname[c], sum->calls[c], sum->fails[c]);
    if (c % 6 == 5 || c == NCALL - 1)
      printf("\n");
  }
}

/* A progress line, new wrong results, and the per-call table if table. */
static void
progress(int workers, int start, int table)
{
  static struct wstats sum;

  add_up(workers, &sum);
  printf("fuzz: %d s: %lu calls, %lu failed, %lu children died, %lu exhaustion runs, %lu wrong\n",
         (uptime() - start) / TICKS_PER_S, total(sum.calls), total(sum.fails),
         sum.died, sum.hogs, sum.wrong);
  show_wrongs(workers);
  if (table)
    print_calls(&sum);
}

/* The reporter: a progress line every PROGRESS_TICKS, the table every 6, until killed. */
static void
reporter(int workers, int start)
{
  int n;

  own_pages();
  for (n = 1; ; n++) {
    sleep(PROGRESS_TICKS);
    progress(workers, start, n % 6 == 0);
  }
}

/* Remove path and everything below it.  path is a buffer of MAXPATH. */
static void
remove_tree(char *path)
{
  struct dirent de;
  struct stat s;
  int fd, len = strlen(path);

  fd = open(path, O_RDONLY);
  if (fd >= 0 && fstat(fd, &s) == 0 && s.type == T_DIR) {
    while (read(fd, &de, sizeof(de)) == sizeof(de)) {
      if (de.inum == 0 || strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
        continue;
      if (len + 2 + DIRSIZ > MAXPATH)
        continue;
      path[len] = '/';
      memmove(path + len + 1, de.name, DIRSIZ);
      path[len + 1 + DIRSIZ] = 0;
      remove_tree(path);
      path[len] = 0;
    }
  }
  if (fd >= 0)
    close(fd);
  unlink(path);
}

/* Remove the scratch directory of worker w; 0 if it is still there. */
static int
remove_home(int w)
{
  static char path[MAXPATH];
  struct stat s;

  strcpy(path, "/fuzz0");
  path[5] += w;
  remove_tree(path);
  return stat(path, &s) < 0;
}

/* Create, write, read back and remove a file. */
static int
fs_works(void)
{
  char *name = "/fuzz.check";
  int fd, i, ok;

  for (i = 0; i < SCRATCH; i++)
    scratch[i] = 'a' + i % 23;
  fd = open(name, O_CREATE | O_RDWR | O_TRUNC);
  if (fd < 0)
    return 0;
  ok = write(fd, scratch, SCRATCH) == SCRATCH;
  close(fd);
  memset(scratch, 0, SCRATCH);
  fd = open(name, O_RDONLY);
  ok = ok && fd >= 0 && read(fd, scratch, SCRATCH) == SCRATCH;
  for (i = 0; ok && i < SCRATCH; i++)
    ok = scratch[i] == 'a' + i % 23;
  if (fd >= 0)
    close(fd);
  return ok && unlink(name) == 0 && open(name, O_RDONLY) < 0;
}

/* Give the kernel its one-time allocations before memory is measured. */
static void
warm_up(void)
{
  int fds[2];

  fs_works();
  if (pipe(fds) == 0) {
    close(fds[0]);
    close(fds[1]);
  }
  if (fork() == 0)
    exit(0);
  wait(0);
}

/* Wait up to SETTLE_TICKS for only nproc processes to be left; the excess. */
static int
settle(uint64 nproc)
{
  struct sysinfo now;
  int i;

  for (i = 0; sysinfo(&now) == 0 && now.nproc > nproc && i < SETTLE_TICKS; i++)
    sleep(1);
  return now.nproc > nproc ? now.nproc - nproc : 0;
}

/*
 * Alone at the end, the runner maps, protects and unmaps on its own and
 * then drops every mapping but the counters: memory the kernel keeps
 * after munmap (page-table pages, say) then shows as a leak, which the
 * workers' exits would have hidden.
 */
static void
solo(int n)
{
  static void (*memops[])(void) = { op_mmap, op_mmap, op_munmap, op_mprotect, op_msync };
  int i;

  st = &stats[0];
  mypid = getpid();
  look_at_maps();
  for (i = 0; i < n; i++)
    memops[below(NELEM(memops))]();
  drop_maps();
}

/* One reason the verdict is FAILED. */
static int nreasons;

static void
reason(char *what, long n)
{
  printf(nreasons++ ? ", " : ": FAILED (");
  printf(what, n);
}

static void
usage(void)
{
  fprintf(2, "usage: fuzz [-s SECONDS] [-n CALLS] [-w WORKERS] [-M 0|1] [SEED]\n");
  exit(1);
}

/* What the command line asks for. */
static int seed = 1, seconds, workers = 4;
static long calls;

static void
parse(int argc, char *argv[])
{
  char *opt;
  long n;
  int i;

  for (i = 1; i < argc; i++) {
    opt = argv[i];
    if (strcmp(opt, "-x") == 0)
      exit(0);   /* the target of a wild child's exec */
    if (opt[0] >= '0' && opt[0] <= '9') {
      seed = atoi(opt);
      continue;
    }
    if (opt[0] != '-' || opt[1] == 0 || opt[2] != 0 || i + 1 >= argc)
      usage();
    n = atoi(argv[++i]);
    if (opt[1] == 's')
      seconds = n;
    else if (opt[1] == 'n')
      calls = n;
    else if (opt[1] == 'w')
      workers = n;
    else if (opt[1] == 'M')
      memory_hog = n != 0;
    else
      usage();
  }
  if (workers < 1 || workers > MAXWORKERS)
    usage();
  if (seconds <= 0 && calls <= 0)
    seconds = 10;
}

/* How each worker ended. */
enum { W_OK, W_NOT_STARTED, W_KILLED, W_STARVED, W_FAILED };

static int restarts[MAXWORKERS];   /* workers started again after starving */

/* Start worker w (again); returns its pid, or -1. */
static int
start_worker(int w, int deadline, long budget)
{
  int pid;

  if (budget >= 0)
    budget -= stats[w].ops;
  pid = fork();
  if (pid == 0)
    worker(w, seed ^ ((uint64)restarts[w] << 40), deadline, budget);
  own_pages();   /* fork shared them again */
  return pid;
}

/*
 * Run the workers and the reporter until the workers end (the deadline,
 * or their share of calls); fill end[].  A worker the kernel killed
 * while memory ran short (it was last alive before a hunger window
 * closed: the runner may reap it later) starts again once memory is
 * back.  Returns the seconds it took.
 */
static int
run_workers(int *end)
{
  int pids[MAXWORKERS], i, left = 0, status, start = uptime(), report;
  int deadline = seconds > 0 ? start + seconds * TICKS_PER_S : INT_MAX;
  long budget = calls > 0 ? (calls + workers - 1) / workers : -1, r;

  for (i = 0; i < workers; i++) {
    pids[i] = start_worker(i, deadline, budget);
    end[i] = pids[i] < 0 ? W_NOT_STARTED : W_FAILED;
    left += pids[i] > 0;
  }
  report = fork();
  if (report == 0)
    reporter(workers, start);
  own_pages();
  while (left > 0 && (r = wait(&status)) > 0) {
    for (i = 0; i < workers; i++) {
      if (pids[i] != r)
        continue;
      if (status == -1 && stats[i].alive <= board->hungry_until) {
        end[i] = W_STARVED;
        while (hungry())
          sleep(1);
        if (uptime() < deadline && (budget < 0 || stats[i].ops < budget)) {
          restarts[i]++;
          if ((pids[i] = start_worker(i, deadline, budget)) > 0)
            continue;
        }
      } else if (status == 0) {
        end[i] = W_OK;
      } else if (status == -1) {
        end[i] = W_KILLED;
      }
      left--;
    }
  }
  if (report > 0) {
    kill(report);
    wait(0);
  }
  progress(workers, start, 0);
  return (uptime() - start) / TICKS_PER_S;
}

int
main(int argc, char *argv[])
{
  static struct wstats sum;
  static int end[MAXWORKERS], stayed[MAXWORKERS];
  struct sysinfo si;
  uint64 before, after, now;
  int i, elapsed, leftover, fs_ok;
  long leaked, kept;
  char here;

  parse(argc, argv);
  guard = PGROUNDDOWN((uint64)&here) - PGSIZE;
  brk = brk0 = (uint64)sbrk(0);
  for (i = 0; i <= MAXARG; i++)
    manyargv[i] = "-x";
  memset(toolong, 'a', sizeof(toolong) - 1);
  memset(longname, 'L', sizeof(longname) - 1);
  if (mmap((void *)STATS, STATS_LEN, PROT_READ | PROT_WRITE,
           MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != (void *)STATS) {
    printf("fuzz: cannot map the counters at 0x%lx\n", STATS);
    exit(1);
  }
  memset((void *)STATS, 0, STATS_LEN);
  for (i = 0; i < MAXWORKERS; i++)
    remove_home(i);   /* left by an earlier run that died */
  warm_up();
  pagein_self();   /* bss and stack pages arrive at their first touch */
  sysinfo(&si);
  before = free_less_swap();
  printf("fuzz: seed %d, %d workers", seed, workers);
  if (seconds > 0)
    printf(", %d s", seconds);
  if (calls > 0)
    printf(", %ld calls", calls);
  printf(", %ld pages free\n", before / PGSIZE);

  elapsed = run_workers(end);
  for (i = 0; i < workers; i++)
    if (restarts[i] > 0 || end[i] == W_STARVED)
      printf("fuzz: worker %d was killed %d times while memory ran short (a hog's doing)\n",
             i, restarts[i] + (end[i] == W_STARVED));

  /* Alone now: the runner's own mappings, then the clean-up and the checks. */
  leftover = settle(si.nproc);
  rstate = seed;
  after = free_less_swap();
  solo(SOLO_OPS);
  show_wrongs(workers);
  now = free_less_swap();
  kept = ((long)after - (long)now) / PGSIZE;
  for (i = 0; i < workers; i++)
    stayed[i] = !remove_home(i);
  fs_ok = fs_works();
  for (i = 0; i < 10; i++) {
    after = free_less_swap();
    if (after == before)
      break;
    sleep(1);
  }
  leaked = ((long)before - (long)after) / PGSIZE;

  add_up(workers, &sum);
  print_calls(&sum);
  printf("fuzz: seed %d: %lu calls in %d s, %ld pages leaked",
         seed, total(sum.calls), elapsed, leaked);
  for (i = 0; i < workers; i++) {
    if (end[i] == W_NOT_STARTED)
      reason("worker %ld not started", i);
    else if (end[i] == W_KILLED)
      reason("worker %ld killed", i);
    else if (end[i] == W_FAILED)
      reason("worker %ld failed", i);
    if (stayed[i])
      reason("/fuzz%ld not removed", i);
  }
  if (sum.wrong > 0)
    reason("%ld wrong results", sum.wrong);
  if (leftover > 0)
    reason("%ld processes left", leftover);
  if (!fs_ok)
    reason("file system check failed", 0);
  if (kept != 0)
    reason("the runner's munmap kept %ld pages", kept);
  if (leaked - kept > 0)
    reason("leaked %ld pages", leaked - kept);
  if (leaked - kept < 0)
    reason("free memory grew by %ld pages", kept - leaked);
  printf(nreasons ? ")\n" : ": OK\n");
  exit(nreasons ? 1 : 0);
}
