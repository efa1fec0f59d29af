# initcode_blob.S: the first user program's bytes, inside the kernel.
#
# The build assembles user/initcode.S, links it at virtual address 0 and
# strips it to a flat binary, initcode.bin.  userinit() copies the bytes
# between initcode_start and initcode_end into the first process's page.

        .section .rodata
        .balign 8
        .globl initcode_start
        .globl initcode_end
initcode_start:
        .incbin "initcode.bin"
initcode_end:
