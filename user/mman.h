/*
 * For new programs: the mmap failure value.  Kept out of user.h and
 * kernel/fcntl.h because programs written for xv6 define it themselves.
 */
#define MAP_FAILED ((void *) -1)
