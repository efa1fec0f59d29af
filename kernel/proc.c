/*
 * Processes: the process table, creation (fork), the family (each
 * process's parent and list of children), termination (exit, wait and
 * kill).  Which process runs when is sched.c's business.
 *
 * Locking:
 *   p->lock    guards a slot's pid, state and killed (sched.c says how
 *              it travels across switches).
 *   wait_lock  guards the family: every p->parent, p->children,
 *              p->sibling and p->xstate, and is the guard of every
 *              p->child_exit queue.  A process also becomes a ZOMBIE
 *              under wait_lock, so a parent holding it sees its
 *              children's exits as they happen.  Taken before p->lock.
 *   pid_lock   guards next_pid.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "vmainfo.h"
#include "defs.h"
#include "fcntl.h"
#include "swap.h"

struct cpu cpus[NCPU];

static struct proc proctab[NPROC];

/* The first user process; orphans are handed to it. */
static struct proc *initproc;

static struct spinlock pid_lock;
static int next_pid = 1;

static struct spinlock wait_lock;

/* Trap entry code (trampoline.S), mapped at TRAMPOLINE everywhere. */
extern char trampoline[];

/* The first user program, assembled from user/initcode.S by the build. */
extern uchar initcode_start[], initcode_end[];

static void forkret(void);

/* Which hart is this?  Interrupts must be off, or the answer may go stale. */
int
cpuid(void)
{
  return (int)r_tp();
}

/* This hart's struct cpu.  Interrupts must be off. */
struct cpu*
mycpu(void)
{
  return &cpus[cpuid()];
}

/*
 * The process running on this hart, or 0 in the scheduler.  A process
 * runs kernel code only on its own kernel stack, the page at
 * KSTACK(slot), so the stack pointer says which process this is.  That
 * needs no look at this hart's struct cpu, which would need interrupts
 * off (the thread could move to another hart between reading tp and
 * reading cpu->proc), and it is asked on every system call and copy.
 * The scheduler and start-up run on stack0, in the kernel image, below
 * every KSTACK.
 */
struct proc*
myproc(void)
{
  uint64 sp = r_sp();

  if (sp < KSTACK(NPROC - 1) || sp > KSTACK(0) + PGSIZE)
    return 0;
  /* Slot i's stack page is [KSTACK(i), KSTACK(i) + PGSIZE]. */
  return &proctab[(TRAMPOLINE - 1 - sp) / (2 * PGSIZE)];
}

/* A fresh process id; ids are never reused while the kernel runs. */
static int
allocpid(void)
{
  int pid;

  acquire(&pid_lock);
  pid = next_pid++;
  release(&pid_lock);
  return pid;
}

/*
 * Give every process slot a kernel stack page at KSTACK(slot) in the
 * kernel page table (each with an unmapped guard page below it).
 * Called once, while the kernel page table is being built.
 */
void
proc_mapstacks(pagetable_t kpgtbl)
{
  int slot;
  char *stack;

  for (slot = 0; slot < NPROC; slot++) {
    stack = kalloc();
    if (stack == 0)
      panic("proc_mapstacks: out of memory");
    kvmmap(kpgtbl, KSTACK(slot), (uint64)stack, PGSIZE, PTE_R | PTE_W);
  }
}

/* Set up the process table at boot. */
void
procinit(void)
{
  int slot;
  struct proc *p;

  initlock(&pid_lock, "next_pid");
  initlock(&wait_lock, "wait_lock");
  schedinit();
  for (slot = 0; slot < NPROC; slot++) {
    p = &proctab[slot];
    initlock(&p->lock, "proc");
    wq_init(&p->child_exit, "a child's exit", &wait_lock);
    p->state = UNUSED;
    p->kstack = KSTACK(slot);
  }
}

/*
 * Build an empty user page table holding only the trampoline (for the
 * kernel's use, not the user's: no PTE_U) and p's trapframe page.
 * Returns 0 if memory runs out.
 */
pagetable_t
proc_pagetable(struct proc *p)
{
  pagetable_t pt = uvmcreate();

  if (pt == 0)
    return 0;
  if (mappages(pt, TRAMPOLINE, PGSIZE, (uint64)trampoline, PTE_R | PTE_X) < 0 ||
      mappages(pt, TRAPFRAME, PGSIZE, (uint64)p->trapframe, PTE_R | PTE_W) < 0) {
    /* uvmunmap skips whichever of the two pages never got mapped. */
    proc_freepagetable(pt);
    return 0;
  }
  return pt;
}

/*
 * Free a user page table.  The trampoline and trapframe pages are
 * unmapped but not freed (they are not ours here); every other page
 * must already be gone with its VMA (vmspace_release).
 */
void
proc_freepagetable(pagetable_t pt)
{
  uvmunmap(pt, TRAMPOLINE, 1, 0);
  uvmunmap(pt, TRAPFRAME, 1, 0);
  uvmfree(pt);
}

/*
 * Undo allocproc()'s memory: the page table (with the image still in
 * it, if any) and the trapframe page; the slot becomes UNUSED.  The
 * rest of the record needs no clearing: nobody reads it in an UNUSED
 * slot, and claim_slot() sets what a new process must not inherit.
 * Caller holds p->lock.
 */
static void
freeproc(struct proc *p)
{
  if (p->pagetable != 0)
    proc_freepagetable(p->pagetable);
  if (p->trapframe != 0)
    kfree(p->trapframe);
  p->pagetable = 0;
  p->trapframe = 0;
  p->sz = 0;
  p->state = UNUSED;
}

/*
 * Free a slot that no longer runs: one that allocproc() made and that
 * never ran, or a reaped zombie (which holds p->lock until it is off
 * its hart, so taking the lock here waits for that).
 */
static void
discard(struct proc *p)
{
  acquire(&p->lock);
  freeproc(p);
  release(&p->lock);
}

/*
 * Find an UNUSED slot and make it USED, with a new pid and no kill
 * pending from the slot's previous process.  A USED slot is invisible
 * to the scheduler, so the caller may fill it in unlocked.
 * Returns 0 if the table is full.
 */
static struct proc*
claim_slot(void)
{
  struct proc *p;
  int mine;

  for (p = proctab; p < &proctab[NPROC]; p++) {
    acquire(&p->lock);
    mine = p->state == UNUSED;
    if (mine) {
      p->state = USED;
      p->pid = allocpid();
      p->killed = 0;
    }
    release(&p->lock);
    if (mine)
      return p;
  }
  return 0;
}

/*
 * A new USED process in three parts: a slot (claim_slot); a kernel
 * thread that will start in forkret() on the slot's stack, with
 * interrupts left off and no copy waiting for a fault; and memory (a
 * trapframe, a user page table with only the trampoline and trapframe
 * in it, an empty vmspace).  It belongs to the caller until the caller
 * makes it RUNNABLE.
 * Returns 0 if no slot or no memory is free.
 */
static struct proc*
allocproc(void)
{
  struct proc *p = claim_slot();

  if (p == 0)
    return 0;
  p->context = (struct context){ .ra = (uint64)forkret, .sp = p->kstack + PGSIZE };
  p->intena = 0;
  p->deferred_access = 0;

  p->trapframe = (struct trapframe *)kalloc();
  p->pagetable = p->trapframe != 0 ? proc_pagetable(p) : 0;
  if (p->pagetable == 0) {
    discard(p);
    return 0;
  }
  vmspace_init(&p->vm);
  return p;
}

/* Let a new process run; a scheduler may pick it up at once. */
static void
launch(struct proc *p)
{
  acquire(&p->lock);
  sched_ready(p);
  release(&p->lock);
}

/* Make child the youngest of parent's children.  Caller holds wait_lock. */
static void
add_child(struct proc *parent, struct proc *child)
{
  child->parent = parent;
  child->sibling = parent->children;
  parent->children = child;
}

/* Take child off parent's list of children.  Caller holds wait_lock. */
static void
remove_child(struct proc *parent, struct proc *child)
{
  struct proc **link = &parent->children;

  while (*link != child)
    link = &(*link)->sibling;
  *link = child->sibling;
  child->parent = 0;
  child->sibling = 0;
}

/*
 * Create the first user process.  It runs the initcode bytes (which
 * exec "/init") from address 0 with a one-page image and its stack at
 * the top of that page.  Its cwd is set in forkret(), once the file
 * system can be read.
 */
void
userinit(void)
{
  struct proc *p;
  struct vma *v;
  uint64 codesz = initcode_end - initcode_start;

  if (codesz > PGSIZE)
    panic("userinit: initcode larger than a page");
  p = allocproc();
  if (p == 0)
    panic("userinit: no process slot");
  initproc = p;

  /* One page of private memory holds the code and, at its top, the stack. */
  v = vma_alloc();
  if (v == 0)
    panic("userinit: out of memory");
  vma_anon(v, 0, PGSIZE, PROT_READ | PROT_WRITE | PROT_EXEC, VMA_TEXT);
  uvmfirst(p->pagetable, initcode_start, codesz);
  v->populated = 1;
  vmspace_insert(p, v, 0);
  p->sz = PGSIZE;
  p->vm.heap_start = PGSIZE;
  p->trapframe->epc = 0;
  p->trapframe->sp = PGSIZE;
  safestrcpy(p->name, "initcode", sizeof(p->name));
  p->cwd = 0;

  launch(p);
}

/*
 * The pages growing the image from oldsz to newsz may take: the new
 * pages plus, at worst, one level-0 page-table page per 512 of them and
 * two upper-level ones.  sbrk asks for them all first (reclaim_for), so
 * that a hopeless one does not allocate page-table pages that would
 * then stay until exit.
 */
static uint64
growth_pages(uint64 oldsz, uint64 newsz)
{
  uint64 pages = (PGROUNDUP(newsz) - PGROUNDUP(oldsz)) / PGSIZE;

  return pages + pages / 512 + 2;
}

/*
 * Lazy sbrk: grow the heap by n bytes of address space, with no page
 * behind it; each page arrives at its first touch (vm_fault), zeroed.
 * Returns 0, or -1 with the size unchanged.
 */
int
heap_reserve(int n)
{
  struct proc *p = myproc();

  if (n < 0 || heap_extend(p, p->sz + (uint64)n) < 0)
    return -1;
  p->sz += n;
  return 0;
}

/*
 * sbrk: grow the heap by n bytes (eagerly: the pages are there when it
 * returns) or shrink it by -n, not below its start.  The heap is a VMA
 * (heap.c); growth may not go past TRAPFRAME or run into a mapping.
 * Returns 0, or -1 with the size unchanged.
 */
int
growproc(int n)
{
  struct proc *p = myproc();
  uint64 oldsz = p->sz, newsz = oldsz + n;

  if (n < 0) {
    if ((uint64)(-(long)n) > oldsz - p->vm.heap_start)
      return -1;
    heap_cut(p, PGROUNDUP(newsz));
  } else {
    if (!reclaim_for(growth_pages(oldsz, newsz)) || heap_extend(p, newsz) < 0)
      return -1;
    if (newsz > PGROUNDUP(oldsz))
      heap_vma(p)->populated = 1;   /* so that heap_cut unmaps below */
    if (uvmalloc(p->pagetable, oldsz, newsz, PTE_W) == 0) {
      heap_cut(p, PGROUNDUP(oldsz));   /* the pages uvmalloc mapped, too */
      return -1;
    }
  }
  p->sz = newsz;
  return 0;
}

/*
 * Give child a copy of parent's address space: every VMA as its
 * inheritance says (private memory copy-on-write, shared memory
 * shared).  Returns 0, or -1 with nothing left behind.
 */
static int
copy_memory(struct proc *parent, struct proc *child)
{
  if (vmspace_fork(parent, child) < 0) {
    vmspace_release(child);
    return -1;
  }
  child->sz = parent->sz;
  return 0;
}

/*
 * Create a child that is a copy of the caller: memory, mappings, open
 * files, cwd and registers; the child sees fork() return 0.
 * Returns the child's pid to the parent, or -1 with nothing left behind.
 */
int
fork(void)
{
  struct proc *parent = myproc();
  struct proc *child = allocproc();
  int fd, pid;

  if (child == 0)
    return -1;
  if (copy_memory(parent, child) < 0) {
    discard(child);
    return -1;
  }

  /* Nothing below can fail. */
  *child->trapframe = *parent->trapframe;
  child->trapframe->a0 = 0;
  for (fd = 0; fd < NOFILE; fd++) {
    if (parent->ofile[fd] != 0)
      child->ofile[fd] = filedup(parent->ofile[fd]);
  }
  child->cwd = idup(parent->cwd);
  safestrcpy(child->name, parent->name, sizeof(child->name));

  acquire(&wait_lock);
  add_child(parent, child);
  release(&wait_lock);

  pid = child->pid;   /* the child may run (and exit) at once */
  launch(child);
  return pid;
}

/*
 * Hand every child of p to init, and wake init in case one of them has
 * exited already: init's wait() reaps it.  Caller holds wait_lock.
 */
static void
orphan_children(struct proc *p)
{
  struct proc *child;

  if (p->children == 0)
    return;
  while ((child = p->children) != 0) {
    p->children = child->sibling;
    add_child(initproc, child);
  }
  wq_wake_all(&initproc->child_exit);
}

/* Close every open file of p and let go of its cwd. */
static void
drop_files(struct proc *p)
{
  int fd;

  for (fd = 0; fd < NOFILE; fd++) {
    struct file *f = p->ofile[fd];

    p->ofile[fd] = 0;
    if (f != 0)
      fileclose(f);
  }

  begin_op();
  iput(p->cwd);
  end_op();
  p->cwd = 0;
}

/*
 * End the calling process with the given status.  Mappings go first
 * (their write-back needs the process's files and runs its own
 * transactions), then files and cwd.  The process stays a ZOMBIE until
 * its parent's wait() frees the slot.  Never returns.
 */
void
exit(int status)
{
  struct proc *p = myproc();

  if (p == initproc)
    panic("exit: init exited");

  vmspace_release(p);
  drop_files(p);

  /*
   * The parent looks for zombies holding wait_lock, and sleeps with it
   * as its queue's guard; wait_lock stays held from the wakeup until p
   * is a ZOMBIE, so the parent finds p either asleep or exited.
   */
  acquire(&wait_lock);
  orphan_children(p);
  p->xstate = status;
  wq_wake_all(&p->parent->child_exit);
  sched_exit(&wait_lock);
}

/*
 * A child of p that has exited, or 0.  Caller holds wait_lock, under
 * which a process becomes a ZOMBIE, so the answer stays true (its
 * other changes of state, under p->lock alone, neither make nor unmake
 * a zombie).
 */
static struct proc*
exited_child(struct proc *p)
{
  struct proc *child;

  for (child = p->children; child != 0; child = child->sibling)
    if (child->state == ZOMBIE)
      return child;
  return 0;
}

/*
 * Wait for a child to exit; store its status at user address addr
 * (unless addr is 0) and free its slot.
 * Returns the child's pid, or -1 if the caller has no children, was
 * killed, or addr cannot be written (the child then stays reapable).
 *
 * The status is copied out with no lock held, since the copy may fault
 * (lockorder.h).  Meanwhile the zombie stays as it is: only its parent,
 * this process, can reap it.
 */
int
wait(uint64 addr)
{
  struct proc *p = myproc();
  struct proc *child;
  int pid, status;

  acquire(&wait_lock);
  while ((child = exited_child(p)) == 0) {
    if (p->children == 0 || wq_sleep_killable(&p->child_exit) < 0) {
      release(&wait_lock);
      return -1;
    }
  }
  pid = child->pid;
  status = child->xstate;
  release(&wait_lock);

  if (addr != 0 && copyout(p->pagetable, addr, (char *)&status, sizeof(status)) < 0)
    return -1;

  acquire(&wait_lock);
  remove_child(p, child);
  release(&wait_lock);
  discard(child);   /* takes its p->lock: waits until it is off its hart */
  return pid;
}

/*
 * Mount the root file system and make "/" p's cwd, and check the swap
 * disk.  Done by the first process, from forkret(): reading the disk
 * sleeps, so it needs a process context, which main() does not have.
 */
static void
mount_root(struct proc *p)
{
  swap_selftest();
  fsinit(ROOTDEV);
  p->cwd = namei("/");
  if (p->cwd == 0)
    panic("mount_root: no root directory");
}

/*
 * Where a new process's kernel thread begins: the scheduler switched
 * here holding p->lock, which is ours to release.  Then leave for user
 * space, as if returning from fork().
 */
static void
forkret(void)
{
  static int root_mounted = 0;
  struct proc *p = myproc();

  release(&p->lock);

  /* Only init ever gets here with the root not mounted. */
  if (!root_mounted) {
    mount_root(p);
    root_mounted = 1;
    __sync_synchronize();
  }

  usertrapret();
}

/*
 * Mark p killed: it exits at its next crossing into user space, and a
 * killable sleep (wq_sleep_killable) ends at once.  Caller holds p->lock,
 * which orders the mark against sched_block()'s look at it.
 */
static void
mark_killed(struct proc *p)
{
  __atomic_store_n(&p->killed, 1, __ATOMIC_RELEASE);
  sched_wake(p);
}

/* Is p init, the first process, which must never exit? */
int
proc_is_init(struct proc *p)
{
  return p == initproc;
}

/*
 * Kill the process with the given pid.  Returns 0, or -1 if there is no
 * such process or it is init, which the system cannot run without.
 */
int
kill(int pid)
{
  struct proc *p = proc_lookup(pid);
  int found = p != 0 && p != initproc;

  if (found)
    mark_killed(p);
  if (p != 0)
    release(&p->lock);
  return found ? 0 : -1;
}

/* Kill p, the calling process or one it holds no lock of. */
void
setkilled(struct proc *p)
{
  acquire(&p->lock);
  mark_killed(p);
  release(&p->lock);
}

/*
 * Has p been killed?  The mark only ever goes from 0 to 1 while p
 * lives, so a plain look needs no lock and may be taken under any.
 */
int
killed(struct proc *p)
{
  return __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE);
}

/*
 * Copy len bytes to dst, a user address of the current process if
 * user_dst is set, else a kernel address.  Returns 0, or -1.
 */
int
either_copyout(int user_dst, uint64 dst, void *src, uint64 len)
{
  if (user_dst)
    return copyout(myproc()->pagetable, dst, src, len);
  memmove((void *)dst, src, len);
  return 0;
}

/*
 * Copy len bytes from src, a user address of the current process if
 * user_src is set, else a kernel address.  Returns 0, or -1.
 */
int
either_copyin(void *dst, int user_src, uint64 src, uint64 len)
{
  if (user_src)
    return copyin(myproc()->pagetable, dst, src, len);
  memmove(dst, (void *)src, len);
  return 0;
}

/* Slot i of the process table (the reclaimer's clock goes round it). */
struct proc*
proc_slot(int i)
{
  return &proctab[i];
}

/*
 * The process with this pid, returned with its lock held so that it
 * cannot exit and have its slot reused while the caller looks at it; or
 * 0 if no slot in use has that pid.  The caller releases p->lock.
 */
struct proc*
proc_lookup(int pid)
{
  struct proc *p;

  for (p = proctab; p < &proctab[NPROC]; p++) {
    acquire(&p->lock);
    if (p->state != UNUSED && p->pid == pid)
      return p;
    release(&p->lock);
  }
  return 0;
}

/* Processes whose slot is in use, for sysinfo(). */
uint64
nproc_active(void)
{
  struct proc *p;
  uint64 n = 0;

  for (p = proctab; p < &proctab[NPROC]; p++) {
    acquire(&p->lock);
    if (p->state != UNUSED)
      n++;
    release(&p->lock);
  }
  return n;
}

/* A short word for a process state, for procdump(). */
static char*
state_name(enum procstate s)
{
  switch (s) {
  case UNUSED:   return "unused";
  case USED:     return "used";
  case SLEEPING: return "sleeping";
  case RUNNABLE: return "runnable";
  case RUNNING:  return "running";
  case ZOMBIE:   return "zombie";
  }
  return "?";
}

/*
 * ^P on the console: list every process, what a sleeping one waits
 * for, and its mappings.  Takes no process locks, so that it still
 * works when the kernel is wedged; the output may then be slightly
 * inconsistent.
 */
void
procdump(void)
{
  struct proc *p;
  char *what;

  printf("\n");
  for (p = proctab; p < &proctab[NPROC]; p++) {
    if (p->state == UNUSED)
      continue;
    what = p->waiting_for;   /* once: it may be cleared meanwhile */
    printf("%d %s %s", p->pid, state_name(p->state), p->name);
    if (what != 0)
      printf(" (waiting for %s)", what);
    printf("\n");
    vmspace_dump(p);
  }
}

/*
 * Wait until no other hart can still use a translation of a user page
 * that was unmapped from some process's page table before the call
 * (truncation unmaps file pages from every process that maps them).  A
 * hart that has been in the kernel since then holds no such translation:
 * the trampoline flushes them on every way into user code.  A timer
 * interrupt brings every hart in within a tick, so this waits until
 * each other hart has taken one.  (A hart that never ticked has not
 * started.)  Costs nothing on any other path.
 */
void
tlb_wait_others(void)
{
  uint64 seen[NCPU];
  int i, me, waiting;

  __sync_synchronize();   /* the cleared PTEs before the look at the harts */
  push_off();
  me = cpuid();
  pop_off();
  for (i = 0; i < NCPU; i++)
    seen[i] = cpus[i].timer_ticks;
  for (;;) {
    waiting = 0;
    for (i = 0; i < NCPU; i++)
      if (i != me && seen[i] != 0 && cpus[i].timer_ticks == seen[i])
        waiting = 1;
    if (!waiting)
      return;
    clock_sleep(1, 0);
  }
}
