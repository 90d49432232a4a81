"""Sending one message: RSA256 keys and signing, the sender's configuration, the
retry policy, one bounded HTTP attempt, and the sync and async clients that report
``S``/``F``/``U``. The sender knows request bodies, never packs.
"""
