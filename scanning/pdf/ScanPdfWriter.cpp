// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/pdf/ScanPdfWriter.h"

#include "scanning/pdf/CcittG4Encoder.h"
#include "scanning/pdf/JpegEncoder.h"
#include "scanning/pdf/PdfTextLayer.h"
#include "scanning/pdf/SrgbProfile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSaveFile>
#include <QUuid>

namespace dms {

namespace {

// Objects written once per document; pages take the numbers after them.
constexpr int CatalogObject = 1;
constexpr int PagesObject = 2;
constexpr int MetadataObject = 3;
constexpr int IccProfileObject = 4;
constexpr int InfoObject = 5;
constexpr int FirstFreeObject = 6;

// PDF's largest page side (Annex C of ISO 32000-1), in points.
constexpr double MaxPageSide = 14400.0;

QByteArray number(double value)
{
    QByteArray text = QByteArray::number(value, 'f', 4);
    while (text.endsWith('0'))
        text.chop(1);
    if (text.endsWith('.'))
        text.chop(1);
    return text;
}

QByteArray ref(int object)
{
    return QByteArray::number(object) + " 0 R";
}

/** A PDF text string: UTF-16BE with a byte order mark, as a hex string. */
QByteArray textString(const QString &text)
{
    QByteArray utf16("\xFE\xFF");
    for (const QChar c : text) {
        utf16.append(char(c.unicode() >> 8));
        utf16.append(char(c.unicode() & 0xFF));
    }
    return '<' + utf16.toHex().toUpper() + '>';
}

/** Title text safe inside XML: no control characters, markup escaped. */
QString xmlText(QString text)
{
    for (QChar &c : text) {
        if (c.unicode() < 0x20)
            c = QLatin1Char(' ');
    }
    return text.toHtmlEscaped();
}

Error alreadyOpen()
{
    return makeError(ErrorCode::InvalidState,
                     QCoreApplication::translate("dms", "The PDF writer is already writing a document."),
                     QStringLiteral("ScanPdfWriter::open called twice"));
}

Error invalidPage(const QString &message, const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, message, detail);
}

/** The image in one of the three formats the writer encodes. */
Result<QImage> encodableImage(const QImage &image)
{
    if (image.isNull())
        return invalidPage(QCoreApplication::translate("dms", "The page has no image."),
                           QStringLiteral("null QImage"));
    if (image.hasAlphaChannel())
        return invalidPage(
            QCoreApplication::translate("dms", "Pages with transparency cannot be stored in PDF/A."),
            QStringLiteral("image format %1 has an alpha channel").arg(int(image.format())));
    switch (image.format()) {
    case QImage::Format_Mono:
    case QImage::Format_Grayscale8:
    case QImage::Format_RGB888:
        return image;
    case QImage::Format_MonoLSB:
        return image.convertToFormat(QImage::Format_Mono);
    case QImage::Format_Grayscale16:
        return image.convertToFormat(QImage::Format_Grayscale8);
    case QImage::Format_Indexed8:
        return image.convertToFormat(image.isGrayscale() ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    default:
        return image.convertToFormat(QImage::Format_RGB888);
    }
}

QByteArray pdfDate(const QDateTime &utc)
{
    return "D:" + utc.toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() + "+00'00'";
}

QByteArray xmpPacket(const ScanPdfOptions &options, const QDateTime &utc)
{
    const QString date = utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QStringLiteral("+00:00");
    QString xmp = QStringLiteral("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                                 "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                                 "<rdf:Description rdf:about=\"\"\n"
                                 "  xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                                 "  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                                 "  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                                 "  xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                                 "<pdfaid:part>2</pdfaid:part>\n"
                                 "<pdfaid:conformance>B</pdfaid:conformance>\n"
                                 "<dc:format>application/pdf</dc:format>\n");
    if (!options.title.isEmpty())
        xmp += QStringLiteral(
                   "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%1</rdf:li></rdf:Alt></dc:title>\n")
                   .arg(xmlText(options.title));
    xmp += QStringLiteral("<xmp:CreateDate>%1</xmp:CreateDate>\n"
                          "<xmp:ModifyDate>%1</xmp:ModifyDate>\n"
                          "<xmp:MetadataDate>%1</xmp:MetadataDate>\n")
               .arg(date);
    if (!options.creator.isEmpty())
        xmp += QStringLiteral("<xmp:CreatorTool>%1</xmp:CreatorTool>\n").arg(xmlText(options.creator));
    if (!options.producer.isEmpty())
        xmp += QStringLiteral("<pdf:Producer>%1</pdf:Producer>\n").arg(xmlText(options.producer));
    xmp += QStringLiteral("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    return xmp.toUtf8();
}

QByteArray infoDictionary(const ScanPdfOptions &options, const QDateTime &utc)
{
    QByteArray info = "<<";
    if (!options.title.isEmpty())
        info += " /Title " + textString(options.title);
    if (!options.creator.isEmpty())
        info += " /Creator " + textString(options.creator);
    if (!options.producer.isEmpty())
        info += " /Producer " + textString(options.producer);
    const QByteArray date = pdfDate(utc);
    info += " /CreationDate (" + date + ") /ModDate (" + date + ") >>";
    return info;
}

} // namespace

ScanPdfWriter::ScanPdfWriter(const ScanPdfOptions &options)
    : m_options(options)
{ }

ScanPdfWriter::~ScanPdfWriter()
{
    close();
}

Status ScanPdfWriter::open(QIODevice *device)
{
    if (isOpen())
        return alreadyOpen();
    if (!device || !device->isOpen() || !device->isWritable())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms",
                                                     "The PDF cannot be written: the output is not open for "
                                                     "writing."),
                         QStringLiteral("device %1")
                             .arg(!device                 ? QStringLiteral("is null")
                                      : !device->isOpen() ? QStringLiteral("is closed")
                                                          : QStringLiteral("is read-only")));
    if (m_options.jpegQuality < 1 || m_options.jpegQuality > 100)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The JPEG quality must be between 1 and 100."),
                         QStringLiteral("jpegQuality %1").arg(m_options.jpegQuality));
    if (!m_options.created.isValid())
        m_options.created = QDateTime::currentDateTimeUtc();
    m_options.created = m_options.created.toUTC();
    m_options.created.setTime(QTime(m_options.created.time().hour(), m_options.created.time().minute(),
                                    m_options.created.time().second()));
    m_device = device;
    m_offset = 0;
    m_objectOffsets = QList<qint64>(FirstFreeObject, -1);
    m_pageObjects.clear();
    m_textFontObject = 0;
    return {};
}

Status ScanPdfWriter::open(const QString &fileName)
{
    if (isOpen())
        return alreadyOpen();
    auto file = std::make_unique<QSaveFile>(fileName);
    if (!file->open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Storage,
                         QCoreApplication::translate("dms", "The PDF file could not be created."),
                         QStringLiteral("%1: %2").arg(fileName, file->errorString()));
    DMS_TRY(open(file.get()));
    m_file = std::move(file);
    return {};
}

Status ScanPdfWriter::addPage(const PageImage &page, const OcrPageText &text)
{
    if (!isOpen())
        return makeError(ErrorCode::InvalidState,
                         QCoreApplication::translate("dms", "The PDF writer is not open."),
                         QStringLiteral("ScanPdfWriter::addPage before open"));
    Result<EncodedPage> encoded = encode(page, m_options.jpegQuality);
    if (!encoded)
        return encoded.error().code == ErrorCode::InvalidInput ? encoded.error() : fail(encoded.error());
    return addEncodedPage(*encoded, text);
}

Result<EncodedPage> ScanPdfWriter::encode(const PageImage &page, int jpegQuality)
{
    if (jpegQuality < 1 || jpegQuality > 100)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The JPEG quality must be between 1 and 100."),
                         QStringLiteral("jpegQuality %1").arg(jpegQuality));
    if (page.resolution <= 0)
        return invalidPage(QCoreApplication::translate("dms", "The page has no resolution."),
                           QStringLiteral("resolution %1 dpi").arg(page.resolution));
    const Result<QImage> image = encodableImage(page.image);
    if (!image)
        return image.error();
    const double width = image->width() * 72.0 / page.resolution;
    const double height = image->height() * 72.0 / page.resolution;
    if (width > MaxPageSide || height > MaxPageSide)
        return invalidPage(QCoreApplication::translate("dms", "The page is too large for PDF."),
                           QStringLiteral("%1x%2 px at %3 dpi")
                               .arg(image->width())
                               .arg(image->height())
                               .arg(page.resolution));

    EncodedPage encoded;
    encoded.width = image->width();
    encoded.height = image->height();
    encoded.resolution = page.resolution;
    if (image->format() == QImage::Format_Mono) {
        encoded.encoding = EncodedPage::Encoding::CcittG4;
        Result<QByteArray> data = CcittG4Encoder::encode(*image);
        if (!data)
            return data.error();
        encoded.data = std::move(data).value();
    } else {
        encoded.encoding = image->format() == QImage::Format_Grayscale8 ? EncodedPage::Encoding::JpegGray
                                                                        : EncodedPage::Encoding::JpegRgb;
        Result<QByteArray> data = JpegEncoder::encode(*image, jpegQuality, page.resolution);
        if (!data)
            return data.error();
        encoded.data = std::move(data).value();
    }
    return encoded;
}

Status ScanPdfWriter::addEncodedPage(const EncodedPage &page, const OcrPageText &text)
{
    if (!isOpen())
        return makeError(ErrorCode::InvalidState,
                         QCoreApplication::translate("dms", "The PDF writer is not open."),
                         QStringLiteral("ScanPdfWriter::addEncodedPage before open"));
    if (page.isNull() || page.resolution <= 0 || page.width <= 0 || page.height <= 0)
        return invalidPage(QCoreApplication::translate("dms", "The page has no image."),
                           QStringLiteral("encoded page %1x%2 at %3 dpi, %4 bytes")
                               .arg(page.width)
                               .arg(page.height)
                               .arg(page.resolution)
                               .arg(page.data.size()));
    const double width = page.width * 72.0 / page.resolution;
    const double height = page.height * 72.0 / page.resolution;
    if (width > MaxPageSide || height > MaxPageSide)
        return invalidPage(
            QCoreApplication::translate("dms", "The page is too large for PDF."),
            QStringLiteral("%1x%2 px at %3 dpi").arg(page.width).arg(page.height).arg(page.resolution));

    const QByteArray columns = QByteArray::number(page.width);
    const QByteArray rows = QByteArray::number(page.height);
    QByteArray imageDictionary = "<< /Type /XObject /Subtype /Image /Width " + columns + " /Height " + rows;
    if (page.encoding == EncodedPage::Encoding::CcittG4)
        imageDictionary += " /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode"
                           " /DecodeParms << /K -1 /Columns "
            + columns + " /Rows " + rows + " /BlackIs1 false >>";
    else if (page.encoding == EncodedPage::Encoding::JpegGray)
        imageDictionary += " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode";
    else
        imageDictionary += " /ColorSpace [/ICCBased " + ref(IccProfileObject)
            + "] /BitsPerComponent 8 /Filter /DCTDecode";

    if (m_offset == 0) {
        if (const Status header = writeHeader(); !header)
            return fail(header.error());
    }
    const QByteArray textLayer = PdfTextLayer::contentStream(text, width, height, "/FOcr");
    if (!textLayer.isEmpty() && m_textFontObject == 0) {
        std::array<int, PdfTextLayer::FontObjectCount> fontObjects {};
        for (int &object : fontObjects)
            object = allocateObject();
        const QList<PdfTextLayer::Object> objects = PdfTextLayer::fontObjects(fontObjects);
        for (int i = 0; i < PdfTextLayer::FontObjectCount; ++i) {
            const PdfTextLayer::Object &object = objects.at(i);
            const Status fontWritten = object.isStream
                ? writeStream(fontObjects[i], object.body, object.stream)
                : writeObject(fontObjects[i], object.body);
            if (!fontWritten)
                return fail(fontWritten.error());
        }
        m_textFontObject = fontObjects[0];
    }
    const int imageObject = allocateObject();
    const int contentObject = allocateObject();
    const int pageObject = allocateObject();
    const QByteArray content
        = "q\n" + number(width) + " 0 0 " + number(height) + " 0 0 cm\n/Im0 Do\nQ\n" + textLayer;
    const QByteArray fontResource
        = textLayer.isEmpty() ? QByteArray() : " /Font << /FOcr " + ref(m_textFontObject) + " >>";
    const QByteArray pageDictionary = "<< /Type /Page /Parent " + ref(PagesObject) + " /MediaBox [0 0 "
        + number(width) + ' ' + number(height) + "] /Resources << /XObject << /Im0 " + ref(imageObject)
        + " >>" + fontResource + " >> /Contents " + ref(contentObject) + " >>";
    Status written = writeStream(imageObject, imageDictionary, page.data);
    if (written)
        written = writeStream(contentObject, "<<", content);
    if (written)
        written = writeObject(pageObject, pageDictionary);
    if (!written)
        return fail(written.error());
    m_pageObjects.append(pageObject);
    return {};
}

Status ScanPdfWriter::finish()
{
    if (!isOpen())
        return makeError(ErrorCode::InvalidState,
                         QCoreApplication::translate("dms", "The PDF writer is not open."),
                         QStringLiteral("ScanPdfWriter::finish before open"));
    if (m_pageObjects.isEmpty())
        return fail(
            makeError(ErrorCode::InvalidState,
                      QCoreApplication::translate("dms", "The document has no pages; no PDF was written."),
                      QStringLiteral("ScanPdfWriter::finish without pages")));

    QByteArray kids;
    for (const int page : std::as_const(m_pageObjects))
        kids += (kids.isEmpty() ? "" : " ") + ref(page);
    const QByteArray catalog = "<< /Type /Catalog /Pages " + ref(PagesObject) + " /Metadata "
        + ref(MetadataObject)
        + " /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1"
          " /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1)"
          " /RegistryName (http://www.color.org) /DestOutputProfile "
        + ref(IccProfileObject) + " >>] >>";
    Status written = writeObject(PagesObject,
                                 "<< /Type /Pages /Kids [" + kids + "] /Count "
                                     + QByteArray::number(m_pageObjects.size()) + " >>");
    if (written)
        written = writeStream(MetadataObject, "<< /Type /Metadata /Subtype /XML",
                              xmpPacket(m_options, m_options.created));
    if (written)
        written = writeObject(InfoObject, infoDictionary(m_options, m_options.created));
    if (written)
        written = writeObject(CatalogObject, catalog);
    if (!written)
        return fail(written.error());

    QCryptographicHash hash(QCryptographicHash::Md5);
    hash.addData(QUuid::createUuid().toRfc4122());
    hash.addData(m_options.title.toUtf8());
    hash.addData(pdfDate(m_options.created));
    hash.addData(QByteArray::number(m_offset));
    const QByteArray id = '<' + hash.result().toHex().toUpper() + '>';

    const qint64 xrefOffset = m_offset;
    const qsizetype size = m_objectOffsets.size();
    QByteArray xref = "xref\n0 " + QByteArray::number(size) + "\n0000000000 65535 f \n";
    for (qsizetype i = 1; i < size; ++i)
        xref += QByteArray::number(m_objectOffsets.at(i)).rightJustified(10, '0') + " 00000 n \n";
    xref += "trailer\n<< /Size " + QByteArray::number(size) + " /Root " + ref(CatalogObject) + " /Info "
        + ref(InfoObject) + " /ID [" + id + ' ' + id + "] >>\nstartxref\n" + QByteArray::number(xrefOffset)
        + "\n%%EOF\n";
    if (written = write(xref); !written)
        return fail(written.error());
    if (m_file && !m_file->commit()) {
        const QString detail = QStringLiteral("%1: %2").arg(m_file->fileName(), m_file->errorString());
        m_file.reset();
        return fail(makeError(ErrorCode::Storage,
                              QCoreApplication::translate("dms", "The PDF file could not be saved."),
                              detail));
    }
    m_file.reset();
    m_device = nullptr;
    return {};
}

Status ScanPdfWriter::writeHeader()
{
    const Result<QByteArray> profile = SrgbProfile::iccData();
    if (!profile)
        return profile.error();
    // The comment of bytes ≥ 128 marks the file as binary (required by PDF/A).
    DMS_TRY(write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"));
    return writeStream(IccProfileObject, "<< /N 3 /Filter /FlateDecode", qCompress(*profile, 9).mid(4));
}

Status ScanPdfWriter::write(const QByteArray &bytes)
{
    const qint64 count = m_device->write(bytes);
    if (count != bytes.size())
        return makeError(
            ErrorCode::Storage, QCoreApplication::translate("dms", "The PDF could not be written."),
            m_device->errorString().isEmpty() ? QStringLiteral("short write") : m_device->errorString());
    m_offset += count;
    return {};
}

Status ScanPdfWriter::writeObject(int number, const QByteArray &body)
{
    m_objectOffsets[number] = m_offset;
    return write(QByteArray::number(number) + " 0 obj\n" + body + "\nendobj\n");
}

Status ScanPdfWriter::writeStream(int number, const QByteArray &dictionary, const QByteArray &data)
{
    m_objectOffsets[number] = m_offset;
    DMS_TRY(write(QByteArray::number(number) + " 0 obj\n" + dictionary + " /Length "
                  + QByteArray::number(data.size()) + " >>\nstream\n"));
    DMS_TRY(write(data));
    return write("\nendstream\nendobj\n");
}

int ScanPdfWriter::allocateObject()
{
    m_objectOffsets.append(-1);
    return int(m_objectOffsets.size() - 1);
}

Error ScanPdfWriter::fail(const Error &error)
{
    close();
    return error;
}

void ScanPdfWriter::close()
{
    if (m_file)
        m_file->cancelWriting();
    m_file.reset();
    m_device = nullptr;
}

} // namespace dms
