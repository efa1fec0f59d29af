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

/* What devintr() found. */
enum intr_kind {
  INTR_NONE,     /* not an interrupt we know: an exception */
  INTR_DEVICE,   /* a device interrupt, handled */
  INTR_TIMER,    /* a timer tick, handled */
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

/*
 * Handle the interrupt described by scause, if it is one.
 * Returns INTR_TIMER, INTR_DEVICE, or INTR_NONE for an exception.
 */
static enum intr_kind
devintr(uint64 scause)
{
  int irq;

  if (scause == SCAUSE_S_TIMER) {
    clockintr();
    return INTR_TIMER;
  }
  if (scause != SCAUSE_S_EXTERNAL)
    return INTR_NONE;

  irq = plic_claim();   /* 0: another hart claimed it first */
  switch (irq) {
  case 0:
    break;
  case UART0_IRQ:
    uartintr();
    break;
  case VIRTIO0_IRQ:
    virtio_disk_intr(ROOT_DISK);
    break;
  case VIRTIO1_IRQ:
    virtio_disk_intr(SWAP_DISK);
    break;
  default:
    printf("devintr: unexpected irq %d\n", irq);
    break;
  }
  if (irq != 0)
    plic_complete(irq);
  return INTR_DEVICE;
}

/*
 * A page fault from user mode at address va.  Asks the VM-area code to
 * map the page; if it cannot, says why on the console and marks the
 * process killed.
 */
static void
user_page_fault(struct proc *p, uint64 scause, uint64 va)
{
  int access;
  char *what, *reason;

  switch (scause) {
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

  reason = vm_fault(p, va, access);
  if (reason != 0) {
    printf("pid %d (%s): killed: %s at 0x%lx: %s\n", p->pid, p->name, what, va, reason);
    setkilled(p);
  }
}

/*
 * Entered from uservec in trampoline.S for every trap taken in user
 * mode, on the process's kernel stack with the kernel page table.
 */
void
usertrap(void)
{
  struct proc *p = myproc();
  uint64 scause = r_scause();
  uint64 stval = r_stval();
  enum intr_kind intr = INTR_NONE;

  if ((r_sstatus() & SSTATUS_SPP) != 0)
    panic("usertrap: not from user mode");

  /* Traps taken from now on are the kernel's own. */
  w_stvec((uint64)kernelvec);
  p->trapframe->epc = r_sepc();

  switch (scause) {
  case SCAUSE_ECALL_U:
    if (killed(p))
      exit(-1);
    p->trapframe->epc += 4;   /* resume after the ecall */
    intr_on();                /* scause, sepc, stval are saved by now */
    syscall();
    break;
  case SCAUSE_INST_PAGE_FAULT:
  case SCAUSE_LOAD_PAGE_FAULT:
  case SCAUSE_STORE_PAGE_FAULT:
    intr_on();                /* filling the page may wait for the disk */
    user_page_fault(p, scause, stval);
    break;
  default:
    intr = devintr(scause);
    if (intr == INTR_NONE) {
      printf("pid %d (%s): killed: unexpected trap scause 0x%lx sepc 0x%lx stval 0x%lx\n",
             p->pid, p->name, scause, p->trapframe->epc, stval);
      setkilled(p);
    }
    break;
  }

  if (killed(p))
    exit(-1);
  if (intr == INTR_TIMER)
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

/*
 * Return to user space at the saved pc: point stvec at uservec, then
 * jump to userret in the trampoline, which switches to the user page
 * table, restores the user registers and executes sret.
 */
void
usertrapret(void)
{
  struct proc *p = myproc();
  uint64 userret_va = TRAMPOLINE + (userret - trampoline);

  /*
   * From here until sret, a trap would land in uservec while still in
   * kernel mode: keep interrupts off.
   */
  intr_off();
  w_stvec(TRAMPOLINE + (uservec - trampoline));
  save_kernel_state(p);

  /* sret: to user mode (SPP clear), interrupts on there (SPIE set). */
  w_sstatus((r_sstatus() & ~SSTATUS_SPP) | SSTATUS_SPIE);
  w_sepc(p->trapframe->epc);

  ((void (*)(uint64))userret_va)(MAKE_SATP(p->pagetable));
}

/*
 * Entered from kernelvec for a trap taken in supervisor mode, on the
 * current kernel stack.  Only interrupts are expected here.
 */
void
kerneltrap(void)
{
  uint64 sepc = r_sepc();
  uint64 sstatus = r_sstatus();
  uint64 scause = r_scause();
  enum intr_kind intr;

  if ((sstatus & SSTATUS_SPP) == 0)
    panic("kerneltrap: not from supervisor mode");
  if (intr_get())
    panic("kerneltrap: interrupts enabled");

  intr = devintr(scause);
  if (intr == INTR_NONE) {
    printf("kerneltrap: scause 0x%lx sepc 0x%lx stval 0x%lx\n", scause, sepc, r_stval());
    panic("kerneltrap: exception in kernel");
  }

  if (intr == INTR_TIMER && myproc() != 0)
    yield();

  /* yield() may have let other traps reuse sepc and sstatus. */
  w_sepc(sepc);
  w_sstatus(sstatus);
}
