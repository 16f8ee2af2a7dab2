// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/SplicedContent.h"

#include "core/Tr.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>

namespace dms {

namespace {

// A multiple of 3, so that the base64 of consecutive chunks concatenates to the
// base64 of the whole (padding only after the last one).
constexpr qint64 kChunk = 3 * 64 * 1024;

Error storage(const QString &detail)
{
    return makeError(ErrorCode::Storage, Tr::tr("A part of the message cannot be read."), detail);
}

} // namespace

SplicedContent::SplicedContent(QByteArray skeleton, QList<Part> parts, std::shared_ptr<QTemporaryDir> files)
    : m_skeleton(std::move(skeleton))
    , m_parts(std::move(parts))
    , m_files(std::move(files))
{ }

SplicedContent SplicedContent::withSkeleton(QByteArray skeleton) const
{
    SplicedContent copy(*this);
    copy.m_skeleton = std::move(skeleton);
    return copy;
}

QByteArray SplicedContent::newMarker()
{
    quint32 words[6];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toBase64();
}

Status SplicedContent::writePart(const Part &part, const Sink &sink)
{
    QFile file(part.path);
    if (!file.open(QIODevice::ReadOnly))
        return storage(QStringLiteral("%1: %2").arg(part.path, file.errorString()));
    QByteArray chunk(kChunk, Qt::Uninitialized);
    for (;;) {
        qint64 got = 0;
        while (got < kChunk) {
            const qint64 n = file.read(chunk.data() + got, kChunk - got);
            if (n < 0)
                return storage(QStringLiteral("%1: %2").arg(part.path, file.errorString()));
            if (n == 0)
                break;
            got += n;
        }
        if (got == 0)
            return {};
        const QByteArrayView piece(chunk.constData(), got);
        const bool accepted
            = part.encoding == Encoding::Raw ? sink(piece) : sink(piece.toByteArray().toBase64());
        if (!accepted)
            return makeError(ErrorCode::Cancelled, Tr::tr("Writing the message was stopped."), part.path);
        if (got < kChunk)
            return {};
    }
}

Status SplicedContent::splice(const QByteArray &text, const QList<Part> &parts, const Sink &sink)
{
    struct Place
    {
        qsizetype at;
        const Part *part;
    };
    QList<Place> places;
    for (const Part &part : parts) {
        const qsizetype at = part.marker.isEmpty() ? -1 : text.indexOf(part.marker);
        if (at < 0 || text.indexOf(part.marker, at + 1) >= 0)
            return makeError(ErrorCode::InvalidInput, Tr::tr("A part of the message cannot be placed."),
                             QStringLiteral("marker not present exactly once"));
        places.append({at, &part});
    }
    std::sort(places.begin(), places.end(), [](const Place &a, const Place &b) { return a.at < b.at; });
    qsizetype from = 0;
    for (const Place &place : std::as_const(places)) {
        if (place.at < from)
            return makeError(ErrorCode::InvalidInput, Tr::tr("A part of the message cannot be placed."),
                             QStringLiteral("overlapping markers"));
        if (!sink(QByteArrayView(text).sliced(from, place.at - from)))
            return makeError(ErrorCode::Cancelled, Tr::tr("Writing the message was stopped."), QString());
        DMS_TRY(writePart(*place.part, sink));
        from = place.at + place.part->marker.size();
    }
    if (!sink(QByteArrayView(text).sliced(from)))
        return makeError(ErrorCode::Cancelled, Tr::tr("Writing the message was stopped."), QString());
    return {};
}

Result<QByteArray> SplicedContent::hash(const QByteArray &text, const QList<Part> &parts,
                                        QCryptographicHash::Algorithm algorithm)
{
    QCryptographicHash hash(algorithm);
    DMS_TRY(splice(text, parts, [&hash](QByteArrayView bytes) {
        hash.addData(bytes);
        return true;
    }));
    return hash.result();
}

Status SplicedContent::writeTo(QIODevice &device) const
{
    Status status = write([&device](QByteArrayView bytes) {
        return device.write(bytes.constData(), bytes.size()) == bytes.size();
    });
    if (!status && status.error().code == ErrorCode::Cancelled)
        return makeError(ErrorCode::Storage, Tr::tr("The message cannot be written."), device.errorString());
    return status;
}

Result<qint64> SplicedContent::size() const
{
    qint64 total = m_skeleton.size();
    for (const Part &part : m_parts) {
        const QFileInfo info(part.path);
        if (!info.exists())
            return storage(part.path);
        total += (part.encoding == Encoding::Raw ? info.size() : (info.size() + 2) / 3 * 4)
            - part.marker.size();
    }
    return total;
}

Result<QByteArray> SplicedContent::toByteArray() const
{
    QByteArray all;
    QBuffer buffer(&all);
    buffer.open(QIODevice::WriteOnly);
    DMS_TRY(writeTo(buffer));
    return all;
}

} // namespace dms
