#!/usr/bin/env python3
"""Fix the contexts of Delovod's .ts files and fill the Bulgarian translations.

lupdate names the context of a call to a file-local `tr()` helper after the
enclosing class or namespace (dms::RegistrationService, dms::cli, ...), while at
run time the helper asks for the context it hard-codes ("dms" or
"StartupOptions"). Messages whose lupdate context is not one the code uses at
run time (a Q_OBJECT class or a literal translate()/QT_TRANSLATE_NOOP context)
are moved to the run-time one, then dms_bg.ts is filled from bg_dict.
Run after scripts/update-translations.sh."""
import os, re, subprocess, sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bg_dict

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
DIRS = ['libdms', 'app', 'scanning', 'signing', 'exchange']
LCONVERT = '/usr/lib/qt6/bin/lconvert'


def runtime_contexts():
    literal, qobject = set(), set()
    for d in DIRS:
        for base, _, files in os.walk(os.path.join(ROOT, d)):
            for f in files:
                if not f.endswith(('.cpp', '.h')):
                    continue
                text = open(os.path.join(base, f), encoding='utf-8').read()
                literal.update(re.findall(r'(?:translate|QT_TRANSLATE_NOOP3?)\(\s*"([^"]+)"', text))
                namespaces = [(m.start(), m.group(1)) for m in re.finditer(r'namespace\s+([\w:]+)\s*\{', text)]
                for m in re.finditer(r'class\s+(?:\w+\s+)?(\w+)\b[^;{]*\{\s*Q_OBJECT', text):
                    # The namespace opened last before the class (a header may first
                    # forward-declare classes of another namespace, e.g. Poppler).
                    ns = [name for at, name in namespaces if at < m.start()]
                    qobject.add((ns[-1] + '::' if ns else '') + m.group(1))
    return literal, qobject


def target_context(name, literal, qobject):
    if name in literal or name in qobject:
        return name
    last = name.split('::')[-1]
    if last in literal:
        return last
    return 'dms'


def normalise(root, literal, qobject):
    merged = {}  # context -> list of messages
    keys = {}
    for ctx in root.findall('context'):
        name = ctx.find('name').text
        target = target_context(name, literal, qobject)
        if target != name:
            print(f'  context {name} -> {target}')
        for m in ctx.findall('message'):
            key = (m.find('source').text, m.findtext('comment'), m.get('numerus'))
            seen = keys.setdefault(target, set())
            if key in seen:
                continue
            seen.add(key)
            merged.setdefault(target, []).append(m)
        root.remove(ctx)
    for name in sorted(merged):
        ctx = ET.SubElement(root, 'context')
        ET.SubElement(ctx, 'name').text = name
        for m in merged[name]:
            ctx.append(m)


def fill(root):
    done, missing = 0, []
    for ctx in root.findall('context'):
        name = ctx.find('name').text
        for m in ctx.findall('message'):
            src = m.find('source').text
            text = bg_dict.CONTEXT_SPECIFIC.get((name, src), bg_dict.TR.get(src))
            t = m.find('translation')
            if text is None:
                missing.append((name, src))
                continue
            for child in list(t):
                t.remove(child)
            t.text = None
            if m.get('numerus') == 'yes':
                assert isinstance(text, list) and len(text) == 2, src
                for form in text:
                    ET.SubElement(t, 'numerusform').text = form
            else:
                assert isinstance(text, str), src
                t.text = text
            t.attrib.pop('type', None)
            done += 1
    return done, missing


def main():
    literal, qobject = runtime_contexts()
    for lang in ('bg', 'en'):
        path = os.path.join(ROOT, 'resources/translations/dms_%s.ts' % lang)
        print(path)
        tree = ET.parse(path)
        root = tree.getroot()
        normalise(root, literal, qobject)
        if lang == 'bg':
            done, missing = fill(root)
            print(f'  translated {done} messages')
            for name, src in missing:
                print(f'  MISSING [{name}] {src!r}')
        tmp = path + '.tmp.ts'
        tree.write(tmp, encoding='utf-8', xml_declaration=True)
        # lconvert writes the same layout as lupdate, so a later lupdate run
        # changes only what really changed.
        subprocess.run([LCONVERT, '-i', tmp, '-o', path], check=True)
        os.remove(tmp)
    unused = set(bg_dict.TR) - {m.find('source').text for m in ET.parse(
        os.path.join(ROOT, 'resources/translations/dms_bg.ts')).getroot().iter('message')}
    for src in sorted(unused):
        print(f'  unused dictionary entry: {src!r}')


if __name__ == '__main__':
    main()
