#!/usr/bin/python3
# check-potfiles.py: po/POTFILES.in lists exactly the files with
# translatable strings.
#
#   check-potfiles.py SOURCE_ROOT     check the tree; exit 1 naming the
#                                     files that are missing or stale
#   check-potfiles.py --self-test     prove the check fails when it should,
#                                     on a small tree made for the purpose
#
# A file has translatable strings when it is
#   - C (.c, .h) calling _(), N_(), C_() or NC_() (outside comments, string
#     literals and #define lines),
#   - GtkBuilder (.ui) with a translatable="yes" property,
#   - a .desktop.in or .metainfo.xml.in (or .appdata.xml.in) file,
#   - a GSettings schema (.gschema.xml) with a <summary> or <description>,
# under one of the directories below. A file that is missing from
# POTFILES.in never reaches translators; one that is listed but does not
# exist breaks `xgettext --files-from`.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import re
import sys
import tempfile

SCANNED_DIRS = ['libsipctx', 'demo-app', 'tools', 'data']

C_KEYWORD = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\(')
UI_TRANSLATABLE = re.compile(r'''translatable\s*=\s*["'](?:yes|true|1)["']''', re.I)
GSCHEMA_TEXT = re.compile(r'<(?:summary|description)>\s*\S', re.S)
ALWAYS_SUFFIXES = ('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in')


def strip_c(text):
    """Returns the C code in text without comments, string and character
    literals or preprocessor lines, so that only real calls match."""
    out = []
    i = 0
    n = len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == '#':
            # A preprocessor line, with its continuations.
            while i < n and text[i] != '\n':
                if text[i] == '\\' and i + 1 < n:
                    i += 1
                i += 1
            continue
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            i = n if end < 0 else end + 2
            out.append(' ')
            continue
        if text.startswith('//', i):
            while i < n and text[i] != '\n':
                i += 1
            continue
        if c in '"\'':
            quote = c
            i += 1
            while i < n and text[i] != quote and text[i] != '\n':
                if text[i] == '\\':
                    i += 1
                i += 1
            i += 1
            out.append('""')
            continue
        if c == '\n':
            at_line_start = True
        elif not c.isspace():
            at_line_start = False
        out.append(c)
        i += 1
    return ''.join(out)


def has_translatable_strings(path):
    name = os.path.basename(path)
    if name.endswith(ALWAYS_SUFFIXES):
        return True
    if not name.endswith(('.c', '.h', '.ui', '.gschema.xml')):
        return False
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    if name.endswith(('.c', '.h')):
        return C_KEYWORD.search(strip_c(text)) is not None
    if name.endswith('.ui'):
        return UI_TRANSLATABLE.search(text) is not None
    return GSCHEMA_TEXT.search(text) is not None


def find_translatable(root):
    found = set()
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            # Build directories or hidden ones inside the tree are not sources.
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith(('.', '_build')))
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                if has_translatable_strings(path):
                    found.add(os.path.relpath(path, root))
    return found


def read_potfiles(path):
    listed = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#') or line.startswith('['):
                continue
            listed.append(line)
    return listed


def check(root, out=sys.stdout):
    """Returns the number of problems found, after printing each."""
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    listed = read_potfiles(potfiles)
    found = find_translatable(root)
    problems = 0

    for path in sorted(found - set(listed)):
        print('MISSING from po/POTFILES.in: %s has translatable strings' % path,
              file=out)
        problems += 1
    for path in listed:
        if not os.path.isfile(os.path.join(root, path)):
            print('STALE in po/POTFILES.in: %s does not exist' % path, file=out)
            problems += 1
    seen = set()
    for path in listed:
        if path in seen:
            print('DUPLICATE in po/POTFILES.in: %s' % path, file=out)
            problems += 1
        seen.add(path)

    print('%d file(s) with translatable strings, %d listed, %d problem(s)'
          % (len(found), len(listed), problems), file=out)
    return problems


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w', encoding='utf-8') as f:
        f.write(text)


def self_test():
    """A small tree with every kind of file, checked against POTFILES.in
    files that are right, incomplete and stale."""
    import io

    failures = 0

    def expect(label, root, want_problems, want_lines):
        nonlocal failures
        out = io.StringIO()
        got = check(root, out)
        text = out.getvalue()
        ok = got == want_problems and all(line in text for line in want_lines)
        print('%s - %s' % ('ok' if ok else 'not ok', label))
        if not ok:
            print('# expected %d problem(s) with %r, got %d:\n%s'
                  % (want_problems, want_lines, got, text))
            failures += 1

    with tempfile.TemporaryDirectory(prefix='check-potfiles-') as root:
        write(root, 'libsipctx/with-gettext.c',
              'static const char *s = N_("one");\n'
              'void f (void) { g_print ("%s", _("two")); }\n')
        write(root, 'libsipctx/context.c',
              'void f (void) { g_print ("%s", C_("menu", "Open")); }\n')
        write(root, 'libsipctx/only-in-comments.c',
              '/* Call _("x") here. */\n'
              '#define _(String) gettext (String)\n'
              'void f (void) { g_print ("_(not this)"); g_free_(x); }\n')
        write(root, 'demo-app/window.ui',
              '<object><property name="title" translatable="yes">Calls</property></object>\n')
        write(root, 'demo-app/plain.ui',
              '<object><property name="icon-name">call-start-symbolic</property></object>\n')
        write(root, 'data/app.desktop.in', '[Desktop Entry]\nName=Demo\n')
        write(root, 'data/app.metainfo.xml.in', '<component/>\n')
        write(root, 'data/app.gschema.xml',
              '<schemalist><key name="k" type="b"><summary>Auto</summary></key></schemalist>\n')
        write(root, 'data/app.service.in', '[D-BUS Service]\n')
        write(root, 'tools/tool.c', 'int main (void) { return 0; }\n')

        complete = ('# comment\n\nlibsipctx/with-gettext.c\nlibsipctx/context.c\n'
                    'demo-app/window.ui\ndata/app.desktop.in\n'
                    'data/app.metainfo.xml.in\ndata/app.gschema.xml\n')
        write(root, 'po/POTFILES.in', complete)
        expect('a complete POTFILES.in passes', root, 0, [])

        write(root, 'po/POTFILES.in', complete.replace('demo-app/window.ui\n', '')
              .replace('libsipctx/context.c\n', ''))
        expect('files left out are named', root, 2,
               ['MISSING from po/POTFILES.in: demo-app/window.ui',
                'MISSING from po/POTFILES.in: libsipctx/context.c'])

        write(root, 'po/POTFILES.in', complete + 'demo-app/gone.c\n')
        expect('a listed file that does not exist is named', root, 1,
               ['STALE in po/POTFILES.in: demo-app/gone.c'])

        write(root, 'tools/tool.c', 'int main (void) { g_print (_("Hi")); }\n')
        write(root, 'po/POTFILES.in', complete)
        expect('new strings in a file not listed are found', root, 1,
               ['MISSING from po/POTFILES.in: tools/tool.c'])

    print('%d passed, %d failed' % (4 - failures, failures))
    return failures


def main(argv):
    if len(argv) == 2 and argv[1] == '--self-test':
        return 1 if self_test() else 0
    if len(argv) != 2:
        print('usage: %s SOURCE_ROOT | --self-test' % argv[0], file=sys.stderr)
        return 2
    return 1 if check(argv[1]) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
