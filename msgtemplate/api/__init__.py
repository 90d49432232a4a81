"""The platform's send API: its fields and limits (``spec``, the one place a limit is
written) and the checks of a request body (``checks``), which report problem kinds
that the linter, the payload builder and the sandbox each present in their own way;
``sms`` says how an SMS carries a text (GSM-7 or UCS-2, and in how many parts).
"""
