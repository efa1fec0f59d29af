/*
 * The user-space API: system calls and the small C library.
 * Include kernel/types.h first.
 */
struct stat;
struct sysinfo;
struct vmainfo;
struct diskstat;
struct vmstat;

typedef unsigned long size_t;
typedef long off_t;

/* System calls (usys.S), written from kernel/syscalls.tbl. */
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int*);
int pipe(int*);
int read(int, void*, int);
int kill(int);
int exec(const char*, char**);
int fstat(int, struct stat*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sys_sbrk(int n, int type);   /* type: SBRK_EAGER or SBRK_LAZY (kernel/vm.h) */
int sleep(int);
int pause(int);                    /* the 2025 xv6 name of sleep */
int uptime(void);
int open(const char*, int);
int write(int, const void*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int link(const char*, const char*);
int mkdir(const char*);
int close(int);
int sysinfo(struct sysinfo*);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int msync(void *addr, size_t len, int flags);
int mprotect(void *addr, size_t len, int prot);
int vmainfo(int pid, struct vmainfo *buf, int max);
int diskstat(struct diskstat*);
int lockcheck(int sleeplock);
int vmstat(struct vmstat*);
/* End of the lines written from kernel/syscalls.tbl. */

/* ulib.c */
char* sbrk(int);          /* grow the heap now: SBRK_ERROR if memory is short */
char* sbrklazy(int);      /* reserve heap address space: pages at first touch */
#define SBRK_ERROR ((char *)-1)
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
int atoi(const char*);
int memcmp(const void *, const void *, uint);
void *memcpy(void *, const void *, uint);

/* printf.c */
void fprintf(int, const char*, ...);
void printf(const char*, ...);

/* umalloc.c */
void* malloc(uint);
void free(void*);

/*
 * Guest time since boot in nanoseconds, read from the `time` CSR with
 * the rdtime instruction (the kernel lets user mode read it: no system
 * call, a few instructions).  QEMU's virt machine counts time at 10 MHz,
 * so the value advances in steps of 100 ns.  Under QEMU's
 * `-icount shift=0` one guest instruction takes 1 ns of this time.
 * static inline: the user library exports no new symbol.
 */
static inline uint64
clock_ns(void)
{
  uint64 ticks;

  asm volatile("rdtime %0" : "=r" (ticks));
  return ticks * 100;   /* 10 MHz timebase: 100 ns per tick */
}
