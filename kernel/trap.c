/*
 * Traps: system calls, device and timer interrupts, and exceptions,
 * whether they arrive from user space (through the trampoline) or while
 * the kernel itself is running (through kernelvec).
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "fcntl.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

/* Cycles of QEMU's 10 MHz time counter between timer interrupts (0.1 s). */
#define TICK_INTERVAL 1000000

/* What a trap is, decoded once from scause. */
enum trap_kind {
  TRAP_TIMER,        /* this hart's timer: a tick */
  TRAP_DEVICE,       /* an external interrupt, through the PLIC */
  TRAP_SYSCALL,      /* ecall from user mode */
  TRAP_PAGE_FAULT,   /* an instruction, load or store page fault */
  TRAP_OTHER,        /* any other exception: nobody handles it */
};

/*
 * The CSRs that describe a trap, read on entry: an interrupt taken
 * later (once interrupts are on, or across a yield) overwrites them.
 */
struct trapinfo {
  uint64 cause;        /* scause */
  uint64 pc;           /* sepc: the trapped instruction */
  uint64 addr;         /* stval: the faulting address, for a fault */
  uint64 status;       /* sstatus: the mode trapped from */
  enum trap_kind kind;
};

extern char trampoline[], uservec[], userret[];   /* trampoline.S */
void kernelvec(void);                            /* kernelvec.S */
void usertrap(void);
void kerneltrap(void);

void
trapinit(void)
{
  clockinit();
}

/* Point this hart's traps at kernelvec, and let user code read the clock. */
void
trapinithart(void)
{
  w_stvec((uint64)kernelvec);
  w_scounteren(r_scounteren() | COUNTEREN_TM);
}

/*
 * A timer tick: hart 0 keeps the time (clock.c); every hart counts its
 * own ticks (tlb_wait_others) and arms its next one, which also clears
 * the pending interrupt.
 */
static void
clockintr(void)
{
  mycpu()->timer_ticks++;
  if (cpuid() == 0)
    clock_tick();
  w_stimecmp(r_time() + TICK_INTERVAL);
}

/* The kind of trap scause reports. */
static enum trap_kind
classify(uint64 scause)
{
  switch (scause) {
  case SCAUSE_S_TIMER:
    return TRAP_TIMER;
  case SCAUSE_S_EXTERNAL:
    return TRAP_DEVICE;
  case SCAUSE_ECALL_U:
    return TRAP_SYSCALL;
  case SCAUSE_INST_PAGE_FAULT:
  case SCAUSE_LOAD_PAGE_FAULT:
  case SCAUSE_STORE_PAGE_FAULT:
    return TRAP_PAGE_FAULT;
  default:
    return TRAP_OTHER;
  }
}

/*
 * Read the trap CSRs into t, and check that the trap came from the
 * mode its entry point serves (from_user: usertrap, else kerneltrap).
 */
static void
trap_read(struct trapinfo *t, int from_user, char *wrong_mode)
{
  t->cause = r_scause();
  t->pc = r_sepc();
  t->addr = r_stval();
  t->status = r_sstatus();
  t->kind = classify(t->cause);

  if (((t->status & SSTATUS_SPP) == 0) != from_user)
    panic(wrong_mode);
}

/*
 * Service an interrupt: a tick, or a device through the PLIC.
 * Returns 0, having done nothing, if t is an exception.
 */
static int
devintr(const struct trapinfo *t)
{
  switch (t->kind) {
  case TRAP_TIMER:
    clockintr();
    return 1;
  case TRAP_DEVICE:
    plicintr();
    return 1;
  default:
    return 0;
  }
}

/*
 * A page fault from user mode.  Asks the VM-area code to map the page;
 * if it cannot, says why on the console and marks the process killed.
 */
static void
user_page_fault(struct proc *p, const struct trapinfo *t)
{
  int access;
  char *what, *reason;

  switch (t->cause) {
  case SCAUSE_INST_PAGE_FAULT:
    access = PROT_EXEC;
    what = "exec";
    break;
  case SCAUSE_LOAD_PAGE_FAULT:
    access = PROT_READ;
    what = "load";
    break;
  default:
    access = PROT_WRITE;
    what = "store";
    break;
  }

  reason = vm_fault(p, t->addr, access);
  if (reason != 0) {
    printf("pid %d (%s): killed: %s at 0x%lx: %s\n", p->pid, p->name, what, t->addr, reason);
    setkilled(p);
  }
}

/*
 * A system call: run it and resume after the ecall.  Interrupts go
 * on once the trap CSRs are saved, for the call may take long.
 */
static void
user_syscall(struct proc *p)
{
  if (killed(p))
    exit(-1);
  p->trapframe->epc += 4;
  intr_on();
  syscall();
}

/* An exception in user mode: a system call, a page fault, or a bug. */
static void
user_exception(struct proc *p, const struct trapinfo *t)
{
  switch (t->kind) {
  case TRAP_SYSCALL:
    user_syscall(p);
    break;
  case TRAP_PAGE_FAULT:
    intr_on();   /* filling the page may wait for the disk */
    user_page_fault(p, t);
    break;
  default:
    printf("pid %d (%s): killed: unexpected trap scause 0x%lx sepc 0x%lx stval 0x%lx\n",
           p->pid, p->name, t->cause, t->pc, t->addr);
    setkilled(p);
    break;
  }
}

/*
 * Entered from uservec in trampoline.S for every trap taken in user
 * mode, on the process's kernel stack with the kernel page table.
 * A tick ends the process's time slice.
 */
void
usertrap(void)
{
  struct proc *p = myproc();
  struct trapinfo t;

  trap_read(&t, 1, "usertrap: not from user mode");
  w_stvec((uint64)kernelvec);   /* later traps are the kernel's own */
  p->trapframe->epc = t.pc;

  if (!devintr(&t))
    user_exception(p, &t);
  if (killed(p))
    exit(-1);
  if (t.kind == TRAP_TIMER)
    yield();
  usertrapret();
}

/*
 * Record in p's trapframe what uservec needs to find its way back into
 * this kernel: the page table, p's kernel stack, the handler and the
 * hart id.
 */
static void
save_kernel_state(struct proc *p)
{
  struct trapframe *tf = p->trapframe;

  tf->kernel_satp = r_satp();
  tf->kernel_sp = p->kstack + PGSIZE;
  tf->kernel_trap = (uint64)usertrap;
  tf->kernel_hartid = r_tp();
}

/* Where sym, a label in trampoline.S, is mapped in every address space. */
static uint64
trampoline_va(char *sym)
{
  return TRAMPOLINE + (sym - trampoline);
}

/* Set what sret reads: go to user mode at pc, with interrupts on there. */
static void
prepare_sret(uint64 pc)
{
  w_sepc(pc);
  w_sstatus((r_sstatus() & ~SSTATUS_SPP) | SSTATUS_SPIE);
}

/*
 * Return to user space at the saved pc, through userret in the
 * trampoline: it switches to the user page table, restores the user
 * registers and executes sret.
 */
void
usertrapret(void)
{
  struct proc *p = myproc();
  void (*to_user)(uint64 satp) = (void (*)(uint64))trampoline_va(userret);

  /*
   * Once stvec points at uservec, a trap would land there while still
   * in kernel mode: interrupts stay off until sret.
   */
  intr_off();
  w_stvec(trampoline_va(uservec));
  save_kernel_state(p);
  prepare_sret(p->trapframe->epc);
  to_user(MAKE_SATP(p->pagetable));
}

/*
 * Entered from kernelvec for a trap taken in supervisor mode, on the
 * current kernel stack.  Only interrupts are expected: an exception
 * here is a kernel bug.  A tick preempts the running process, if any.
 */
void
kerneltrap(void)
{
  struct trapinfo t;

  trap_read(&t, 0, "kerneltrap: not from supervisor mode");
  if (intr_get())
    panic("kerneltrap: interrupts enabled");

  if (!devintr(&t)) {
    printf("kerneltrap: scause 0x%lx sepc 0x%lx stval 0x%lx\n", t.cause, t.pc, t.addr);
    panic("kerneltrap: exception in kernel");
  }
  if (t.kind == TRAP_TIMER && myproc() != 0)
    yield();

  /* Traps taken during yield() reused sepc and sstatus; sret needs ours. */
  w_sepc(t.pc);
  w_sstatus(t.status);
}
