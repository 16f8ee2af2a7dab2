// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/PadesSigner.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/CadesSigner.h"
#include "signing/SigningKey.h"
#include "signing/pades/PdfIncrementalUpdate.h"
#include "signing/pades/PdfRevisionSource.h"
#include "signing/pades/PdfSyntax.h"
#include "signing/pades/PdfVisibleStamp.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <exception>
#include <openssl/evp.h>

namespace dms {

namespace {

constexpr qint64 s_chunkSize = 1 << 20;
const QByteArray s_byteRangePlaceholder = "/ByteRange [0 0000000000 0000000000 0000000000]";

Error invalidPdf(const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The file is not a PDF document that can be signed."),
                     detail);
}

/** What the signer needs to know of the file it appends to, read with qpdf. */
struct PdfFacts
{
    qint64 size = 0;
    qint64 lastXref = 0;
    bool endsWithNewline = true;
    PdfIncrementalUpdate::XrefStyle xrefStyle = PdfIncrementalUpdate::XrefStyle::Table;
};

Result<PdfFacts> readTail(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The PDF file cannot be read."), file.errorString());
    PdfFacts facts;
    facts.size = file.size();
    const qint64 tailSize = qMin<qint64>(facts.size, 2048);
    file.seek(facts.size - tailSize);
    const QByteArray tail = file.read(tailSize);
    facts.endsWithNewline = tail.endsWith('\n') || tail.endsWith('\r');
    const qsizetype at = tail.lastIndexOf("startxref");
    if (at < 0 || !tail.mid(at).contains("%%EOF"))
        return invalidPdf(QStringLiteral("no startxref/%%EOF at the end of the file"));
    bool ok = false;
    facts.lastXref
        = tail.mid(at + 9).trimmed().split('\n').first().split('\r').first().trimmed().toLongLong(&ok);
    if (!ok || facts.lastXref <= 0 || facts.lastXref >= facts.size)
        return invalidPdf(QStringLiteral("bad startxref offset"));
    file.seek(facts.lastXref);
    facts.xrefStyle = file.read(4) == "xref" ? PdfIncrementalUpdate::XrefStyle::Table
                                             : PdfIncrementalUpdate::XrefStyle::Stream;
    return facts;
}

QByteArray ref(QPDFObjectHandle object)
{
    return QByteArray::number(object.getObjectID()) + ' ' + QByteArray::number(object.getGeneration()) + " R";
}

QByteArray ref(int number)
{
    return QByteArray::number(number) + " 0 R";
}

/** The items of an array (direct or indirect) serialised, or none. */
QByteArray arrayItems(QPDFObjectHandle array)
{
    QByteArray items;
    if (array.isArray()) {
        for (auto &item : array.getArrayAsVector())
            items.append(QByteArray::fromStdString(item.unparse()) + ' ');
    }
    return items;
}

/** The first "SignatureN" not used by a field of @p fields. */
QString freeFieldName(QPDFObjectHandle fields)
{
    QSet<QString> used;
    if (fields.isArray()) {
        for (auto &field : fields.getArrayAsVector()) {
            if (field.isDictionary() && field.getKey("/T").isString())
                used.insert(QString::fromStdString(field.getKey("/T").getUTF8Value()));
        }
    }
    for (int n = 1;; ++n) {
        const QString name = QStringLiteral("Signature%1").arg(n);
        if (!used.contains(name))
            return name;
    }
}

/** The update's objects and where its placeholders are, before hashing. */
struct PreparedUpdate
{
    QByteArray bytes;
    qsizetype contentsStart = 0; // index of '<' in bytes
    qsizetype contentsEnd = 0; // index after '>' in bytes
};

Result<PreparedUpdate> prepareUpdate(const QString &path, const PdfFacts &facts,
                                     const PadesSignOptions &options, const CertificateInfo &signer,
                                     const QDateTime &now)
{
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    auto source = std::make_shared<PdfRevisionSource>(QFile::encodeName(path).toStdString(), -1);
    if (!source->isOpen())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The PDF file cannot be read."), path);
    pdf.processInputSource(source);
    if (pdf.isEncrypted())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Encrypted PDF documents cannot be signed."));

    QPDFObjectHandle trailer = pdf.getTrailer();
    QPDFObjectHandle root = trailer.getKey("/Root");
    if (!root.isIndirect() || !root.isDictionary())
        return invalidPdf(QStringLiteral("no document catalog"));
    const int size = trailer.getKey("/Size").isInteger() ? trailer.getKey("/Size").getIntValueAsInt() : 0;
    if (size <= 0)
        return invalidPdf(QStringLiteral("no trailer /Size"));
    const auto &pages = pdf.getAllPages();
    if (options.page < 0 || options.page >= static_cast<int>(pages.size()))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The document has no page %1.").arg(options.page + 1));
    QPDFObjectHandle page = pages.at(static_cast<size_t>(options.page));

    PdfIncrementalUpdate update(facts.size, facts.lastXref, facts.xrefStyle, size);
    update.setLeadingNewline(!facts.endsWithNewline);
    const int sigNumber = update.allocateObject();
    const int fieldNumber = update.allocateObject();

    QPDFObjectHandle acroForm = root.getKey("/AcroForm");
    QPDFObjectHandle fields
        = acroForm.isDictionary() ? acroForm.getKey("/Fields") : QPDFObjectHandle::newNull();
    const QString fieldName = options.fieldName.isEmpty() ? freeFieldName(fields) : options.fieldName;

    // The signature dictionary with fixed-width placeholders patched after build().
    QByteArray sig = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
        + s_byteRangePlaceholder + "\n/Contents <" + QByteArray(2 * qsizetype(options.contentsSize), '0')
        + ">\n/M " + pdf::dateString(now);
    const QString name = options.signerName.isEmpty() ? signer.commonName() : options.signerName;
    if (!name.isEmpty())
        sig.append(" /Name " + pdf::textString(name));
    if (!options.reason.isEmpty())
        sig.append(" /Reason " + pdf::textString(options.reason));
    if (!options.location.isEmpty())
        sig.append(" /Location " + pdf::textString(options.location));
    sig.append(" >>");
    update.setObject(sigNumber, 0, sig);

    QByteArray widget = "<< /Type /Annot /Subtype /Widget /FT /Sig /T " + pdf::textString(fieldName) + " /V "
        + ref(sigNumber) + " /P " + ref(page);
    if (options.stampRect.isEmpty()) {
        widget.append(" /F 132 /Rect [0 0 0 0] >>");
    } else {
        PdfVisibleStamp stamp(options.stampRect.size(), options.stampLines, options.stampFontPath);
        DMS_TRY(stamp.load());
        QList<int> numbers;
        for (int i = 0; i < PdfVisibleStamp::objectCount; ++i)
            numbers.append(update.allocateObject());
        const QList<QByteArray> objects = stamp.objects(numbers);
        for (int i = 0; i < PdfVisibleStamp::objectCount; ++i)
            update.setObject(numbers.at(i), 0, objects.at(i));
        const QRectF r = options.stampRect.normalized();
        widget.append(" /F 4 /Rect [" + pdf::number(r.left()) + ' ' + pdf::number(r.top()) + ' '
                      + pdf::number(r.right()) + ' ' + pdf::number(r.bottom()) + "] /AP << /N "
                      + ref(numbers.first()) + " >> >>");
    }
    update.setObject(fieldNumber, 0, widget);

    // The page lists the widget among its annotations.
    update.setObject(
        page.getObjectID(), page.getGeneration(),
        pdf::dictionary(page,
                        {{"/Annots", '[' + arrayItems(page.getKey("/Annots")) + ref(fieldNumber) + ']'}}));

    // The AcroForm lists the field; redefined where it lives (its own object or the catalog).
    const QMap<QByteArray, QByteArray> formEntries {
        {"/Fields", '[' + arrayItems(fields) + ref(fieldNumber) + ']'}, {"/SigFlags", "3"}};
    if (acroForm.isDictionary() && acroForm.isIndirect()) {
        update.setObject(acroForm.getObjectID(), acroForm.getGeneration(),
                         pdf::dictionary(acroForm, formEntries));
    } else {
        const QByteArray form = acroForm.isDictionary()
            ? pdf::dictionary(acroForm, formEntries)
            : "<< /Fields [" + ref(fieldNumber) + "] /SigFlags 3 >>";
        update.setObject(root.getObjectID(), root.getGeneration(),
                         pdf::dictionary(root, {{"/AcroForm", form}}));
    }

    QByteArray trailerEntries = "/Root " + ref(root);
    for (const char *key : {"/Info", "/ID"}) {
        if (trailer.hasKey(key))
            trailerEntries.append(QByteArray(" ") + key + ' '
                                  + QByteArray::fromStdString(trailer.getKey(key).unparse()));
    }
    update.setTrailerEntries(trailerEntries);

    PreparedUpdate prepared;
    prepared.bytes = update.build();
    const qsizetype placeholder = prepared.bytes.indexOf(s_byteRangePlaceholder);
    prepared.contentsStart = prepared.bytes.indexOf("/Contents <", placeholder) + 10;
    prepared.contentsEnd = prepared.contentsStart + 2 + 2 * qsizetype(options.contentsSize);
    const qint64 base = facts.size;
    const qint64 a = base + prepared.contentsStart;
    const qint64 b = base + prepared.contentsEnd;
    const qint64 c = base + prepared.bytes.size() - b;
    QByteArray byteRange = "/ByteRange [0 " + QByteArray::number(a) + ' ' + QByteArray::number(b) + ' '
        + QByteArray::number(c) + ']';
    byteRange.chop(1);
    byteRange = byteRange.leftJustified(s_byteRangePlaceholder.size() - 1, ' ') + ']';
    prepared.bytes.replace(placeholder, s_byteRangePlaceholder.size(), byteRange);
    return prepared;
}

/** Appends @p update to @p path, which must still be @p originalSize bytes long; on
 *  a failed write the file is cut back to its original length. */
Status appendUpdate(const QString &path, qint64 originalSize, const QByteArray &update)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return makeError(ErrorCode::Storage, Tr::tr("The signed file cannot be written."),
                         file.errorString());
    if (file.size() != originalSize)
        return makeError(ErrorCode::Conflict, Tr::tr("The PDF file was changed while it was being signed."));
    if (!file.seek(originalSize) || file.write(update) != update.size() || !file.flush()) {
        const QString reason = file.errorString();
        file.resize(originalSize);
        return makeError(ErrorCode::Storage, Tr::tr("The signed file cannot be written."), reason);
    }
    return {};
}

/** SHA-256 through OpenSSL (SHA-NI where the CPU has it: several times Qt's own). */
class Sha256
{
public:
    Sha256() { EVP_DigestInit_ex(m_context, EVP_sha256(), nullptr); }
    ~Sha256() { EVP_MD_CTX_free(m_context); }
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void addData(QByteArrayView data)
    {
        EVP_DigestUpdate(m_context, data.data(), static_cast<size_t>(data.size()));
    }
    QByteArray result()
    {
        QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
        unsigned int length = 0;
        EVP_DigestFinal_ex(m_context, reinterpret_cast<unsigned char *>(digest.data()), &length);
        digest.resize(length);
        return digest;
    }

private:
    EVP_MD_CTX *m_context = EVP_MD_CTX_new();
};

} // namespace

PadesSigner::PadesSigner(std::shared_ptr<SigningKey> key, const Clock &clock)
    : m_key(std::move(key))
    , m_clock(clock)
{ }

Status PadesSigner::signFile(const QString &inputPath, const QString &outputPath,
                             const PadesSignOptions &options) const
{
    if (options.contentsSize < 1024 || options.contentsSize > (1 << 20))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The space reserved for the signature is out of range."),
                         QString::number(options.contentsSize));
    const CertificateInfo signer = m_key->certificate();
    const QDateTime now = m_clock.now();
    if (!signer.isValidAt(now))
        return makeError(ErrorCode::CertExpired,
                         Tr::tr("The signing certificate is not valid at this time."));

    auto facts = readTail(inputPath);
    if (!facts)
        return facts.error();
    Result<PreparedUpdate> prepared = invalidPdf(QString());
    try {
        prepared = prepareUpdate(inputPath, *facts, options, signer, now);
    } catch (const std::exception &e) {
        return invalidPdf(QString::fromLocal8Bit(e.what()));
    }
    if (!prepared)
        return prepared.error();
    QByteArray &update = prepared->bytes;

    QFile input(inputPath);
    if (!input.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The PDF file cannot be read."),
                         input.errorString());
    // In place, the update is only appended: the original is read once and never
    // copied. Otherwise the original is hashed and copied together into a QSaveFile.
    const bool inPlace
        = QFileInfo(inputPath).canonicalFilePath() == QFileInfo(outputPath).canonicalFilePath();
    QSaveFile output(outputPath);
    if (!inPlace && !output.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Storage, Tr::tr("The signed file cannot be written."),
                         output.errorString());

    Sha256 hash;
    QByteArray chunk(s_chunkSize, Qt::Uninitialized);
    qint64 copied = 0;
    while (copied < facts->size) {
        const qint64 got = input.read(chunk.data(), qMin(s_chunkSize, facts->size - copied));
        if (got <= 0)
            return makeError(ErrorCode::InvalidInput, Tr::tr("The PDF file cannot be read."),
                             input.errorString());
        hash.addData(QByteArrayView(chunk.constData(), got));
        if (!inPlace && output.write(chunk.constData(), got) != got)
            return makeError(ErrorCode::Storage, Tr::tr("The signed file cannot be written."),
                             output.errorString());
        copied += got;
    }
    hash.addData(QByteArrayView(update).first(prepared->contentsStart));
    hash.addData(QByteArrayView(update).sliced(prepared->contentsEnd));

    CadesSigner cades(m_key, m_clock);
    cades.setChain(m_chain);
    cades.setTimestampClient(m_timestampClient);
    cades.setSigningTimeIncluded(false);
    auto cms = cades.signDigest(hash.result());
    if (!cms)
        return cms.error();
    const QByteArray hex = cms->toHex().toUpper();
    if (hex.size() > 2 * qsizetype(options.contentsSize))
        return makeError(ErrorCode::Internal, Tr::tr("The signature does not fit the space reserved for it."),
                         QStringLiteral("%1 > %2 bytes").arg(cms->size()).arg(options.contentsSize));
    update.replace(prepared->contentsStart + 1, hex.size(), hex);

    if (inPlace)
        return appendUpdate(outputPath, facts->size, update);
    if (output.write(update) != update.size() || !output.commit())
        return makeError(ErrorCode::Storage, Tr::tr("The signed file cannot be written."),
                         output.errorString());
    return {};
}

} // namespace dms
