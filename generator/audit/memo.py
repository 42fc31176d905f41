"""What the audit's record-by-record scans found, kept between builds in the build cache.

The personal-data scan reads every string of every public record (about 140,000 at 5,000
records), on every build. A record is a function of its file's bytes, its kind and id
(Board.source_digest) and congkhai's code, which the memo's key holds: when none of them
changed, what the scan found in it is what it found last time. The memo is one text pack,
`<cache>/audit.pack`, read whole and replaced in one step (generator.fingerprint.MemoFile);
an entry that does not read back is scanned again (MemoFile.data).

A kept entry is trusted as the render cache's pages and the load memo's data are: what the
cache holds is used as it was kept. The cache is the repository's own (the workflows `congkhai
init` writes restore it from the repository's own runs); what the cache code guards against is
its files being damaged, or links (generator.site.cache, generator.fingerprint.replace_file).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from generator.check.link import Board
from generator.fingerprint import Fingerprints, MemoFile, code_digest, key_of, versions

MEMO_FILE = "audit.pack"
MEMO_FORMAT = 1


def open_memo(cache_dir: Path, board: Board) -> MemoFile:
    return MemoFile.open(cache_dir / MEMO_FILE, key_of(MEMO_FORMAT, code_digest(), versions()),
                         Fingerprints(board.source_digest))


def save_memo(memo: MemoFile) -> None:
    """Keep this build's entries; a cache folder that cannot be written costs the next build
    its memo, not this build."""
    with contextlib.suppress(OSError):
        memo.save()
