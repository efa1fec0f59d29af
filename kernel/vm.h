/*
 * How sbrk grows the heap: the second argument of the sbrk system call
 * (sys_sbrk in user/user.h).  Macros only: user programs include this.
 */
#define SBRK_EAGER  1   /* the pages are there when sbrk returns (or it fails) */
#define SBRK_LAZY   2   /* address space only: pages arrive at first touch */
