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
