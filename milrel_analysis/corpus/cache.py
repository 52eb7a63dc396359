"""A cache of parsed corpora: every table of a :class:`Corpus` in Arrow files, reused while the inputs hold.

An entry is keyed by what the tables depend on: each input file's path and sha256, what
collecting the files found (rejected and skipped inputs), the metadata sidecar's content, the
file-name pattern, the options, and the package itself (the sha256 of its code and data files,
so its version, lexicon and gazetteer, plus the versions of the libraries parsing relies on).
Checking the inputs is cheap: a file whose size and modification time match the last run's is
not read again (one modified within two seconds of being hashed always is).

Two levels: the whole corpus's tables (the key above), and each file's own parse (keyed by
its path, its sha256 and the package), so that after a file changed only that file is parsed
again; the corpus-wide steps (document ids, word repair, tables, metadata) then run on the
whole corpus, exactly as in a full parse.

The cache is only an optimisation. An entry is written in a temporary folder and renamed into
place, so readers see it whole or not at all; a corrupt, partial or foreign entry (a file
whose sha256 is not the one recorded, an unreadable file, a different key) is ignored and
rewritten. Tables whose values Arrow cannot give back exactly are not cached at all: a written
entry is read back and compared with the corpus, a column at a time, before it is kept.

The tables are Arrow IPC files (Feather v2) compressed with LZ4: columnar like Parquet, but
they decode at memory speed (the UN General Debate corpus: 0.3 s where Parquet took 1.2 s),
and the warm path of :func:`~milrel_analysis.corpus.load.load_corpus` is mostly this read.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import pickle
import shutil
import time
import uuid
import zlib
from collections.abc import Sequence
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .model import Corpus
from .vocab import TokenTable

__all__ = ["CACHE_FORMAT", "SentenceStore", "cache_key", "default_cache_dir", "file_hashes",
           "file_key", "metadata_digest", "package_fingerprint", "read_entry", "read_parsed", "write_entry",
           "write_parsed"]

CACHE_FORMAT = 3  # bump when the layout of an entry changes (2: the token table; 3: Arrow IPC)
KEEP_ENTRIES = 8  # corpora kept per cache folder, most recently used first
_RACY_NS = 2_000_000_000  # a file modified this close to being hashed is hashed again
_NOT_PARSING = frozenset({"notebooks", "plots", "report", "cli.py", "__main__.py", "partitioned.py"})
_LIBRARIES = ("pandas", "numpy", "pyarrow", "simplemma", "nltk", "pyahocorasick")


class _Uncacheable(Exception):
    """A table that Arrow (or JSON) would not give back exactly."""


def default_cache_dir() -> Path:
    """``$MILREL_CACHE_DIR``, else ``$XDG_CACHE_HOME/milrel_analysis``, else ``~/.cache/milrel_analysis``.

    Examples
    --------
    >>> default_cache_dir().is_absolute() or "MILREL_CACHE_DIR" in os.environ
    True
    """
    if os.environ.get("MILREL_CACHE_DIR"):
        return Path(os.environ["MILREL_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "milrel_analysis"


# --------------------------------------------------------------------------- keys


@functools.cache
def package_fingerprint() -> str:
    """sha256 of the package's own code and data files, and of the parsing libraries' versions."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        # The notebooks' scripts are installed with the package but absent from a source
        # tree: they do not shape a parse, and counting them would make a kernel (installed
        # package) and its caller (source tree) disagree about every key.
        if path.is_file() and path.suffix in {".py", ".yaml", ".txt", ".csv"} and (
                "__pycache__" not in relative) and relative[0] not in _NOT_PARSING:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={importlib_metadata.version(name)}\0".encode())
        except importlib_metadata.PackageNotFoundError:
            digest.update(f"{name}=\0".encode())
    return digest.hexdigest()


def file_hashes(files: Sequence[Path], cache_dir: Path | None) -> list[str]:
    """The sha256 of each file, from the last run's record where size and mtime still match.

    A file that cannot be read gets ``"unreadable: <reason>"`` (the parse rejects it).
    Without a `cache_dir` every file is read.
    """
    index_path = cache_dir / "hashes.json" if cache_dir is not None else None
    index: dict[str, Any] = {}
    try:
        if index_path is not None:
            index = json.loads(index_path.read_text(encoding="utf-8"))
            if not isinstance(index, dict):
                index = {}
    except (OSError, ValueError):
        index = {}
    out: list[str] = []
    changed = False
    for path in files:
        name = os.path.abspath(path)
        try:
            info = path.stat()
        except OSError as err:
            out.append(f"unreadable: {err.strerror}")
            continue
        seen = index.get(name)
        if (isinstance(seen, list) and len(seen) == 4
                and seen[:2] == [info.st_size, info.st_mtime_ns]
                and info.st_mtime_ns < seen[3] - _RACY_NS):
            out.append(str(seen[2]))
            continue
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as err:
            out.append(f"unreadable: {err.strerror}")
            continue
        index[name] = [info.st_size, info.st_mtime_ns, digest, time.time_ns()]
        out.append(digest)
        changed = True
    if changed and index_path is not None:
        try:
            _atomic_write(index_path, json.dumps(index, sort_keys=True).encode())
        except OSError:
            pass  # only an optimisation
    return out


def cache_key(files: Sequence[Path], hashes: Sequence[str], rejected: Sequence[Any],
              skipped: Sequence[Any], *, options: dict[str, Any]) -> str:
    """The key of a corpus: its inputs, what collecting them found, the options, the package."""
    blob = {
        "format": CACHE_FORMAT,
        "package": package_fingerprint(),
        "files": [[str(f), h] for f, h in zip(files, hashes, strict=True)],
        "rejected": list(rejected),
        "skipped": list(skipped),
        "options": options,
    }
    return hashlib.sha256(json.dumps(blob, sort_keys=True, default=str).encode()).hexdigest()


def metadata_digest(metadata: Any) -> str | None:
    """A digest of a metadata sidecar (a path's bytes, a DataFrame's CSV), None for none."""
    if metadata is None:
        return None
    if isinstance(metadata, pd.DataFrame):
        return hashlib.sha256(metadata.to_csv(index=True).encode()).hexdigest()
    try:
        return hashlib.sha256(Path(metadata).read_bytes()).hexdigest()
    except OSError as err:
        return f"unreadable: {err}"


def file_key(source: str, digest: str) -> str:
    """The key of one file's parse: its path (it names the documents), its content, the package."""
    blob = json.dumps([CACHE_FORMAT, package_fingerprint(), source, digest])
    return hashlib.sha256(blob.encode()).hexdigest()


# --------------------------------------------------------------------------- one file's parse


def _parsed_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "files" / key[:2] / f"{key}.pickle.z"


def read_parsed(cache_dir: Path, key: str) -> Any:
    """One file's parse outcomes stored by :func:`write_parsed`, or None (missing or damaged).

    The entry starts with the sha256 of the rest; a mismatch (a torn write, a flipped bit)
    is a miss. Entries are pickles of the package's own objects, written by this package
    into the user's cache folder, and their key includes the package's code, so an entry is
    only ever read by the code that wrote it.
    """
    path = _parsed_path(cache_dir, key)
    try:
        data = path.read_bytes()
        if hashlib.sha256(data[32:]).digest() != data[:32]:
            return None
        value = pickle.loads(zlib.decompress(data[32:]))
        os.utime(path)
        return value
    except Exception:  # noqa: BLE001 - any damage means: parse again
        return None


def write_parsed(cache_dir: Path, key: str, outcomes: Any, source: Path, *, hashed_at: float
                 ) -> bool:
    """Store one file's parse outcomes; False when not stored (the file changed meanwhile, no room).

    A file modified after (or just before) `hashed_at`, when its sha256 was taken, is not
    stored: what was parsed may not be what was hashed.
    """
    try:
        if source.stat().st_mtime > hashed_at - _RACY_NS / 1e9:
            return False
        blob = zlib.compress(pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL), 1)
        _atomic_write(_parsed_path(cache_dir, key), hashlib.sha256(blob).digest() + blob)
        return True
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return False


def _prune_parsed(cache_dir: Path) -> None:
    """Forget files' parses not used for 30 days."""
    cutoff = time.time() - 30 * 86400
    for path in (cache_dir / "files").glob("*/*.pickle.z"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


# --------------------------------------------------------------------------- entries


def read_entry(cache_dir: Path, key: str) -> Corpus | None:
    """The cached corpus for `key`, or None (missing, partial, corrupt: never trusted)."""
    folder = cache_dir / "corpus" / key
    try:
        entry = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
        if entry.get("key") != key or entry.get("format") != CACHE_FORMAT:
            return None
        values: dict[str, Any] = {}
        for name, spec in entry["fields"].items():
            if spec["kind"] == "json":
                values[name] = spec["value"]
                continue
            if spec["kind"] == "tokens":
                values[name] = _read_tokens(folder, name, spec)
                continue
            path = folder / f"{name}.arrow"
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != spec["sha256"]:
                return None
            values[name] = _decode_frame(data, spec)
        corpus = Corpus(**values)
        if isinstance(corpus.tokens, TokenTable):
            corpus.tokens.store = SentenceStore(folder, corpus.tokens)
        os.utime(folder / "entry.json")  # most recently used
        return corpus
    except Exception:  # noqa: BLE001 - any damage means: parse again
        return None


def write_entry(cache_dir: Path, key: str, corpus: Corpus) -> bool:
    """Store `corpus` under `key`; return whether it was stored (False: uncacheable or no room)."""
    root = cache_dir / "corpus"
    tmp = root / f".tmp-{key[:16]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        tmp.mkdir(parents=True)
        fields: dict[str, Any] = {}
        for f in dataclasses.fields(corpus):
            value = getattr(corpus, f.name)
            if isinstance(value, TokenTable):
                fields[f.name] = _write_tokens(tmp, f.name, value)
            elif isinstance(value, pd.DataFrame):
                table, spec = _encode_frame(value)
                # Checked in memory (an IPC file gives its Arrow table back exactly): reading
                # the file back would hold a second, decompressed copy of the corpus.
                if not _decodes_to(table, spec, value):
                    raise _Uncacheable(f.name)
                data = _arrow_bytes(table)
                del table
                (tmp / f"{f.name}.arrow").write_bytes(data)
                fields[f.name] = {**spec, "sha256": hashlib.sha256(data).hexdigest()}
                del data
            else:
                if json.loads(json.dumps(value)) != value:
                    raise _Uncacheable(f.name)
                fields[f.name] = {"kind": "json", "value": value}
        entry = {"key": key, "format": CACHE_FORMAT, "fields": fields}
        (tmp / "entry.json").write_text(json.dumps(entry, indent=1), encoding="utf-8")
        final = root / key
        if final.exists():
            if read_entry(cache_dir, key) is not None:
                _attach_sentences(corpus, final)
                return True  # another process stored the same corpus first
            shutil.rmtree(final, ignore_errors=True)
        os.rename(tmp, final)
        # The corpus just parsed keeps its sentences beside its entry too, once split: the
        # report splits them in its own process for every kernel that reads the entry.
        _attach_sentences(corpus, final)
        _prune(root)
        _prune_parsed(cache_dir)
        return True
    except (_Uncacheable, OSError, TypeError, ValueError, ImportError):
        return False
    except Exception:  # noqa: BLE001 - e.g. pyarrow refusing a column: no cache, same corpus
        return False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _prune(root: Path) -> None:
    entries = []
    for folder in root.iterdir():
        if folder.name.startswith(".tmp-"):
            if time.time() - folder.stat().st_mtime > 3600:  # left by a killed writer
                shutil.rmtree(folder, ignore_errors=True)
            continue
        try:
            entries.append(((folder / "entry.json").stat().st_mtime, folder))
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)  # partial: never readable
    for _, folder in sorted(entries, reverse=True)[KEEP_ENTRIES:]:
        shutil.rmtree(folder, ignore_errors=True)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- tokens


def _token_tables(table: TokenTable) -> dict[str, Any]:
    """The token table as three Arrow tables: codes, one row per segment, the vocabulary."""
    import pyarrow as pa

    return {
        "codes": pa.table({"code": pa.array(table.codes, type=pa.int32())}),
        "segments": pa.table({
            "n_tokens": pa.array(table.n_tokens, type=pa.int64()),
            "head": pa.array(table.heads.tolist(), type=pa.string()),
            "continues": pa.array(table.continues.tolist(), type=pa.string()),
        }),
        "vocab": pa.table({"token": pa.array(table.vocab.tolist(), type=pa.string())}),
    }


def _write_tokens(folder: Path, name: str, table: TokenTable) -> dict[str, Any]:
    """Store a token table as Arrow files (exact: integers and strings); return its spec."""
    spec: dict[str, Any] = {"kind": "tokens", "sha256": {}}
    parts = _token_tables(table)
    if not _tokens_from_parts(parts).equals(table):
        raise _Uncacheable(name)
    for part, arrow in parts.items():
        data = _arrow_bytes(arrow)
        (folder / f"{name}.{part}.arrow").write_bytes(data)
        spec["sha256"][part] = hashlib.sha256(data).hexdigest()
    return spec


def _read_tokens(folder: Path, name: str, spec: dict[str, Any]) -> TokenTable:
    parts = {}
    for part, digest in spec["sha256"].items():
        data = (folder / f"{name}.{part}.arrow").read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise _Uncacheable(name)  # damaged: read_entry treats it as a miss
        parts[part] = _arrow_table(data)
    return _tokens_from_parts(parts)


def _tokens_from_parts(parts: dict[str, Any]) -> TokenTable:
    segments = parts["segments"]
    offsets = np.zeros(segments.num_rows + 1, dtype=np.int64)
    np.cumsum(segments.column("n_tokens").to_numpy(), out=offsets[1:])
    return TokenTable(
        vocab=parts["vocab"].column("token").to_numpy(zero_copy_only=False).astype(object, copy=False),
        codes=parts["codes"].column("code").to_numpy().astype(np.int32, copy=False),
        offsets=offsets,
        heads=segments.column("head").to_numpy(zero_copy_only=False).astype(object, copy=False),
        continues=segments.column("continues").to_numpy(zero_copy_only=False).astype(object, copy=False),
    )


# --------------------------------------------------------------------------- sentences


def _attach_sentences(corpus: Corpus, folder: Path) -> None:
    if isinstance(corpus.tokens, TokenTable) and corpus.tokens.store is None:
        corpus.tokens.store = SentenceStore(folder, corpus.tokens)


@dataclasses.dataclass(frozen=True)
class SentenceStore:
    """A cache entry's sentence tokens (:meth:`TokenTable.sentences`), stored when first split.

    Splitting a large corpus into sentences takes most of an n-gram or collocation count
    (half a minute on the UN debates); every notebook of a report reads the same entry, so
    the first kernel to split them stores them here, and the others read them back. Only the
    packaged compounds' sentences are stored; a damaged or partial file is never read.
    """

    folder: Path
    table: TokenTable = dataclasses.field(repr=False, compare=False)

    @property
    def _spec(self) -> Path:
        return self.folder / "sentences.json"

    def has_sentences(self) -> bool:
        """Whether sentences were stored (complete: the spec is written last)."""
        return self._spec.is_file()

    def load_sentences(self, compounds: Any) -> Any:
        """The stored sentences, or None (none stored, other compounds, damaged)."""
        from ..lexicons import default_compounds
        from .vocab import SentenceTokens

        if compounds is not default_compounds() or not self.has_sentences():
            return None
        try:
            spec = json.loads(self._spec.read_text(encoding="utf-8"))
            parts = {}
            for part, digest in spec["sha256"].items():
                data = (self.folder / f"sentences.{part}.arrow").read_bytes()
                if hashlib.sha256(data).hexdigest() != digest:
                    return None
                parts[part] = _arrow_table(data).column(0)
            table = self.table
            if len(parts["segments"]) != len(table) + 1:
                return None  # not this table's sentences
            return SentenceTokens(
                vocab=(table.vocab if "vocab" not in parts else
                       parts["vocab"].to_numpy(zero_copy_only=False).astype(object, copy=False)),
                codes=(table.codes if "codes" not in parts else
                       parts["codes"].to_numpy().astype(np.int32, copy=False)),
                offsets=parts["offsets"].to_numpy().astype(np.int64, copy=False),
                segments=parts["segments"].to_numpy().astype(np.int64, copy=False),
                starts=parts["starts"].to_numpy().astype(np.int64, copy=False),
                ends=parts["ends"].to_numpy().astype(np.int64, copy=False))
        except Exception:  # noqa: BLE001 - any damage means: split them again
            return None

    def save_sentences(self, sentences: Any, compounds: Any) -> None:
        """Store `sentences` (best effort: a read-only or full cache keeps nothing)."""
        import pyarrow as pa

        from ..lexicons import default_compounds

        if compounds is not default_compounds():
            return
        table = self.table
        arrays = {"offsets": pa.array(sentences.offsets, type=pa.int64()),
                  "segments": pa.array(sentences.segments, type=pa.int64()),
                  "starts": pa.array(sentences.starts, type=pa.int64()),
                  "ends": pa.array(sentences.ends, type=pa.int64())}
        if sentences.vocab is not table.vocab:  # else the table's own, not stored twice
            arrays["vocab"] = pa.array(sentences.vocab.tolist(), type=pa.string())
        if sentences.codes is not table.codes:
            arrays["codes"] = pa.array(sentences.codes, type=pa.int32())
        try:
            digests = {}
            for part, array in arrays.items():
                data = _arrow_bytes(pa.table({part: array}))
                _atomic_write(self.folder / f"sentences.{part}.arrow", data)
                digests[part] = hashlib.sha256(data).hexdigest()
            _atomic_write(self._spec, json.dumps({"sha256": digests}).encode())  # last: complete
        except OSError:
            pass


# --------------------------------------------------------------------------- frames


def _encode_frame(frame: pd.DataFrame) -> tuple[Any, dict[str, Any]]:
    """A table as an Arrow table to store (see :func:`_arrow_bytes`), and how to read it back.

    Columns of Python objects (lists of ids, mixed values) are stored as Arrow values when
    Arrow infers one type for them, else as JSON text; either way they are read back as
    Python objects, so a list comes back a list.
    """
    import pyarrow as pa

    if not all(isinstance(c, str) for c in frame.columns) or frame.columns.has_duplicates:
        raise _Uncacheable("column names")
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        raise _Uncacheable("index")
    objects = [c for c in frame.columns if frame[c].dtype == object]
    table = pa.Table.from_pandas(frame.drop(columns=objects), preserve_index=False)
    as_json = []
    for col in objects:
        values = frame[col].tolist()
        try:
            array = pa.array(values, from_pandas=False)
            exact = _same_value(array.to_pylist(), values)  # a dict would come back a struct
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            exact = False
        if not exact:
            try:
                text = [json.dumps(v) for v in values]
            except (TypeError, ValueError):
                raise _Uncacheable(col) from None
            array = pa.array(text, type=pa.string())
            as_json.append(col)
        if table.num_columns:
            table = table.append_column(col, array)
        else:
            table = pa.Table.from_arrays([array], names=[col])
    spec = {"kind": "arrow", "columns": list(frame.columns), "objects": objects,
            "dtypes": {c: str(t) for c, t in frame.dtypes.items() if c not in objects},
            "json": as_json, "attrs": json.loads(json.dumps(frame.attrs))}
    return table, spec


def _decode_frame(data: bytes, spec: dict[str, Any]) -> pd.DataFrame:
    table = _arrow_table(data)
    frame = pd.DataFrame({col: _decode_column(table, col, spec) for col in spec["columns"]},
                         index=pd.RangeIndex(table.num_rows))
    frame.attrs = spec["attrs"]
    return frame


def _decode_column(table: Any, col: str, spec: dict[str, Any]) -> pd.Series:
    """One column of a stored table as it was written (see :func:`_encode_frame`)."""
    if col in spec["objects"]:
        values = table.column(col).to_pylist()
        if col in spec["json"]:
            values = [json.loads(v) for v in values]
        return pd.Series(values, dtype=object, name=col)
    series = table.select([col]).to_pandas()[col]
    dtype = spec["dtypes"][col]
    return series if str(series.dtype) == dtype else series.astype(dtype)


def _decodes_to(table: Any, spec: dict[str, Any], frame: pd.DataFrame) -> bool:
    """Whether the Arrow `table` reads back as `frame`; a column at a time, to keep the peak low."""
    if table.num_rows != len(frame) or list(frame.columns) != spec["columns"] \
            or frame.attrs != spec["attrs"]:
        return False
    return all(_same_column(frame[col], _decode_column(table, col, spec)) for col in frame.columns)


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Equal to the value: columns, dtypes, index, every cell (type too, for objects), attrs."""
    if list(a.columns) != list(b.columns) or not a.dtypes.equals(b.dtypes):
        return False
    if not a.index.equals(b.index) or a.attrs != b.attrs:
        return False
    return all(_same_column(a[col], b[col]) for col in a.columns)


def _same_column(a: pd.Series, b: pd.Series) -> bool:
    if a.dtype != b.dtype or len(a) != len(b):
        return False
    if a.dtype == object:
        return all(_same_value(x, y) for x, y in zip(a, b, strict=True))
    return bool(a.reset_index(drop=True).equals(b.reset_index(drop=True)))


def _arrow_bytes(table: Any) -> Any:
    """An Arrow table as the bytes of an IPC file, LZ4-compressed where pyarrow has the codec.

    The bytes stay in Arrow's buffer (bytes-like: files, hashes and readers take it as it is).
    """
    import pyarrow as pa

    compression = "lz4" if pa.Codec.is_available("lz4") else None
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema,
                         options=pa.ipc.IpcWriteOptions(compression=compression)) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _arrow_table(data: bytes) -> Any:
    import pyarrow as pa

    return pa.ipc.open_file(pa.BufferReader(data)).read_all()


def _same_value(x: Any, y: Any) -> bool:
    if type(x) is not type(y):
        return False
    if isinstance(x, list | tuple):
        return len(x) == len(y) and all(_same_value(p, q) for p, q in zip(x, y, strict=True))
    if isinstance(x, dict):
        return list(x) == list(y) and all(_same_value(x[k], y[k]) for k in x)
    if isinstance(x, float) and x != x:
        return y != y
    return bool(x == y)
