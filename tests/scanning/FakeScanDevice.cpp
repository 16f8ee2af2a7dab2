// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeScanDevice.h"

namespace dms {

FakeScanDevice::FakeScanDevice(const FakeScript &script, std::shared_ptr<FakeRecord> record)
    : m_script(script)
    , m_record(std::move(record))
{
    m_record->noteCall();
    const QMutexLocker lock(&m_record->mutex);
    ++m_record->opened;
}

FakeScanDevice::~FakeScanDevice()
{
    m_record->noteCall();
    const QMutexLocker lock(&m_record->mutex);
    ++m_record->closed;
}

ScannerInfo FakeScanDevice::info() const
{
    return ScannerInfo {QStringLiteral("fake:0"), QStringLiteral("Fake"), QStringLiteral("Scanner"),
                        QStringLiteral("virtual device")};
}

QList<ScanOption> FakeScanDevice::options()
{
    m_record->noteCall();
    ScanOption resolution;
    resolution.name = QStringLiteral("resolution");
    resolution.unit = ScanOption::Unit::Dpi;
    resolution.constraint = ScanOption::Constraint::List;
    resolution.allowedValues = {150, 300, 600};
    resolution.value = m_settings.resolution;
    return {resolution};
}

Status FakeScanDevice::setOption(const QString &name, const QVariant &value)
{
    m_record->noteCall();
    const QMutexLocker lock(&m_record->mutex);
    m_record->options.append({name, value});
    return {};
}

QList<ScanSource> FakeScanDevice::sources()
{
    m_record->noteCall();
    return m_script.sources;
}

Status FakeScanDevice::configure(const ScanSettings &settings)
{
    m_record->noteCall();
    {
        const QMutexLocker lock(&m_record->mutex);
        m_record->configured.append(settings);
    }
    if (m_script.configureError)
        return *m_script.configureError;
    m_settings = settings;
    for (const auto &[name, value] : settings.deviceOptions)
        DMS_TRY(setOption(name, value));
    return {};
}

Result<PageImage> FakeScanDevice::scanPage(int index, const ScanControl &control)
{
    m_record->noteCall();
    const auto cancelled = [this] {
        const QMutexLocker lock(&m_record->mutex);
        ++m_record->cancelsSeen;
        return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
    };
    if (control.cancelled())
        return cancelled();
    if (m_fed >= m_script.pagesInFeeder)
        return makeError(ErrorCode::FeederEmpty, QStringLiteral("feeder empty"));
    ++m_fed;
    {
        const QMutexLocker lock(&m_record->mutex);
        ++m_record->pagesStarted;
    }
    QImage image(m_script.width, m_script.lines, QImage::Format_Grayscale8);
    image.fill(qRgb(255, 255, 255));
    for (int line = 0; line < m_script.lines; ++line) {
        if (control.cancelled())
            return cancelled();
        if (line == m_script.lines / 2) {
            if (index == m_script.failAtPage)
                return makeError(m_script.failure, QStringLiteral("scripted failure"));
            if (index == m_script.hangAtPage) {
                // Simulates a device stuck mid-page; only a cancel gets it out.
                while (!control.cancelled())
                    QThread::msleep(1);
                return cancelled();
            }
        }
        image.scanLine(line)[0] = uchar(index);
        if (m_script.lineDelay.count() > 0)
            QThread::usleep(std::uint64_t(m_script.lineDelay.count()));
        control.report((line + 1) * 100 / m_script.lines);
    }
    PageImage page;
    page.image = image;
    page.resolution = m_settings.resolution;
    page.mode = m_settings.mode;
    page.index = index;
    return page;
}

void FakeScanDevice::endBatch()
{
    m_record->noteCall();
    const QMutexLocker lock(&m_record->mutex);
    ++m_record->endBatches;
}

} // namespace dms
