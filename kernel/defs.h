/*
 * The kernel's table of contents: every function used outside the file
 * that defines it, grouped by that file.  The locks they take, and
 * the order they may be taken in, are in lockorder.h.
 */
struct buf;
struct context;
struct diskstat;
struct file;
struct inode;
struct memobj;
struct pagetree;
struct pipe;
struct pool;
struct proc;
struct spinlock;
struct sleeplock;
struct stat;
struct superblock;
struct vma;
struct vmainfo;
struct vmspace;
struct waitqueue;

/* balloc.c: the free bitmap's data blocks */
void            balloc_init(struct superblock *sb);
uint            balloc(uint dev);
void            bfree(uint dev, uint bno);

/* bio.c: the block cache */
void            binit(void);
struct buf*     bread(uint dev, uint blockno);
struct buf*     bfresh(uint dev, uint blockno);
void            brelse(struct buf *b);
void            bwrite(struct buf *b);
void            bflush(void);
void            bpin(struct buf *b);
void            bunpin(struct buf *b);

/* console.c: the console device and its line editing */
void            consoleinit(void);
void            consoleintr(int c);
void            consputc(int c);

/* exec.c */
int             exec(char *path, char **argv);

/* heap.c: the heap's VMA, for sbrk */
struct vma*     heap_vma(struct proc *p);
int             heap_extend(struct proc *p, uint64 newsz);
void            heap_cut(struct proc *p, uint64 keep);

/* file.c: open files */
struct file*    file_of_program(struct inode *ip);
struct file*    filealloc(void);
void            fileclose(struct file *f);
struct file*    filedup(struct file *f);
int             fileopen(struct file *f, struct inode *ip, int omode);
void            fileinit(void);
int             fileread(struct file *f, uint64 addr, int n);
int             filestat(struct file *f, uint64 addr);
int             filewrite(struct file *f, uint64 addr, int n);

/* fdt.c: the device tree QEMU passes at boot */
int             fdt_memory(uint64 fdt, uint64 *base, uint64 *size);

/* fs.c: inodes, directories and path names */
void            fsinit(int dev);
int             dirlink(struct inode *dp, char *name, uint inum);
int             dirempty(struct inode *dp);
void            dirunlink(struct inode *dp, uint off);
struct inode*   dirlookup(struct inode *dp, char *name, uint *poff);
struct inode*   ialloc(uint dev, short type);
struct inode*   idup(struct inode *ip);
void            iinit(void);
void            ilock(struct inode *ip);
void            iput(struct inode *ip);
void            iunlock(struct inode *ip);
void            iunlockput(struct inode *ip);
void            iupdate(struct inode *ip);
int             namecmp(const char *s, const char *t);
struct inode*   namei(char *path);
struct inode*   nameiparent(char *path, char *name);
int             readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
void            stati(struct inode *ip, struct stat *st);
int             writei(struct inode *ip, int user_src, uint64 src, uint off, uint n);
void            itrunc(struct inode *ip);
int             read_blocks(struct inode *ip, char *dst, uint off, uint n);
struct inode*   inode_slot(int i);
struct inode*   inode_hold(int i);
int             ilock_live(struct inode *ip);

/* kalloc.c: physical pages, reference counted */
extern uint64   phystop;
void            kinit(void);
void*           kalloc(void);
void            kfree(void *pa);
void            kpage_ref(void *pa);
int             kpage_refs(void *pa);
uint64          kfreemem(void);
uint64          kfree_pages(void);

/* log.c: the write-ahead log */
void            initlog(int dev, struct superblock *sb);
void            log_write(struct buf *b);
void            begin_op(void);
void            end_op(void);
void            begin_op_blocks(int nblocks);
void            end_op_blocks(int nblocks);
int             log_write_blocks(uint n);
uint            log_write_max(void);
int             log_capacity(void);

/* pipe.c */
int             pipealloc(struct file **f0, struct file **f1);
void            pipeclose(struct pipe *pi, int writable);
int             piperead(struct pipe *pi, uint64 addr, int n);
int             pipewrite(struct pipe *pi, uint64 addr, int n);

/* printf.c */
void            printf(char *fmt, ...);
void            panic(char *s) __attribute__((noreturn));
void            printfinit(void);
extern volatile int panicked;   /* set by panic(): other harts stop printing */

/* clock.c: the tick clock */
extern uint     ticks;
extern struct spinlock tickslock;
void            clockinit(void);
void            clock_tick(void);
int             clock_sleep(uint n, int killable);

/* proc.c: processes, their families, exit, wait and kill */
int             cpuid(void);
void            exit(int status) __attribute__((noreturn));
int             fork(void);
int             growproc(int n);
int             heap_reserve(int n);
void            proc_mapstacks(pagetable_t kpgtbl);
pagetable_t     proc_pagetable(struct proc *p);
void            proc_freepagetable(pagetable_t pagetable);
int             kill(int pid);
int             killed(struct proc *p);
void            setkilled(struct proc *p);
int             proc_is_init(struct proc *p);
struct cpu*     mycpu(void);
struct proc*    myproc(void);
void            procinit(void);
void            userinit(void);
int             wait(uint64 addr);
int             either_copyout(int user_dst, uint64 dst, void *src, uint64 len);
int             either_copyin(void *dst, int user_src, uint64 src, uint64 len);
void            procdump(void);
uint64          nproc_active(void);
struct proc*    proc_lookup(int pid);
void            tlb_wait_others(void);
struct proc*    proc_slot(int i);

/* sched.c: the run queue and switching */
void            schedinit(void);
void            scheduler(void) __attribute__((noreturn));
void            sched(void);
void            sched_ready(struct proc *p);
void            sched_wake(struct proc *p);
int             sched_block(struct spinlock *lk, char *what, int killable);
void            sched_exit(struct spinlock *lk) __attribute__((noreturn));
void            yield(void);

/* swtch.S */
void            swtch(struct context *old, struct context *new);

/* spinlock.c */
void            acquire(struct spinlock *lk);
int             holding_spinlocks(void);
int             holding(struct spinlock *lk);
void            initlock(struct spinlock *lk, char *name);
void            release(struct spinlock *lk);
void            push_off(void);
void            pop_off(void);

/* sleeplock.c */
void            acquiresleep(struct sleeplock *lk);
void            releasesleep(struct sleeplock *lk);
int             holdingsleep(struct sleeplock *lk);
void            initsleeplock(struct sleeplock *lk, char *name);

/* start.c */
extern uint64   boot_fdt;

/* string.c */
int             memcmp(const void *a, const void *b, uint n);
void*           memmove(void *dst, const void *src, uint n);
void*           memcpy(void *dst, const void *src, uint n);
void*           memset(void *dst, int c, uint n);
char*           safestrcpy(char *dst, const char *src, int n);
int             strlen(const char *s);
int             strncmp(const char *a, const char *b, uint n);
char*           strncpy(char *dst, const char *src, int n);

/* syscall.c: dispatch and argument fetching */
void            argint(int n, int *ip);
int             argstr(int n, char *buf, int max);
void            argaddr(int n, uint64 *ip);
int             fetchstr(uint64 addr, char *buf, int max);
int             fetchaddr(uint64 addr, uint64 *ip);
void            syscall(void);

/* sysfile.c: a process's descriptors */
struct file*    fd_file(int fd);

/* trap.c */
void            trapinit(void);
void            trapinithart(void);
void            usertrapret(void);

/* waitqueue.c: sleeping until a condition holds */
void            wq_init(struct waitqueue *q, char *name, struct spinlock *guard);
void            wq_sleep(struct waitqueue *q);
int             wq_sleep_killable(struct waitqueue *q);
int             wq_sleep_until(struct waitqueue *q, uint deadline, int killable);
void            wq_wake_all(struct waitqueue *q);
struct proc*    wq_wake_one(struct waitqueue *q);
void            wq_wake_due(struct waitqueue *q, uint now);

/* uart.c: the 16550 serial port */
void            uartinit(void);
void            uartintr(void);
void            uartwrite(const char *buf, int n);
void            uartputc_sync(int c);

/* plic.c: the interrupt controller */
void            plicinit(void);
void            plicinithart(void);
int             plic_claim(void);
void            plic_complete(int irq);
void            plicintr(void);

/* virtio_disk.c */
int             virtio_disk_attach(int n);
void            virtio_disk_init(void);
uint64          virtio_disk_size(int n);
void            virtio_disk_rw(struct buf *b, int write);
int             virtio_disk_io(int n, uint64 sector, void *pa, uint len, int write);
void            virtio_disk_intr(int n);
void            virtio_disk_stats(struct diskstat *out);
void            virtio_disk_flush(void);

/* vm.c: page tables and copying to and from user memory */
void            kvminit(void);
void            kvminithart(void);
void            kvmmap(pagetable_t kpgtbl, uint64 va, uint64 pa, uint64 sz, int perm);
pte_t*          walk(pagetable_t pagetable, uint64 va, int alloc);
uint64          walkaddr(pagetable_t pagetable, uint64 va);
pte_t*          vm_nextpte(pagetable_t pt, uint64 *va, uint64 end);
void            pte_release(pte_t *pte);
int             mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm);
pagetable_t     uvmcreate(void);
void            uvmfirst(pagetable_t pagetable, uchar *src, uint sz);
uint64          uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm);
int             uvmcopy(pagetable_t old, pagetable_t new, uint64 start, uint64 end);
void            uvmfree(pagetable_t pagetable);
void            uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages, int do_free);
void            uvmprune(pagetable_t pagetable, uint64 start, uint64 end);
int             copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len);
int             copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len);
int             copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max);

/* vma.c: the sorted list of a process's mappings */
void            vmspace_init(struct vmspace *vm);
struct vma*     vma_lookup(struct vmspace *vm, uint64 va);
int             vmspace_overlaps(struct vmspace *vm, uint64 start, uint64 end);
int             vmspace_fork(struct proc *parent, struct proc *child);
void            vmspace_release(struct proc *p);
void            vmspace_dump(struct proc *p);
struct vma*     vma_alloc(void);
void            vma_anon(struct vma *v, uint64 start, uint64 end, int prot, int role);
void            vmspace_insert(struct proc *p, struct vma *v, struct file *f);
void            vma_free(struct vma *v);
void            vma_file_link(struct vma *v);
struct vma*     vma_above(struct vmspace *vm, uint64 va);
void            vma_link(struct vmspace *vm, struct vma *v);
void            vma_unlink(struct vmspace *vm, struct vma *v);
int             vmspace_clip(struct vmspace *vm, uint64 start, uint64 end);
void            vmspace_merge(struct vmspace *vm, uint64 start, uint64 end);
int             vmspace_covers(struct vmspace *vm, uint64 start, uint64 end);
uint64          mmap_area_start(struct proc *p);
uint64          vmspace_place(struct proc *p, uint64 len, int flags);
int             vmspace_free_range(struct proc *p, uint64 start, uint64 end);
int             vmspace_unmap(struct proc *p, uint64 start, uint64 end);
int             vmspace_info(struct proc *p, int first, struct vmainfo *out, int max);

/* vmaindex.c: the index over the VMA list */
void            vmaindex_insert(struct vmspace *vm, struct vma *v);
void            vmaindex_remove(struct vmspace *vm, struct vma *v);
struct vma*     vmaindex_floor(struct vmspace *vm, uint64 va);

/* vmfault.c: page faults */
char*           vm_fault(struct proc *p, uint64 va, int access);
int             vm_fault_deferred(struct proc *p);
int             vm_holding_locks(struct proc *p);

/* vmpage.c: the resident pages of a mapping */
int             vma_pteperm(struct vma *v);
uint64          vma_index(struct vma *v, uint64 va);
void            vma_drop_writers(struct proc *p, struct vma *v);
int             vma_writeback(struct proc *p, struct vma *v, uint64 start, uint64 end, int all);
void            vma_unmap_pages(struct proc *p, struct vma *v, uint64 start, uint64 end);
void            vma_protect_pages(struct proc *p, struct vma *v, uint64 start, uint64 end);
int             vma_copy_pages(struct proc *parent, struct proc *child, struct vma *v);
uint64          vma_resident(struct proc *p, struct vma *v, uint64 *swapped);
void            file_unmap_from(struct inode *ip, uint first);
int             file_page_accessed(struct inode *ip, uint idx, void *pa);
void            file_unmap_page(struct inode *ip, uint idx, void *pa);
int             file_write_back(struct inode *ip, uint *idx, int n);

/* pagetree.c: sparse arrays of pages by index */
void            pagetree_init(struct pagetree *t, int levels);
uint64*         pagetree_lookup(struct pagetree *t, uint64 idx);
uint64*         pagetree_slot(struct pagetree *t, uint64 idx, struct spinlock *lk);
void            pagetree_walk(struct pagetree *t, uint64 first,
                              int (*visit)(void *arg, uint64 idx, uint64 *e), void *arg);
uint64          pagetree_spare(struct pagetree *t, int (*goes)(uint64 e));

/* memobj.c: shared page objects, pages by index */
struct memobj*  memobj_alloc(void);
void            memobj_ref(struct memobj *mo);
void            memobj_put(struct memobj *mo);
void*           memobj_get(struct memobj *mo, uint64 idx);
int             memobj_evict(int want);
uint64          memobj_swapped(struct memobj *mo, uint64 first, uint64 n);

/* pagecache.c: one copy of every file page */
void            pagecache_init(struct inode *ip);
void*           pagecache_lookup(struct inode *ip, uint idx);
void*           pagecache_get(struct inode *ip, uint idx);
char*           pagecache_addwriter(struct inode *ip, uint idx, void *pa);
void            pagecache_dropwriter(struct inode *ip, uint idx, void *pa);
void*           pagecache_clean(struct inode *ip, uint idx);
void            pagecache_drop(struct inode *ip, uint first);
int             pagecache_reclaim(int want);
uint64          pagecache_idle(void);
int             pagecache_next(struct inode *ip, uint *idx);
int             pagecache_holds(struct inode *ip, uint idx, void *pa);
int             pagecache_is_dirty(struct inode *ip, uint idx);
int             pagecache_free_idle(struct inode *ip, uint idx);
void            pagecache_count(uint64 *cached, uint64 *held);

/* swapcache.c: private pages on their way to and from swap */
void            swapcacheinit(void);
uint            swapcache_assign(void *pa);
void            swapcache_share(uint slot);
void            swapcache_drop(uint slot);
void*           swapcache_get(uint slot);
int             swapcache_write(void);
int             swapcache_shrink(int want);
uint64          swapcache_idle(void);
void            swapcache_stats(uint64 *cached, uint64 *pagein, uint64 *pageout);

/* reclaim.c: making room when memory runs low */
struct vmstat;
void            reclaiminit(void);
void            reclaim_if_low(void);
int             reclaim_for(uint64 n);
void            reclaim_count_fault(void);
void            reclaim_stats(struct vmstat *st);

/* pool.c: fixed-size kernel objects carved from pages */
void*           pool_alloc(struct pool *pl);
void            pool_free(struct pool *pl, void *obj);
int             pool_reclaim(void);
uint64          pool_spares(void);

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
