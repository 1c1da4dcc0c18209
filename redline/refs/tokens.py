"""A tokenizer that splits text as spaCy's blank English tokenizer does, without spaCy.

The finder reads references token by token; it needs each token's text, offset and whether a
space follows, nothing more.  spaCy gives the same, but importing it costs more than finding
every reference of a full-size Code, so its algorithm is written out here (the rules are in
:mod:`redline.refs.patterns`): split at whitespace (a single space after a token is that
token's trailing space; other whitespace is a token), then peel prefixes and suffixes off each
chunk and split what is left at infixes.
"""

from __future__ import annotations

import functools

from redline.refs import patterns as pat


class Tokens:
    """A text's tokens as plain lists: texts, character offsets and trailing-space flags."""

    def __init__(self, string: str) -> None:
        self.string = string
        texts: list[str] = []
        idx: list[int] = []
        spaced: list[bool] = []
        if not pat.ODD_SPACE.search(string):  # words apart by single spaces: split at them
            start = 0
            for chunk in string.split(" "):
                for offset, text in split_chunk(chunk):
                    texts.append(text)
                    idx.append(start + offset)
                    spaced.append(False)
                spaced[-1] = True
                start += len(chunk) + 1
            if texts and string[-1] != " ":
                spaced[-1] = False
            self.texts, self.idx, self.spaced = texts, idx, spaced
            self.size = len(texts)
            return
        for run in pat.SPACE_RUNS.finditer(string):
            start, chunk = run.start(), run.group()
            if not chunk[0].isspace():
                for offset, text in split_chunk(chunk):
                    texts.append(text)
                    idx.append(start + offset)
                    spaced.append(False)
                continue
            if chunk[0] == " " and texts:  # the first space belongs to the token before
                spaced[-1] = True
                start, chunk = start + 1, chunk[1:]
            if chunk:
                texts.append(chunk)
                idx.append(start)
                spaced.append(False)
        self.texts, self.idx, self.spaced = texts, idx, spaced
        self.size = len(texts)

    def text(self, i: int) -> str:
        return self.texts[i] if i < self.size else ""

    def end_char(self, i: int) -> int:
        """Character offset just after token ``i - 1`` (the end of a span ending at ``i``)."""
        return self.idx[i - 1] + len(self.text(i - 1))

    def span(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (exclusive) as written."""
        return self.string[self.idx[start]:self.end_char(end)]

    def skip_space(self, i: int) -> int:
        while i < self.size and self.text(i).isspace():
            i += 1
        return i


@functools.cache
def split_chunk(chunk: str) -> tuple[tuple[int, str], ...]:
    """One run of non-space characters as (offset, token) pairs: prefixes, the rest split at
    infixes, suffixes.  Cached: the same words and ids recur all through a Code."""
    if pat.PLAIN.fullmatch(chunk):
        return ((0, chunk),)
    prefixes: list[str] = []
    suffixes: list[str] = []
    last = 0
    while chunk and len(chunk) != last:
        last = len(chunk)
        prefix = pat.PREFIX.search(chunk)
        pre = prefix.end() if prefix else 0
        suffix = pat.SUFFIX.search(chunk, pre)
        suf = suffix.end() - suffix.start() if suffix else 0
        if pre and suf and pre + suf <= len(chunk):
            prefixes.append(chunk[:pre])
            suffixes.append(chunk[-suf:])
            chunk = chunk[pre:-suf]
        elif pre:
            prefixes.append(chunk[:pre])
            chunk = chunk[pre:]
        elif suf:
            suffixes.append(chunk[-suf:])
            chunk = chunk[:-suf]
    middle: list[str] = []
    if chunk and not pat.URL.fullmatch(chunk):
        begin = 0
        for infix in pat.INFIX.finditer(chunk):
            if infix.start() == 0:
                continue
            if infix.start() != begin:
                middle.append(chunk[begin:infix.start()])
            if infix.start() != infix.end():
                middle.append(infix.group())
            begin = infix.end()
        middle.append(chunk[begin:])
    elif chunk:
        middle.append(chunk)
    pieces: list[tuple[int, str]] = []
    offset = 0
    for piece in (*prefixes, *middle, *reversed(suffixes)):
        if piece:
            pieces.append((offset, piece))
            offset += len(piece)
    return tuple(pieces)
