"""Small text helpers shared by every room: character classes, did-you-mean,
excerpts of long lines, and ISO 8601 dates and times.
"""
