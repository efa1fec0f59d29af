#!/usr/bin/perl
# plant.pl: plant one fault in a copy of fs.img, for xv6.fsck/fsck.exp.
#
#   perl plant.pl IMAGE FAULT
#
# Changes IMAGE in place and prints, on one line, NAME=VALUE pairs that
# say what it changed (inode and block numbers), from which fsck.exp
# builds the messages fsck.xv6 must print.  The faults:
#
#   dup-block     README's first block becomes cat's first block too
#   bitmap-free   the bitmap bit of a block of README is cleared
#   bitmap-used   the bitmap bit of the last block, a free one, is set
#   nlink         cat's nlink becomes 2
#   free-entry    the root's entry "echo" names the last inode, a free one
#   big-size      cat's size becomes MAXFILE*BSIZE + 1
#   bad-magic     the superblock's magic number changes by one bit
#   outside       cat's first block becomes block 5 (the log)
#   dotdot        the root's ".." names cat
#   bad-type      the last inode, a free one, gets type 9
#   log-replay    a committed transaction (a copy of the bitmap block) is
#                 put in the log, and the bitmap bit of a block of README
#                 is cleared at home: the replay repairs it
#   log-count     the log header counts more blocks than the log holds
#   unlinked      the root's entry "cat" is cleared and cat's nlink set
#                 to 0: a file removed while open, as a crash leaves it
#
# Only perl's core is used, so that it runs wherever the build does.

use strict;
use warnings;

my $BSIZE = 1024;
my $DINODE = 64;                      # sizeof(struct dinode)
my $IPB = $BSIZE / $DINODE;
my $NDIRECT = 11;
my $NINDIRECT = $BSIZE / 4;
my $MAXFILE = $NDIRECT + $NINDIRECT + $NINDIRECT * $NINDIRECT;
my $DIRENT = 16;                      # sizeof(struct dirent)
my $ROOTINO = 1;

die "usage: plant.pl IMAGE FAULT\n" unless @ARGV == 2;
my ($path, $fault) = @ARGV;

open(my $fh, '<:raw', $path) or die "plant.pl: $path: $!\n";
my $img = do { local $/; <$fh> };
close($fh);

# The superblock.
my ($magic, $size, $nblocks, $ninodes, $nlog, $logstart, $inodestart,
    $bmapstart) = unpack('V8', substr($img, $BSIZE, 32));
my $datastart = $bmapstart + int(($size + $BSIZE * 8 - 1) / ($BSIZE * 8));

# ---------------------------------------------------------------- access

sub u32 { my ($off) = @_; return unpack('V', substr($img, $off, 4)); }
sub set_u32 { my ($off, $v) = @_; substr($img, $off, 4) = pack('V', $v); }
sub set_u16 { my ($off, $v) = @_; substr($img, $off, 2) = pack('v', $v); }

# Byte offsets of an inode's fields.
sub inode { my ($inum) = @_;
            return ($inodestart + int($inum / $IPB)) * $BSIZE +
                   ($inum % $IPB) * $DINODE; }
sub type_at  { return inode($_[0]); }
sub nlink_at { return inode($_[0]) + 6; }
sub size_at  { return inode($_[0]) + 8; }
sub addr_at  { return inode($_[0]) + 12 + 4 * $_[1]; }

# The byte offset of the root's entry called name.
sub entry {
    my ($name) = @_;
    my $dsize = u32(size_at($ROOTINO));
    for (my $off = 0; $off < $dsize; $off += $DIRENT) {
        my $at = u32(addr_at($ROOTINO, int($off / $BSIZE))) * $BSIZE +
                 $off % $BSIZE;
        my ($inum, $ename) = unpack('v Z14', substr($img, $at, $DIRENT));
        return $at if $inum != 0 && $ename eq $name;
    }
    die "plant.pl: no entry $name in the root\n";
}
sub lookup { return unpack('v', substr($img, entry($_[0]), 2)); }

sub bit_at { my ($b) = @_;
             return (($bmapstart + int($b / ($BSIZE * 8))) * $BSIZE +
                     int(($b % ($BSIZE * 8)) / 8), 1 << ($b % 8)); }
sub clear_bit { my ($at, $mask) = bit_at($_[0]);
                substr($img, $at, 1) = chr(ord(substr($img, $at, 1)) & ~$mask); }
sub set_bit { my ($at, $mask) = bit_at($_[0]);
              substr($img, $at, 1) = chr(ord(substr($img, $at, 1)) | $mask); }

# ---------------------------------------------------------------- faults

my $readme = lookup('README');
my $cat = lookup('cat');
my $free = $ninodes - 1;
die "plant.pl: inode $free is not free\n" if u32(type_at($free)) & 0xffff;
my %out;

if ($fault eq 'dup-block') {
    $out{old} = u32(addr_at($cat, 0));
    $out{block} = u32(addr_at($readme, 0));
    set_u32(addr_at($cat, 0), $out{block});
    @out{'first', 'second'} = ($readme, $cat);
} elsif ($fault eq 'bitmap-free') {
    $out{block} = u32(addr_at($readme, 1));
    $out{owner} = $readme;
    clear_bit($out{block});
} elsif ($fault eq 'bitmap-used') {
    $out{block} = $size - 1;
    set_bit($out{block});
} elsif ($fault eq 'nlink') {
    $out{inum} = $cat;
    set_u16(nlink_at($cat), 2);
} elsif ($fault eq 'free-entry') {
    my $at = entry('echo');
    $out{old} = unpack('v', substr($img, $at, 2));
    $out{oldsize} = u32(size_at($out{old}));
    $out{free} = $free;
    set_u16($at, $free);
} elsif ($fault eq 'big-size') {
    $out{inum} = $cat;
    $out{size} = $MAXFILE * $BSIZE + 1;
    $out{max} = $MAXFILE * $BSIZE;
    set_u32(size_at($cat), $out{size});
} elsif ($fault eq 'bad-magic') {
    $out{magic} = sprintf('0x%08x', $magic ^ 1);
    $out{expected} = sprintf('0x%08x', $magic);
    set_u32($BSIZE, $magic ^ 1);
} elsif ($fault eq 'outside') {
    $out{inum} = $cat;
    $out{old} = u32(addr_at($cat, 0));
    @out{'data', 'last'} = ($datastart, $size - 1);
    set_u32(addr_at($cat, 0), 5);
} elsif ($fault eq 'dotdot') {
    $out{inum} = $cat;
    set_u16(entry('..'), $cat);
} elsif ($fault eq 'bad-type') {
    $out{inum} = $free;
    set_u16(type_at($free), 9);
} elsif ($fault eq 'log-replay') {
    # Slot 0 holds the bitmap block as it should be; home gets damaged.
    substr($img, ($logstart + 1) * $BSIZE, $BSIZE) =
        substr($img, $bmapstart * $BSIZE, $BSIZE);
    set_u32($logstart * $BSIZE, 1);
    set_u32($logstart * $BSIZE + 4, $bmapstart);
    $out{block} = u32(addr_at($readme, 1));
    clear_bit($out{block});
} elsif ($fault eq 'log-count') {
    $out{count} = $nlog + 10;
    $out{capacity} = $nlog - 1;
    set_u32($logstart * $BSIZE, $out{count});
} elsif ($fault eq 'unlinked') {
    $out{inum} = $cat;
    $out{size} = u32(size_at($cat));
    set_u16(entry('cat'), 0);
    set_u16(nlink_at($cat), 0);
} else {
    die "plant.pl: unknown fault $fault\n";
}

open($fh, '+<:raw', $path) or die "plant.pl: $path: $!\n";
print $fh $img or die "plant.pl: $path: $!\n";
close($fh) or die "plant.pl: $path: $!\n";
print join(' ', map { "$_=$out{$_}" } sort keys %out), "\n";
