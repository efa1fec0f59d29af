/* Harts, processes and the registers saved when switching between them. */

#include "waitqueue.h"

/* Callee-saved registers, saved by swtch() when a kernel thread yields. */
struct context {
  uint64 ra;
  uint64 sp;
  uint64 s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

/* Per-hart state. */
struct cpu {
  struct proc *proc;        /* the process running here, or 0 */
  struct context context;   /* swtch() here to enter the scheduler */
  int noff;                 /* depth of push_off() nesting */
  int intena;               /* were interrupts on before the first push_off()? */
  volatile uint64 timer_ticks;  /* timer interrupts taken (clockintr) */
};

extern struct cpu cpus[NCPU];

/*
 * The page the trampoline saves user registers into, mapped just below
 * TRAMPOLINE in the user page table.  The first five words are set by
 * the kernel before it returns to user space; then comes every general
 * register x1..x31 in register-number order, so register xN lives at
 * byte offset 32 + 8 * N.  trampoline.S relies on this layout.
 */
struct trapframe {
  uint64 kernel_satp;     /*   0: kernel page table */
  uint64 kernel_sp;       /*   8: top of this process's kernel stack */
  uint64 kernel_trap;     /*  16: usertrap() */
  uint64 epc;             /*  24: user pc */
  uint64 kernel_hartid;   /*  32: tp while in the kernel */
  uint64 ra;              /*  40: x1 */
  uint64 sp;              /*  48: x2 */
  uint64 gp;              /*  56: x3 */
  uint64 tp;              /*  64: x4 */
  uint64 t0, t1, t2;      /*  72: x5-x7 */
  uint64 s0, s1;          /*  96: x8-x9 */
  uint64 a0, a1, a2, a3, a4, a5, a6, a7;         /* 112: x10-x17 */
  uint64 s2, s3, s4, s5, s6, s7, s8, s9, s10, s11; /* 176: x18-x27 */
  uint64 t3, t4, t5, t6;  /* 256: x28-x31 */
};

/*
 * A process's life: UNUSED -> USED (being made) -> RUNNABLE (on the run
 * queue) <-> RUNNING (on a hart) <-> SLEEPING (on a wait queue) ... ->
 * ZOMBIE (exited, until its parent's wait() makes the slot UNUSED).
 */
enum procstate { UNUSED, USED, RUNNABLE, RUNNING, SLEEPING, ZOMBIE };

struct proc {
  struct spinlock lock;

  /* Identity and scheduling (sched.c), guarded by lock. */
  int pid;
  enum procstate state;
  int killed;                  /* exit at the next return to user space
                                  (set under lock; killed() reads it bare) */
  char *waiting_for;           /* SLEEPING: the wait queue's name, for procdump */
  struct proc *runq_next;      /* RUNNABLE: next on the run queue (its lock) */

  /* Family (proc.c), guarded by wait_lock there. */
  struct proc *parent;
  struct proc *children;       /* the youngest child; the rest follow */
  struct proc *sibling;        /* the next older child of the same parent */
  struct waitqueue child_exit; /* wait() sleeps here for a child to exit */
  int xstate;                  /* exit status, for the parent's wait() */

  /*
   * The rest is the process's own: only the process itself uses it
   * while it lives (its parent also, in fork and wait).
   */

  /* Its kernel thread and the way in from user space. */
  uint64 kstack;               /* kernel stack's virtual address */
  struct context context;      /* swtch() here to run the process */
  int intena;                  /* while switched out: the hart's intena
                                  when it left, given back on its return */
  struct trapframe *trapframe; /* saved user registers (TRAPFRAME page) */

  /* Address space. */
  pagetable_t pagetable;       /* user page table */
  uint64 sz;                   /* bytes of program image and heap, from 0 */
  struct vmspace vm;           /* mmap'ed regions (vma.c; has its own lock) */

  /* Files. */
  struct file *ofile[NOFILE];  /* open files */
  struct inode *cwd;           /* current directory */

  /* Bookkeeping for the lock rule (lockorder.h). */
  int sleeplocks;              /* sleep locks held now */
  int logops;                  /* file-system operations begun, not ended */
  uint64 deferred_va;          /* a copy under a lock stopped at this page, */
  int deferred_access;         /* which needs this access; 0 if none */

  char name[16];               /* program name, for debugging */
};
