"""The house's layers run one way: a lower layer never imports a higher one.

Every module under service/ is read with `ast` (nothing is imported), its
imports resolved to absolute names, relative ones included, and each checked
against the rules below. docs/architecture.md draws the same map.
"""

import ast
from pathlib import Path

SERVICE = Path(__file__).resolve().parents[2] / "service"

# The two doors in from a browser and a terminal, and the command line.
DOORS = ("service.web", "service.dashboard", "service.cli")
# Domain packages: what the product is about; none of them knows a door.
DOMAIN = (
    "service.models",
    "service.content",
    "service.safety",
    "service.conversation",
    "service.sending",
    "service.followup",
    "service.evaluation",
    "service.staff",
    "service.privacy",
)
# The lowest layer: tables and the screen's words know nothing of the conversation.
FOUNDATION = {
    "service.models": ("service.conversation", "service.sending", "service.followup"),
    "service.safety": ("service.conversation", "service.sending", "service.followup"),
    "service.content": ("service.conversation", "service.sending", "service.followup"),
}


def module_name(path):
    parts = path.relative_to(SERVICE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path):
    """Absolute names of the modules a file imports (inside functions too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                root = ".".join(base + ([node.module] if node.module else []))
            else:
                root = node.module
            found.add(root)
            found.update(f"{root}.{alias.name}" for alias in node.names)
    return {m for m in found if m and m.startswith("service")}


def inside(name, package):
    return name == package or name.startswith(package + ".")


def all_imports():
    return {module_name(p): imports_of(p) for p in sorted(SERVICE.rglob("*.py"))}


def test_the_domain_never_imports_a_door():
    wrong = [
        f"{module} imports {target}"
        for module, targets in all_imports().items()
        if any(inside(module, d) for d in DOMAIN)
        for target in targets
        if any(inside(target, door) for door in DOORS)
    ]
    assert wrong == []


def test_only_the_app_factory_imports_the_dashboard_and_nothing_imports_the_cli_but_it():
    wrong = [
        f"{module} imports {target}"
        for module, targets in all_imports().items()
        for target in targets
        for door in ("service.dashboard", "service.cli")
        if inside(target, door) and not inside(module, door) and module != "service"
    ]
    assert wrong == []


def test_tables_words_and_content_know_nothing_of_the_conversation():
    wrong = [
        f"{module} imports {target}"
        for module, targets in all_imports().items()
        for low, higher in FOUNDATION.items()
        if inside(module, low)
        for target in targets
        if any(inside(target, h) for h in higher)
    ]
    assert wrong == []


def test_the_database_handle_imports_neither_the_pool_nor_the_prepared_statements():
    assert not {"service.db_pool", "service.prepared"} & imports_of(SERVICE / "db.py")


def test_the_reader_resolves_relative_imports():
    """The reader itself: `from ..evaluation import rollups` in service/sending resolves."""
    path = SERVICE / "sending" / "status.py"
    names = imports_of(path)
    assert "service.evaluation.rollups" in names  # resolved from `from ..evaluation import`
    assert all(name.startswith("service") for name in names)
