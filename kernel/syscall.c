/*
 * System call dispatch and argument fetching.
 *
 * A user program puts the call number in a7 and up to six arguments in
 * a0..a5, then executes ecall.  usertrap() calls syscall(), which runs
 * the handler and leaves its result in the saved a0.  Handlers fetch
 * their own arguments from the trapframe with argint/argaddr/argstr and
 * validate them; any pointer they follow is read with copyin, so a bad
 * address fails the call rather than the kernel.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "syscall.h"
#include "defs.h"

/* Read the 64-bit word at user address addr into *ip.  Returns 0, or -1. */
int
fetchaddr(uint64 addr, uint64 *ip)
{
  struct proc *p = myproc();

  if (copyin(p->pagetable, (char *)ip, addr, sizeof(*ip)) != 0)
    return -1;
  return 0;
}

/*
 * Copy the NUL-terminated string at user address addr into buf, at most
 * max bytes including the NUL.  Returns the string's length, or -1.
 */
int
fetchstr(uint64 addr, char *buf, int max)
{
  struct proc *p = myproc();

  if (copyinstr(p->pagetable, buf, addr, max) != 0)
    return -1;
  return strlen(buf);
}

/* System calls take at most this many arguments, in a0..a5. */
#define MAX_SYSCALL_ARGS 6

/* The raw value of system call argument n (0 .. MAX_SYSCALL_ARGS-1). */
static uint64
argraw(int n)
{
  struct trapframe *tf = myproc()->trapframe;
  uint64 args[MAX_SYSCALL_ARGS] = { tf->a0, tf->a1, tf->a2, tf->a3, tf->a4, tf->a5 };

  if (n < 0 || n >= MAX_SYSCALL_ARGS)
    panic("argraw: no such argument");
  return args[n];
}

/* Argument n as an int. */
void
argint(int n, int *ip)
{
  *ip = (int)argraw(n);
}

/*
 * Argument n as a user address.  It is not checked here: copyin and
 * copyout check it when it is used.
 */
void
argaddr(int n, uint64 *ip)
{
  *ip = argraw(n);
}

/*
 * Argument n as a string, copied into buf (at most max bytes with the
 * NUL).  Returns the string's length, or -1.
 */
int
argstr(int n, char *buf, int max)
{
  uint64 addr;

  argaddr(n, &addr);
  return fetchstr(addr, buf, max);
}

/*
 * The handlers' declarations and the table of handlers by call number,
 * handlers[]: generated from syscalls.tbl (see its comment).
 */
#include "systable.h"

/*
 * Run the system call the current process asked for and store its
 * result in the saved a0.  An unknown number returns -1 with a note on
 * the console.
 */
void
syscall(void)
{
  struct proc *p = myproc();
  uint64 num = p->trapframe->a7;

  if (num < NELEM(handlers) && handlers[num] != 0) {
    p->trapframe->a0 = handlers[num]();
    return;
  }
  printf("pid %d (%s): unknown system call %d\n", p->pid, p->name, (int)num);
  p->trapframe->a0 = -1;
}
