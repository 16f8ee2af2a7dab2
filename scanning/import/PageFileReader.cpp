// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/import/PageFileReader.h"

#include "core/Tr.h"
#include "scanning/import/ImagePageReader.h"
#include "scanning/import/PdfPageReader.h"
#include "scanning/import/TiffPageReader.h"

#include <QFile>
#include <QFileInfo>

namespace dms {

PageFileReader::~PageFileReader() = default;

Result<std::unique_ptr<PageFileReader>> PageFileReader::open(const QString &path, int renderDpi,
                                                             const ImportLimits &limits)
{
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(ErrorCode::NotFound, Tr::tr("The file \"%1\" does not exist.").arg(path));
    QFile file(path);
    if (info.isDir() || !file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Storage, Tr::tr("The file \"%1\" cannot be read.").arg(path),
                         file.errorString());
    const QByteArray head = file.read(8);
    if (head.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file \"%1\" is empty.").arg(path));

    // By content: a scan saved as "letter.pdf" that is really a JPEG still imports.
    if (head.startsWith("%PDF-"))
        return PdfPageReader::open(path, renderDpi, limits);
    if (head.startsWith(QByteArray("II*\0", 4)) || head.startsWith(QByteArray("MM\0*", 4)))
        return TiffPageReader::open(path, limits);
    if (head.startsWith("\x89PNG\r\n\x1a\n"))
        return ImagePageReader::open(path, "png", limits);
    if (head.startsWith("\xFF\xD8\xFF")) {
        // Qt decodes a truncated JPEG into a gray-bottomed page with only a warning:
        // a JPEG must end with its EOI marker (trailing padding tolerated).
        const qint64 tail = qMin<qint64>(file.size(), 4096);
        file.seek(file.size() - tail);
        if (!file.read(tail).contains("\xFF\xD9"))
            return makeError(ErrorCode::Corrupt,
                             Tr::tr("The image file \"%1\" is damaged or truncated.").arg(path),
                             QStringLiteral("JPEG without an end-of-image marker"));
        return ImagePageReader::open(path, "jpeg", limits);
    }
    if (head.startsWith(QByteArray("II+\0", 4)) || head.startsWith(QByteArray("MM\0+", 4)))
        return TiffPageReader::open(path, limits);
    return makeError(ErrorCode::InvalidInput,
                     Tr::tr("\"%1\" is not a PDF, JPEG, PNG or TIFF file.").arg(info.fileName()),
                     QStringLiteral("starts with %1").arg(QString::fromLatin1(head.toHex())));
}

} // namespace dms
