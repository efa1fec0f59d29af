/* Harts, processes and the registers saved when switching between them. */

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

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

struct proc {
  struct spinlock lock;

  /* Protected by lock. */
  enum procstate state;
  void *chan;                  /* sleeping on chan, if nonzero */
  int killed;                  /* has been killed */
  int xstate;                  /* exit status for the parent's wait() */
  int pid;

  /* Protected by wait_lock (proc.c). */
  struct proc *parent;

  /* Private to the process: no lock needed. */
  uint64 kstack;               /* kernel stack's virtual address */
  uint64 sz;                   /* bytes of program image and heap, from 0 */
  pagetable_t pagetable;       /* user page table */
  struct trapframe *trapframe; /* saved user registers (TRAPFRAME page) */
  struct context context;      /* swtch() here to run the process */
  struct file *ofile[NOFILE];  /* open files */
  struct inode *cwd;           /* current directory */
  struct vmspace vm;           /* mmap'ed regions (vma.c) */
  char name[16];               /* program name, for debugging */

  /* Private to the process, for the lock rule (lockorder.h). */
  int sleeplocks;              /* sleep locks held now */
  uint64 deferred_va;          /* a copy under a lock stopped at this page, */
  int deferred_access;         /* which needs this access; 0 if none */
};
