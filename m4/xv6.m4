# xv6.m4: configure macros of xv6-mmap.

# XV6_MISSING(WHAT, DEBIAN-PACKAGES)
# Stops configure: WHAT is missing, and says which packages provide it.
AC_DEFUN([XV6_MISSING],
  [AC_MSG_ERROR([$1 not found; on Debian or Ubuntu install it with:
    sudo apt-get install $2
(or run ./bootstrap, which installs every package the build needs)])])

# XV6_TRY_TARGET_CC(COMPILER)
# Succeeds when COMPILER, with our flags, compiles and links a freestanding
# program and is a 64-bit RISC-V compiler.
AC_DEFUN([XV6_TRY_TARGET_CC],
[xv6_try_dir=conftest.xv6
rm -rf $xv6_try_dir
mkdir $xv6_try_dir
cat > $xv6_try_dir/t.c <<'XV6_EOF'
#if !defined(__riscv) || !defined(__riscv_xlen) || __riscv_xlen != 64
#error "not a 64-bit RISC-V compiler"
#endif
void
_start(void)
{
  for(;;)
    ;
}
XV6_EOF
AS_IF([$1 $XV6_TARGET_CFLAGS $TARGET_CFLAGS -o $xv6_try_dir/t $xv6_try_dir/t.c \
        >&AS_MESSAGE_LOG_FD 2>&1 && test -s $xv6_try_dir/t],
  [xv6_try_ok=yes], [xv6_try_ok=no])
rm -rf $xv6_try_dir])

# XV6_TARGET_TOOL(VARIABLE, TOOL)
# Finds binutils program TOOL for the cross compiler: the compiler's own
# choice first (-print-prog-name), then ${TOOLPREFIX}TOOL beside the
# compiler, then ${TOOLPREFIX}TOOL on PATH.
AC_DEFUN([XV6_TARGET_TOOL],
[AC_MSG_CHECKING([for the RISC-V $2])
AS_IF([test -z "$$1"],
  [xv6_tool=`$TARGET_CC -print-prog-name=$2 2>/dev/null`
   AS_CASE([$xv6_tool],
     [/*], [AS_IF([test -x "$xv6_tool"],
              [xv6_tool_dir=`AS_DIRNAME(["$xv6_tool"])`
               xv6_tool_dir=`cd "$xv6_tool_dir" && pwd`
               xv6_tool=$xv6_tool_dir/`basename "$xv6_tool"`],
              [xv6_tool=])],
     [xv6_tool=])
   AS_IF([test -z "$xv6_tool"],
     [xv6_cc_path=`command -v "$TARGET_CC" 2>/dev/null`
      AS_CASE([$xv6_cc_path],
        [*/*], [xv6_cc_dir=`AS_DIRNAME(["$xv6_cc_path"])`
                AS_IF([test -x "$xv6_cc_dir/${TOOLPREFIX}$2"],
                  [xv6_tool=$xv6_cc_dir/${TOOLPREFIX}$2])])])
   AS_IF([test -z "$xv6_tool"],
     [xv6_tool=`command -v "${TOOLPREFIX}$2" 2>/dev/null`])
   $1=$xv6_tool])
AS_IF([test -z "$$1"],
  [AC_MSG_RESULT([no])
   XV6_MISSING([the RISC-V $2 (${TOOLPREFIX}$2)], [binutils-riscv64-unknown-elf])])
AC_MSG_RESULT([$$1])])

# XV6_REQUIRE_PROG(VARIABLE, PROGRAM, DEBIAN-PACKAGE)
# Sets VARIABLE to PROGRAM's absolute path (a preset absolute path is
# kept), and stops configure when there is none or it cannot be run.
AC_DEFUN([XV6_REQUIRE_PROG],
[AC_PATH_PROG([$1], [$2])
AS_IF([test -z "$$1"], [XV6_MISSING([$2], [$3])])
AS_IF([test -f "$$1" && test -x "$$1"], [],
  [AC_MSG_ERROR([$1=$$1 is not an executable program; install the Debian package $3])])])
