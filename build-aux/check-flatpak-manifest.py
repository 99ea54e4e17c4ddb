#!/usr/bin/python3
# check-flatpak-manifest.py: the Flatpak manifest of the demo agrees with the
# build and asks for no more than a softphone needs.
#
#   check-flatpak-manifest.py SOURCE_ROOT [MANIFEST]
#   check-flatpak-manifest.py SOURCE_ROOT --self-test   prove that faults in
#       the manifest (a permission too many, an unpinned archive, ...) fail
#
# Checks that the manifest parses; that its id is the demo's application id
# (data/meson.build) and its command the executable demo-app/meson.build
# builds (and the one the desktop and D-Bus service files start); the GNOME
# runtime and SDK; finish-args exactly the allowed set; every downloaded
# source pinned by a sha256 (git ones by a commit); the libsipctx module
# built from this tree with options meson_options.txt has. When an archive
# is in a local cache ($SIPCTX_FLATPAK_CACHE, or flatpak-builder's own
# .flatpak-builder/downloads/ at the top of the tree) its sha256 is checked
# too; otherwise that check is skipped, with the reason printed.
#
# flatpak-builder itself cannot run here (no Flathub, no network but
# Debian's archive): this is what can be checked without it.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import glob
import hashlib
import json
import os
import re
import sys

RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
RUNTIME_VERSION = '43'

# What the demo needs from outside its sandbox, and nothing more:
#   network        SIP over UDP/TCP/TLS to registrars and peers
#   ipc            X11 shared memory (fallback-x11); GTK's recommendation
#   wayland, fallback-x11   a window
#   dri            GTK 4 renders with OpenGL
# Notifications (GNotification) and the keyring (libsecret >= 0.20, the
# simple password API) go through the Notification and Secret portals,
# which need no permission.
ALLOWED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}

# Options the library module must set: the demo needs neither tests, nor
# documentation, nor bindings, and it must be built (not skipped).
REQUIRED_MESON_OPTS = {
    '-Dtests=false',
    '-Ddocumentation=false',
    '-Dvapi=false',
    '-Ddemo=enabled',
}

passed = failed = skipped = 0


def ok(label):
    global passed
    passed += 1
    print('ok - %s' % label)


def not_ok(label, why):
    global failed
    failed += 1
    print('not ok - %s: %s' % (label, why))


def skip(label, why):
    global skipped
    skipped += 1
    print('ok - %s # SKIP %s' % (label, why))


def check(label, condition, why):
    if condition:
        ok(label)
    else:
        not_ok(label, why)


def read(root, path):
    with open(os.path.join(root, path), encoding='utf-8') as f:
        return f.read()


def meson_app_id(root):
    m = re.search(r"^\s*demo_app_id\s*=\s*'([^']+)'", read(root, 'data/meson.build'), re.M)
    return m.group(1) if m else None


def meson_executables(root):
    text = read(root, 'demo-app/meson.build')
    return re.findall(r"\bexecutable\s*\(\s*'([^']+)'", text)


def desktop_exec(root, app_id):
    text = read(root, 'data/%s.desktop.in' % app_id)
    m = re.search(r'^Exec=(\S+)', text, re.M)
    return m.group(1) if m else None


def service_exec(root, app_id):
    path = 'data/%s.service.in' % app_id
    if not os.path.exists(os.path.join(root, path)):
        return None
    m = re.search(r'^Exec=(\S+)', read(root, path), re.M)
    return os.path.basename(m.group(1)) if m else None


def meson_option_names(root):
    return set(re.findall(r"^\s*option\s*\(\s*'([^']+)'", read(root, 'meson_options.txt'), re.M))


# meson's own options a module may set besides the project's.
MESON_BUILTINS = {'buildtype', 'debug', 'optimization', 'prefix', 'libdir',
                  'warning_level', 'werror', 'default_library', 'wrap_mode'}


def is_known_option(opt, known):
    name = opt[2:].split('=', 1)[0]
    return name in known or name in MESON_BUILTINS or name.startswith('b_')


def all_sources(manifest):
    for module in manifest.get('modules', []):
        if isinstance(module, str):
            continue
        for source in module.get('sources', []):
            if isinstance(source, dict):
                yield module.get('name', '?'), source


def cached_archive(root, source):
    name = source.get('dest-filename') or os.path.basename(source['url'])
    dirs = []
    if os.environ.get('SIPCTX_FLATPAK_CACHE'):
        dirs.append(os.environ['SIPCTX_FLATPAK_CACHE'])
    dirs += glob.glob(os.path.join(root, '.flatpak-builder', 'downloads', '*'))
    dirs += glob.glob(os.path.join(root, 'build-aux', '.flatpak-builder', 'downloads', '*'))
    for d in dirs:
        path = os.path.join(d, name)
        if os.path.isfile(path):
            return path
    return None


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def self_test(root):
    """Variants of the real manifest, each with one fault the check must
    report, named."""
    import subprocess
    import tempfile

    app_id = meson_app_id(root)
    with open(os.path.join(root, 'build-aux', app_id + '.json'), encoding='utf-8') as f:
        text = f.read()
    good = json.loads(text)
    archive = next(s for _, s in all_sources(good) if s.get('type') == 'archive')

    def with_secrets(m):
        m['finish-args'].append('--talk-name=org.freedesktop.secrets')

    def without_dri(m):
        m['finish-args'].remove('--device=dri')

    def unpinned(m):
        next(s for _, s in all_sources(m) if s.get('type') == 'archive').pop('sha256')

    def other_id(m):
        m['id'] = 'org.example.Other'

    def other_command(m):
        m['command'] = 'other-demo'

    def unknown_option(m):
        m['modules'][-1]['config-opts'].append('-Dno_such_option=true')

    cases = [
        ('an extra permission is named', with_secrets, None,
         'not allowed: --talk-name=org.freedesktop.secrets'),
        ('a missing permission is named', without_dri, None, 'missing: --device=dri'),
        ('an archive without sha256 is refused', unpinned, None,
         "not ok - sofia-sip: archive source pinned by sha256: sha256 ''"),
        ('another id is refused', other_id, None,
         "not ok - id is the demo application id %s: got 'org.example.Other'" % app_id),
        ('another command is refused', other_command, None,
         "not ok - the desktop file starts the command"),
        ('an option meson does not know is named', unknown_option, None,
         'unknown: -Dno_such_option=true'),
        ('a cached archive with other contents is refused', None, b'not the archive',
         'not ok - sofia-sip: archive source sha256 matches the cached archive'),
    ]
    failures = 0
    for label, change, cached, expected in cases:
        manifest = json.loads(text)
        if change:
            change(manifest)
        with tempfile.TemporaryDirectory(prefix='check-flatpak-') as tmp:
            path = os.path.join(tmp, app_id + '.json')
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(manifest, f)
            env = dict(os.environ)
            env.pop('SIPCTX_FLATPAK_CACHE', None)
            if cached is not None:
                with open(os.path.join(tmp, os.path.basename(archive['url'])), 'wb') as f:
                    f.write(cached)
                env['SIPCTX_FLATPAK_CACHE'] = tmp
            proc = subprocess.run([sys.executable, os.path.abspath(__file__), root, path],
                                  stdout=subprocess.PIPE, universal_newlines=True, env=env)
        good_run = proc.returncode != 0 and expected in proc.stdout
        print('%s - %s' % ('ok' if good_run else 'not ok', label))
        if not good_run:
            failures += 1
            print('# expected exit 1 and %r in:\n%s' % (expected, proc.stdout))
    print('%d passed, %d failed' % (len(cases) - failures, failures))
    return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[2] == '--self-test':
        return self_test(argv[1])
    if len(argv) not in (2, 3):
        print('usage: %s SOURCE_ROOT [MANIFEST]' % argv[0], file=sys.stderr)
        return 2
    root = argv[1]
    app_id = meson_app_id(root)
    if app_id is None:
        print('Bail out! no demo_app_id in data/meson.build')
        return 1
    manifest_path = argv[2] if len(argv) == 3 else os.path.join(root, 'build-aux', app_id + '.json')

    try:
        with open(manifest_path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print('Bail out! cannot read the manifest %s: %s' % (manifest_path, e))
        return 1
    ok('the manifest parses: %s' % os.path.relpath(manifest_path, root))

    got_id = manifest.get('id', manifest.get('app-id'))
    check('id is the demo application id %s' % app_id, got_id == app_id, 'got %r' % got_id)
    check('the manifest is named after the id',
          os.path.basename(manifest_path) in (app_id + '.json', app_id + '.yml', app_id + '.yaml'),
          os.path.basename(manifest_path))

    executables = meson_executables(root)
    command = manifest.get('command')
    if not executables:
        not_ok('command is the executable demo-app/meson.build builds',
               'demo-app/meson.build has no executable()')
    else:
        check('command is the executable demo-app/meson.build builds (%s)' % ', '.join(executables),
              command in executables, 'got %r' % command)
    exec_name = desktop_exec(root, app_id)
    check('the desktop file starts the command', exec_name == command,
          'Exec=%s, command %r' % (exec_name, command))
    service = service_exec(root, app_id)
    if service is not None:
        check('the D-Bus service file starts the command', service == command,
              'Exec=…/%s, command %r' % (service, command))

    check('runtime %s' % RUNTIME, manifest.get('runtime') == RUNTIME, 'got %r' % manifest.get('runtime'))
    check('sdk %s' % SDK, manifest.get('sdk') == SDK, 'got %r' % manifest.get('sdk'))
    check('runtime-version "%s"' % RUNTIME_VERSION, manifest.get('runtime-version') == RUNTIME_VERSION,
          'got %r' % manifest.get('runtime-version'))

    finish_args = manifest.get('finish-args', [])
    extra = sorted(set(finish_args) - ALLOWED_FINISH_ARGS)
    missing = sorted(ALLOWED_FINISH_ARGS - set(finish_args))
    check('finish-args are exactly the allowed set', not extra and not missing,
          '; '.join(filter(None, ['not allowed: ' + ' '.join(extra) if extra else '',
                                  'missing: ' + ' '.join(missing) if missing else ''])))
    check('finish-args have no duplicates', len(finish_args) == len(set(finish_args)),
          ' '.join(finish_args))

    modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
    names = [m.get('name') for m in modules]
    check('modules sofia-sip then libsipctx', names == ['sofia-sip', 'libsipctx'], 'got %r' % names)

    for module_name, source in all_sources(manifest):
        kind = source.get('type')
        label = '%s: %s source' % (module_name, kind)
        if kind in ('archive', 'file'):
            digest = source.get('sha256', '')
            check(label + ' pinned by sha256', re.fullmatch(r'[0-9a-f]{64}', digest) is not None,
                  'sha256 %r for %s' % (digest, source.get('url') or source.get('path')))
            if 'url' in source:
                cached = cached_archive(root, source)
                if cached is None:
                    skip(label + ' sha256 matches the cached archive',
                         '%s is not in a local cache (set SIPCTX_FLATPAK_CACHE to a directory '
                         'holding it to check)' % os.path.basename(source['url']))
                else:
                    actual = sha256_of(cached)
                    check(label + ' sha256 matches the cached archive %s' % cached,
                          actual == digest, 'the archive has %s' % actual)
        elif kind == 'git':
            check(label + ' pinned by commit',
                  re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')) is not None,
                  'no commit for %s' % source.get('url'))
        elif kind == 'dir':
            check(label + ' is this tree', module_name == 'libsipctx' and source.get('path') == '..',
                  'path %r in module %s' % (source.get('path'), module_name))
        else:
            not_ok(label, 'unexpected source type')

    sofia = next((m for m in modules if m.get('name') == 'sofia-sip'), {})
    check('sofia-sip is built with autotools, without doxygen',
          sofia.get('buildsystem') == 'autotools' and '--without-doxygen' in sofia.get('config-opts', []),
          'buildsystem %r, config-opts %r' % (sofia.get('buildsystem'), sofia.get('config-opts')))

    lib = next((m for m in modules if m.get('name') == 'libsipctx'), {})
    opts = lib.get('config-opts', [])
    check('libsipctx is built with meson', lib.get('buildsystem') == 'meson',
          'buildsystem %r' % lib.get('buildsystem'))
    check('libsipctx sets %s' % ' '.join(sorted(REQUIRED_MESON_OPTS)),
          REQUIRED_MESON_OPTS <= set(opts), 'config-opts %r' % opts)
    known = meson_option_names(root)
    unknown = [o for o in opts if o.startswith('-D') and not is_known_option(o, known)]
    check('libsipctx options exist in meson_options.txt', not unknown,
          'unknown: %s' % ' '.join(unknown))

    print('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
