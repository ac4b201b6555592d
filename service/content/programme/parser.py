"""Reading a programme file: UTF-8 text, YAML parsed once, the line of every node."""

from pathlib import Path

import yaml


def read(path):
    """(text, None) of a UTF-8 file, or (None, why it cannot be read)."""
    try:
        return Path(path).read_text(encoding="utf-8"), None
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text: {exc.reason} at byte {exc.start}"


# libyaml's parser when PyYAML has it: five to ten times faster, same results.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text):
    """(data, node tree) of a YAML document, parsed once; raises yaml.YAMLError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


class Lines:
    """Line numbers of every node in a YAML document, by path."""

    def __init__(self, node):
        self.lines = {}
        self.duplicates = []  # (path, line) of keys given twice
        if node is not None:
            self._walk(node, ())

    def _walk(self, node, path):
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if name in seen:
                    self.duplicates.append((path + (name,), key.start_mark.line + 1))
                seen.add(name)
                if name is not None:
                    self.lines.setdefault(path + (name,), key.start_mark.line + 1)
                    self._walk(value, path + (name,))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                self._walk(value, path + (i,))

    def at(self, path):
        """The line of `path`, or of its nearest ancestor found."""
        path = tuple(str(p) if not isinstance(p, int) else p for p in path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def location(path):
    """('days', 3, 'text', 'es') -> 'days[3].text.es'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"
