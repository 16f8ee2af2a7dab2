// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/pdf/JpegEncoder.h"

#include <QCoreApplication>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <jerror.h>
#include <jpeglib.h>
#include <memory>

namespace dms {
namespace {

/** libjpeg reports fatal errors by calling error_exit, which must not return. */
struct ErrorManager
{
    jpeg_error_mgr base {};
    std::jmp_buf jump {};
    char message[JMSG_LENGTH_MAX] {};
};

[[noreturn]] void jumpOut(j_common_ptr cinfo)
{
    auto *errors = reinterpret_cast<ErrorManager *>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, errors->message);
    std::longjmp(errors->jump, 1);
}

void ignoreMessage(j_common_ptr) { }

// Ss, Se, Ah, Al per scan; see the class comment.
constexpr jpeg_scan_info GrayScript[] = {
    {1, {0}, 0, 0, 0, 0},
    {1, {0}, 1, 5, 0, 0},
    {1, {0}, 6, 63, 0, 0},
};
constexpr jpeg_scan_info ColourScript[] = {
    {3, {0, 1, 2}, 0, 0, 0, 0}, {1, {0}, 1, 5, 0, 0},  {1, {0}, 6, 63, 0, 0},
    {1, {1}, 1, 63, 0, 0},      {1, {2}, 1, 63, 0, 0},
};

Error failure(const QString &detail)
{
    return makeError(ErrorCode::Internal,
                     QCoreApplication::translate("dms", "The page could not be compressed as JPEG."), detail);
}

} // namespace

Result<QByteArray> JpegEncoder::encode(const QImage &image, int quality, int dotsPerInch)
{
    const bool gray = image.format() == QImage::Format_Grayscale8;
    if (image.isNull() || (!gray && image.format() != QImage::Format_RGB888))
        return failure(QStringLiteral("unsupported image format %1").arg(int(image.format())));
    if (quality < 1 || quality > 100)
        return failure(QStringLiteral("quality %1").arg(quality));

    jpeg_compress_struct cinfo {};
    ErrorManager errors;
    cinfo.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = jumpOut;
    errors.base.output_message = ignoreMessage;
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    // Nothing with a destructor may live between setjmp and the last libjpeg call.
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&cinfo);
        std::free(buffer);
        return failure(QString::fromLocal8Bit(errors.message));
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = JDIMENSION(image.width());
    cinfo.image_height = JDIMENSION(image.height());
    cinfo.input_components = gray ? 1 : 3;
    cinfo.in_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    cinfo.optimize_coding = TRUE;
    cinfo.scan_info = gray ? GrayScript : ColourScript;
    cinfo.num_scans = gray ? int(std::size(GrayScript)) : int(std::size(ColourScript));
    cinfo.density_unit = 1; // dots per inch
    cinfo.X_density = UINT16(std::clamp(dotsPerInch, 1, 65535));
    cinfo.Y_density = cinfo.X_density;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<JSAMPROW>(image.constScanLine(int(cinfo.next_scanline)));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    QByteArray data(reinterpret_cast<const char *>(buffer), qsizetype(size));
    std::free(buffer);
    return data;
}

} // namespace dms
