"""Bulk sending: recipients files, derived requestIds, the journal, the rate, the
single-process runner, and the Celery task, producer and worker (``msgtemplate bulk``).

Uses :mod:`msgtemplate.pack` (bodies) and :mod:`msgtemplate.sender` (signing and
sending); nothing below imports it. Celery and Redis are imported only by
``celery_app``, ``producer`` and ``worker`` (the ``msgtemplate[celery]`` extra).
"""
