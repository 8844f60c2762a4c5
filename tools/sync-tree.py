#!/usr/bin/env python
"""Mirror the collection's files into a directory, like rsync --delete would.

    python3 tools/sync-tree.py SRC DEST [--keep REL_PATH ...]

The file list is what git would put in the next commit plus what it would
offer to add: ``git ls-files --cached --others --exclude-standard`` run in SRC,
so untracked files count and ignored ones (.venv/, .build/, tests/output/ ...)
never do.  Files deleted from the work tree but still in the index are skipped.

A file is copied when it is missing in DEST or differs in type, size, mode or
mtime (copies keep mode and mtime, so unchanged files are not copied again).
Symlinks are recreated as symlinks.  Everything else in DEST is deleted, except
the paths given with --keep (relative to DEST, e.g. tests/output, where
ansible-test keeps its results).

Standard library only: the machines this runs on do not have rsync.
"""

import argparse
import os
import shutil
import stat
import subprocess
import sys

# Never mirrored, whatever .gitignore says (belt and braces).
NEVER = ('.git', '.venv', '.build', 'tests/output')


def git_files(src):
    out = subprocess.check_output(
        ['git', '-C', src, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'])
    files = set()
    for rel in out.decode('utf-8', 'surrogateescape').split('\0'):
        if not rel:
            continue
        if any(rel == n or rel.startswith(n + '/') for n in NEVER):
            continue
        if not os.path.lexists(os.path.join(src, rel)):
            continue  # deleted in the work tree, still in the index
        files.add(rel)
    return files


def same(src_st, dst_path):
    try:
        dst_st = os.lstat(dst_path)
    except FileNotFoundError:
        return False
    return (stat.S_IFMT(src_st.st_mode) == stat.S_IFMT(dst_st.st_mode)
            and src_st.st_size == dst_st.st_size
            and stat.S_IMODE(src_st.st_mode) == stat.S_IMODE(dst_st.st_mode)
            and src_st.st_mtime_ns == dst_st.st_mtime_ns)


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def sync(src, dest, keep):
    files = git_files(src)
    dirs = {''}
    for rel in files:
        parent = os.path.dirname(rel)
        while parent not in dirs:
            dirs.add(parent)
            parent = os.path.dirname(parent)

    copied = 0
    os.makedirs(dest, exist_ok=True)
    for rel in sorted(files):
        s, d = os.path.join(src, rel), os.path.join(dest, rel)
        st = os.lstat(s)
        if stat.S_ISLNK(st.st_mode):
            target = os.readlink(s)
            if os.path.islink(d) and os.readlink(d) == target:
                continue
            if os.path.lexists(d):
                remove(d)
            os.makedirs(os.path.dirname(d), exist_ok=True)
            os.symlink(target, d)
            copied += 1
            continue
        if same(st, d):
            continue
        if os.path.lexists(d) and (os.path.isdir(d) or os.path.islink(d)):
            remove(d)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copy2(s, d, follow_symlinks=False)
        copied += 1

    deleted = 0
    keep = {k.strip('/') for k in keep}
    for root, dir_names, file_names in os.walk(dest, topdown=True):
        rel_root = os.path.relpath(root, dest)
        rel_root = '' if rel_root == '.' else rel_root
        for name in list(dir_names):
            rel = os.path.join(rel_root, name)
            if rel in keep:
                dir_names.remove(name)
            elif rel not in dirs or os.path.islink(os.path.join(root, name)):
                dir_names.remove(name)
                if rel not in files:
                    remove(os.path.join(root, name))
                    deleted += 1
        for name in file_names:
            rel = os.path.join(rel_root, name)
            if rel not in files and rel not in keep:
                os.unlink(os.path.join(root, name))
                deleted += 1
    return len(files), copied, deleted


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('src')
    parser.add_argument('dest')
    parser.add_argument('--keep', action='append', default=[], metavar='REL_PATH')
    args = parser.parse_args()
    total, copied, deleted = sync(os.path.abspath(args.src), os.path.abspath(args.dest), args.keep)
    print('sync-tree: %s -> %s: %d files, %d copied, %d deleted' % (args.src, args.dest, total, copied, deleted))
    return 0


if __name__ == '__main__':
    sys.exit(main())
