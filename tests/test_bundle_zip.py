"""The bundle's zip: how each file is stored."""

from __future__ import annotations


def test_bundle_stores_compressed_files_as_they_are() -> None:
    """A photo or a PDF is not deflated again; text is."""
    import io
    import zipfile
    from datetime import date

    from iepcheck.render.bundle import BundleFile, zip_bytes

    files = [BundleFile("evidence/scan.PDF", b"%PDF-1.4" + bytes(2000), "a scan"),
             BundleFile("evidence/photo.jpg", bytes(2000), "a photo"),
             BundleFile("report.html", b"<p>" * 2000, "the report")]
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(files, "b", date(2026, 11, 20))))
    types = {info.filename: info.compress_type for info in archive.infolist()}
    assert types == {"b/evidence/scan.PDF": zipfile.ZIP_STORED,
                     "b/evidence/photo.jpg": zipfile.ZIP_STORED,
                     "b/report.html": zipfile.ZIP_DEFLATED}
    assert archive.read("b/evidence/scan.PDF") == files[0].data


def test_a_streamed_zip_has_the_bytes_writestr_gives() -> None:
    """Written a block at a time, the zip is byte for byte the one `writestr` writes at the
    bundle's level: this fails if zipfile stops honouring the level set on a member."""
    import io
    import zipfile
    from datetime import date

    from iepcheck.render.bundle import FILE_ATTRIBUTES, BundleFile, StreamedFile, spool, zip_bytes

    text = "<tr><td>speech 30 minutes</td></tr>\n" * 5000
    files = [StreamedFile("chronology.html", spool(iter([text[:77], text[77:]])), "a page"),
             BundleFile("report.csv", b"a,b\n" * 3000, "a sheet")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in (("chronology.html", text.encode()), ("report.csv", b"a,b\n" * 3000)):
            info = zipfile.ZipInfo(f"b/{name}", date_time=(2026, 11, 20, 0, 0, 0))
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 3
            info.external_attr = FILE_ATTRIBUTES
            archive.writestr(info, data, compresslevel=9)
    assert zip_bytes(files, "b", date(2026, 11, 20)) == buffer.getvalue()


def test_a_spooled_page_gives_back_its_bytes_hash_and_size() -> None:
    import hashlib

    from hypothesis import given
    from hypothesis import strategies as st

    from iepcheck.render.bundle import spool

    @given(st.lists(st.text(max_size=300), max_size=40) | st.text(max_size=3000))
    def check(text: str | list[str]) -> None:
        data = ("".join(text) if isinstance(text, list) else text).encode("utf-8")
        kept = spool(text)
        assert b"".join(kept.chunks()) == data
        assert b"".join(kept.chunks()) == data  # read twice: once to hash, once to write
        assert (kept.sha256, kept.size) == (hashlib.sha256(data).hexdigest(), len(data))

    check()


def test_an_original_changed_after_it_was_measured_is_never_packed(tmp_path) -> None:
    import pytest

    from iepcheck.errors import UserError
    from iepcheck.store.streamed_files import blocks, measure

    kept = tmp_path / "scan.pdf"
    kept.write_bytes(b"%PDF signed" * 1000)
    sha256, size = measure(kept)
    assert b"".join(blocks(kept, sha256, size)) == kept.read_bytes()
    kept.write_bytes(b"%PDF forged" * 1000)
    with pytest.raises(UserError, match="changed while the bundle was being written"):
        b"".join(blocks(kept, sha256, size))
