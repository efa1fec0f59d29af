/*
 * exec: replace the current process's address space with a program
 * read from an ELF file.
 *
 * The new address space is made of VMAs like any other (vma.c).  From
 * address 0 up:
 *
 *   text   each read-only PT_LOAD segment: a private mapping of the
 *          program file, so that its pages are the page cache's own,
 *          one copy shared by every process running the program
 *   data   each writable segment: a private mapping of the file too,
 *          whose pages are copied at their first store; past the
 *          file's bytes (bss) anonymous memory.  The page where the
 *          file's bytes end is filled here: the rest of it must read
 *          as zeros, not as whatever follows in the file
 *   guard  one page no access is allowed to: running off the stack kills
 *   stack  USERSTACK pages: argument strings at the top, then argv[]
 *   heap   empty for now, just above the stack (sbrk, heap.c)
 *
 * No page of the program is read here but the partly filled ones:
 * text, data, bss, stack and heap pages all arrive at their first touch
 * (vmfault.c), the file's from the page cache, where one copy serves
 * every process running the program.  So a big program that runs
 * little of itself costs little, and its unused pages may be reclaimed
 * like any file page.  That is safe because the program file cannot
 * change under it: a file some process runs cannot be opened for
 * writing, nor a file open for writing be run (file.c).
 *
 * exec checks all it can while the old address space is still there
 * (the headers, that the arguments fit on the stack) and allocates
 * everything the new one needs but pages.  Past that point of no
 * return, only a page of the stack or a partly filled page can fail
 * for want of memory; the process then dies as it would on a failed
 * page fault.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "fcntl.h"
#include "fs.h"
#include "stat.h"
#include "sleeplock.h"
#include "pagetree.h"
#include "file.h"
#include "vma.h"
#include "proc.h"
#include "elf.h"
#include "vmainfo.h"
#include "defs.h"

/* readi() takes 32-bit offsets. */
#define MAX_FILE_OFFSET 0xFFFFFFFFUL

/* The RISC-V calling convention keeps sp 16-byte aligned. */
#define STACK_ALIGN 16

/* Loadable segments a program may have. */
#define MAXSEGMENTS 8

/* VMAs of a new image at most: two per segment, the guard and the stack. */
#define MAXIMAGEVMAS (2 * MAXSEGMENTS + 2)

/* A PT_LOAD segment, checked. */
struct segment {
  uint64 va;        /* where it starts (page aligned) */
  uint64 memsz;     /* its bytes in memory */
  uint64 off;       /* file offset of va */
  uint64 filesz;    /* bytes from the file; the rest are zeros */
  int prot;         /* PROT_READ, plus PROT_WRITE and PROT_EXEC as flagged */
};

/* The new image, as exec plans it before the point of no return. */
struct image {
  struct segment seg[MAXSEGMENTS];
  int nseg;
  struct vma *vma[MAXIMAGEVMAS];   /* filled in, not yet linked */
  int nvma;
  uint64 heap_start;               /* the top of the stack */
  uint64 entry;
};

/* Move sp down by len bytes and align it. */
static uint64
stack_push(uint64 sp, uint64 len)
{
  return (sp - len) & ~(uint64)(STACK_ALIGN - 1);
}

/*
 * Is ph a segment exec can load above address `above`?  It must start
 * on a page boundary at or above it, hold its file bytes (which the
 * file of size filesize must have), not wrap, and end below TRAPFRAME.
 */
static int
segment_ok(struct proghdr *ph, uint64 above, uint64 filesize)
{
  if (ph->vaddr % PGSIZE != 0 || ph->vaddr < above)
    return 0;
  if (ph->memsz < ph->filesz)
    return 0;
  if (ph->vaddr + ph->memsz < ph->vaddr || ph->vaddr + ph->memsz >= TRAPFRAME)
    return 0;
  if (ph->off + ph->filesz < ph->off || ph->off + ph->filesz > MAX_FILE_OFFSET)
    return 0;
  return ph->off + ph->filesz <= filesize;
}

/*
 * Read and check the loadable segments of program ip (locked) into im.
 * Returns 0, or -1 if the file is malformed or has too many.
 */
static int
read_segments(struct inode *ip, struct elfhdr *eh, struct image *im)
{
  struct proghdr ph;
  struct segment *s;
  uint64 above = 0, off;
  int i;

  /* The headers must lie in the file (phoff is 64 bits, readi's 32). */
  if (eh->phoff > ip->size || (uint64)eh->phnum * sizeof(ph) > ip->size - eh->phoff)
    return -1;
  im->nseg = 0;
  for (i = 0, off = eh->phoff; i < eh->phnum; i++, off += sizeof(ph)) {
    if (readi(ip, 0, (uint64)&ph, off, sizeof(ph)) != sizeof(ph))
      return -1;
    if (ph.type != ELF_PROG_LOAD || ph.memsz == 0)
      continue;
    if (!segment_ok(&ph, above, ip->size) || im->nseg == MAXSEGMENTS)
      return -1;
    s = &im->seg[im->nseg++];
    s->va = ph.vaddr;
    s->memsz = ph.memsz;
    s->off = ph.off;
    s->filesz = ph.filesz;
    s->prot = PROT_READ;
    if (ph.flags & ELF_PROG_FLAG_WRITE)
      s->prot |= PROT_WRITE;
    if (ph.flags & ELF_PROG_FLAG_EXEC)
      s->prot |= PROT_EXEC;
    above = ph.vaddr + ph.memsz;
  }
  return im->nseg > 0 ? 0 : -1;
}

/*
 * How many bytes of segment s, from its start, map the file's pages
 * directly.  A read-only segment that is all file maps its last page
 * whole (what follows its bytes in that page can only be read); else
 * the page where the file's bytes end gets a copy, so that the rest of
 * it reads as zeros.  A file offset out of step with the address (not
 * page aligned) cannot be mapped at all: the whole segment is copied.
 */
static uint64
file_part(struct segment *s)
{
  if (s->off % PGSIZE != 0)
    return 0;
  if (!(s->prot & PROT_WRITE) && s->memsz == s->filesz)
    return PGROUNDUP(s->filesz);
  return PGROUNDDOWN(s->filesz);
}

/* Take a fresh VMA for im, or return 0 if memory is exhausted. */
static struct vma*
image_vma(struct image *im)
{
  struct vma *v = vma_alloc();

  if (v != 0)
    im->vma[im->nvma++] = v;
  return v;
}

/*
 * Plan the VMAs of im: per segment its file part and the anonymous rest,
 * then the guard page and the stack above the highest segment.
 * Returns 0, or -1 if memory ran out or the stack would not fit.
 */
static int
plan_vmas(struct image *im)
{
  struct segment *s;
  struct vma *v;
  uint64 infile, end, top = 0;
  int role;

  im->nvma = 0;
  for (s = im->seg; s < &im->seg[im->nseg]; s++) {
    role = (s->prot & PROT_WRITE) ? VMA_DATA : VMA_TEXT;
    infile = file_part(s);
    end = PGROUNDUP(s->va + s->memsz);
    if (infile > 0) {
      if ((v = image_vma(im)) == 0)
        return -1;
      vma_anon(v, s->va, s->va + infile, s->prot, role);
      v->flags = MAP_PRIVATE;   /* of the program file */
      v->offset = s->off;
    }
    if (s->va + infile < end) {
      if ((v = image_vma(im)) == 0)
        return -1;
      vma_anon(v, s->va + infile, end, s->prot, role);
    }
    top = end;
  }

  if (top + (USERSTACK + 1) * PGSIZE >= TRAPFRAME)
    return -1;
  if ((v = image_vma(im)) == 0)
    return -1;
  vma_anon(v, top, top + PGSIZE, PROT_NONE, VMA_GUARD);
  if ((v = image_vma(im)) == 0)
    return -1;
  vma_anon(v, top + PGSIZE, top + (USERSTACK + 1) * PGSIZE, PROT_READ | PROT_WRITE, VMA_STACK);
  im->heap_start = v->end;
  return 0;
}

/* Free the VMAs of im that were never linked. */
static void
drop_plan(struct image *im)
{
  while (im->nvma > 0)
    vma_free(im->vma[--im->nvma]);
}

/*
 * Put n bytes from src at va, in a page of p's own (anonymous, maybe
 * read-only to the program), faulting it in first.  The page is
 * written under the vmspace lock, since reclaim may take it whenever
 * that lock is free.  Returns 0, or -1 if memory ran out.
 */
static int
fill_user(struct proc *p, uint64 va, char *src, uint64 n)
{
  uint64 pa;
  int tries;

  for (tries = 0; tries < 4; tries++) {
    /* Under the spin lock only a resident page is written, through the
       kernel's direct mapping: no sleep, no fault.  The fault is taken
       below, with the lock let go. */
    acquire(&p->vm.lock);
    pa = walkaddr(p->pagetable, va);
    if (pa != 0)
      memmove((char *)pa + va % PGSIZE, src, n);
    release(&p->vm.lock);
    if (pa != 0)
      return 0;
    /* A read fault maps a zeroed page of this process's own. */
    if (vm_fault(p, va, PROT_READ) != 0)
      return -1;
  }
  return -1;
}

/*
 * Fill the bytes of segment s that its file part does not map (the
 * partly filled page, or all of an unaligned segment) from the program
 * file, into pages of the current process's new address space.
 * Returns 0, or -1 if memory ran out.
 */
static int
copy_rest(struct proc *p, struct segment *s, struct inode *ip)
{
  uint64 done = file_part(s), va, n;
  char *bounce;
  int got = 0;

  /* Read into a page of the kernel's: no user page may fault under the inode lock. */
  if (done >= s->filesz)
    return 0;
  if ((bounce = kalloc()) == 0)
    return -1;
  for (; done < s->filesz; done += n) {
    va = s->va + done;
    n = PGSIZE - va % PGSIZE;
    if (n > s->filesz - done)
      n = s->filesz - done;
    ilock(ip);
    got = readi(ip, 0, (uint64)bounce, s->off + done, n);
    iunlock(ip);
    if (got <= 0 || fill_user(p, va, bounce, got) < 0) {
      got = -1;
      break;
    }
    n = got;
  }
  kfree(bounce);
  return got < 0 ? -1 : 0;
}

/*
 * Would the argument strings and the argv[] array fit on a stack of
 * USERSTACK pages, each 16-byte aligned?  Returns argc, or -1.
 */
static int
args_fit(char **argv)
{
  uint64 room = USERSTACK * PGSIZE, need = 0;
  int argc;

  for (argc = 0; argv[argc] != 0; argc++) {
    if (argc >= MAXARG)
      return -1;
    need += (strlen(argv[argc]) + 1 + STACK_ALIGN - 1) / STACK_ALIGN * STACK_ALIGN;
  }
  need += ((argc + 1) * sizeof(uint64) + STACK_ALIGN - 1) / STACK_ALIGN * STACK_ALIGN;
  return need <= room ? argc : -1;
}

/*
 * Copy the argument strings, then the argv[] array, to the top of the
 * stack below sp, each 16-byte aligned, as the C calling convention
 * wants (args_fit has said they fit).  Returns the final sp (which is
 * also argv), or 0 if memory for the stack ran out.
 */
static uint64
push_args(pagetable_t pt, uint64 sp, char **argv, int argc)
{
  uint64 uargv[MAXARG + 1];
  uint64 len;
  int i;

  for (i = 0; i < argc; i++) {
    len = strlen(argv[i]) + 1;
    sp = stack_push(sp, len);
    if (copyout(pt, sp, argv[i], len) < 0)
      return 0;
    uargv[i] = sp;
  }
  uargv[argc] = 0;
  len = (argc + 1) * sizeof(uint64);
  sp = stack_push(sp, len);
  if (copyout(pt, sp, (char *)uargv, len) < 0)
    return 0;
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
 * The program at path, as the open file its VMAs map it through (one
 * shared by every process running the program: file_of_program), with
 * im's segments read; or 0 if it cannot be run (no such file, not an
 * ELF program, open for writing, the file table full).
 */
static struct file*
open_program(char *path, struct image *im)
{
  struct elfhdr eh;
  struct inode *ip;
  struct file *f = 0;

  begin_op();
  if ((ip = namei(path)) == 0) {
    end_op();
    return 0;
  }
  ilock(ip);
  if (ip->type == T_FILE && readi(ip, 0, (uint64)&eh, 0, sizeof(eh)) == sizeof(eh) &&
      eh.magic == ELF_MAGIC && read_segments(ip, &eh, im) == 0) {
    im->entry = eh.entry;
    f = file_of_program(ip);
  }
  iunlockput(ip);
  end_op();
  return f;
}

/*
 * Past the point of no return: give p the address space im describes,
 * in page table pt, with the program's partial pages filled from f.
 * Returns argv's address for the new program, or 0 if memory ran out.
 */
static uint64
install_image(struct proc *p, struct image *im, pagetable_t pt, struct file *f,
              char **argv, int argc)
{
  pagetable_t oldpt;
  struct vma *v;
  int i;

  vmspace_release(p);
  oldpt = p->pagetable;
  acquire(&p->vm.lock);   /* the reclaimer reads it under this lock */
  p->pagetable = pt;
  release(&p->vm.lock);
  proc_freepagetable(oldpt);

  for (i = 0; i < im->nvma; i++) {
    v = im->vma[i];
    vmspace_insert(p, v, (v->flags & MAP_ANONYMOUS) ? 0 : f);
  }
  im->nvma = 0;
  p->vm.heap_start = im->heap_start;
  p->sz = im->heap_start;

  for (i = 0; i < im->nseg; i++)
    if (copy_rest(p, &im->seg[i], f->ip) < 0)
      return 0;
  return push_args(pt, im->heap_start, argv, argc);
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
  struct image *im;   /* a page of its own: too big for the kernel stack */
  struct file *f;
  pagetable_t pt;
  uint64 sp;
  int argc;

  im = kalloc();
  if (im == 0)
    return -1;
  if ((argc = args_fit(argv)) < 0 || (f = open_program(path, im)) == 0) {
    kfree(im);
    return -1;
  }
  if ((pt = proc_pagetable(p)) == 0) {
    fileclose(f);
    kfree(im);
    return -1;
  }
  if (plan_vmas(im) < 0) {
    drop_plan(im);
    proc_freepagetable(pt);
    fileclose(f);
    kfree(im);
    return -1;
  }

  /* The point of no return. */
  sp = install_image(p, im, pt, f, argv, argc);
  p->trapframe->epc = im->entry;
  fileclose(f);   /* the file VMAs hold their own references */
  kfree(im);
  if (sp == 0) {
    printf("pid %d (%s): killed: exec: out of memory\n", p->pid, p->name);
    setkilled(p);
    return -1;
  }
  /* main(argc, argv): argc is this call's return value, in a0. */
  p->trapframe->a1 = sp;
  p->trapframe->sp = sp;
  safestrcpy(p->name, last_element(path), sizeof(p->name));
  return argc;
}
