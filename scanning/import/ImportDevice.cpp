// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/import/ImportDevice.h"

#include "core/Tr.h"
#include "scanning/import/ImportBackend.h"
#include "scanning/processing/Binarizer.h"

#include <cmath>

namespace dms {

namespace {

QImage inMode(const QImage &image, ColorMode mode)
{
    switch (mode) {
    case ColorMode::Lineart:
        return Binarizer::binarize(image);
    case ColorMode::Gray:
        return image.format() == QImage::Format_Grayscale8 ? image
                                                           : image.convertToFormat(QImage::Format_Grayscale8);
    case ColorMode::Color:
        return image.format() == QImage::Format_RGB888 ? image : image.convertToFormat(QImage::Format_RGB888);
    }
    return image;
}

} // namespace

ImportDevice::ImportDevice(QStringList files, const ImportLimits &limits)
    : m_files(std::move(files))
    , m_limits(limits)
{ }

ImportDevice::~ImportDevice() = default;

ScannerInfo ImportDevice::info() const
{
    ScannerInfo info;
    info.name = ImportBackend::DeviceName;
    info.vendor = Tr::tr("Files");
    info.model = Tr::tr("%n file(s)", nullptr, int(m_files.size()));
    info.type = QStringLiteral("file import");
    return info;
}

Status ImportDevice::setOption(const QString &name, const QVariant &)
{
    return makeError(ErrorCode::NotFound, Tr::tr("Importing files has no option \"%1\".").arg(name));
}

Status ImportDevice::configure(const ScanSettings &settings)
{
    if (settings.resolution < 10 || settings.resolution > 2400)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The resolution must be between 10 and 2400 dpi."),
                         QStringLiteral("resolution %1").arg(settings.resolution));
    if (!settings.deviceOptions.isEmpty())
        return setOption(settings.deviceOptions.first().first, settings.deviceOptions.first().second);
    m_settings = settings;
    m_fileIndex = 0;
    m_pageInFile = 0;
    m_reader.reset();
    return {};
}

Result<PageImage> ImportDevice::scanPage(int index, const ScanControl &control)
{
    if (control.cancelled())
        return makeError(ErrorCode::Cancelled, Tr::tr("Scanning was cancelled."));
    control.report(0);
    while (!m_reader || m_pageInFile >= m_reader->pageCount()) {
        if (m_reader) {
            ++m_fileIndex;
            m_pageInFile = 0;
            m_reader.reset();
        }
        if (m_fileIndex >= m_files.size())
            return makeError(ErrorCode::FeederEmpty, Tr::tr("There are no more pages to import."));
        auto opened = PageFileReader::open(m_files.at(m_fileIndex), m_settings.resolution, m_limits);
        if (!opened)
            return opened.error();
        m_reader = std::move(opened).value();
    }
    auto decoded = m_reader->readPage(m_pageInFile);
    if (!decoded)
        return decoded.error();
    ++m_pageInFile;
    if (control.cancelled())
        return makeError(ErrorCode::Cancelled, Tr::tr("Scanning was cancelled."));
    PageImage page;
    page.index = index;
    page.mode = m_settings.mode;
    page.resolution = decoded->resolution > 0 ? decoded->resolution : m_settings.resolution;
    page.image = inMode(decoded->image, m_settings.mode);
    const int dotsPerMeter = int(std::lround(page.resolution / 0.0254));
    page.image.setDotsPerMeterX(dotsPerMeter);
    page.image.setDotsPerMeterY(dotsPerMeter);
    control.report(100);
    return page;
}

void ImportDevice::endBatch()
{
    m_reader.reset();
}

} // namespace dms
