// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/pdf/CcittG4Encoder.h"

#include <QCoreApplication>
#include <QImage>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <tiffio.h>

namespace dms {

namespace {

/** An in-memory file for TIFFClientOpen. */
struct MemoryFile
{
    QByteArray data;
    qint64 position = 0;
    QString lastError;
};

MemoryFile *fileOf(thandle_t handle)
{
    return static_cast<MemoryFile *>(handle);
}

tmsize_t readProc(thandle_t handle, void *buffer, tmsize_t size)
{
    MemoryFile *file = fileOf(handle);
    const qint64 available = qMax<qint64>(0, file->data.size() - file->position);
    const qint64 count = qMin<qint64>(size, available);
    if (count > 0)
        std::memcpy(buffer, file->data.constData() + file->position, size_t(count));
    file->position += count;
    return tmsize_t(count);
}

tmsize_t writeProc(thandle_t handle, void *buffer, tmsize_t size)
{
    MemoryFile *file = fileOf(handle);
    const qint64 end = file->position + size;
    if (end > file->data.size())
        file->data.resize(end);
    std::memcpy(file->data.data() + file->position, buffer, size_t(size));
    file->position = end;
    return size;
}

toff_t seekProc(thandle_t handle, toff_t offset, int whence)
{
    MemoryFile *file = fileOf(handle);
    qint64 base = 0;
    if (whence == SEEK_CUR)
        base = file->position;
    else if (whence == SEEK_END)
        base = file->data.size();
    const qint64 target = base + qint64(offset);
    if (target < 0)
        return toff_t(-1);
    file->position = target;
    return toff_t(target);
}

int closeProc(thandle_t)
{
    return 0;
}

toff_t sizeProc(thandle_t handle)
{
    return toff_t(fileOf(handle)->data.size());
}

int mapProc(thandle_t, void **, toff_t *)
{
    return 0;
}

void unmapProc(thandle_t, void *, toff_t) { }

int errorHandler(TIFF *, void *userData, const char *module, const char *format, va_list args)
{
    char message[512];
    std::vsnprintf(message, sizeof message, format, args);
    fileOf(userData)->lastError = QStringLiteral("%1: %2").arg(QString::fromUtf8(module ? module : "libtiff"),
                                                               QString::fromUtf8(message));
    return 1; // handled: libtiff does not print it
}

int warningHandler(TIFF *, void *, const char *, const char *, va_list)
{
    return 1;
}

TIFF *openMemory(MemoryFile &file, const char *mode)
{
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, errorHandler, &file);
    TIFFOpenOptionsSetWarningHandlerExtR(options, warningHandler, &file);
    TIFF *tiff = TIFFClientOpenExt("memory", mode, &file, readProc, writeProc, seekProc, closeProc, sizeProc,
                                   mapProc, unmapProc, options);
    TIFFOpenOptionsFree(options);
    return tiff;
}

Error libtiffError(const MemoryFile &file)
{
    return makeError(ErrorCode::Internal,
                     QCoreApplication::translate("dms", "The page could not be compressed as CCITT Group 4."),
                     file.lastError.isEmpty() ? QStringLiteral("libtiff failed") : file.lastError);
}

} // namespace

Result<QByteArray> CcittG4Encoder::encode(const QImage &image)
{
    if (image.isNull() || image.format() != QImage::Format_Mono)
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("dms", "Only black-and-white images can be compressed as G4."),
            QStringLiteral("CcittG4Encoder needs a Format_Mono image"));

    // G4 codes 1 bits as black; a colour table that puts black at index 0 needs
    // the bits flipped.
    const bool invert = image.colorCount() >= 2 && qGray(image.color(0)) < qGray(image.color(1));
    const int width = image.width();
    const int height = image.height();
    const qsizetype lineBytes = (width + 7) / 8;

    MemoryFile file;
    TIFF *out = openMemory(file, "w");
    if (!out)
        return libtiffError(file);
    bool ok = TIFFSetField(out, TIFFTAG_IMAGEWIDTH, uint32_t(width))
        && TIFFSetField(out, TIFFTAG_IMAGELENGTH, uint32_t(height))
        && TIFFSetField(out, TIFFTAG_BITSPERSAMPLE, 1) && TIFFSetField(out, TIFFTAG_SAMPLESPERPIXEL, 1)
        && TIFFSetField(out, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4)
        && TIFFSetField(out, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE)
        && TIFFSetField(out, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB)
        && TIFFSetField(out, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG)
        && TIFFSetField(out, TIFFTAG_ROWSPERSTRIP, uint32_t(height));
    QByteArray line(lineBytes, Qt::Uninitialized);
    for (int y = 0; ok && y < height; ++y) {
        std::memcpy(line.data(), image.constScanLine(y), size_t(lineBytes));
        if (invert) {
            for (char &byte : line)
                byte = char(~byte);
        }
        ok = TIFFWriteScanline(out, line.data(), uint32_t(y), 0) == 1;
    }
    ok = ok && TIFFWriteDirectory(out);
    TIFFClose(out);
    if (!ok)
        return libtiffError(file);

    file.position = 0;
    TIFF *in = openMemory(file, "r");
    if (!in)
        return libtiffError(file);
    uint64_t *byteCounts = nullptr;
    QByteArray strip;
    if (TIFFNumberOfStrips(in) == 1 && TIFFGetField(in, TIFFTAG_STRIPBYTECOUNTS, &byteCounts) && byteCounts) {
        strip.resize(qsizetype(byteCounts[0]));
        if (TIFFReadRawStrip(in, 0, strip.data(), tmsize_t(strip.size())) != tmsize_t(strip.size()))
            strip.clear();
    }
    TIFFClose(in);
    if (strip.isEmpty())
        return libtiffError(file);
    return strip;
}

} // namespace dms
