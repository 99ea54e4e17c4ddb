#!/usr/bin/python3
# check-translations.py: the template can be made from po/POTFILES.in, and
# every translation in po/LINGUAS is complete and valid against it.
#
#   check-translations.py SOURCE_ROOT --pot     xgettext over POTFILES.in
#   check-translations.py SOURCE_ROOT LANG...   the above, then for each
#       language msgmerge LANG.po with the fresh template, name every string
#       left untranslated or fuzzy, and run msgfmt --check
#
# The template is made in a temporary directory, never in the tree, with the
# arguments of meson's i18n.gettext(preset: 'glib') (po/meson.build), so it
# holds what `ninja libsipctx-pot` would.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import sys
import tempfile

GETTEXT_PACKAGE = 'libsipctx'

# mesonbuild/modules/i18n.py, PRESET_ARGS['glib'] (meson 1.0).
GLIB_PRESET_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]


def run(args):
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    return proc.returncode, proc.stdout, proc.stderr


def unquote(s):
    """The text of a PO string literal, escapes resolved."""
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    out = []
    i = 0
    while i < len(body):
        if body[i] == '\\' and i + 1 < len(body):
            out.append({'n': '\n', 't': '\t', '"': '"', '\\': '\\'}.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return ''.join(out)


def read_entries(text):
    """(msgctxt, msgid) of each entry of a PO file, the header and obsolete
    entries left out."""
    entries = []
    ctxt = None
    current = None
    field = None
    for line in text.splitlines() + ['']:
        if line.startswith('#~'):
            continue
        if line.startswith('msgctxt '):
            ctxt = unquote(line[len('msgctxt '):])
            field = 'ctxt'
        elif line.startswith('msgid '):
            current = unquote(line[len('msgid '):])
            field = 'id'
        elif line.startswith('"'):
            if field == 'id':
                current += unquote(line)
            elif field == 'ctxt':
                ctxt += unquote(line)
        else:
            if field == 'id' or (line.startswith(('msgstr', 'msgid_plural')) and current is not None):
                if current:
                    entries.append((ctxt, current))
                current = None
                ctxt = None
            field = None
    return entries


def describe(entry):
    ctxt, msgid = entry
    text = msgid.replace('\n', '\\n')
    return '[%s] "%s"' % (ctxt, text) if ctxt else '"%s"' % text


def make_pot(root, tmpdir):
    pot = os.path.join(tmpdir, GETTEXT_PACKAGE + '.pot')
    rc, out, err = run(['xgettext', '--package-name=' + GETTEXT_PACKAGE,
                        '--directory=' + root,
                        '--files-from=' + os.path.join(root, 'po', 'POTFILES.in'),
                        '--output=' + pot] + GLIB_PRESET_ARGS)
    if rc != 0 or not os.path.exists(pot):
        print('not ok - xgettext over po/POTFILES.in failed (exit %d):\n%s%s' % (rc, out, err))
        return None
    with open(pot, encoding='utf-8') as f:
        entries = read_entries(f.read())
    if not entries:
        print('not ok - the template from po/POTFILES.in has no strings')
        return None
    if err.strip():
        print('# xgettext said:\n' + ''.join('#   ' + l + '\n' for l in err.splitlines()))
    print('ok - template made from po/POTFILES.in: %d strings' % len(entries))
    return pot


def check_language(root, lang, pot, tmpdir):
    """Returns the number of problems in LANG.po against the template."""
    po = os.path.join(root, 'po', lang + '.po')
    merged = os.path.join(tmpdir, lang + '.po')
    problems = 0

    if not os.path.exists(po):
        print('not ok - po/%s.po is listed in po/LINGUAS but does not exist' % lang)
        return 1

    rc, out, err = run(['msgfmt', '--check', '--output-file=/dev/null', po])
    if rc != 0:
        print('not ok - msgfmt --check po/%s.po:\n%s%s' % (lang, out, err))
        problems += 1
    else:
        print('ok - msgfmt --check po/%s.po' % lang)

    rc, out, err = run(['msgmerge', '--quiet', '--output-file=' + merged, po, pot])
    if rc != 0:
        print('not ok - msgmerge po/%s.po with the template:\n%s%s' % (lang, out, err))
        return problems + 1

    for what, flag in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
        rc, out, err = run(['msgattrib', flag, '--no-obsolete', merged])
        if rc != 0:
            print('not ok - msgattrib %s:\n%s' % (flag, err))
            problems += 1
            continue
        entries = read_entries(out)
        if entries:
            print('not ok - po/%s.po: %d string(s) %s:' % (lang, len(entries), what))
            for entry in entries:
                print('#   %s' % describe(entry))
            problems += 1
        else:
            print('ok - po/%s.po: no string %s' % (lang, what))

    rc, out, err = run(['msgfmt', '--check', '--statistics', '--output-file=/dev/null', merged])
    if rc != 0:
        print('not ok - msgfmt --check on po/%s.po merged with the template:\n%s%s'
              % (lang, out, err))
        problems += 1
    else:
        print('ok - msgfmt --check on the merged po/%s.po: %s' % (lang, err.strip()))

    with open(merged, encoding='utf-8') as f:
        obsolete = sum(1 for line in f if line.startswith('#~ msgid '))
    if obsolete:
        print('# po/%s.po keeps %d string(s) not in the template (gone from the sources, or in files POTFILES.in does not list yet)' % (lang, obsolete))
    return problems


def main(argv):
    if len(argv) < 3:
        print('usage: %s SOURCE_ROOT --pot | LANG...' % argv[0], file=sys.stderr)
        return 2
    root = argv[1]
    with tempfile.TemporaryDirectory(prefix='check-translations-') as tmpdir:
        pot = make_pot(root, tmpdir)
        if pot is None:
            return 1
        if argv[2:] == ['--pot']:
            return 0
        problems = sum(check_language(root, lang, pot, tmpdir) for lang in argv[2:])
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
