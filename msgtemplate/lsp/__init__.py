"""``msgtemplate lsp``: the language server editors talk to over stdio (pygls).

A thin face over the linter, the pack reader and the renderer: diagnostics are the
linter's findings (with ``# noqa`` and ``[tool.msgtemplate.lint]``), completion and
hover read the pack model and the format's declaration, code actions apply the
mechanical fixes the linter suggests. Modules:

* :mod:`~msgtemplate.lsp.server` - pygls wiring, debouncing, the features;
* :mod:`~msgtemplate.lsp.analysis` - one document linted (no LSP types);
* :mod:`~msgtemplate.lsp.positions` - parser line:column <-> LSP positions;
* :mod:`~msgtemplate.lsp.context` - where the cursor is in a YAML pack;
* :mod:`~msgtemplate.lsp.diagnostics`, :mod:`~msgtemplate.lsp.completion`,
  :mod:`~msgtemplate.lsp.hover`, :mod:`~msgtemplate.lsp.actions` - the features.

pygls is an optional dependency (``pip install 'msgtemplate[lsp]'``); nothing else
in msgtemplate imports this package.
"""
