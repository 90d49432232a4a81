"""Positioned documents: YAML and JSON read into nodes that remember their
``line:col``, and the one line splitter and offset -> line/column every
``path:line:col`` is counted with.
"""
