/*
 * System call dispatch and argument fetching.
 *
 * A user program puts the call number in a7 and up to six arguments in
 * a0..a5, then executes ecall.  usertrap() calls syscall(), which
 * leaves the call's result in the saved a0.
 *
 * kernel/syscalls.tbl gives each call the kinds of its arguments, and
 * syscall() fetches and checks them before the handler runs: an fd
 * must name an open file (the handler gets the struct file), a string
 * is copied into kernel memory (the handler gets the copy).  A call
 * whose fd or string is bad fails with -1 without running its handler,
 * so handlers start with arguments they can use.  A handler declared
 * handler(void) in the table fetches its own, with argint, argaddr and
 * argstr; any pointer is followed with copyin, so a bad address fails
 * the call rather than the kernel.
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
  return copyin(myproc()->pagetable, (char *)ip, addr, sizeof(*ip)) == 0 ? 0 : -1;
}

/*
 * Copy the NUL-terminated string at user address addr into buf, at most
 * max bytes including the NUL.  Returns the string's length, or -1.
 */
int
fetchstr(uint64 addr, char *buf, int max)
{
  if (copyinstr(myproc()->pagetable, buf, addr, max) != 0)
    return -1;
  return strlen(buf);
}

/* System calls take at most this many arguments, in a0..a5. */
#define MAX_SYSCALL_ARGS 6

/* The raw values of the system call's arguments, a0..a5 as saved. */
static void
saved_args(uint64 raw[MAX_SYSCALL_ARGS])
{
  struct trapframe *tf = myproc()->trapframe;

  raw[0] = tf->a0;
  raw[1] = tf->a1;
  raw[2] = tf->a2;
  raw[3] = tf->a3;
  raw[4] = tf->a4;
  raw[5] = tf->a5;
}

/* The raw value of system call argument n (0 .. MAX_SYSCALL_ARGS-1). */
static uint64
argraw(int n)
{
  uint64 raw[MAX_SYSCALL_ARGS];

  if (n < 0 || n >= MAX_SYSCALL_ARGS)
    panic("argraw: no such argument");
  saved_args(raw);
  return raw[n];
}

/* Argument n as an int (its low 32 bits). */
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
  return fetchstr(argraw(n), buf, max);
}

/* The kinds of argument of syscalls.tbl; ARG_NONE ends a call's list. */
enum argkind { ARG_NONE, ARG_INT, ARG_LONG, ARG_ADDR, ARG_STR, ARG_FD };

/* One argument, fetched: the member its kind names. */
union sysarg {
  int i;                /* int */
  uint64 u;             /* long, addr */
  char *str;            /* str: the kernel's copy */
  struct file *file;    /* fd: the open file */
};

/* A call: its handler, called with the fetched arguments, and their kinds. */
struct syscall_entry {
  uint64 (*call)(const union sysarg *args);
  enum argkind kinds[MAX_SYSCALL_ARGS];
};

/*
 * Generated from syscalls.tbl (see its comment): the handlers'
 * declarations; then MAX_STR_ARGS, a call_NAME function per call and
 * the table calls[] by call number.
 */
#include "syshandlers.h"
#include "systable.h"

/* Room for the strings of one call, copied in. */
struct strings {
  int used;
  char buf[MAX_STR_ARGS][MAXPATH];
};

/*
 * Fetch the arguments of the kinds given into args; strings go into
 * strs.  Returns 0, or -1 if an fd is not open or a string cannot be
 * copied in.  Kept out of line, so that syscall() stays small for the
 * calls that take no arguments (getpid, fork, uptime).
 */
static int __attribute__((noinline))
fetch_args(const enum argkind *kinds, union sysarg *args, struct strings *strs)
{
  int n;
  uint64 raw[MAX_SYSCALL_ARGS];

  saved_args(raw);
  for (n = 0; n < MAX_SYSCALL_ARGS && kinds[n] != ARG_NONE; n++) {
    switch (kinds[n]) {
    case ARG_INT:
      args[n].i = (int)raw[n];
      break;
    case ARG_LONG:
    case ARG_ADDR:
      args[n].u = raw[n];
      break;
    case ARG_STR:
      args[n].str = strs->buf[strs->used++];
      if (fetchstr(raw[n], args[n].str, MAXPATH) < 0)
        return -1;
      break;
    case ARG_FD:
      args[n].file = fd_file((int)raw[n]);
      if (args[n].file == 0)
        return -1;
      break;
    default:
      panic("fetch_args: unknown kind of argument");
    }
  }
  return 0;
}

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
  union sysarg args[MAX_SYSCALL_ARGS];
  struct strings strs;

  if (num >= NELEM(calls) || calls[num].call == 0) {
    printf("pid %d (%s): unknown system call %d\n", p->pid, p->name, (int)num);
    p->trapframe->a0 = -1;
    return;
  }
  strs.used = 0;
  if (calls[num].kinds[0] != ARG_NONE &&
      fetch_args(calls[num].kinds, args, &strs) < 0) {
    p->trapframe->a0 = -1;
    return;
  }
  p->trapframe->a0 = calls[num].call(args);
}
