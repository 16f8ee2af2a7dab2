// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SignedPdfCheck.h"

#include "core/Tr.h"

#include <QList>

#include <cctype>
#include <cstring>

namespace dms {

namespace {

constexpr qsizetype kMinSignatureBytes = 64;

bool isPdfSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/** The integers of "[0 a b c]" starting at `from`; empty when malformed. */
QList<qint64> byteRangeAt(const QByteArray &bytes, qsizetype from)
{
    qsizetype i = from;
    while (i < bytes.size() && isPdfSpace(bytes.at(i)))
        ++i;
    if (i >= bytes.size() || bytes.at(i) != '[')
        return {};
    ++i;
    QList<qint64> numbers;
    while (i < bytes.size() && numbers.size() <= 4) {
        while (i < bytes.size() && isPdfSpace(bytes.at(i)))
            ++i;
        if (i < bytes.size() && bytes.at(i) == ']')
            return numbers;
        const qsizetype start = i;
        while (i < bytes.size() && bytes.at(i) >= '0' && bytes.at(i) <= '9')
            ++i;
        if (i == start || i - start > 18)
            return {};
        numbers << bytes.mid(start, i - start).toLongLong();
    }
    return {};
}

Error refused(const QString &why, const QString &detail = {})
{
    return makeError(ErrorCode::InvalidInput, why, detail);
}

} // namespace

Status SignedPdfCheck::isPdf(const QByteArray &bytes)
{
    if (!bytes.startsWith("%PDF-"))
        return refused(Tr::tr("The file is not a PDF."));
    return {};
}

Status SignedPdfCheck::signsDraft(const QByteArray &draft, const QByteArray &signedPdf)
{
    DMS_TRY(isPdf(draft));
    const Error notDraft = refused(Tr::tr("The signed file is not the routed draft with a signature added."));
    if (signedPdf.size() <= draft.size()
        || std::memcmp(signedPdf.constData(), draft.constData(), size_t(draft.size())) != 0)
        return notDraft;
    const qsizetype at = signedPdf.lastIndexOf("/ByteRange");
    if (at < draft.size())
        return refused(Tr::tr("The signed file has no signature after the draft."));
    const QList<qint64> range = byteRangeAt(signedPdf, at + qsizetype(std::strlen("/ByteRange")));
    const qint64 size = signedPdf.size();
    if (range.size() != 4 || range[0] != 0 || range[1] < draft.size() || range[2] <= range[1] + 1
        || range[3] < 0 || range[2] + range[3] != size)
        return refused(Tr::tr("The signature of the signed file does not cover the whole file."),
                       QStringLiteral("ByteRange at %1").arg(at));
    if (signedPdf.at(range[1]) != '<' || signedPdf.at(range[2] - 1) != '>')
        return refused(Tr::tr("The signature of the signed file does not cover the whole file."),
                       QStringLiteral("Contents not between the ranges"));
    QByteArray hex = signedPdf.mid(range[1] + 1, range[2] - range[1] - 2);
    hex.replace(' ', QByteArray()).replace('\n', QByteArray()).replace('\r', QByteArray());
    for (char c : std::as_const(hex)) {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return refused(Tr::tr("The signed file's signature is damaged."));
    }
    const QByteArray der = QByteArray::fromHex(hex);
    qsizetype used = der.size();
    while (used > 0 && der.at(used - 1) == '\0')
        --used;
    if (used < kMinSignatureBytes || der.at(0) != '\x30')
        return refused(Tr::tr("The signed file's signature is empty or damaged."));
    return {};
}

} // namespace dms
