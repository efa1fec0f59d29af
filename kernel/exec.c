/*
 * exec: replace the current process's memory with a program read from
 * an ELF file.
 *
 * The new image is built in a fresh page table while the old one keeps
 * running the process, so any failure simply throws the new table away
 * and the caller sees -1.  Only when the new image is complete does
 * exec drop the old mappings and the old page table.
 *
 * The image, from address 0 up:
 *   PT_LOAD segments, each with its own page permissions; read-only ones
 *   (text) map the program file's cached pages, shared by every process
 *   running it, and writable ones (data, bss) are copied
 *   one guard page (no user access), catching stack overflow
 *   USERSTACK pages of stack: argument strings at the top, then argv[]
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "elf.h"
#include "defs.h"

/* readi() takes 32-bit offsets. */
#define MAX_FILE_OFFSET 0xFFFFFFFFUL

/* The RISC-V calling convention keeps sp 16-byte aligned. */
#define STACK_ALIGN 16

/* Bytes above the loaded segments: the guard page and the stack. */
#define STACK_SPAN ((USERSTACK + 1) * PGSIZE)

/* Move sp down by len bytes and align it. */
static uint64
stack_push(uint64 sp, uint64 len)
{
  return (sp - len) & ~(uint64)(STACK_ALIGN - 1);
}

/* Page permissions (beyond PTE_R | PTE_U) for an ELF segment's flags. */
static int
segment_perm(uint32 flags)
{
  int perm = 0;

  if (flags & ELF_PROG_FLAG_EXEC)
    perm |= PTE_X;
  if (flags & ELF_PROG_FLAG_WRITE)
    perm |= PTE_W;
  return perm;
}

/*
 * Is ph a segment exec can load above image end sz?  It must start on a
 * page boundary at or above sz, hold its file bytes, not wrap (in memory
 * or in the file), and end below the top of user space.
 */
static int
segment_ok(struct proghdr *ph, uint64 sz)
{
  if (ph->vaddr % PGSIZE != 0)
    return 0;
  if (ph->memsz < ph->filesz)
    return 0;
  if (ph->vaddr + ph->memsz < ph->vaddr)
    return 0;
  if (ph->off + ph->filesz < ph->off || ph->off + ph->filesz > MAX_FILE_OFFSET)
    return 0;
  if (ph->vaddr < sz)
    return 0;
  if (ph->vaddr + ph->memsz >= TRAPFRAME)
    return 0;
  return 1;
}

/*
 * Copy n bytes at file offset off of ip into the pages mapped at user
 * address va (page aligned) of page table pt.  ip is locked.
 * Returns 0, or -1 on a short read.
 */
static int
load_bytes(pagetable_t pt, uint64 va, struct inode *ip, uint off, uint64 n)
{
  uint64 done, pa, chunk;

  for (done = 0; done < n; done += chunk) {
    pa = walkaddr(pt, va + done);
    if (pa == 0)
      panic("exec: segment page not mapped");
    chunk = n - done < PGSIZE ? n - done : PGSIZE;
    if (readi(ip, 0, pa, off + done, chunk) != chunk)
      return -1;
  }
  return 0;
}

/*
 * Map the read-only segment ph of program ip at its address in pt,
 * sharing the program file's cached pages (pagecache.c): every process
 * running the program maps the same text, and loading it copies
 * nothing.  A page only partly filled from the file (the segment's last)
 * is copied instead, so that its tail reads as zeros.  ip is locked.
 * Returns 0, or -1 with what was mapped left in pt (*szp says how far).
 */
static int
share_segment(pagetable_t pt, struct inode *ip, struct proghdr *ph, uint64 *szp)
{
  uint64 va, end = ph->vaddr + ph->memsz;
  int perm = PTE_R | PTE_U | segment_perm(ph->flags);
  char *page;

  /* A gap below the segment: zeroed pages, as uvmalloc maps them. */
  if (ph->vaddr > PGROUNDUP(*szp)) {
    if (uvmalloc(pt, *szp, ph->vaddr, 0) == 0)
      return -1;
    *szp = ph->vaddr;
  }
  for (va = ph->vaddr; va < end; va += PGSIZE) {
    if (va + PGSIZE <= ph->vaddr + ph->filesz) {
      page = pagecache_get(ip, (ph->off + (va - ph->vaddr)) / PGSIZE);
      if (page == 0)
        return -1;
      if (mappages(pt, va, PGSIZE, (uint64)page, perm) < 0) {
        kfree(page);
        return -1;
      }
      *szp = va + PGSIZE;
    } else {
      if (uvmalloc(pt, va, va + PGSIZE, segment_perm(ph->flags)) == 0)
        return -1;
      *szp = va + PGSIZE;
      if (va < ph->vaddr + ph->filesz &&
          load_bytes(pt, va, ip, ph->off + (va - ph->vaddr), ph->vaddr + ph->filesz - va) < 0)
        return -1;
    }
  }
  *szp = end;
  return 0;
}

/* Can segment ph share the program file's cached pages? */
static int
shareable(struct proghdr *ph)
{
  return !(ph->flags & ELF_PROG_FLAG_WRITE) && ph->off % PGSIZE == 0 &&
         ph->filesz == ph->memsz;
}

/*
 * Read the program headers of ip and load every PT_LOAD segment into pt.
 * ip is locked.  Returns the image's end (the highest segment end), or 0
 * if the file is malformed, unreadable, or memory runs out.  Whatever
 * was mapped belongs to pt (the caller frees it with *szp pages).
 */
static uint64
load_segments(pagetable_t pt, struct inode *ip, struct elfhdr *eh, uint64 *szp)
{
  struct proghdr ph;
  uint64 newsz;
  uint off;
  int i;

  *szp = 0;
  for (i = 0, off = eh->phoff; i < eh->phnum; i++, off += sizeof(ph)) {
    if (readi(ip, 0, (uint64)&ph, off, sizeof(ph)) != sizeof(ph))
      return 0;
    if (ph.type != ELF_PROG_LOAD || ph.memsz == 0)
      continue;
    if (!segment_ok(&ph, *szp))
      return 0;
    if (shareable(&ph)) {
      if (share_segment(pt, ip, &ph, szp) < 0)
        return 0;
      continue;
    }
    newsz = uvmalloc(pt, *szp, ph.vaddr + ph.memsz, segment_perm(ph.flags));
    if (newsz == 0)
      return 0;
    *szp = newsz;
    if (load_bytes(pt, ph.vaddr, ip, ph.off, ph.filesz) < 0)
      return 0;
  }
  return *szp;
}

/*
 * Lay out the argument strings and the argv[] array at the top of the
 * stack [stackbase, sp) in pt, each 16-byte aligned, as the C calling
 * convention wants.  Returns the final sp (which is also argv), or 0
 * if they do not fit.  *argcp receives argc.
 */
static uint64
push_args(pagetable_t pt, uint64 sp, uint64 stackbase, char **argv, int *argcp)
{
  uint64 uargv[MAXARG + 1];
  uint64 len;
  int argc;

  for (argc = 0; argv[argc] != 0; argc++) {
    if (argc >= MAXARG)
      return 0;
    len = strlen(argv[argc]) + 1;
    if (sp - stackbase < len)
      return 0;
    sp = stack_push(sp, len);
    if (copyout(pt, sp, argv[argc], len) < 0)
      return 0;
    uargv[argc] = sp;
  }
  uargv[argc] = 0;

  len = (argc + 1) * sizeof(uint64);
  if (sp - stackbase < len)
    return 0;
  sp = stack_push(sp, len);
  if (copyout(pt, sp, (char *)uargv, len) < 0)
    return 0;

  *argcp = argc;
  return sp;
}

/* The last element of path ("ls" for "/bin/ls"). */
static char*
last_element(char *path)
{
  char *s, *last = path;

  for (s = path; *s; s++) {
    if (*s == '/')
      last = s + 1;
  }
  return last;
}

/*
 * Run the program at path with arguments argv (a 0-terminated array of
 * kernel strings).  Returns argc, which lands in a0 of the new program,
 * or -1 with the calling process unchanged.
 */
int
exec(char *path, char **argv)
{
  struct proc *p = myproc();
  struct elfhdr eh;
  struct inode *ip;
  pagetable_t pt = 0, oldpt;
  uint64 sz = 0, oldsz, guard, stackbase, sp;
  int argc = 0;

  begin_op();
  ip = namei(path);
  if (ip == 0) {
    end_op();
    return -1;
  }
  ilock(ip);

  if (readi(ip, 0, (uint64)&eh, 0, sizeof(eh)) != sizeof(eh))
    goto bad_locked;
  if (eh.magic != ELF_MAGIC)
    goto bad_locked;

  pt = proc_pagetable(p);
  if (pt == 0)
    goto bad_locked;
  if (load_segments(pt, ip, &eh, &sz) == 0)
    goto bad_locked;
  iunlockput(ip);
  end_op();
  ip = 0;

  /* A guard page (user access removed), then the stack. */
  guard = PGROUNDUP(sz);
  if (guard + STACK_SPAN >= TRAPFRAME)
    goto bad;
  if (uvmalloc(pt, guard, guard + STACK_SPAN, PTE_W) == 0)
    goto bad;
  sz = guard + STACK_SPAN;
  uvmclear(pt, guard);
  stackbase = guard + PGSIZE;

  sp = push_args(pt, sz, stackbase, argv, &argc);
  if (sp == 0)
    goto bad;

  /* main(argc, argv): argc is this call's return value, in a0. */
  p->trapframe->a1 = sp;
  p->trapframe->epc = eh.entry;
  p->trapframe->sp = sp;
  safestrcpy(p->name, last_element(path), sizeof(p->name));

  /*
   * Point of no return.  The old mappings are released while the old
   * page table is still the process's (vmspace_release unmaps from it),
   * then the new table takes over and the old one is freed.
   */
  vmspace_release(p);
  oldpt = p->pagetable;
  oldsz = p->sz;
  p->pagetable = pt;
  p->sz = sz;
  proc_freepagetable(oldpt, oldsz);
  return argc;

bad_locked:
  iunlockput(ip);
  end_op();
bad:
  if (pt)
    proc_freepagetable(pt, sz);
  return -1;
}
