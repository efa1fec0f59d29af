/*
 * System calls about processes, time and memory accounting.  Each is
 * called with its arguments fetched (syscall.c) and checks their
 * values.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "vma.h"
#include "proc.h"
#include "sysinfo.h"
#include "vmstat.h"
#include "diskstat.h"
#include "fcntl.h"
#include "vm.h"
#include "defs.h"
#include "syshandlers.h"

/* ------------------------------------------------------------- processes */

uint64
sys_fork(void)
{
  return fork();
}

uint64
sys_exit(int status)
{
  exit(status);
}

uint64
sys_wait(uint64 status_addr)
{
  return wait(status_addr);
}

uint64
sys_kill(int pid)
{
  return kill(pid);
}

uint64
sys_getpid(void)
{
  return myproc()->pid;
}

/* ---------------------------------------------------------------- memory */

uint64
sys_sbrk(int n, int type)
{
  uint64 oldsz;

  if (type != SBRK_EAGER && type != SBRK_LAZY)
    return -1;
  oldsz = myproc()->sz;
  if (n < 0 && (uint64)(-(long)n) > oldsz - myproc()->vm.heap_start)
    return oldsz;   /* a shrink past the heap's start leaves it as it is */
  if (n > 0 && type == SBRK_LAZY) {
    if (heap_reserve(n) < 0)
      return -1;
  } else if (growproc(n) < 0) {
    return -1;
  }
  return oldsz;
}

uint64
sys_sysinfo(uint64 dst)
{
  struct sysinfo info;

  info.freemem = kfreemem();
  info.nproc = nproc_active();
  if (copyout(myproc()->pagetable, dst, (char *)&info, sizeof(info)) < 0)
    return -1;
  return 0;
}

uint64
sys_vmstat(uint64 dst)
{
  struct vmstat st;

  reclaim_stats(&st);
  if (copyout(myproc()->pagetable, dst, (char *)&st, sizeof(st)) < 0)
    return -1;
  return 0;
}

/* ------------------------------------------------------------------ time */

uint64
sys_sleep(int n)
{
  if (n < 0)
    return -1;
  return clock_sleep(n, 1);
}

uint64
sys_uptime(void)
{
  uint now;

  acquire(&tickslock);
  now = ticks;
  release(&tickslock);
  return now;
}

/* ------------------------------------ the disk, and the lock rule's test */

uint64
sys_diskstat(uint64 dst)
{
  struct diskstat stats;

  virtio_disk_stats(&stats);
  if (copyout(myproc()->pagetable, dst, (char *)&stats, sizeof(stats)) < 0)
    return -1;
  return 0;
}

uint64
sys_lockcheck(int use_sleeplock)
{
  static struct spinlock spin = { .locked = 0, .name = "lockcheck", .cpu = 0 };
  static struct sleeplock sleeping;

  if (use_sleeplock) {
    initsleeplock(&sleeping, "lockcheck");
    acquiresleep(&sleeping);
    vm_fault(myproc(), 0, PROT_READ);
    releasesleep(&sleeping);
  } else {
    acquire(&spin);
    vm_fault(myproc(), 0, PROT_READ);
    release(&spin);
  }
  return 0;
}
