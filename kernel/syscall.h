/*
 * System call numbers: 1-21 are xv6's, the rest follow in order.
 * Written from kernel/syscalls.tbl by `make syscalls`: change the table,
 * not this file (the build stops while the two disagree).
 */
#define SYS_fork        1
#define SYS_exit        2
#define SYS_wait        3
#define SYS_pipe        4
#define SYS_read        5
#define SYS_kill        6
#define SYS_exec        7
#define SYS_fstat       8
#define SYS_chdir       9
#define SYS_dup        10
#define SYS_getpid     11
#define SYS_sbrk       12   /* type: SBRK_EAGER or SBRK_LAZY (kernel/vm.h) */
#define SYS_sleep      13
#define SYS_pause      13   /* the 2025 xv6 name of sleep */
#define SYS_uptime     14
#define SYS_open       15
#define SYS_write      16
#define SYS_mknod      17
#define SYS_unlink     18
#define SYS_link       19
#define SYS_mkdir      20
#define SYS_close      21
#define SYS_sysinfo    22
#define SYS_mmap       23
#define SYS_munmap     24
#define SYS_msync      25
#define SYS_mprotect   26
#define SYS_vmainfo    27
#define SYS_diskstat   28
#define SYS_lockcheck  29
#define SYS_vmstat     30
