#!/usr/bin/python3
# check-guides.py: keep the guides and the API reference honest.
#
#   check-guides.py --gir Sip-1.0.gir --docs docs/ --examples examples/
#
# 1. Every page listed in content_files of sipctx.toml.in exists.
# 2. Every gi-docgen link ([class@Sip.UserAgent], [signal@Sip.Context::failed],
#    [method@Gio.ListModel.get_item], ...) in those pages and in the
#    documentation of the GIR names something that exists. gi-docgen only
#    warns about a broken link, and only when the reference is built.
# 3. Every code block of a getting-started-LANG.md page in that page's
#    language is an excerpt, line for line, of examples/message-and-call.EXT,
#    which the test suite runs: the quoted code compiles and works.
# 4. With --metadata: every property whose getter returns (nullable) is
#    marked nullable in the Vala metadata (the GIR cannot say it of the
#    property itself).
#
# Prints what is wrong and exits 1; exits 0 when all is well.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

CORE = '{http://www.gtk.org/introspection/core/1.0}'
GLIB = '{http://www.gtk.org/introspection/glib/1.0}'
C = '{http://www.gtk.org/introspection/c/1.0}'

GIR_DIRS = ['/usr/share/gir-1.0', '/usr/local/share/gir-1.0']

# getting-started page language -> (fence languages, example file)
EXAMPLES = {
    'c': (('c',), 'message-and-call.c'),
    'python': (('python', 'py'), 'message-and-call.py'),
    'javascript': (('js', 'javascript'), 'message-and-call.js'),
    'vala': (('vala',), 'message-and-call.vala'),
}

TYPE_TAGS = {
    'class': ('class',),
    'iface': ('interface',),
    'enum': ('enumeration',),
    'error': ('enumeration',),
    'flags': ('bitfield',),
    'struct': ('record', 'union'),
    'alias': ('alias',),
    'callback': ('callback',),
    'type': ('class', 'interface', 'enumeration', 'bitfield', 'record', 'union',
             'alias', 'callback'),
}

LINK_RE = re.compile(r'\[(alias|callback|class|const|ctor|enum|error|flags|func|iface|'
                     r'method|property|signal|struct|type|vfunc|id)@([^\]\s]+)\]')


class Namespaces:
    """The GIR of Sip and, loaded on demand, those of other namespaces."""

    def __init__(self, sip_gir):
        self.types = {}       # (ns, name) -> element
        self.functions = {}   # (ns, name) -> element
        self.constants = {}   # (ns, name) -> element
        self.identifiers = set()
        self.loaded = set()
        self.docs = []        # (where, text) of every <doc> in the Sip GIR
        self.load(sip_gir, collect_docs=True)

    def load(self, path, collect_docs=False):
        root = ET.parse(path).getroot()
        for ns in root.iter(CORE + 'namespace'):
            name = ns.get('name')
            self.loaded.add(name)
            for el in ns:
                tag = el.tag.replace(CORE, '')
                if el.get(C + 'identifier'):
                    self.identifiers.add(el.get(C + 'identifier'))
                if tag == 'function':
                    self.functions[(name, el.get('name'))] = el
                elif tag == 'constant':
                    self.constants[(name, el.get('name'))] = el
                elif el.get('name'):
                    self.types[(name, el.get('name'))] = el
                    for member in el.iter():
                        if member.get(C + 'identifier'):
                            self.identifiers.add(member.get(C + 'identifier'))
            if collect_docs:
                for el in ns.iter():
                    doc = el.find(CORE + 'doc')
                    if doc is not None and doc.text:
                        self.docs.append((doc.get('filename', '?') + ':' + doc.get('line', '?'),
                                          doc.text))

    def ensure(self, namespace):
        if namespace in self.loaded:
            return True
        for d in GIR_DIRS:
            candidates = sorted(glob.glob(os.path.join(d, namespace + '-*.gir')))
            if candidates:
                self.load(candidates[-1])
                return True
        self.loaded.add(namespace)   # not found: links to it stay unresolved
        return False

    def members(self, namespace, type_name, tags):
        el = self.types.get((namespace, type_name))
        if el is None:
            return None
        names = set()
        for tag in tags:
            for member in el.findall(tag):
                names.add(member.get('name'))
        return names

    def resolve(self, kind, target):
        """None if the link resolves, else a reason."""
        if kind == 'id':
            return None if target in self.identifiers else 'no C identifier ' + target
        if kind == 'property':
            owner, _, member = target.partition(':')
            tags = [CORE + 'property']
        elif kind == 'signal':
            owner, _, member = target.partition('::')
            tags = [GLIB + 'signal']
        else:
            owner, member = target, None

        parts = owner.split('.')
        namespace = parts[0]
        self.ensure(namespace)

        if kind in TYPE_TAGS:
            if len(parts) != 2:
                return 'expected Namespace.Type'
            el = self.types.get((namespace, parts[1]))
            if el is None or el.tag.replace(CORE, '') not in TYPE_TAGS[kind]:
                return 'no %s %s' % (kind, owner)
            if kind == 'error' and not el.get(GLIB + 'error-domain'):
                return '%s is not an error domain' % owner
            return None
        if kind == 'const':
            return None if (namespace, parts[-1]) in self.constants else 'no constant ' + owner
        if kind == 'func':
            if len(parts) == 2:
                return None if (namespace, parts[1]) in self.functions else 'no function ' + owner
            names = self.members(namespace, parts[1], [CORE + 'function'])
            return None if names and parts[2] in names else 'no function ' + owner
        if kind in ('method', 'ctor', 'vfunc'):
            if len(parts) != 3:
                return 'expected Namespace.Type.name'
            tag = {'method': 'method', 'ctor': 'constructor', 'vfunc': 'virtual-method'}[kind]
            names = self.members(namespace, parts[1], [CORE + tag])
            return None if names and parts[2] in names else 'no %s %s' % (kind, owner)
        # property, signal
        if len(parts) != 2:
            return 'expected Namespace.Type'
        names = self.members(namespace, parts[1], tags)
        return None if names and member in names else 'no %s %s' % (kind, target)


def content_files(toml_path):
    text = open(toml_path, encoding='utf-8').read()
    match = re.search(r'content_files\s*=\s*\[(.*?)\]', text, re.S)
    return re.findall(r'"([^"]+)"', match.group(1)) if match else []


def code_blocks(text):
    """(language, first line number, lines) of each fenced block."""
    blocks = []
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        m = re.match(r'^```(\w*)\s*$', lines[i])
        if m:
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].startswith('```'):
                j += 1
            blocks.append((m.group(1), start + 1, lines[start:j]))
            i = j + 1
        else:
            i += 1
    return blocks


def is_excerpt(block, source_lines):
    block = [line.rstrip() for line in block]
    source = [line.rstrip() for line in source_lines]
    n = len(block)
    return n > 0 and any(source[k:k + n] == block for k in range(len(source) - n + 1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--gir', required=True)
    parser.add_argument('--docs', required=True)
    parser.add_argument('--examples', required=True)
    parser.add_argument('--metadata')
    args = parser.parse_args()

    problems = []
    ns = Namespaces(args.gir)

    pages = content_files(os.path.join(args.docs, 'sipctx.toml.in'))
    if not pages:
        problems.append('sipctx.toml.in: no content_files')

    texts = []
    for page in pages:
        path = os.path.join(args.docs, page)
        if not os.path.exists(path):
            problems.append('%s: listed in content_files but missing' % page)
            continue
        text = open(path, encoding='utf-8').read()
        texts.append((page, text))
        if not text.startswith('Title: '):
            problems.append('%s: the first line must be "Title: ..."' % page)

        m = re.match(r'getting-started-(\w+)\.md$', page)
        if m:
            languages, example = EXAMPLES[m.group(1)]
            source = open(os.path.join(args.examples, example), encoding='utf-8').read().split('\n')
            quoted = 0
            for lang, line, block in code_blocks(text):
                if lang in languages:
                    quoted += 1
                    if not is_excerpt(block, source):
                        problems.append('%s:%d: this %s block is not an excerpt of examples/%s'
                                        % (page, line, lang, example))
            if quoted == 0:
                problems.append('%s: quotes nothing from examples/%s' % (page, example))

    for where, text in texts + ns.docs:
        for lineno, line in enumerate(text.split('\n'), 1):
            for kind, target in LINK_RE.findall(line):
                reason = ns.resolve(kind, target)
                if reason:
                    problems.append('%s:%d: [%s@%s]: %s' % (where, lineno, kind, target, reason))

    if args.metadata:
        metadata = open(args.metadata, encoding='utf-8').read().split('\n')
        for (namespace, type_name), el in sorted(ns.types.items()):
            if namespace != 'Sip' or el.tag not in (CORE + 'class', CORE + 'interface'):
                continue
            methods = {m.get('name'): m for m in el.findall(CORE + 'method')}
            for prop in el.findall(CORE + 'property'):
                getter = methods.get(prop.get('getter'))
                if getter is None or getter.find(CORE + 'return-value').get('nullable') != '1':
                    continue
                line = '%s.%s#property nullable' % (type_name, prop.get('name').replace('-', '_'))
                if line not in metadata:
                    problems.append('%s: missing "%s" (its getter is nullable)'
                                    % (os.path.basename(args.metadata), line))

    for problem in problems:
        print(problem)
    links = sum(len(LINK_RE.findall(t)) for _, t in texts + ns.docs)
    print('%d pages, %d links checked, %d problems' % (len(texts), links, len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
