// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/OcrPageText.h"
#include "scanning/PageImage.h"
#include "scanning/pdf/EncodedPage.h"
#include "scanning/pdf/ScanPdfOptions.h"

#include <QByteArray>
#include <QList>

#include <memory>

class QIODevice;
class QSaveFile;

namespace dms {

/** Writes scanned pages as one PDF/A-2b document, streaming: each addPage()
 *  encodes the page once and writes it to the output before returning, and the
 *  writer keeps only the object offsets for the cross-reference table, so a
 *  batch of any length holds at most the page being added.
 *
 *  Encoding by image format: Format_Mono (and MonoLSB) as lossless CCITT Group 4
 *  (libtiff), Grayscale8/16 and gray Indexed8 as a one-component JPEG in
 *  DeviceGray, RGB888 and other opaque colour formats as a three-component JPEG
 *  in an ICC-based sRGB colour space. Formats with an alpha channel are refused
 *  (PDF/A allows no transparency). Each page's MediaBox is its size in pixels at
 *  PageImage::resolution dpi, in points.
 *
 *  The document carries an XMP packet (pdfaid:part 2, conformance B, dc:title,
 *  dates, producer) matching the Info dictionary, an sRGB output intent (profile
 *  made by lcms2), a trailer /ID, no encryption and no transparency.
 *
 *  Use: open(), addPage() per page, finish(). Nothing is written before the
 *  first page, so a document that ends up empty leaves the output untouched.
 *  After an output or encoding error, or finish() without pages, the writer is
 *  closed (a refused page leaves it open): a file given by name is discarded (it
 *  is written through QSaveFile and only appears on a successful finish()); a
 *  device keeps the bytes written so far, which are not a valid PDF.
 *  Not thread-safe: use from one thread at a time. */
class ScanPdfWriter
{
    Q_DISABLE_COPY_MOVE(ScanPdfWriter)

public:
    explicit ScanPdfWriter(const ScanPdfOptions &options = {});
    /** Discards an unfinished file opened by name. */
    ~ScanPdfWriter();

    /** Writes to `device`, which must be open for writing and outlive the
     *  writer's use of it; it is not closed or deleted. Sequential devices
     *  (pipes, sockets) are fine: the writer never seeks. InvalidInput for a
     *  null, closed or read-only device; InvalidState when already open. */
    [[nodiscard]] Status open(QIODevice *device);
    /** Writes the file `fileName` atomically (it replaces an existing file only
     *  on a successful finish()). Storage when it cannot be created. */
    [[nodiscard]] Status open(const QString &fileName);

    /** Encodes the page and writes it out before returning; the writer keeps no
     *  reference to the image. InvalidInput for a null image, a resolution ≤ 0,
     *  an alpha channel, a bad JPEG quality or a page larger than 200 inches
     *  (the PDF limit) – the writer stays open and the page is not added;
     *  Storage when the output fails; InvalidState when not open. `text`, when
     *  it has words, becomes the page's invisible text layer (PdfTextLayer). */
    [[nodiscard]] Status addPage(const PageImage &page, const OcrPageText &text = {});

    /** The page encoded as addPage() would encode it (same checks and errors),
     *  without a writer: pipelines encode each page once as it arrives, keep only
     *  the bytes and add them later with addEncodedPage(). Thread-safe. */
    [[nodiscard]] static Result<EncodedPage> encode(const PageImage &page, int jpegQuality);
    /** Writes a page encoded by encode(), unchanged. InvalidInput for a null page
     *  or a resolution <= 0; otherwise as addPage(). */
    [[nodiscard]] Status addEncodedPage(const EncodedPage &page, const OcrPageText &text = {});

    /** Writes the page tree, metadata, cross-reference table and trailer, and
     *  commits a file opened by name; the writer is then closed and may be
     *  opened again. InvalidState when not open or when no page was added
     *  (nothing is written then); Storage when the output fails. */
    [[nodiscard]] Status finish();

    bool isOpen() const { return m_device != nullptr; }
    /** Pages written since open(). */
    int pageCount() const { return int(m_pageObjects.size()); }
    /** Bytes written to the output since open(). */
    qint64 bytesWritten() const { return m_offset; }

private:
    Status writeHeader();
    Status write(const QByteArray &bytes);
    Status writeObject(int number, const QByteArray &body);
    Status writeStream(int number, const QByteArray &dictionary, const QByteArray &data);
    int allocateObject();
    Error fail(const Error &error);
    void close();

    ScanPdfOptions m_options;
    QIODevice *m_device = nullptr;
    std::unique_ptr<QSaveFile> m_file;
    qint64 m_offset = 0;
    QList<qint64> m_objectOffsets;
    QList<int> m_pageObjects;
    int m_textFontObject = 0; // the OCR text layer's font, written with the first text
};

} // namespace dms
