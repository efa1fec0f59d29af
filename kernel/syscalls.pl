#!/usr/bin/perl -w
#
# syscalls.pl: what the build derives from kernel/syscalls.tbl (its
# comment explains the columns).  Run from the Makefiles as
#
#   perl syscalls.pl TOP_SRCDIR MODE
#
# with MODE one of
#   check   exit 1, saying why, if kernel/syscall.h or the system-call
#           lines of user/user.h disagree with the table
#   update  rewrite those of the two that disagree (`make syscalls`)
#   handlers  check, then print the handlers' declarations (syshandlers.h)
#   table   check, then print the kernel's dispatch table (systable.h)
#   stubs   check, then print the user stubs (usys.S)
#
# The headers are checked before anything is printed so that no build
# goes on with numbers or prototypes the table no longer has.

use strict;

my ($top, $mode) = @ARGV;
die "usage: syscalls.pl TOP_SRCDIR check|update|handlers|table|stubs\n"
  unless defined $mode && $mode =~ /^(check|update|handlers|table|stubs)$/;

my $TABLE = "kernel/syscalls.tbl";

# user/user.h's system-call lines lie between these two lines.
my $BEGIN = "/* System calls (usys.S), written from $TABLE. */";
my $END = "/* End of the lines written from $TABLE. */";

# The C parameter types each kind of argument may be declared with.
my %fits = (
  int  => qr/^(int|short)\b[^*]*$/,
  fd   => qr/^int\b[^*]*$/,
  long => qr/^(size_t|off_t|long)\b[^*]*$/,
  addr => qr/\*/,
  str  => qr/^const char\s*\*\s*\w*$/,
);

# For each kind of argument: the C type its handler parameter has, the
# member of syscall.c's union sysarg that carries it, and its name in
# the kernel's table is ARG_ and the kind in capitals.
my %ctype = (int => "int", long => "uint64", addr => "uint64",
             str => "char*", fd => "struct file*");
my %member = (int => "i", long => "u", addr => "u", str => "str",
              fd => "file");

my @calls = read_table("$top/$TABLE");

my %want = (
  "kernel/syscall.h" => syscall_h(),
  "user/user.h" => user_h(slurp("$top/user/user.h")),
);
my @stale = grep { slurp("$top/$_") ne $want{$_} } sort keys %want;

if ($mode eq "update") {
  foreach my $file (@stale) {
    spew("$top/$file", $want{$file});
    print "syscalls.pl: wrote $file from $TABLE\n";
  }
  exit 0;
}
if (@stale) {
  print STDERR "syscalls.pl: $_ disagrees with $TABLE\n" foreach @stale;
  print STDERR "syscalls.pl: run `make syscalls` to write them from the",
    " table (a new call is one line in $TABLE, not a header edit)\n";
  exit 1;
}
print handler_decls() if $mode eq "handlers";
print kernel_table() if $mode eq "table";
print stubs() if $mode eq "stubs";
exit 0;

# The table's lines, as hashes: num, name, handler, raw (the handler
# fetches its own arguments), args (the kinds), proto, func (the
# function proto declares) and note (or undef).
sub read_table {
  my ($path) = @_;
  my (@calls, %taken, %handler_of);

  open(my $in, "<", $path) or die "$path: $!\n";
  while (my $line = <$in>) {
    next if $line =~ /^\s*(#|$)/;
    my $at = "$path:$.";
    my ($num, $name, $handler, $raw, $args, $proto, $note) = $line =~
      /^(\d+)\s+(\w+)\s+(\w+)(\(void\))?\s+(\S+)\s+([^#]*?)\s*(?:#\s*(.*?))?\s*$/
      or die "$at: expected: number name handler args prototype [# note]\n";
    my ($func, $params) = $proto =~ /(\w+)\s*\(([^()]*)\)/
      or die "$at: no function in \"$proto\"\n";
    my @kinds = $args eq "-" ? () : split(/,/, $args);
    check_args($at, \@kinds, $params eq "void" ? "" : $params);

    die "$at: number 0 is no call's\n" if $num == 0;
    die "$at: a second SYS_$name\n" if $taken{"SYS_$name"}++;
    die "$at: a second function $func\n" if $taken{$func}++;
    my $owner = $handler_of{$num} //= $handler;
    die "$at: number $num belongs to $owner\n" if $owner ne $handler;

    push @calls, { num => $num, name => $name, handler => $handler,
                   raw => defined $raw, args => \@kinds, proto => $proto,
                   func => $func, note => $note };
  }
  close($in);
  return @calls;
}

# Does each kind fit the parameter the prototype declares for it?
sub check_args {
  my ($at, $kinds, $params) = @_;
  my @params = split(/\s*,\s*/, $params);

  die "$at: ", scalar(@$kinds), " kinds for ", scalar(@params), " parameters\n"
    if @$kinds != @params;
  foreach my $i (0 .. $#params) {
    my $fit = $fits{$kinds->[$i]} or die "$at: no kind \"$kinds->[$i]\"\n";
    die "$at: \"$params[$i]\" cannot take a $kinds->[$i] argument\n"
      if $params[$i] !~ $fit;
  }
}

# A header line, followed by its note as a comment if it has one.
sub with_note {
  my ($width, $text, $note) = @_;

  return "$text\n" unless defined $note;
  return sprintf("%-*s /* %s */\n", $width, $text, $note);
}

sub syscall_h {
  my $out = "/*\n"
    . " * System call numbers: 1-21 are xv6's, the rest follow in order.\n"
    . " * Written from $TABLE by `make syscalls`: change the table,\n"
    . " * not this file (the build stops while the two disagree).\n"
    . " */\n";

  foreach my $c (@calls) {
    my $define = sprintf("#define %-14s %2d", "SYS_$c->{name}", $c->{num});
    $out .= with_note(27, $define, $c->{note});
  }
  return $out;
}

# user/user.h as it is, with its system-call lines written anew.
sub user_h {
  my ($old) = @_;
  my $lines = "";

  $lines .= with_note(34, "$_->{proto};", $_->{note}) foreach @calls;
  $old =~ s/^\Q$BEGIN\E\n.*?^\Q$END\E\n/$BEGIN\n$lines$END\n/ms
    or die "user/user.h: no lines \"$BEGIN\" ... \"$END\"\n";
  return $old;
}

# The calls, one for each number (a second name shares its first's).
sub unique_calls {
  my %seen;

  return grep { !$seen{$_->{num}}++ } @calls;
}

# The kinds of argument syscall() fetches for call c: none for a
# handler that fetches its own.
sub fetched_kinds {
  my ($c) = @_;

  return $c->{raw} ? () : @{$c->{args}};
}

# The handlers' declarations, for syscall.c and the files defining them.
sub handler_decls {
  my $out = "/* Generated from $TABLE by syscalls.pl: do not edit. */\n\n"
    . "struct file;\n\n";

  foreach my $c (unique_calls()) {
    my @kinds = fetched_kinds($c);
    my $params = @kinds ? join(", ", map($ctype{$_}, @kinds)) : "void";
    $out .= "uint64 $c->{handler}($params);"
      . ($c->{raw} ? "  /* fetches its own arguments */" : "") . "\n";
  }
  return $out;
}

# A function per call that calls its handler with the fetched
# arguments, and the table syscall() indexes by number, giving each
# call's function and kinds of arguments.
sub kernel_table {
  my ($calls, $slots, $most_str) = ("", "", 0);

  foreach my $c (unique_calls()) {
    my @kinds = fetched_kinds($c);
    my $args = join(", ", map("a[$_].$member{$kinds[$_]}", 0 .. $#kinds));
    my $strs = grep { $_ eq "str" } @kinds;
    $most_str = $strs if $strs > $most_str;

    $calls .= "static uint64\ncall_$c->{name}(const union sysarg *a)\n{\n"
      . "  return $c->{handler}($args);\n}\n\n";
    my $enums = @kinds ? join(", ", map("ARG_\U$_", @kinds)) : "ARG_NONE";
    $slots .= "  [SYS_$c->{name}] = { call_$c->{name}, { $enums } },\n";
  }
  return "/* Generated from $TABLE by syscalls.pl: do not edit. */\n\n"
    . "/* The most str arguments one call takes. */\n"
    . "#define MAX_STR_ARGS $most_str\n\n"
    . $calls
    . "/* The calls by number; slot 0 and any gap are left empty. */\n"
    . "static const struct syscall_entry calls[] = {\n$slots};\n";
}

sub stubs {
  my $out = "/* Generated from $TABLE by kernel/syscalls.pl: do not edit. */\n"
    . "#include \"kernel/syscall.h\"\n"
    . ".section .text\n";

  # Each stub puts the call's number in a7 and traps; the kernel leaves
  # the result in a0, so the stub simply returns.
  $out .= "\n.global $_->{func}\n$_->{func}:\n"
    . "  li a7, SYS_$_->{name}\n  ecall\n  ret\n" foreach @calls;
  return $out;
}

sub slurp {
  my ($path) = @_;

  open(my $in, "<", $path) or die "$path: $!\n";
  local $/;
  my $text = <$in>;
  close($in);
  return $text;
}

sub spew {
  my ($path, $text) = @_;

  open(my $out, ">", "$path-t") or die "$path-t: $!\n";
  print $out $text;
  close($out) or die "$path-t: $!\n";
  rename("$path-t", $path) or die "$path: $!\n";
}
