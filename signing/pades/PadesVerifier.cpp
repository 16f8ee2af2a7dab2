// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/PadesVerifier.h"

#include "core/Tr.h"
#include "signing/pades/ByteRangeDevice.h"
#include "signing/pades/PdfChangeAnalyzer.h"
#include "signing/pades/PdfRevisionSource.h"
#include "signing/verify/CadesVerifier.h"

#include <QFile>
#include <QFileInfo>
#include <QTimeZone>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <exception>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <set>

namespace dms {

namespace {

using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;

/** Larger CMS are refused rather than read into memory. */
constexpr qint64 s_maxContentsHex = 2 * 1024 * 1024;

struct SignatureField
{
    QString name;
    QPDFObjectHandle value;
};

void collectSignatureFields(QPDFObjectHandle field, const QString &parentName, bool inheritedSig,
                            std::set<QPDFObjGen> &seen, QList<SignatureField> &out, int depth = 0)
{
    if (!field.isDictionary() || depth > 32 || (field.isIndirect() && !seen.insert(field.getObjGen()).second))
        return;
    QString name = parentName;
    if (field.getKey("/T").isString()) {
        const QString part = QString::fromStdString(field.getKey("/T").getUTF8Value());
        name = name.isEmpty() ? part : name + QLatin1Char('.') + part;
    }
    const bool isSig = field.hasKey("/FT")
        ? field.getKey("/FT").isName() && field.getKey("/FT").getName() == "/Sig"
        : inheritedSig;
    if (field.getKey("/Kids").isArray()) {
        for (auto &kid : field.getKey("/Kids").getArrayAsVector())
            collectSignatureFields(kid, name, isSig, seen, out, depth + 1);
    }
    if (isSig && field.hasKey("/V") && !field.getKey("/V").isNull())
        out.append({name, field.getKey("/V")});
}

/** The length of the CMS ContentInfo at the start of @p der (DER, or BER with
 *  indefinite lengths as NSS writes it), or -1 when there is none. A definite length
 *  is read from the outer header alone (CadesVerifier decodes the structure later);
 *  only an indefinite one needs a full decode to find its end. */
qsizetype cmsLength(const QByteArray &der)
{
    const auto *start = reinterpret_cast<const unsigned char *>(der.constData());
    const unsigned char *header = start;
    long contentLength = 0;
    int tag = 0;
    int tagClass = 0;
    const int flags
        = ASN1_get_object(&header, &contentLength, &tag, &tagClass, static_cast<long>(der.size()));
    if (flags & 0x80) { // header error, or the content runs past the end
        ERR_clear_error();
        return -1;
    }
    if (tag != V_ASN1_SEQUENCE || tagClass != V_ASN1_UNIVERSAL || !(flags & V_ASN1_CONSTRUCTED))
        return -1;
    if (flags != (V_ASN1_CONSTRUCTED | 0x01)) // definite length
        return static_cast<qsizetype>(header - start) + contentLength;
    const unsigned char *end = start;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(nullptr, &end, static_cast<long>(der.size()));
    if (!cms) {
        ERR_clear_error();
        return -1;
    }
    CMS_ContentInfo_free(cms);
    return static_cast<qsizetype>(end - start);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/** Decodes @p hex (digits only: no blanks, an even count, not empty) into @p out in
 *  one pass; false when it is anything else. */
bool decodeHex(QByteArrayView hex, QByteArray &out)
{
    if (hex.isEmpty() || hex.size() % 2 != 0)
        return false;
    out.resize(hex.size() / 2);
    char *target = out.data();
    for (qsizetype i = 0; i < hex.size(); i += 2) {
        const int high = hexValue(hex[i]);
        const int low = hexValue(hex[i + 1]);
        if (high < 0 || low < 0)
            return false;
        target[i / 2] = static_cast<char>(high << 4 | low);
    }
    return true;
}

bool isRevisionEnd(QFile &file, qint64 end)
{
    const qint64 window = qMin<qint64>(end, 16);
    if (!file.seek(end - window))
        return false;
    QByteArray tail = file.read(window);
    while (tail.endsWith('\n') || tail.endsWith('\r') || tail.endsWith(' '))
        tail.chop(1);
    return tail.endsWith("%%EOF");
}

class SignatureCheck
{
public:
    SignatureCheck(const QString &path, qint64 fileSize, QPDF &pdf, const CadesVerifier &cades)
        : m_path(path)
        , m_fileSize(fileSize)
        , m_pdf(pdf)
        , m_cades(cades)
        , m_xref(pdf.getXRefTable())
    { }

    SignatureReport run(QPDFObjectHandle dict)
    {
        SignatureReport report;
        report.indication = Indication::TotalPassed;
        report.subIndication = SubIndication::None;
        if (!dict.isDictionary())
            return formatFailure(report, Tr::tr("The signature value is not a signature dictionary."));
        const std::string subFilter
            = dict.getKey("/SubFilter").isName() ? dict.getKey("/SubFilter").getName() : "";
        QString prefix;
        if (subFilter == "/ETSI.CAdES.detached")
            prefix = QStringLiteral("PAdES-BASELINE-");
        else if (subFilter == "/adbe.pkcs7.detached")
            prefix = QStringLiteral("PKCS7-");
        else
            return formatFailure(
                report,
                Tr::tr("Signatures of type %1 are not supported.").arg(QString::fromStdString(subFilter)));

        // Universal signature forgery: the byte range must be [0 a b c] with a gap
        // that is exactly this dictionary's /Contents, up to the end of a revision.
        QPDFObjectHandle byteRange = dict.getKey("/ByteRange");
        QPDFObjectHandle contents = dict.getKey("/Contents");
        if (!contents.isString())
            return formatFailure(report, Tr::tr("The signature has no /Contents."));
        if (!byteRange.isArray() || byteRange.getArrayNItems() != 4)
            return formatFailure(report, Tr::tr("The signature has no valid /ByteRange."));
        qint64 range[4];
        for (int i = 0; i < 4; ++i) {
            QPDFObjectHandle item = byteRange.getArrayItem(i);
            if (!item.isInteger() || item.getIntValue() < 0)
                return formatFailure(report, Tr::tr("The signature has no valid /ByteRange."));
            range[i] = item.getIntValue();
        }
        const qint64 gapStart = range[1];
        const qint64 gapEnd = range[2];
        const qint64 end = range[2] + range[3];
        if (range[0] != 0)
            return formatFailure(report,
                                 Tr::tr("The signed bytes do not start at the beginning of the file."));
        if (gapStart <= 0 || gapEnd <= gapStart + 1 || gapEnd - gapStart - 2 > s_maxContentsHex
            || range[3] < 0)
            return formatFailure(report, Tr::tr("The signature's /ByteRange is malformed."));
        if (end > m_fileSize)
            return formatFailure(report,
                                 Tr::tr("The file is shorter than the signed bytes: it was truncated."));

        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly) || !file.seek(gapStart))
            return formatFailure(report, Tr::tr("The PDF file cannot be read."));
        const QByteArray gap = file.read(gapEnd - gapStart);
        QByteArray cmsPadded;
        const bool hexOnly = gap.startsWith('<') && gap.endsWith('>')
            && decodeHex(QByteArrayView(gap).sliced(1, gap.size() - 2), cmsPadded);
        if (!hexOnly || QByteArrayView(cmsPadded) != QByteArrayView(contents.getStringValue()))
            return formatFailure(
                report, Tr::tr("The bytes left out of the signature are not the signature's /Contents."));
        if (!isRevisionEnd(file, end))
            return formatFailure(report,
                                 Tr::tr("The signed bytes do not end where a revision of the file ends."));
        if (dict.isIndirect()) {
            const auto entry = m_xref.find(dict.getObjGen());
            if (entry == m_xref.end() || entry->second.getType() != 1
                || entry->second.getOffset() >= gapStart)
                return formatFailure(report,
                                     Tr::tr("The signature dictionary is not covered by the signature."));
        }

        const qsizetype length = cmsLength(cmsPadded);
        if (length < 0)
            return formatFailure(report, Tr::tr("The signature's /Contents holds no CMS signature."));
        for (qsizetype i = length; i < cmsPadded.size(); ++i) {
            if (cmsPadded.at(i) != 0)
                return formatFailure(report,
                                     Tr::tr("The signature's /Contents holds data after the CMS signature."));
        }

        ByteRangeDevice signedBytes(m_path, {{0, gapStart}, {gapEnd, range[3]}});
        signedBytes.open(QIODevice::ReadOnly);
        report = m_cades.verify(cmsPadded.left(length), signedBytes);
        const bool timestamped = report.format.endsWith(QLatin1String("-T"));
        report.format = prefix + (timestamped ? QStringLiteral("T") : QStringLiteral("B"));
        if (!report.signingTimeFromTimestamp && report.signingTime.isNull())
            report.signingTime = claimedTime(dict);

        if (end < m_fileSize)
            checkLaterChanges(report, end);
        return report;
    }

private:
    static SignatureReport &formatFailure(SignatureReport &report, const QString &message)
    {
        report.fail(Indication::TotalFailed, SubIndication::FormatFailure, message);
        report.level = SignatureReport::SignatureLevel::NotApplicable;
        return report;
    }

    static QDateTime claimedTime(QPDFObjectHandle dict)
    {
        if (!dict.getKey("/M").isString())
            return {};
        QString text = QString::fromStdString(dict.getKey("/M").getUTF8Value());
        if (text.startsWith(QLatin1String("D:")))
            text = text.mid(2);
        QDateTime time = QDateTime::fromString(text.left(14), QStringLiteral("yyyyMMddHHmmss"));
        if (!time.isValid())
            return {};
        const QString zone = text.mid(14);
        int offsetSeconds = 0;
        if (zone.size() >= 3 && (zone.at(0) == QLatin1Char('+') || zone.at(0) == QLatin1Char('-'))) {
            offsetSeconds = zone.mid(1, 2).toInt() * 3600 + zone.mid(4, 2).toInt() * 60;
            if (zone.at(0) == QLatin1Char('-'))
                offsetSeconds = -offsetSeconds;
        }
        time.setTimeZone(QTimeZone(offsetSeconds));
        return time.toUTC();
    }

    void checkLaterChanges(SignatureReport &report, qint64 signedEnd)
    {
        QPDF signedRevision;
        signedRevision.setSuppressWarnings(true);
        signedRevision.setAttemptRecovery(false);
        signedRevision.processInputSource(
            std::make_shared<PdfRevisionSource>(QFile::encodeName(m_path).toStdString(), signedEnd));
        const auto findings = PdfChangeAnalyzer(signedRevision, m_pdf).analyze();
        for (const QString &error : findings.errors)
            formatFailure(report, error);
        report.warnings.append(findings.warnings);
        report.notes.append(findings.notes);
    }

    QString m_path;
    qint64 m_fileSize;
    QPDF &m_pdf;
    const CadesVerifier &m_cades;
    std::map<QPDFObjGen, QPDFXRefEntry> m_xref;
};

} // namespace

PadesVerifier::PadesVerifier(const CadesVerifier &cades)
    : m_cades(cades)
{ }

Result<QList<SignatureReport>> PadesVerifier::verifyFile(const QString &path) const
{
    const qint64 fileSize = QFileInfo(path).size();
    auto source = std::make_shared<PdfRevisionSource>(QFile::encodeName(path).toStdString(), -1);
    if (!source->isOpen())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The PDF file cannot be read."), path);
    try {
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.processInputSource(source);
        QList<SignatureField> fields;
        std::set<QPDFObjGen> seen;
        for (auto &field : pdf.getRoot().getKey("/AcroForm").getKey("/Fields").getArrayAsVector())
            collectSignatureFields(field, QString(), false, seen, fields);
        QList<SignatureReport> reports;
        std::set<QPDFObjGen> values;
        SignatureCheck check(path, fileSize, pdf, m_cades);
        for (const SignatureField &field : fields) {
            if (field.value.isIndirect() && !values.insert(field.value.getObjGen()).second)
                continue;
            SignatureReport report;
            try {
                report = check.run(field.value);
            } catch (const std::exception &e) {
                report.fail(Indication::TotalFailed, SubIndication::FormatFailure,
                            Tr::tr("The signed revision of the PDF file cannot be read."));
                report.level = SignatureReport::SignatureLevel::NotApplicable;
            }
            reports.append(report);
        }
        return reports;
    } catch (const std::exception &e) {
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file is not a readable PDF document."),
                         QString::fromLocal8Bit(e.what()));
    }
}

} // namespace dms
