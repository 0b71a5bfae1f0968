#!/usr/bin/env python3
"""filecheck.py - check a program's output against expectations written in
the test input itself, in the manner of LLVM's FileCheck (simplified).

Usage: filecheck.py [--prefix P] INPUT [OUTPUT]
  INPUT   file holding the directives, usually the compiled source
  OUTPUT  file to check; standard input if omitted or "-"
  P       directive prefix, default CHECK; several prefixes let one input
          describe several outputs (e.g. CHECK for stderr, DUMP for a dump)

Directives (a line of INPUT holding "P:", "P-DAG:" or "P-NOT:"; the text
after the colon, stripped and without a trailing "*/", is a fixed string
that must occur within one line of OUTPUT; "[[@LINE]]", "[[@LINE+N]]" and
"[[@LINE-N]]" in it stand for the directive's own line number plus or minus
N, to check source locations in diagnostics):
  P:      must match a line after the line the previous P: matched
  P-DAG:  must match some line between the previous and the next P: match,
          in any order (for output whose order the tool does not promise,
          such as GCC visiting functions callees first)
  P-NOT:  must not occur between the previous and the next P: match
          (before the first, after the last, or anywhere if there is none)

Exit status 0 if every directive holds, 1 with a message naming the failed
directive and showing the output if not, 2 on usage errors or when INPUT
holds no positive directive (a check that checks nothing must not pass).
"""

import argparse
import re
import sys


LINE_EXPRESSION = re.compile(r'\[\[@LINE([+-]\d+)?\]\]')


def read_directives(path, prefix):
    """[(kind, pattern, line number)], kind one of '', '-DAG', '-NOT'."""
    pattern = re.compile(r'(?<![\w-])' + re.escape(prefix) +
                         r'(-DAG|-NOT)?:(.*)$')
    directives = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for number, line in enumerate(f, 1):
            match = pattern.search(line.rstrip('\n'))
            if not match:
                continue
            text = match.group(2).strip()
            if text.endswith('*/'):
                text = text[:-2].rstrip()
            if not text:
                sys.stderr.write(f'{path}:{number}: empty {prefix} directive\n')
                sys.exit(2)
            text = LINE_EXPRESSION.sub(
                lambda m: str(number + int(m.group(1) or 0)), text)
            directives.append((match.group(1) or '', text, number))
    return directives


def fail(path, number, message, output):
    sys.stderr.write(f'{path}:{number}: {message}\n')
    sys.stderr.write('--- output checked ---\n')
    sys.stderr.write(''.join(line + '\n' for line in output))
    sys.stderr.write('--- end of output ---\n')
    sys.exit(1)


def check_region(path, prefix, region, output, first, end):
    """The -DAG and -NOT directives of one region against output[first:end]."""
    used = set()
    for kind, text, number in region:
        hits = [i for i in range(first, end) if text in output[i]]
        if kind == '-NOT' and hits:
            fail(path, number,
                 f'{prefix}-NOT: "{text}" found in output line {hits[0] + 1}',
                 output)
        if kind == '-DAG':
            free = [i for i in hits if i not in used]
            if not free:
                fail(path, number,
                     f'{prefix}-DAG: "{text}" not found in output lines '
                     f'{first + 1}-{end}', output)
            used.add(free[0])


def main():
    parser = argparse.ArgumentParser(description='check output against '
                                     'directives in the input file')
    parser.add_argument('--prefix', default='CHECK')
    parser.add_argument('input')
    parser.add_argument('output', nargs='?', default='-')
    args = parser.parse_args()

    directives = read_directives(args.input, args.prefix)
    if not any(kind != '-NOT' for kind, _, _ in directives):
        sys.stderr.write(f'{args.input}: no {args.prefix}: or '
                         f'{args.prefix}-DAG: directive\n')
        return 2
    if args.output == '-':
        output = sys.stdin.read().splitlines()
    else:
        with open(args.output, encoding='utf-8', errors='replace') as f:
            output = f.read().splitlines()

    cursor = 0
    region = []
    for kind, text, number in directives:
        if kind:
            region.append((kind, text, number))
            continue
        match = next((i for i in range(cursor, len(output))
                      if text in output[i]), None)
        if match is None:
            fail(args.input, number, f'{args.prefix}: "{text}" not found '
                 f'after output line {cursor}', output)
        check_region(args.input, args.prefix, region, output, cursor, match)
        cursor = match + 1
        region = []
    check_region(args.input, args.prefix, region, output, cursor, len(output))
    return 0


if __name__ == '__main__':
    sys.exit(main())
